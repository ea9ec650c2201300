"""Plan pages keep a constant number of SQL queries as their data grows tenfold."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plan import services
from plan.models import Event, Plan, Section, Track, Trend, Version
from tests.plan.factories import make_initiative
from tests.text import page_text

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(start: int, stop: int) -> None:
    """More initiatives, KPIs, trends, sections and schedule events."""
    plan_id = Section.objects.first().plan_id
    track = Track.objects.first()
    for i in range(start, stop):
        make_initiative(f"施策{i}", kpis=2, years=5)
        Trend.objects.create(plan_id=plan_id, order=100 + i, area="国", text=f"動向{i}")
        Section.objects.create(
            plan_id=plan_id, order=1000 + i, heading=f"追加の節{i}", body="- 本文"
        )
        Event.objects.create(
            track=track, kind=Event.Kind.MEETING, label=f"会議{i}", start=datetime.date(2023, 11, 1)
        )


def publish_the_draft() -> None:
    """Publish what grow() added as a new version, so the public plan page shows it."""
    plan = Plan.objects.get(slug="dx-plan")
    number = plan.versions.count() + 1
    version = Version.objects.create(plan=plan, number=number, stage=plan.stage, title="追加")
    services.publish_version(version=version)


@pytest.mark.parametrize(
    "name,args",
    [
        ("plan:plan-detail", ["dx-plan"]),
        ("plan:progress", ["dx-plan"]),
        ("plan:schedule-detail", ["dx-plan", 2023]),
        ("plan:schedule-ics", ["dx-plan"]),
        ("plan:version-list", ["dx-plan"]),
    ],
)
def test_plan_pages_keep_a_constant_query_count(client, seed, name, args):
    url = reverse(name, args=args)
    grow(0, 2)
    publish_the_draft()
    small = queries(client, url)
    grow(2, 20)
    publish_the_draft()
    assert queries(client, url) == small


def test_the_published_plan_page_shows_what_grew(client, seed):
    grow(0, 20)
    publish_the_draft()
    assert "追加の節19" in page_text(client.get(reverse("plan:plan-detail", args=["dx-plan"])))


def test_the_draft_preview_keeps_a_constant_query_count(editor_client, seed):
    url = reverse("admin:plan_plan_preview", args=[Plan.objects.get(slug="dx-plan").pk])
    grow(0, 2)
    small = queries(editor_client, url)
    grow(2, 20)
    assert queries(editor_client, url) == small
    assert "追加の節19" in page_text(editor_client.get(url))
