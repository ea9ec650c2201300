"""Counts of consultations for the desk's statistics page: by month, status, response time and
due date, concierge, 支援内容, industry and place; and all of them as one CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString

from consultations.choices import MUNICIPALITY_CHOICES, Industry
from consultations.models import Consultation, SupportItem
from dxportal.lib.barchart import bar_chart
from dxportal.lib.fiscal import fiscal_months, fiscal_year_range
from dxportal.roles import staff_display_name


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


# Days from a request to its first response, in calendar days: (label, last day of the bucket).
RESPONSE_BUCKETS = [
    ("当日", 0),
    ("1日", 1),
    ("2日", 2),
    ("3日", 3),
    ("4〜7日", 7),
    ("8日以上", None),
]
NOT_YET = "未対応"


def days_to_first_response(year: int) -> Breakdown:
    """How soon requests got their first response (Japan dates), those without one last."""
    counts = dict.fromkeys([label for label, _last in RESPONSE_BUCKETS] + [NOT_YET], 0)
    pairs = in_fiscal_year(year).values_list("submitted_at", "first_responded_at")
    for submitted, responded in pairs:
        if responded is None:
            counts[NOT_YET] += 1
            continue
        days = (timezone.localdate(responded) - timezone.localdate(submitted)).days
        label = next(label for label, last in RESPONSE_BUCKETS if last is None or days <= last)
        counts[label] += 1
    return Breakdown("response", "初回対応までの日数", list(counts.items()))


def against_due_date(year: int) -> Breakdown:
    """Requests by their first response against its due date; open ones past it are overdue."""
    today = timezone.localdate()
    requests = in_fiscal_year(year)
    late = Q(first_responded_at__date__gt=F("first_response_due"))
    rows = requests.aggregate(
        on_time=Count("id", filter=Q(first_responded_at__isnull=False) & ~late),
        late=Count("id", filter=Q(first_responded_at__isnull=False) & late),
        overdue=Count(
            "id", filter=Q(first_responded_at__isnull=True, first_response_due__lt=today)
        ),
        waiting=Count(
            "id", filter=Q(first_responded_at__isnull=True, first_response_due__gte=today)
        ),
    )
    labels = {
        "on_time": "期限内に初回対応",
        "late": "期限後に初回対応",
        "overdue": "未対応（期限切れ）",
        "waiting": "未対応（期限前）",
    }
    return Breakdown("due", "初回対応の期限", [(labels[key], rows[key]) for key in labels])


def by_concierge(year: int) -> Breakdown:
    """Requests per assigned concierge (by name), unassigned ones last."""
    counts = (
        in_fiscal_year(year)
        .values("assignee__last_name", "assignee__first_name", "assignee__username")
        .annotate(count=Count("id"))
        .order_by("assignee__last_name", "assignee__first_name", "assignee__username")
    )
    rows, unassigned = [], 0
    for row in counts:
        if row["assignee__username"] is None:
            unassigned = row["count"]
            continue
        name = staff_display_name(
            row["assignee__last_name"], row["assignee__first_name"], row["assignee__username"]
        )
        rows.append((name, row["count"]))
    if unassigned:
        rows.append(("未割当", unassigned))
    return Breakdown("concierge", "担当コンシェルジュ別の相談件数", rows)


def breakdowns(year: int) -> list[Breakdown]:
    return [
        by_month(year),
        by_choice(year, "status", "状況別の相談件数", Consultation.Status.choices),
        days_to_first_response(year),
        against_due_date(year),
        by_concierge(year),
        by_support_item(year),
        by_choice(year, "industry", "業種別の相談件数", Industry.choices),
        by_choice(year, "municipality", "市町村別の相談件数", MUNICIPALITY_CHOICES),
    ]


def as_csv(year: int, tables: list[Breakdown]) -> str:
    """Every table in one CSV for Excel (UTF-8 with BOM): 表, 区分, 件数."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["年度", "表", "区分", "件数"])
    for table in tables:
        for label, count in table.rows:
            writer.writerow([f"{year}年度", table.title, label, count])
    return "\ufeff" + out.getvalue()
