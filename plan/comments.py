"""パブリックコメント: comment periods on a published version, and the comments received."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentPeriodQuerySet(models.QuerySet):
    def open_at(self, moment: datetime.datetime | None = None) -> CommentPeriodQuerySet:
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class CommentPeriod(models.Model):
    """A period in which anyone may comment on a published version of the plan."""

    version = models.ForeignKey(
        "plan.Version",
        on_delete=models.PROTECT,
        related_name="comment_periods",
        verbose_name=_("対象の版"),
    )
    title = models.CharField(_("案件名"), max_length=200)
    opens_at = models.DateTimeField(_("募集開始"))
    closes_at = models.DateTimeField(_("募集終了"))
    results_published_on = models.DateField(
        _("結果の公表日"),
        null=True,
        blank=True,
        help_text=_("入力すると「意見の概要と県の考え方」を公開します。"),
    )
    results_intro = models.TextField(_("結果の前書き"), blank=True)

    objects = CommentPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("意見募集")
        verbose_name_plural = _("意見募集")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="plan_commentperiod_closes_after_opening",
                violation_error_message=_("意見募集の終了日時は開始日時より後にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, moment: datetime.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def has_closed(self, moment: datetime.datetime | None = None) -> bool:
        return (moment or timezone.now()) >= self.closes_at

    @property
    def results_are_public(self) -> bool:
        return self.results_published_on is not None and self.has_closed()


class CommentQuerySet(models.QuerySet):
    def past_retention(self, cutoff: datetime.datetime) -> CommentQuerySet:
        """Comments of periods closed before `cutoff` that still hold a name or an e-mail."""
        return self.filter(period__closes_at__lt=cutoff).exclude(name="", email="")

    def forget_senders(self) -> int:
        """Remove the names and e-mails; the comments, summaries and answers stay as they are."""
        return self.update(name="", email="")


class Comment(models.Model):
    """A comment on one section; shown only after staff summarise, answer and publish it."""

    period = models.ForeignKey(
        CommentPeriod, on_delete=models.PROTECT, related_name="comments", verbose_name=_("意見募集")
    )
    section = models.ForeignKey(
        "plan.Section",
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("対象の節"),
    )
    body = models.TextField(_("ご意見"))
    name = models.CharField(_("お名前"), max_length=100, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    consented_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"))
    submitted_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    submission_token = models.UUIDField(
        _("送信識別子"), unique=True, help_text=_("同じ送信を二重に受け付けないための値")
    )
    summary = models.TextField(_("意見の概要"), blank=True)
    response = models.TextField(_("県の考え方"), blank=True)
    is_published = models.BooleanField(_("公開"), default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("意見")
        verbose_name_plural = _("意見")
        ordering = ["period", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | (~Q(summary="") & ~Q(response="")),
                name="plan_comment_published_only_with_summary_and_response",
                violation_error_message=_(
                    "公開するには、意見の概要と県の考え方を入力してください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}への意見（{self.submitted_at:%Y-%m-%d}）"
