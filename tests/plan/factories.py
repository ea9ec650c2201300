"""Small makers of plan data for tests: initiatives with KPIs, comment periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from headquarters.models import Department
from plan.models import CommentPeriod, Initiative, Kpi, KpiValue, Pillar, Version


def make_initiative(title: str, *, pillar: str = "産業・しごと", kpis: int = 1, years: int = 3):
    """An initiative with `kpis` KPIs, each with targets (and actuals for past years)."""
    initiative = Initiative.objects.create(
        pillar=Pillar.objects.get(name=pillar),
        title=title,
        department=Department.objects.get(name="商工労働部"),
        first_fiscal_year=2024,
        last_fiscal_year=2028,
    )
    for k in range(kpis):
        kpi = Kpi.objects.create(
            initiative=initiative,
            name=f"{title}の指標{k + 1}",
            unit="件",
            baseline_fiscal_year=2022,
            baseline_value=Decimal(100),
        )
        for y in range(years):
            KpiValue.objects.create(
                kpi=kpi,
                fiscal_year=2024 + y,
                target=Decimal(110 + 10 * y),
                actual=Decimal(105 + 10 * y) if y == 0 else None,
            )
    return initiative


def make_open_period(title: str = "素案への意見募集") -> CommentPeriod:
    now = timezone.now()
    return CommentPeriod.objects.create(
        version=Version.objects.get(number=1),
        title=title,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
    )
