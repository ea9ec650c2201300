"""The concierges' desk: assign, follow up, close, find, count, and who may see requests."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, FollowUp
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


def changelist(client, **params):
    return client.get(reverse("admin:consultations_consultation_changelist"), params)


def change_form_data(consultation: Consultation, **changes) -> dict:
    data = {
        "status": consultation.status,
        "assignee": consultation.assignee_id or "",
        "first_response_due": consultation.first_response_due.isoformat(),
        "follow_ups-TOTAL_FORMS": 0,
        "follow_ups-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_concierge_assigns_logs_a_call_and_closes(client, desk, concierge):
    consultation = make_consultation()
    client.force_login(concierge)
    assert consultation.receipt_number in changelist(client).content.decode()

    response = client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "assign_to_me", "_selected_action": [consultation.pk]},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.assignee == concierge
    assert consultation.status == Consultation.Status.IN_PROGRESS

    url = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    called_at = timezone.now().replace(microsecond=0)
    data = change_form_data(
        consultation,
        **{
            "follow_ups-TOTAL_FORMS": 1,
            "follow_ups-0-kind": "phone",
            "follow_ups-0-happened_at_0": timezone.localtime(called_at).date().isoformat(),
            "follow_ups-0-happened_at_1": timezone.localtime(called_at).strftime("%H:%M:%S"),
            "follow_ups-0-note": "電話で課題を聞き取り。来週訪問予定。",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    follow_up = FollowUp.objects.get()
    assert follow_up.recorded_by == concierge
    consultation.refresh_from_db()
    assert consultation.first_responded_at == called_at

    response = client.post(url, change_form_data(consultation, status="done"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DONE and consultation.closed_at


def test_a_note_is_not_a_first_response(client, desk, concierge):
    from consultations.services import record_follow_up

    consultation = make_consultation()
    record_follow_up(
        follow_up=FollowUp(consultation=consultation, kind="note", note="社内メモ"), user=concierge
    )
    consultation.refresh_from_db()
    assert consultation.first_responded_at is None


def test_first_response_is_due_three_business_days_later(desk):
    consultation = make_consultation()
    from dxportal.lib.business_days import add_business_days

    submitted = timezone.localdate(consultation.submitted_at)
    assert consultation.first_response_due == add_business_days(submitted, 3)


def test_overdue_and_unassigned_filters(client, desk, concierge):
    late = make_consultation(subject="遅れている相談")
    Consultation.objects.filter(pk=late.pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    mine = make_consultation(subject="担当済みの相談")
    mine.assign(to=concierge)
    client.force_login(concierge)
    overdue = changelist(client, first_response="overdue").content.decode()
    assert "遅れている相談" in overdue and "担当済みの相談" not in overdue
    unassigned = changelist(client, assigned="no").content.decode()
    assert "遅れている相談" in unassigned and "担当済みの相談" not in unassigned


def test_search_finds_japanese_words_inside_text(client, desk, concierge):
    apple = make_consultation(
        company_name="株式会社りんごテック", details="りんごの選果場で検品作業を自動化したい"
    )
    scallop = make_consultation(
        company_name="有限会社ホタテ物流", details="ホタテの出荷管理を見直したい"
    )
    client.force_login(concierge)
    found = changelist(client, q="検品")
    assert [c.pk for c in found.context["cl"].result_list] == [apple.pk]
    markup = found.content.decode()
    assert apple.receipt_number in markup and scallop.receipt_number not in markup
    assert "有限会社ホタテ物流" not in markup
    assert Consultation.objects.search("検品 自動化").count() == 1
    assert Consultation.objects.search("出荷").count() == 1
    assert Consultation.objects.search("ツガル").count() == 2


def test_staff_outside_the_desk_cannot_see_requests(client, desk, official):
    consultation = make_consultation()
    for user in [official]:
        client.force_login(user)
        assert changelist(client).status_code == 403
        url = reverse("admin:consultations_consultation_change", args=[consultation.pk])
        assert client.get(url).status_code == 403
        assert client.get(reverse("consultations:statistics")).status_code == 403
    client.logout()
    assert client.get(reverse("consultations:statistics")).status_code == 302


def test_statistics_count_by_month_support_industry_and_municipality(client, desk, concierge):
    make_consultation(municipality="弘前市", industry="E")
    make_consultation(municipality="八戸市", industry="E")
    make_consultation(municipality="県外", industry="G")
    client.force_login(concierge)
    response = client.get(reverse("consultations:statistics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="bar-chart"' in html
    assert '<th scope="row">製造業</th><td>2</td>' in html
    assert '<th scope="row">県外</th><td>1</td>' in html
    assert '<th scope="row">DXに関する総合相談</th><td>3</td>' in html
    month = timezone.localdate()
    assert f'<th scope="row">{month.year}年{month.month}月</th><td>3</td>' in html


def test_anonymising_old_requests_keeps_the_statistics(desk, settings):
    old = make_consultation()
    recent = make_consultation()
    Consultation.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now()
        - datetime.timedelta(days=settings.CONSULTATION_RETENTION_DAYS + 1)
    )
    FollowUp.objects.create(consultation=old, kind="phone", note="津軽様と電話")
    out = io.StringIO()
    call_command("anonymise_consultations", "--dry-run", stdout=out)
    assert "匿名化の対象: 1 件" in out.getvalue()
    old.refresh_from_db()
    assert old.email == "taro@example.jp"

    call_command("anonymise_consultations", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at and old.email == "" and old.phone == ""
    assert "津軽" not in old.contact_name and "津軽" not in FollowUp.objects.get().note
    assert old.municipality == "弘前市" and old.support_items.count() == 2
    assert recent.email == "taro@example.jp"


def test_changelist_query_count_does_not_grow_with_requests(client, desk, concierge):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(concierge)
    for _ in range(3):
        make_consultation()

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert changelist(client).status_code == 200
        return len(captured)

    small = count()
    for _ in range(27):
        make_consultation()
    assert count() == small
