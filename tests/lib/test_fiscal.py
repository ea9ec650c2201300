"""Tests for dxportal.lib.fiscal."""

from __future__ import annotations

from datetime import date

import pytest

from dxportal.lib.fiscal import (
    fiscal_months,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_range,
)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 3, 31), 2023),
        (date(2024, 4, 1), 2024),
        (date(2024, 1, 1), 2023),
        (date(2023, 12, 31), 2023),
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        # Leap-year end of February sits in the previous fiscal year.
        (date(2024, 2, 28), 2023),
        (date(2024, 2, 29), 2023),
        (date(2023, 2, 28), 2022),
    ],
)
def test_fiscal_year(d, expected):
    assert fiscal_year(d) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, (date(2023, 4, 1), date(2024, 3, 31))),
        (2024, (date(2024, 4, 1), date(2025, 3, 31))),
        (1989, (date(1989, 4, 1), date(1990, 3, 31))),
    ],
)
def test_fiscal_year_range(year, expected):
    assert fiscal_year_range(year) == expected


@pytest.mark.parametrize("year", [2019, 2023, 2024])
def test_fiscal_year_range_round_trips(year):
    first, last = fiscal_year_range(year)
    assert fiscal_year(first) == year
    assert fiscal_year(last) == year


def test_fiscal_year_range_contains_leap_day():
    first, last = fiscal_year_range(2023)
    assert first < date(2024, 2, 29) < last
    assert (last - first).days == 365  # 366 days inclusive


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, "2024年度(令和6年度)"),
        (2020, "2020年度(令和2年度)"),
        # April 1 2019 is still 平成, so FY2019 keeps the old era name.
        (2019, "2019年度(平成31年度)"),
        (1989, "1989年度(平成元年度)"),
        (1988, "1988年度(昭和63年度)"),
    ],
)
def test_fiscal_year_label(year, expected):
    assert fiscal_year_label(year) == expected


def test_fiscal_year_label_before_1873_raises():
    with pytest.raises(ValueError):
        fiscal_year_label(1872)


def test_fiscal_months():
    assert fiscal_months(2023) == [
        date(2023, 4, 1),
        date(2023, 5, 1),
        date(2023, 6, 1),
        date(2023, 7, 1),
        date(2023, 8, 1),
        date(2023, 9, 1),
        date(2023, 10, 1),
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]


@pytest.mark.parametrize("year", [1989, 2019, 2024])
def test_fiscal_months_length_order_and_bounds(year):
    months = fiscal_months(year)
    first, last = fiscal_year_range(year)
    assert len(months) == 12
    assert months == sorted(months)
    assert months[0] == first
    assert months[-1] == date(year + 1, 3, 1)
    assert all(first <= m <= last and m.day == 1 for m in months)
