"""The fiscal-year schedule: tracks (プラン策定委員会, DX推進本部, 幹事会 …) and their events."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxportal.lib.fiscal import fiscal_year_range


class FiscalSchedule(models.Model):
    """The schedule of one fiscal year (April to March), e.g. 2023年度スケジュール（予定）."""

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="schedules", verbose_name=_("プラン")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("表題"), max_length=100)
    note = models.TextField(_("注記"), blank=True)

    class Meta:
        verbose_name = _("年度スケジュール")
        verbose_name_plural = _("年度スケジュール")
        ordering = ["plan", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fiscal_year"],
                name="plan_fiscalschedule_one_per_year",
                violation_error_message=_("このプランのこの年度のスケジュールはすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def first_day(self) -> datetime.date:
        return fiscal_year_range(self.fiscal_year)[0]

    @property
    def last_day(self) -> datetime.date:
        return fiscal_year_range(self.fiscal_year)[1]


class Track(models.Model):
    """A row of the schedule: one body's or one process's events."""

    schedule = models.ForeignKey(
        FiscalSchedule, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("年度")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    name = models.CharField(_("名称"), max_length=100)
    body = models.ForeignKey(
        "headquarters.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_tracks",
        verbose_name=_("会議体"),
    )

    class Meta:
        verbose_name = _("年度スケジュールの行")
        verbose_name_plural = _("年度スケジュールの行")
        ordering = ["schedule", "order"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """A milestone (◆ ◎ ◇) or a period (↔) on a track, dated to the day or only to the month."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("◆ 会議")
        ESTABLISHMENT = "establishment", _("◎ 設立")
        STEP = "step", _("◇ 幹事会の検討")
        PERIOD = "period", _("↔ 期間")

    class Precision(models.TextChoices):
        DAY = "day", _("日まで決定")
        MONTH = "month", _("月のみ決定")

    SYMBOLS = {"meeting": "◆", "establishment": "◎", "step": "◇", "period": "↔"}

    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="events", verbose_name=_("行")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("内容"), max_length=200, help_text=_("例: 第2回 6/7 骨子案検討"))
    start = models.DateField(_("開始日"), help_text=_("月のみ決定のときはその月の1日"))
    end = models.DateField(_("終了日"), null=True, blank=True, help_text=_("期間（↔）のとき"))
    precision = models.CharField(
        _("日付の精度"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    meeting = models.ForeignKey(
        "headquarters.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_events",
        verbose_name=_("会議"),
        help_text=_("この予定が会議のとき、その会議のページへつなぎます。"),
    )

    class Meta:
        verbose_name = _("予定")
        verbose_name_plural = _("予定")
        ordering = ["track", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="plan_event_end_not_before_start",
                violation_error_message=_("終了日は開始日と同じか後の日付にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.label}"

    @property
    def symbol(self) -> str:
        return self.SYMBOLS[self.kind]

    @property
    def last_day(self) -> datetime.date:
        """The last day the event covers (a month-only event covers its month)."""
        if self.end:
            return self.end
        if self.precision == self.Precision.MONTH:
            next_month = (self.start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return next_month - datetime.timedelta(days=1)
        return self.start

    def covers_month(self, month: datetime.date) -> bool:
        """Whether the event falls in (or spans) the month starting on `month`."""
        month_end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return self.start < month_end and self.last_day >= month
