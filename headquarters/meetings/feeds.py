"""Public meetings as an iCalendar feed."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.db.models import QuerySet

from headquarters.meetings.models import Meeting

PRODUCT_ID = "-//Aomori Prefecture DX Promotion Headquarters//dxportal meetings//JA"
TOKYO = ZoneInfo("Asia/Tokyo")


def meetings_calendar(meetings: QuerySet[Meeting], *, stamped_at: datetime.datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "青森県DX推進本部 会議")
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@dxportal")
        event.add("summary", meeting.title)
        event.add("location", meeting.place)
        event.add("dtstamp", stamped_at)
        if meeting.starts_at:
            start = datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=TOKYO)
            event.add("dtstart", start)
            if meeting.ends_at:
                event.add(
                    "dtend", datetime.datetime.combine(meeting.date, meeting.ends_at, tzinfo=TOKYO)
                )
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + datetime.timedelta(days=1))
        calendar.add_component(event)
    return calendar.to_ical()
