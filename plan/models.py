"""The DX推進プラン: the plan, its stages and the published versions of its text.

The plan's content is kept as structured data (plan/content.py), its progress as initiatives and
KPIs (plan/progress.py), its schedule in plan/schedule.py and public comment in plan/comments.py.
The live content rows are the secretariat's draft. A version is a frozen copy of the plan at one
stage: publishing takes a snapshot of every line the plan page shows, so two versions can always be
compared, and the plan body as the page renders it, which is all the public plan page and the
meeting materials show. Editing the content changes nothing public until the next version.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plan.comments import Comment, CommentPeriod  # noqa: F401  (models of this app)
from plan.content import (  # noqa: F401
    ActionPolicy,
    OutlineItem,
    Philosophy,
    Pillar,
    PillarPoint,
    Section,
    Trend,
)
from plan.progress import Initiative, Kpi, KpiValue  # noqa: F401
from plan.schedule import Event, FiscalSchedule, Track  # noqa: F401


class Plan(models.Model):
    """The (仮称)青森県DX推進プラン: its title, period in fiscal years and current stage."""

    class Stage(models.TextChoices):
        DIRECTION = "direction", _("DX推進方向")
        FRAMEWORK = "framework", _("骨子案")
        DRAFT = "draft", _("素案")
        PUBLIC_COMMENT = "public_comment", _("パブコメ")
        FINAL_DRAFT = "final_draft", _("原案")
        ADOPTED = "adopted", _("策定")

    title = models.CharField(_("名称"), max_length=200)
    slug = models.SlugField(_("URL名"), max_length=50, unique=True)
    first_fiscal_year = models.PositiveSmallIntegerField(_("計画期間（初年度）"))
    last_fiscal_year = models.PositiveSmallIntegerField(_("計画期間（最終年度）"))
    stage = models.CharField(_("段階"), max_length=20, choices=Stage.choices)

    class Meta:
        verbose_name = _("プラン")
        verbose_name_plural = _("プラン")
        ordering = ["-first_fiscal_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="plan_plan_period_in_order",
                violation_error_message=_(
                    "計画期間の最終年度は開始年度と同じか後の年度にしてください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def fiscal_years(self) -> range:
        return range(self.first_fiscal_year, self.last_fiscal_year + 1)

    def stage_steps(self) -> list[tuple[str, str, str]]:
        return stage_steps(self.stage)


def stage_steps(stage: str) -> list[tuple[str, str, str]]:
    """Each stage as (value, label, state) with state done, current or upcoming."""
    values = [value for value, _label in Plan.Stage.choices]
    current = values.index(stage)
    return [
        (value, label, "done" if i < current else "current" if i == current else "upcoming")
        for i, (value, label) in enumerate(Plan.Stage.choices)
    ]


class VersionQuerySet(models.QuerySet):
    def published(self) -> VersionQuerySet:
        return self.filter(published_on__isnull=False)

    def published_by(self, day: datetime.date) -> VersionQuerySet:
        """Versions published on or before the day, the one current on that day first."""
        return self.filter(published_on__lte=day).order_by("-published_on", "-number")


class Version(models.Model):
    """A published version of the plan's text at one stage, with what changed and why."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("プラン")
    )
    number = models.PositiveSmallIntegerField(_("版"))
    stage = models.CharField(_("段階"), max_length=20, choices=Plan.Stage.choices)
    title = models.CharField(_("表題"), max_length=200)
    changelog = models.TextField(_("主な変更点"), blank=True)
    published_on = models.DateField(_("公開日"), null=True, blank=True)
    snapshot = models.JSONField(
        _("本文の写し"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("公開時点の本文（見出しと行）。版の比較に使います。"),
    )
    frozen_body = models.TextField(
        _("公開時の本文（表示用）"),
        blank=True,
        editable=False,
        help_text=_(
            "公開時点のプラン本文をページの形で写したもの。公開ページと会議資料に使います。"
        ),
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("プランの公表版")
        verbose_name_plural = _("プランの公表版")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="plan_version_unique_number",
                violation_error_message=_("このプランには同じ番号の版がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}版 {self.title}（{self.get_stage_display()}）"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    def stage_steps(self) -> list[tuple[str, str, str]]:
        return stage_steps(self.stage)
