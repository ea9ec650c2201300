"""The plan's schedule as iCalendar: all-day events, month-only ones spanning their month."""

from __future__ import annotations

import datetime

import icalendar
from django.db.models import QuerySet
from django.utils import timezone

from plan.models import FiscalSchedule, Plan

PRODUCT_ID = "-//Aomori Prefecture DX Promotion Headquarters//dxportal//JA"


def schedule_calendar(plan: Plan, schedules: QuerySet[FiscalSchedule]) -> bytes:
    """An RFC 5545 calendar of every event; the UID is stable so calendar apps update in place."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.title} スケジュール")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    stamped_at = timezone.now()
    for schedule in schedules:
        for track in schedule.tracks.all():
            for event in track.events.all():
                entry = icalendar.Event()
                entry.add("uid", f"plan-event-{event.pk}@dxportal")
                summary = f"{event.symbol} {track.name}: {event.label}"
                if event.precision == event.Precision.MONTH:
                    summary += "（日程未定）"
                entry.add("summary", summary)
                entry.add("dtstart", event.start)
                entry.add("dtend", event.last_day + datetime.timedelta(days=1))
                entry.add("categories", [track.name])
                entry.add("dtstamp", stamped_at)
                calendar.add_component(entry)
    return calendar.to_ical()
