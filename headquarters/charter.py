"""The charter (設置要綱) as structured law text: 条, 項, 号, 附則 and 別表, amendable with history.

An amendment never edits an article in place: it adds a new version of the article, introduced by
an Enactment (制定 or 改正) with its own 施行日, and closes the old version on that day. The charter
as in force on any date is then a filter, not a reconstruction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KANJI_DIGITS = "〇一二三四五六七八九"


class Schedule(models.TextChoices):
    """The 別表 of the charter a post may be listed in (Post.Schedule)."""

    NONE = "", _("（別表外）")
    TABLE_1 = "table1", _("別表第1")
    TABLE_2 = "table2", _("別表第2")


class Charter(models.Model):
    """A set of rules (要綱) governing a body."""

    title = models.CharField(_("題名"), max_length=200)
    body = models.ForeignKey(
        "headquarters.Body",
        on_delete=models.PROTECT,
        related_name="charters",
        verbose_name=_("会議体"),
    )

    class Meta:
        verbose_name = _("要綱")
        verbose_name_plural = _("要綱")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def articles_in_force(self, on: datetime.date | None = None) -> models.QuerySet[Article]:
        """The articles as they read on a day (today by default), in order."""
        return Article.objects.filter(charter=self).in_force(on)

    def enactments_in_force(self, on: datetime.date | None = None) -> models.QuerySet[Enactment]:
        """The enactments (and so their 附則) that had taken effect by a day."""
        on = on or timezone.localdate()
        return self.enactments.filter(effective_on__lte=on)


class Enactment(models.Model):
    """The making or an amendment of a charter, with its 施行日; it carries its own 附則."""

    class Kind(models.TextChoices):
        ENACTMENT = "enactment", _("制定")
        AMENDMENT = "amendment", _("一部改正")

    charter = models.ForeignKey(
        Charter, on_delete=models.CASCADE, related_name="enactments", verbose_name=_("要綱")
    )
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("施行日"))
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("制定・改正")
        verbose_name_plural = _("制定・改正")
        ordering = ["charter", "effective_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(kind="enactment"),
                name="headquarters_enactment_one_enactment_per_charter",
                violation_error_message=_(
                    "制定は1つの要綱につき1つだけです。改正として登録してください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.charter}（{self.get_kind_display()} {self.effective_on:%Y-%m-%d}施行）"


class SupplementaryProvision(models.Model):
    """A paragraph of 附則: when the rules take effect, what they repeal."""

    enactment = models.ForeignKey(
        Enactment,
        on_delete=models.CASCADE,
        related_name="provisions",
        verbose_name=_("制定・改正"),
    )
    number = models.PositiveSmallIntegerField(_("項"))
    text = models.TextField(_("本文"))
    repeals = models.CharField(
        _("廃止する規程"),
        max_length=200,
        blank=True,
        help_text=_("この項が廃止する規程の名称（ある場合）"),
    )

    class Meta:
        verbose_name = _("附則")
        verbose_name_plural = _("附則")
        ordering = ["enactment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enactment", "number"],
                name="headquarters_supplementaryprovision_unique_number",
                violation_error_message=_("この制定・改正には同じ番号の附則がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"附則 {self.number}"


class ArticleQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> ArticleQuerySet:
        """Article versions in force on a day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(repealed_on__isnull=True) | Q(repealed_on__gt=on),
            introduced_by__effective_on__lte=on,
        ).order_by("number")


