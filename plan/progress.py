"""Initiatives (施策・取組) under the 基本方針, and KPIs with targets and actuals per year."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Initiative(models.Model):
    """A 施策・取組 under a 基本方針, run by a department over some fiscal years."""

    pillar = models.ForeignKey(
        "plan.Pillar",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("基本方針"),
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    title = models.CharField(_("施策・取組"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    department = models.ForeignKey(
        "headquarters.Department",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("担当部局"),
    )
    first_fiscal_year = models.PositiveSmallIntegerField(_("開始年度"))
    last_fiscal_year = models.PositiveSmallIntegerField(_("終了年度"))

    class Meta:
        verbose_name = _("施策・取組")
        verbose_name_plural = _("施策・取組")
        ordering = ["pillar__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="plan_initiative_years_in_order",
                violation_error_message=_("最終年度は開始年度と同じか後の年度にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    """A key performance indicator of an initiative, with its baseline."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("増やす")
        DECREASE = "decrease", _("減らす")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("施策・取組")
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    name = models.CharField(_("指標"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20, help_text=_("例: 件、%、人"))
    direction = models.CharField(
        _("目指す方向"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_fiscal_year = models.PositiveSmallIntegerField(_("基準年度"))
    baseline_value = models.DecimalField(_("基準値"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI")
        ordering = ["initiative__pillar__order", "initiative__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name"],
                name="plan_kpi_unique_name",
                violation_error_message=_("この取組には同じ名前のKPIがすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class KpiValue(models.Model):
    """A KPI's target and actual for one fiscal year; the actual stays empty until known."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="values", verbose_name="KPI"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    target = models.DecimalField(
        _("目標値"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("実績値"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("KPIの年度値")
        verbose_name_plural = _("KPIの年度値")
        ordering = ["kpi", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "fiscal_year"],
                name="plan_kpivalue_one_row_per_year",
                violation_error_message=_("このKPIのこの年度の値はすでに登録されています。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.fiscal_year}年度"
