"""Template filters for Japanese dates: wareki, wareki_weekday and nendo."""

from __future__ import annotations

import datetime

from django import template

from dxportal.lib.fiscal import fiscal_year_label
from dxportal.lib.wareki import format_wareki

register = template.Library()


@register.filter
def wareki(value: datetime.date | None) -> str:
    """令和5年6月2日; empty for no date."""
    return format_wareki(value) if value else ""


@register.filter
def wareki_weekday(value: datetime.date | None) -> str:
    """令和5年6月2日(金); empty for no date."""
    return format_wareki(value, weekday=True) if value else ""


@register.filter
def nendo(value: int | None) -> str:
    """2024年度(令和6年度); empty for no year."""
    return fiscal_year_label(value) if value else ""
