"""The schedule as an iCalendar feed that calendar programs read."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def feed(client) -> icalendar.Calendar:
    response = client.get(reverse("plan:schedule-ics", args=["dx-plan"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_feed_parses_and_carries_every_event_with_its_dates(client, seed):
    events = {
        str(e.get("summary")): (e.decoded("dtstart"), e.decoded("dtend"))
        for e in feed(client).walk("VEVENT")
    }
    assert len(events) == 11
    assert events["◎ DX推進本部: 6/2 設立"] == (
        datetime.date(2023, 6, 2),
        datetime.date(2023, 6, 3),
    )
    assert events["◆ プラン策定委員会: 第1回 5/10"][0] == datetime.date(2023, 5, 10)
    # An event known only by its month spans the month, and says its day is not fixed.
    assert events["◆ DX推進本部: プラン了承（日程未定）"] == (
        datetime.date(2024, 3, 1),
        datetime.date(2024, 4, 1),
    )


def test_event_ids_are_stable_between_downloads(client, seed):
    first = sorted(str(e.get("uid")) for e in feed(client).walk("VEVENT"))
    second = sorted(str(e.get("uid")) for e in feed(client).walk("VEVENT"))
    assert first == second and len(set(first)) == 11
