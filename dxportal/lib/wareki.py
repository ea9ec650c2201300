"""Japanese era (和暦) formatting for dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# Ordered oldest first; era_of walks it backwards to find the latest era that has started.
ERAS: tuple[tuple[str, date], ...] = (
    ("明治", date(1868, 1, 25)),
    ("大正", date(1912, 7, 30)),
    ("昭和", date(1926, 12, 25)),
    ("平成", date(1989, 1, 8)),
    ("令和", date(2019, 5, 1)),
)

# Japan used the lunar calendar until 1872, so Gregorian dates before this have no
# meaningful 明治 day/month.
EARLIEST_DATE = date(1873, 1, 1)

WEEKDAYS = "月火水木金土日"

_TOKYO = ZoneInfo("Asia/Tokyo")


def _to_date(d: date | datetime) -> date:
    """Return the calendar date of d as seen in Japan."""
    # datetime is a subclass of date, so it must be checked first.
    if isinstance(d, datetime):
        if d.tzinfo is not None and d.utcoffset() is not None:
            d = d.astimezone(_TOKYO)
        return d.date()
    return d


def _year_text(era_year: int) -> str:
    """Return the era year as written in Japanese, with 元 for the first year."""
    return "元" if era_year == 1 else str(era_year)


def era_of(d: date | datetime) -> tuple[str, int]:
    """Return (era name, era year) for d, e.g. ("令和", 5)."""
    d = _to_date(d)
    if d < EARLIEST_DATE:
        raise ValueError(
            f"dates before {EARLIEST_DATE.isoformat()} are not supported: {d.isoformat()}"
        )
    for name, first_day in reversed(ERAS):
        if d >= first_day:
            return name, d.year - first_day.year + 1
    # Unreachable while EARLIEST_DATE is after the first era's start.
    raise ValueError(f"no era found for {d.isoformat()}")


def format_era_year(d: date | datetime) -> str:
    """Return the era and year of d, e.g. "令和5年" or "令和元年"."""
    name, era_year = era_of(d)
    return f"{name}{_year_text(era_year)}年"


def format_wareki(d: date | datetime, *, weekday: bool = False) -> str:
    """Return d as e.g. "令和5年6月2日", optionally followed by "(金)"."""
    d = _to_date(d)
    text = f"{format_era_year(d)}{d.month}月{d.day}日"
    if weekday:
        text += f"({WEEKDAYS[d.weekday()]})"
    return text
