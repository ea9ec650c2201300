"""Business days of Japanese offices: no weekends, national holidays, or 12/29 to 1/3."""

from __future__ import annotations

import datetime

import jpholiday


def is_year_end_closure(day: datetime.date) -> bool:
    """The prefecture's offices close from December 29 to January 3."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_year_end_closure(day)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The business day `days` business days after `start` (start itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day
