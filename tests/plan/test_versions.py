"""Versions of the plan's text: publishing freezes it, readers compare two versions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from plan import services
from plan.models import Pillar, Plan, Section, Version
from plan.text import compare, plan_text
from tests.text import page_text

pytestmark = pytest.mark.django_db


def publish_second_version() -> Version:
    """Edit the plan the way staff would for 骨子案, then publish it as version 2."""
    plan = Plan.objects.get(slug="dx-plan")
    section = Section.objects.get(plan=plan, heading="策定時期")
    section.body = "令和5年度末までに策定する。"
    section.save()
    pillar = Pillar.objects.get(plan=plan, name="行政経営")
    pillar.conclusion = "全ての分野のDXを支える行政の変革"
    pillar.save()
    version = Version.objects.create(
        plan=plan, number=2, stage=Plan.Stage.FRAMEWORK, title="骨子案", changelog="策定時期を明記"
    )
    return services.publish_version(version=version, on=datetime.date(2023, 7, 1))


def test_publishing_freezes_the_text_as_it_reads_now(seed):
    version = publish_second_version()
    headings = [section["heading"] for section in version.snapshot]
    assert headings[0] == "1 策定の趣旨"
    assert "令和5年度末までに策定する。" in version.snapshot[3]["lines"]
    Section.objects.filter(heading="策定時期").update(body="後で変えた文")
    version.refresh_from_db()
    assert "後で変えた文" not in str(version.snapshot)


def test_the_seed_version_is_the_text_of_the_meeting_packet(seed):
    version = Version.objects.get(number=1)
    assert version.published_on == datetime.date(2023, 6, 2)
    assert version.snapshot == plan_text(version.plan)


def test_compare_marks_removed_and_added_lines(seed):
    first = Version.objects.get(number=1)
    second = publish_second_version()
    changes = [line for line in compare(first.snapshot, second.snapshot) if line.change != "kept"]
    assert (
        "removed",
        "次期青森県基本計画及び行財政改革大綱の策定と整合を図りつつ、今年度中に策定する予定。",
    ) in [(c.change, c.text) for c in changes]
    assert ("added", "令和5年度末までに策定する。") in [(c.change, c.text) for c in changes]
    assert ("added", "⇒ 全ての分野のDXを支える行政の変革") in [(c.change, c.text) for c in changes]
    assert len(changes) == 4


def test_reader_compares_two_versions_on_the_site(client, seed):
    publish_second_version()
    listing = page_text(client.get(reverse("plan:version-list", args=["dx-plan"])))
    assert "第2版 骨子案" in listing and "二つの版を比較する" in listing
    url = reverse("plan:version-compare", args=["dx-plan"]) + "?from=1&to=2"
    text = page_text(client.get(url))
    assert "変更のあった行: 4行" in text
    assert "削除 次期青森県基本計画及び行財政改革大綱の策定と整合を図りつつ" in text
    assert "追加 令和5年度末までに策定する。" in text


def test_an_unpublished_version_is_not_public(client, seed):
    plan = Plan.objects.get(slug="dx-plan")
    Version.objects.create(plan=plan, number=2, stage=Plan.Stage.DRAFT, title="素案（作業中）")
    assert client.get(reverse("plan:version-detail", args=["dx-plan", 2])).status_code == 404
    url = reverse("plan:version-compare", args=["dx-plan"]) + "?from=1&to=2"
    assert client.get(url).status_code == 404
    assert "素案（作業中）" not in page_text(
        client.get(reverse("plan:version-list", args=["dx-plan"]))
    )


def test_compare_without_versions_is_a_404_not_an_error(client, seed):
    url = reverse("plan:version-compare", args=["dx-plan"])
    assert client.get(url).status_code == 404
    assert client.get(url + "?from=x&to=1").status_code == 404


def test_staff_publish_a_version_from_the_admin(client, seed):
    from tests.conftest import make_user

    client.force_login(make_user("planner", perms=["plan.*"]))
    plan = Plan.objects.get(slug="dx-plan")
    version = Version.objects.create(
        plan=plan, number=2, stage=Plan.Stage.FRAMEWORK, title="骨子案"
    )
    response = client.post(
        reverse("admin:plan_version_changelist"),
        {"action": "publish", "_selected_action": [version.pk]},
    )
    publish_url = reverse("admin:plan_version_publish", args=[version.pk])
    assert response.status_code == 302 and response["Location"] == publish_url
    assert 'value="この版を公開する"' in client.get(publish_url).content.decode()
    response = client.post(publish_url, {"published_on": "2023-07-01"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_published and version.snapshot == plan_text(plan)
    assert version.published_on == datetime.date(2023, 7, 1)
