"""The Japanese date filters every template can use without loading them."""

from __future__ import annotations

import datetime

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_wareki_filters_write_the_era_and_weekday():
    day = datetime.date(2023, 6, 2)
    assert render("{{ d|wareki }}", d=day) == "令和5年6月2日"
    assert render("{{ d|wareki_weekday }}", d=day) == "令和5年6月2日(金)"
    assert render("{{ d|wareki }}", d=datetime.date(2019, 5, 1)) == "令和元年5月1日"


def test_nendo_filter_writes_both_calendars():
    assert render("{{ y|nendo }}", y=2024) == "2024年度(令和6年度)"


def test_filters_leave_a_missing_value_empty():
    assert render("[{{ d|wareki }}][{{ d|wareki_weekday }}][{{ y|nendo }}]", d=None, y=None) == (
        "[][][]"
    )
