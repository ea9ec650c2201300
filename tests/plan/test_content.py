"""The plan pages carry every sentence of 資料2 of the seed, and the schedule every event."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import CSS, HTML

from plan.models import Event, FiscalSchedule, Version
from plan.selectors import month_grid, schedules_with_events
from tests.pdfs import pdftotext
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


def stretch_public_comment() -> None:
    """パブコメ over 9月〜11月: a period across three months, overlapping 第4回 in October."""
    period = Event.objects.get(label="パブコメ")
    period.end = datetime.date(2023, 11, 30)
    period.save()


def seed_grid():
    return month_grid(schedules_with_events(FiscalSchedule.objects.get().plan).get())


def test_a_period_is_one_cell_across_its_months_on_a_lane_of_its_own(seed):
    stretch_public_comment()
    grid = seed_grid()
    committee = grid.rows[0]
    assert committee.track.name == "プラン策定委員会"
    first, second = committee.lanes
    assert [cell.span for cell in first] == [1] * 12
    assert [str(event) for event in first[6].events] == ["◆ 第4回 原案検討"]
    assert [cell.span for cell in second] == [1, 1, 1, 1, 1, 3, 1, 1, 1, 1]
    bar = second[5]
    assert [str(event) for event in bar.events] == ["↔ パブコメ"]
    assert ([m.month for m in bar.months], bar.range_label) == ([9, 10, 11], "9月〜11月")
    # The other tracks need one lane, a cell a month; a one-month period says no range.
    assert [[cell.span for cell in lane] for row in grid.rows[1:] for lane in row.lanes] == [
        [1] * 12,
        [1] * 12,
    ]
    assert grid.rows[2].lanes[0][5].range_label == ""


def test_the_schedule_page_draws_the_period_as_one_cell_that_says_its_months(client, seed):
    stretch_public_comment()
    html = client.get(reverse("plan:schedule-detail", args=["dx-plan", 2023])).content.decode()
    table = re.search(r"<tbody>.*?</tbody>", html, re.S).group(0)
    assert '<th scope="row" rowspan="2">プラン策定委員会</th>' in table
    bar = re.search(r'<td colspan="3" class="schedule-span">(.*?)</td>', table, re.S).group(1)
    assert squeeze(visible_text(bar)) == squeeze("↔ 期間: パブコメ（9月〜11月）")
    # Every table row still covers the twelve months once.
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<td(?: colspan=\"(\d+)\")?", row)
        assert sum(int(span or 1) for span in cells) == 12


def grid_pdf_text(table: str) -> str:
    """The text layer of a grid alone, as the packet draws it (pdf.css, then schedule.css)."""
    sheets = [CSS(filename=finders.find(f"css/{name}.css")) for name in ("pdf", "schedule")]
    document = HTML(string=f'<html lang="ja"><body>{table}</body></html>', base_url="/")
    return squeeze(pdftotext(document.write_pdf(stylesheets=sheets), "-raw"))


SCREEN_READER_WORDS = ["会議:", "設立:", "幹事会の検討:", "期間:"]


def test_the_pdf_text_reads_each_cell_of_the_grid_once(seed):
    stretch_public_comment()
    grid_html = render_to_string("plan/schedule_grid.html", {"grid": seed_grid()})
    # The table alone: the legend and the list under it repeat the marks and events on purpose.
    text = grid_pdf_text(grid_html.split('<p class="schedule-legend">')[0])
    assert [word for word in SCREEN_READER_WORDS if word in text] == []
    assert text.count(squeeze("9月〜11月")) == 1
    assert text.count("◆") == 5 and text.count("↔") == 2
    for _, _, event in SCHEDULE_2023:
        assert text.count(squeeze(event)) == 1, event


def test_a_grid_frozen_in_a_published_version_reads_once_in_the_pdf_too(seed):
    body = Version.objects.get(plan__slug="dx-plan", number=1).frozen_body
    table = re.search(r'<div class="table-scroll".*?</table>', body, re.S).group(0) + "</div>"
    text = grid_pdf_text(table)
    assert [word for word in SCREEN_READER_WORDS if word in text] == []
    for _, _, event in SCHEDULE_2023:
        assert text.count(squeeze(event)) == 1, event