class Article(models.Model):
    """One version of an article (条): its number, caption and paragraphs."""

    charter = models.ForeignKey(
        Charter, on_delete=models.CASCADE, related_name="articles", verbose_name=_("要綱")
    )
    number = models.PositiveSmallIntegerField(_("条"))
    caption = models.CharField(_("見出し"), max_length=50, help_text=_("括弧なしで。例: 目的"))
    introduced_by = models.ForeignKey(
        Enactment,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("制定・改正"),
    )
    repealed_on = models.DateField(
        _("失効日"),
        null=True,
        blank=True,
        help_text=_("改正でこの版が効力を失う日。現行の版は空欄"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("要綱の条")
        verbose_name_plural = _("要綱の条")
        ordering = ["charter", "number", "-introduced_by__effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number", "introduced_by"],
                name="headquarters_article_one_version_per_enactment",
                violation_error_message=_("この制定・改正で同じ条がすでに登録されています。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.caption}）"

    @property
    def label(self) -> str:
        """第3条."""
        return f"第{self.number}条"


class Paragraph(models.Model):
    """A paragraph (項) of an article; the first one is printed without its number."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("条")
    )
    number = models.PositiveSmallIntegerField(_("項"))
    text = models.TextField(_("本文"))

    class Meta:
        verbose_name = _("要綱の項")
        verbose_name_plural = _("要綱の項")
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="headquarters_paragraph_unique_number",
                violation_error_message=_("この条には同じ番号の項がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.label}第{self.number}項"


class Item(models.Model):
    """An item (号) listed under a paragraph, printed as (1), (2) …."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="items", verbose_name=_("項")
    )
    number = models.PositiveSmallIntegerField(_("号"))
    text = models.TextField(_("本文"))

    class Meta:
        verbose_name = _("号")
        verbose_name_plural = _("号")
        ordering = ["paragraph", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "number"],
                name="headquarters_item_unique_number",
                violation_error_message=_("この項には同じ番号の号がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"({self.number}) {self.text[:20]}"


class ScheduleListingQuerySet(models.QuerySet):
    def open(self) -> ScheduleListingQuerySet:
        """Listings no enactment has closed yet: the 別表 as last amended."""
        return self.filter(repealed_by__isnull=True)

    def in_force(self, on: datetime.date | None = None) -> ScheduleListingQuerySet:
        """Listings in force on a day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(repealed_by__isnull=True) | Q(repealed_by__effective_on__gt=on),
            enacted_by__effective_on__lte=on,
        )


class ScheduleListing(models.Model):
    """A post's place in a 別表 (table, order, printed title) from one enactment to the next.

    Like an article, a listing is not rewritten by a later amendment: that amendment closes it and
    opens a new one (headquarters/services.py), so the 別表 as in force on any date is a filter.
    """

    post = models.ForeignKey(
        "headquarters.Post",
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("職"),
    )
    schedule = models.CharField(
        _("別表"), max_length=10, choices=[(v, label) for v, label in Schedule.choices if v]
    )
    order = models.PositiveIntegerField(_("表示順"))
    title = models.CharField(_("別表に掲げる職名"), max_length=100)
    enacted_by = models.ForeignKey(
        Enactment,
        on_delete=models.PROTECT,
        related_name="listings_enacted",
        verbose_name=_("掲載した制定・改正"),
    )
    repealed_by = models.ForeignKey(
        Enactment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings_repealed",
        verbose_name=_("掲載を終えた改正"),
        help_text=_("この掲載が効力を失う改正。現行の掲載は空欄"),
    )

    objects = ScheduleListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("別表への掲載")
        verbose_name_plural = _("別表への掲載")
        ordering = ["schedule", "order", "post_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(repealed_by__isnull=True),
                name="headquarters_schedulelisting_one_open_listing_per_post",
                violation_error_message=_(
                    "この職は別表にすでに掲載されています（廃止されていない掲載は1つだけです）。"
                ),
            ),
            models.UniqueConstraint(
                fields=["post", "enacted_by"],
                name="headquarters_schedulelisting_one_per_post_and_enactment",
                violation_error_message=_("この職は同じ制定・改正ですでに別表に掲載されています。"),
            ),
            models.CheckConstraint(
                condition=~Q(schedule=""),
                name="headquarters_schedulelisting_in_a_schedule",
                violation_error_message=_("掲載する別表を選んでください。"),
            ),
            models.CheckConstraint(
                condition=Q(repealed_by__isnull=True) | ~Q(repealed_by=models.F("enacted_by")),
                name="headquarters_schedulelisting_repealed_by_another_enactment",
                violation_error_message=_(
                    "掲載した制定・改正と同じもので廃止することはできません。廃止した改正を選んでください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_schedule_display()}）"

    def clean(self) -> None:
        if not (self.enacted_by_id and self.repealed_by_id):
            return
        enacted, repealed = self.enacted_by, self.repealed_by
        if (
            repealed.charter_id != enacted.charter_id
            or repealed.effective_on <= enacted.effective_on
        ):
            raise ValidationError(
                {
                    "repealed_by": _(
                        "掲載を終える改正は、同じ要綱の、掲載より後に施行される改正です。"
                    )
                }
            )
