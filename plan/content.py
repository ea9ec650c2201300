"""The plan's content as data: sections of prose, the 構成案, 理念, 基本方針, 取組方針 and 動向.

Prose sections are written in a light line markup so that staff edit one text box per section:

    - a bullet            ⇒ a conclusion        ※ a note
    ▶ a summary           (1) a sub-heading     ① a numbered item
    anything else is a paragraph.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.Model):
    """A section of the plan page, in order: prose, or a part drawn from the data below."""

    class Kind(models.TextChoices):
        TEXT = "text", _("本文")
        OUTLINE = "outline", _("構成案")
        TRENDS = "trends", _("国や県、市町村の動向")
        PHILOSOPHY = "philosophy", _("理念")
        PILLARS = "pillars", _("基本方針")
        POLICIES = "policies", _("取組方針")
        STRUCTURE = "structure", _("推進体制図")
        SCHEDULE = "schedule", _("スケジュール")

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="sections", verbose_name=_("プラン")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    number = models.CharField(_("番号"), max_length=10, blank=True, help_text=_("例: 1、5"))
    heading = models.CharField(_("見出し"), max_length=200)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(
        _("本文"),
        blank=True,
        help_text=_(
            "行頭に「- 」で箇条書き、「⇒」で結論、「※」で注記、「▶」で要約、"
            "「(1)」で小見出し、「①」で番号付きの項目になります。"
        ),
    )
    closing = models.TextField(
        _("結び"), blank=True, help_text=_("データから作る部分の後に置く本文（書き方は本文と同じ）")
    )
    part = models.CharField(
        _("部"),
        max_length=100,
        blank=True,
        help_text=_("資料の中の区切り。例: DX推進方向の概要"),
    )

    class Meta:
        verbose_name = _("節")
        verbose_name_plural = _("節")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order"],
                name="plan_section_unique_order",
                violation_error_message=_(
                    "このプランには同じ順番の章がすでにあります。順番を変えてください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip()

    @property
    def anchor(self) -> str:
        return f"section-{self.order}"


class OutlineItem(models.Model):
    """An entry of the 構成案 (基本的な考え, はじめに, 1 … 7), with its note in brackets."""

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="outline", verbose_name=_("プラン")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    marker = models.CharField(_("記号・番号"), max_length=10, help_text=_("例: ○、1"))
    title = models.CharField(_("項目"), max_length=100)
    detail = models.CharField(_("内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("構成案の項目")
        verbose_name_plural = _("構成案の項目")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.marker} {self.title}"


class Trend(models.Model):
    """A point of 国や県、市町村の動向, labelled by its area: (国), (産業) …."""

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="trends", verbose_name=_("プラン")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    area = models.CharField(_("分野"), max_length=20, help_text=_("例: 国、産業"))
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("動向")
        verbose_name_plural = _("動向")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"({self.area}) {self.text[:20]}"


class Philosophy(models.Model):
    """The 理念: its statement, line by line, and its slogan."""

    plan = models.OneToOneField(
        "plan.Plan", on_delete=models.CASCADE, related_name="philosophy", verbose_name=_("プラン")
    )
    statement = models.TextField(_("理念"), help_text=_("1行ずつ改行して入力します。"))
    slogan = models.CharField(_("スローガン"), max_length=100)

    class Meta:
        verbose_name = _("理念")
        verbose_name_plural = _("理念")

    def __str__(self) -> str:
        return self.slogan

    @property
    def lines(self) -> list[str]:
        return [line for line in self.statement.splitlines() if line.strip()]


class Pillar(models.Model):
    """One of the three 基本方針: its name, points and ⇒ conclusion."""

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="pillars", verbose_name=_("プラン")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    name = models.CharField(_("分野"), max_length=50, help_text=_("例: 産業・しごと"))
    conclusion = models.CharField(_("結論（⇒）"), max_length=200)

    class Meta:
        verbose_name = _("基本方針")
        verbose_name_plural = _("基本方針")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="plan_pillar_unique_name",
                violation_error_message=_("このプランには同じ名前の柱がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"「{self.name}」を支えるDX"


class PillarPoint(models.Model):
    """A point under a 基本方針."""

    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="points", verbose_name=_("基本方針")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("基本方針の項目")
        verbose_name_plural = _("基本方針の項目")
        ordering = ["pillar", "order"]

    def __str__(self) -> str:
        return self.text[:30]


class ActionPolicy(models.Model):
    """A 取組方針 of one fiscal year, with its examples (e.g. the R5 事業)."""

    plan = models.ForeignKey(
        "plan.Plan",
        on_delete=models.CASCADE,
        related_name="action_policies",
        verbose_name=_("プラン"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("番号"))
    title = models.CharField(_("方針"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    examples = models.TextField(_("例"), blank=True, help_text=_("(例) に続く事業名など"))

    class Meta:
        verbose_name = _("取組方針")
        verbose_name_plural = _("取組方針")
        ordering = ["plan", "fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fiscal_year", "number"],
                name="plan_actionpolicy_unique_number",
                violation_error_message=_("この年度には同じ番号の取組方針がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"取組方針{self.number} {self.title}"
