"""Reading query parameters: one way, so that no value in a URL can turn a page into a 500.

A query string is whatever anyone types. `str.isdigit()` accepts '²' (and int('²') raises),
int() accepts '10**30'-sized numbers that overflow dates and database columns, and PostgreSQL
refuses a NUL in a string literal. Each function below returns `default` when the parameter is
absent, empty or unusable; with `strict=True` an unusable value is a 404 instead, for a page that
cannot mean anything without it. Which one fits is decided, with a reason, in each view.

The admin's lists read their query strings through Django's ChangeList; `CleanQueryAdminMixin`
strips control characters there (see its docstring).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from django.http import Http404, HttpRequest, QueryDict

from dxportal.lib.wareki import EARLIEST_DATE as WAREKI_EARLIEST_DATE

# Dates and years the site can show: from the first day it can write in 和暦 to far enough ahead
# for any plan or schedule. Outside this range a date means a typo or a probe, never a page.
EARLIEST_DATE = WAREKI_EARLIEST_DATE
LATEST_DATE = datetime.date(2200, 12, 31)
EARLIEST_YEAR = EARLIEST_DATE.year
LATEST_YEAR = LATEST_DATE.year - 1  # a fiscal year ends in the next calendar year

# PostgreSQL's `integer` (Django's IntegerField and AutoField): the most a number can be.
INTEGER_FIELD_MAX = 2_147_483_647

MAX_TEXT_LENGTH = 200
_MAX_NUMBER_LENGTH = 20  # checked before int(), which is slow on very long strings

T = TypeVar("T")


class InvalidParameter(Http404):
    """A query parameter the page cannot do without is present but unusable."""


def without_control_characters(value: str) -> str:
    """The text with NUL and every other control character (Unicode category Cc) removed."""
    return "".join(c for c in value if unicodedata.category(c) != "Cc")


def clean_query(query: QueryDict) -> QueryDict:
    """A copy of a query string with control characters removed from every key and value."""
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(
            without_control_characters(key), [without_control_characters(v) for v in values]
        )
    cleaned._mutable = False
    return cleaned


def _raw(request: HttpRequest, name: str) -> str | None:
    """The value without control characters; None when absent or blank (then: the default)."""
    value = request.GET.get(name, "")
    if not value.strip():
        return None
    return without_control_characters(value).strip()


def _unusable(name: str, strict: bool, default: T) -> T:
    if strict:
        raise InvalidParameter(f"パラメータ「{name}」の値が正しくありません。")
    return default


def parse_int(value: str, *, minimum: int, maximum: int) -> int | None:
    """The number written in ASCII digits (and a leading minus), if within bounds; else None."""
    digits = value[1:] if value.startswith("-") else value
    if not (digits.isascii() and digits.isdigit()) or len(value) > _MAX_NUMBER_LENGTH:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_date(
    value: str, *, earliest: datetime.date = EARLIEST_DATE, latest: datetime.date = LATEST_DATE
) -> datetime.date | None:
    """The date written as YYYY-MM-DD, if it exists and is within bounds; else None."""
    if len(value) != 10 or not value.isascii():
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if earliest <= day <= latest else None


def int_param(
    request: HttpRequest,
    name: str,
    *,
    default: T,
    minimum: int,
    maximum: int,
    strict: bool = False,
) -> int | T:
    """An integer from the query string, bounded before it reaches a date or the database."""
    value = _raw(request, name)
    if value is None:
        return default
    number = parse_int(value, minimum=minimum, maximum=maximum)
    return _unusable(name, strict, default) if number is None else number


def date_param(
    request: HttpRequest,
    name: str,
    *,
    default: T,
    earliest: datetime.date = EARLIEST_DATE,
    latest: datetime.date = LATEST_DATE,
    strict: bool = False,
) -> datetime.date | T:
    """An ISO date (YYYY-MM-DD) from the query string, within a range the site can show."""
    value = _raw(request, name)
    if value is None:
        return default
    day = parse_date(value, earliest=earliest, latest=latest)
    return _unusable(name, strict, default) if day is None else day


def choice_param(
    request: HttpRequest,
    name: str,
    choices: Iterable[str],
    *,
    default: T,
    strict: bool = False,
) -> str | T:
    """One of the given values, compared exactly; anything else is unusable."""
    value = _raw(request, name)
    if value is None:
        return default
    return value if value in set(choices) else _unusable(name, strict, default)


def text_param(
    request: HttpRequest, name: str, *, default: str = "", max_length: int = MAX_TEXT_LENGTH
) -> str:
    """Free text from the query string, without control characters and cut to max_length."""
    return (_raw(request, name) or "")[:max_length] or default
