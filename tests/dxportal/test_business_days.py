"""Business days on the Japanese calendar: weekends, national holidays and 12/29–1/3 skipped."""

from __future__ import annotations

import datetime

import pytest

from dxportal.lib.business_days import add_business_days, is_business_day

D = datetime.date


@pytest.mark.parametrize(
    "day,expected",
    [
        (D(2023, 6, 2), True),  # a Friday
        (D(2023, 6, 3), False),  # Saturday
        (D(2023, 5, 3), False),  # 憲法記念日
        (D(2024, 5, 6), False),  # 振替休日
        (D(2023, 12, 28), True),  # the last working day of the year
        (D(2023, 12, 29), False),
        (D(2024, 1, 3), False),
        (D(2024, 1, 4), True),
        (D(2026, 9, 22), False),  # 国民の休日 between 敬老の日 and 秋分の日
    ],
)
def test_is_business_day(day, expected):
    assert is_business_day(day) is expected


def test_three_business_days_across_a_weekend():
    assert add_business_days(D(2023, 6, 2), 3) == D(2023, 6, 7)


def test_the_year_end_closure_and_new_year_holiday_are_skipped():
    assert add_business_days(D(2023, 12, 27), 3) == D(2024, 1, 5)


def test_golden_week_is_skipped():
    assert add_business_days(D(2024, 4, 26), 1) == D(2024, 4, 30)
    assert add_business_days(D(2024, 5, 2), 1) == D(2024, 5, 7)
