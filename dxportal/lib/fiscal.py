"""Japanese fiscal year (年度) helpers; a fiscal year runs April 1 to March 31."""

from __future__ import annotations

from datetime import date

from dxportal.lib.wareki import era_of

FIRST_MONTH = 4


def fiscal_year(d: date) -> int:
    """Return the fiscal year that d falls in, named after the year it starts."""
    return d.year if d.month >= FIRST_MONTH else d.year - 1


def fiscal_year_range(year: int) -> tuple[date, date]:
    """Return the first and last day of the fiscal year."""
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH - 1, 31)


def fiscal_year_label(year: int) -> str:
    """Return a label such as "2024年度(令和6年度)"."""
    # The era is taken from April 1, so a fiscal year keeps one era name even if
    # the era changes part way through it (FY2019 stays 平成31年度).
    name, era_year = era_of(date(year, FIRST_MONTH, 1))
    era_year_text = "元" if era_year == 1 else str(era_year)
    return f"{year}年度({name}{era_year_text}年度)"


def fiscal_months(year: int) -> list[date]:
    """Return the first day of each month of the fiscal year, April to March."""
    months = []
    for offset in range(12):
        month = (FIRST_MONTH - 1 + offset) % 12 + 1
        calendar_year = year if month >= FIRST_MONTH else year + 1
        months.append(date(calendar_year, month, 1))
    return months
