"""Tests for dxportal.lib.wareki."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from dxportal.lib.wareki import ERAS, era_of, format_era_year, format_wareki


def test_eras_table():
    assert ERAS == (
        ("明治", date(1868, 1, 25)),
        ("大正", date(1912, 7, 30)),
        ("昭和", date(1926, 12, 25)),
        ("平成", date(1989, 1, 8)),
        ("令和", date(2019, 5, 1)),
    )


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(1873, 1, 1), ("明治", 6)),
        (date(1912, 7, 29), ("明治", 45)),
        (date(1912, 7, 30), ("大正", 1)),
        (date(1926, 12, 24), ("大正", 15)),
        (date(1926, 12, 25), ("昭和", 1)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1989, 1, 8), ("平成", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(2019, 5, 1), ("令和", 1)),
        (date(2023, 6, 2), ("令和", 5)),
    ],
)
def test_era_of(d, expected):
    assert era_of(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(1873, 1, 1), "明治6年1月1日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2023, 6, 2), "令和5年6月2日"),
    ],
)
def test_format_wareki(d, expected):
    assert format_wareki(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 5, 29), "令和5年5月29日(月)"),
        (date(2023, 6, 2), "令和5年6月2日(金)"),
        (date(2023, 6, 3), "令和5年6月3日(土)"),
        (date(2023, 6, 4), "令和5年6月4日(日)"),
        (date(2019, 5, 1), "令和元年5月1日(水)"),
    ],
)
def test_format_wareki_weekday(d, expected):
    assert format_wareki(d, weekday=True) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 6, 2), "令和5年"),
        (date(2019, 5, 1), "令和元年"),
        (date(2019, 4, 30), "平成31年"),
        (date(1989, 1, 8), "平成元年"),
        (date(1989, 1, 7), "昭和64年"),
    ],
)
def test_format_era_year(d, expected):
    assert format_era_year(d) == expected


def test_aware_datetime_is_converted_to_tokyo():
    # 15:30 UTC is 00:30 the next day in Tokyo.
    moment = datetime(2023, 6, 1, 15, 30, tzinfo=UTC)
    assert format_wareki(moment) == "令和5年6月2日"
    assert format_wareki(moment, weekday=True) == "令和5年6月2日(金)"


def test_aware_datetime_across_era_boundary():
    # 2019-04-30T15:00Z is midnight of the first day of 令和 in Tokyo.
    moment = datetime(2019, 4, 30, 15, 0, tzinfo=UTC)
    assert era_of(moment) == ("令和", 1)
    assert format_era_year(moment) == "令和元年"


def test_aware_datetime_in_other_timezone():
    moment = datetime(2023, 6, 1, 11, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert format_wareki(moment) == "令和5年6月2日"


def test_aware_datetime_already_in_tokyo():
    moment = datetime(2023, 6, 2, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert format_wareki(moment) == "令和5年6月2日"


def test_naive_datetime_uses_its_date():
    assert format_wareki(datetime(2023, 6, 1, 23, 59)) == "令和5年6月1日"


@pytest.mark.parametrize(
    "d",
    [
        date(1872, 12, 31),
        date(1868, 1, 25),
        date(1800, 1, 1),
        datetime(1872, 12, 31, 12, 0),
    ],
)
def test_before_1873_raises(d):
    with pytest.raises(ValueError):
        era_of(d)
    with pytest.raises(ValueError):
        format_wareki(d)
    with pytest.raises(ValueError):
        format_era_year(d)


def test_aware_datetime_before_limit_in_tokyo_raises():
    # 10:00 UTC is still the evening of 1872-12-31 in Tokyo, before the limit.
    with pytest.raises(ValueError):
        format_wareki(datetime(1872, 12, 31, 10, 0, tzinfo=UTC))
