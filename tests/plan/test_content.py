"""The plan pages carry every sentence of 資料2 of the seed, and the schedule every event."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plan.models import Event, FiscalSchedule
from plan.selectors import month_grid, schedules_with_events
from tests.seed_content import SCHEDULE_2023, SHIRYO_2
from tests.text import squeeze

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&")


def test_every_sentence_of_shiryo_2_is_on_the_plan_page(client, seed):
    response = client.get(reverse("plan:plan-detail", args=["dx-plan"]))
    page = squeeze(visible_text(response.content.decode()))
    missing = [line for line in SHIRYO_2 if squeeze(line) not in page]
    assert missing == []


def test_the_plan_page_reads_in_the_packets_order(client, seed):
    response = client.get(reverse("plan:plan-detail", args=["dx-plan"]))
    page = squeeze(visible_text(response.content.decode()))
    anchors = [
        "1策定の趣旨",
        "5構成案",
        "6推進体制",
        "2023年度スケジュール",
        "趣旨",
        "DX推進の理念",
        "基本方針",
        "2023年度取組方針",
        "DX推進の取組を加速!",
    ]
    positions = []
    start = page.index("1策定の趣旨")
    for anchor in anchors:
        start = page.index(anchor, start)
        positions.append(start)
    assert positions == sorted(positions)


def test_every_seed_event_is_in_its_month_and_track(seed):
    schedule = schedules_with_events(FiscalSchedule.objects.get().plan).get()
    grid = month_grid(schedule)
    placed = [
        (row.track.name, month.month, f"{event.symbol} {event.label}")
        for row in grid.rows
        for month, events in zip(grid.months, row.cells, strict=True)
        for event in events
    ]
    assert sorted(placed) == sorted(SCHEDULE_2023)
    assert [m.month for m in grid.months] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert grid.months[-1].year == 2024


def test_schedule_page_is_a_real_table_with_headers(client, seed):
    html = client.get(reverse("plan:schedule-detail", args=["dx-plan", 2023])).content.decode()
    table = re.search(r"<table class=\"schedule-grid\">.*?</table>", html, re.S).group(0)
    assert "<caption>2023年度スケジュール（予定）</caption>" in table
    headers = re.findall(r"<th scope=\"col\">([^<]+)</th>", table)
    assert headers == ["区分", *[f"{m}月" for m in [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]]]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]+)</th>(.*?)</tr>", table, re.S)
    assert [name for name, _ in rows] == ["プラン策定委員会", "DX推進本部", "幹事会"]
    for track, month, text in SCHEDULE_2023:
        cells = re.findall(r"<td>(.*?)</td>", dict(rows)[track], re.S)
        column = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].index(month)
        label = text.split(" ", 1)[1]
        assert label in cells[column], (track, month, text)


def test_dated_events_keep_their_day_and_undated_ones_their_month(seed):
    first = Event.objects.get(label="第1回 5/10")
    assert (first.start.isoformat(), first.precision) == ("2023-05-10", Event.Precision.DAY)
    approval = Event.objects.get(label="プラン了承")
    assert (approval.start.isoformat(), approval.precision) == ("2024-03-01", "month")
    assert approval.last_day.isoformat() == "2024-03-31"


def test_a_milestone_links_to_its_meeting(client, seed):
    html = client.get(reverse("plan:schedule-detail", args=["dx-plan", 2023])).content.decode()
    link = reverse("headquarters:meeting-detail", args=[1])
    assert f'<a href="{link}">6/2 設立</a>' in html
