"""Retention: what identifies a business or a person goes after its period; the counts stay.

Consultations lose company, corporate number, subject, contact and details after
CONSULTATION_RETENTION_DAYS; public comments lose names and e-mails COMMENT_RETENTION_DAYS after
their period closed, while the comments and the published 意見の概要・県の考え方 stay.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, FollowUp
from consultations.services import ANONYMISED
from dxportal.lib.fiscal import fiscal_year
from plan.models import Comment, CommentPeriod
from tests.consultations.factories import make_consultation
from tests.plan.comment_client import make_comment, section

pytestmark = pytest.mark.django_db

PERSONAL = [
    "株式会社りんごテック", "7000012050002", "受発注のデジタル化", "津軽", "ツガル",
    "taro@example.jp", "0172-00-0000", "036-8001", "紙とFAX",
]  # fmt: skip


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def statistics_rows(client, year: int) -> list[tuple[str, str, str]]:
    """Every (table, label, count) row of the statistics page, totals included."""
    response = client.get(reverse("consultations:statistics"), {"year": year})
    assert response.status_code == 200
    rows = []
    for table in re.findall(r"<table>(.*?)</table>", response.content.decode(), re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table).group(1)
        for label, count in re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table):
            rows.append((caption, label, count))
    return rows


@pytest.fixture
def old_and_recent(desk) -> tuple[Consultation, Consultation]:
    """Three requests from four years ago (two closed, one with a follow-up), one from today."""
    long_ago = timezone.now() - datetime.timedelta(days=4 * 365)
    old = [
        make_consultation(municipality="弘前市", industry="E"),
        make_consultation(municipality="八戸市", industry="G", size="1-5"),
        make_consultation(municipality="県外", industry="E"),
    ]
    old[0].close()
    old[1].close(status=Consultation.Status.WITHDRAWN)
    FollowUp.objects.create(consultation=old[2], kind="phone", note="津軽様と電話")
    Consultation.objects.filter(pk__in=[c.pk for c in old]).update(submitted_at=long_ago)
    return old[2], make_consultation()


def test_anonymising_removes_company_subject_and_contact_and_keeps_what_is_counted(
    old_and_recent,
):
    old, recent = old_and_recent
    before = Consultation.objects.values(
        "pk", "submitted_at", "status", "industry", "municipality", "size", "fiscal_year",
        "receipt_number", "first_response_due", "closed_at",
    )  # fmt: skip
    before = {row["pk"]: row for row in before}
    items = {
        c.pk: set(c.support_items.values_list("pk", flat=True)) for c in Consultation.objects.all()
    }

    assert "匿名化の対象: 3 件" in run("anonymise_consultations", "--dry-run")
    assert Consultation.objects.filter(company_name="株式会社りんごテック").count() == 4

    assert "匿名化しました: 3 件" in run("anonymise_consultations")
    old.refresh_from_db()
    assert old.company_name == ANONYMISED and old.subject == ANONYMISED
    assert old.corporate_number == "" and old.anonymised_at is not None
    stored = " ".join(
        str(value) for value in Consultation.objects.filter(pk=old.pk).values().get().values()
    ) + " ".join(FollowUp.objects.values_list("note", flat=True))
    for personal in PERSONAL:
        assert personal not in stored, personal
    assert str(old) == f"{old.receipt_number} {ANONYMISED}"

    recent.refresh_from_db()
    assert recent.company_name == "株式会社りんごテック" and recent.anonymised_at is None
    for consultation in Consultation.objects.all():
        now = Consultation.objects.values(*before[consultation.pk]).get(pk=consultation.pk)
        assert now == before[consultation.pk]
        assert (
            set(consultation.support_items.values_list("pk", flat=True)) == items[consultation.pk]
        )
    assert "匿名化の対象: 0 件" in run("anonymise_consultations", "--dry-run")


def test_statistics_add_up_the_same_before_and_after_anonymising(client, concierge, old_and_recent):
    old, _recent = old_and_recent
    year = fiscal_year(timezone.localdate(Consultation.objects.get(pk=old.pk).submitted_at))
    client.force_login(concierge)
    before = statistics_rows(client, year)
    totals = [row for row in before if row[1] == "合計"]
    assert len(totals) == 8 and all(count != "0" for _t, _l, count in totals)
    assert ("市町村別の相談件数", "県外", "1") in before

    run("anonymise_consultations")
    assert Consultation.objects.filter(anonymised_at__isnull=False).count() == 3
    assert statistics_rows(client, year) == before


# --- public comments --------------------------------------------------------------------------


def period_closed(days_ago: int, title: str) -> CommentPeriod:
    from plan.models import Version

    closes_at = timezone.now() - datetime.timedelta(days=days_ago)
    return CommentPeriod.objects.create(
        version=Version.objects.get(plan__slug="dx-plan", number=1),
        title=title,
        opens_at=closes_at - datetime.timedelta(days=30),
        closes_at=closes_at,
        results_published_on=timezone.localdate(closes_at),
    )


def test_comment_names_and_emails_go_after_their_period_and_the_answers_stay(
    client, seed, settings
):
    settings.COMMENT_RETENTION_DAYS = 365
    old = period_closed(400, "古い意見募集")
    recent = period_closed(100, "最近の意見募集")
    published = make_comment(
        old,
        body="窓口を増やしてほしい。",
        name="青森 花子",
        email="hanako@example.jp",
        summary="窓口の増設",
        response="検討します。",
        is_published=True,
    )
    unanswered = make_comment(old, body="匿名の意見", email="anon@example.jp")
    nameless = make_comment(old, body="名前のない意見")
    kept = make_comment(recent, body="最近の意見", name="八戸 次郎", email="jiro@example.jp")

    assert "削除の対象: 2 件" in run("anonymise_comments", "--dry-run")
    assert Comment.objects.filter(name="青森 花子").exists()

    assert "削除しました: 2 件" in run("anonymise_comments")
    for comment in (published, unanswered, nameless):
        comment.refresh_from_db()
        assert comment.name == "" and comment.email == ""
    published.refresh_from_db()
    assert published.body == "窓口を増やしてほしい。"
    assert published.summary == "窓口の増設" and published.is_published
    kept.refresh_from_db()
    assert (kept.name, kept.email) == ("八戸 次郎", "jiro@example.jp")

    page = client.get(reverse("plan:comment-results", args=["dx-plan", old.pk]))
    assert page.status_code == 200
    assert "窓口の増設" in page.content.decode() and "検討します。" in page.content.decode()
    assert section().heading in page.content.decode()
    assert "削除の対象: 0 件" in run("anonymise_comments", "--dry-run")
