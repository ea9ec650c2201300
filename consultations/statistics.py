"""Counts of consultations for the desk's statistics page: by month, 支援内容, industry, place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.safestring import SafeString

from consultations.choices import MUNICIPALITY_CHOICES, Industry
from consultations.models import Consultation, SupportItem
from dxportal.lib.barchart import bar_chart
from dxportal.lib.fiscal import fiscal_months, fiscal_year_range


@dataclass
class Breakdown:
    """One way of counting: its title and (label, count) rows, drawable as a bar chart."""

    key: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)

    def chart(self) -> SafeString:
        return bar_chart(self.rows, title=self.title, element_id=f"chart-{self.key}")


def submitted_in(year: int, prefix: str = "") -> Q:
    """Requests submitted in a fiscal year (April to March)."""
    first, last = fiscal_year_range(year)
    return Q(
        **{f"{prefix}submitted_at__date__gte": first, f"{prefix}submitted_at__date__lte": last}
    )


def in_fiscal_year(year: int) -> QuerySet[Consultation]:
    return Consultation.objects.filter(submitted_in(year))


def by_month(year: int) -> Breakdown:
    monthly = (
        in_fiscal_year(year)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(count=Count("id"))
    )
    counts = {row["month"].date(): row["count"] for row in monthly}
    rows = [(f"{m.year}年{m.month}月", counts.get(m, 0)) for m in fiscal_months(year)]
    return Breakdown("month", f"{year}年度 月別の相談件数", rows)


def by_support_item(year: int) -> Breakdown:
    items = SupportItem.objects.annotate(
        count=Count("consultations", filter=submitted_in(year, "consultations__"))
    ).order_by("desk", "order")
    rows = [(item.title, item.count) for item in items]
    return Breakdown("support", "支援内容別の相談件数（複数選択あり）", rows)


def by_choice(year: int, field: str, title: str, choices) -> Breakdown:
    """Counts per choice of a field, leaving out choices nobody picked."""
    counts = dict(in_fiscal_year(year).values_list(field).annotate(count=Count("id")))
    rows = [(str(label), counts[value]) for value, label in choices if counts.get(value)]
    return Breakdown(field, title, rows)


def breakdowns(year: int) -> list[Breakdown]:
    return [
        by_month(year),
        by_support_item(year),
        by_choice(year, "industry", "業種別の相談件数", Industry.choices),
        by_choice(year, "municipality", "市町村別の相談件数", MUNICIPALITY_CHOICES),
    ]
