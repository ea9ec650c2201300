"""Consultation requests to the desk, their follow-ups and their receipt numbers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.choices import MUNICIPALITY_CHOICES, CompanySize, ContactMethod, Industry
from consultations.desk import Desk, SupportItem
from dxportal.lib.japanese_search import search_variants


class ReceiptCounter(models.Model):
    """The last receipt number given in a fiscal year; locked while the next one is taken."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    last_sequence = models.PositiveIntegerField(_("最後の番号"), default=0)

    class Meta:
        verbose_name = _("受付番号の採番")
        verbose_name_plural = _("受付番号の採番")

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度: {self.last_sequence}"


class ConsultationQuerySet(models.QuerySet):
    def open(self) -> ConsultationQuerySet:
        return self.exclude(status__in=Consultation.CLOSED_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ConsultationQuerySet:
        """Open requests nobody has answered by their first-response due date."""
        today = today or timezone.localdate()
        return self.open().filter(first_responded_at__isnull=True, first_response_due__lt=today)

    def unassigned(self) -> ConsultationQuerySet:
        return self.open().filter(assignee__isnull=True)

    def search(self, words: str) -> ConsultationQuerySet:
        """Every word must appear somewhere, in any of its written forms (ＤＸ/DX, ｶﾅ/カナ/かな:
        dxportal/lib/japanese_search.py): substring matching, so it works on Japanese."""
        queryset = self
        for word in words.split():
            found = Q()
            for variant in search_variants(word):
                found |= (
                    Q(receipt_number__icontains=variant)
                    | Q(company_name__icontains=variant)
                    | Q(contact_name__icontains=variant)
                    | Q(contact_kana__icontains=variant)
                    | Q(subject__icontains=variant)
                    | Q(details__icontains=variant)
                )
            queryset = queryset.filter(found)
        return queryset


class Consultation(models.Model):
    """A business's request to the desk, from its receipt to its closing."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        IN_PROGRESS = "in_progress", _("対応中")
        REFERRED = "referred", _("専門家紹介")
        FOLLOWING_UP = "following_up", _("フォローアップ")
        DONE = "done", _("完了")
        WITHDRAWN = "withdrawn", _("取下げ")

    CLOSED_STATUSES = (Status.DONE, Status.WITHDRAWN)

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("相談窓口")
    )
    receipt_number = models.CharField(_("受付番号"), max_length=20, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("年度内の番号"))
    submission_token = models.UUIDField(_("送信識別子"), unique=True, editable=False)
    submitted_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    consented_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"))

    company_name = models.CharField(_("事業者名"), max_length=200)
    corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True)
    industry = models.CharField(_("業種"), max_length=2, choices=Industry.choices)
    municipality = models.CharField(_("所在市町村"), max_length=20, choices=MUNICIPALITY_CHOICES)
    size = models.CharField(_("従業員数"), max_length=10, choices=CompanySize.choices)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    contact_name = models.CharField(_("担当者名"), max_length=100)
    contact_kana = models.CharField(_("担当者名（フリガナ）"), max_length=100)
    email = models.EmailField(_("メールアドレス"))
    phone = models.CharField(_("電話番号"), max_length=20)
    preferred_contact = models.CharField(
        _("希望する連絡方法"), max_length=10, choices=ContactMethod.choices
    )
    support_items = models.ManyToManyField(
        SupportItem, related_name="consultations", verbose_name=_("希望する支援内容")
    )
    subject = models.CharField(_("相談の件名"), max_length=200)
    details = models.TextField(_("相談内容"))

    status = models.CharField(
        _("状況"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_consultations",
        verbose_name=_("担当コンシェルジュ"),
    )
    first_response_due = models.DateField(_("初回対応期限"))
    first_responded_at = models.DateTimeField(_("初回対応日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    requester_mailed_at = models.DateTimeField(_("受付確認メール送信日時"), null=True, blank=True)
    desk_notified_at = models.DateTimeField(_("窓口への通知日時"), null=True, blank=True)
    mail_failures = models.PositiveSmallIntegerField(_("メール送信の失敗回数"), default=0)
    mail_error = models.TextField(_("最後のメール送信エラー"), blank=True)
    anonymised_at = models.DateTimeField(_("匿名化日時"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "sequence"],
                name="consultations_consultation_one_sequence_per_year",
                violation_error_message=_(
                    "この年度の受付番号が重複しています。もう一度保存してください。"
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "first_response_due"], name="consultation_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.subject}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def mail_pending(self) -> bool:
        return self.requester_mailed_at is None or self.desk_notified_at is None

    def assign(self, *, to) -> None:
        """Give the request to a concierge; a new request moves to 対応中."""
        self.assignee = to
        if self.status == self.Status.RECEIVED:
            self.status = self.Status.IN_PROGRESS
        self.save(update_fields=["assignee", "status"])

    def close(self, *, status: str = Status.DONE) -> None:
        self.status = status
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at"])


class FollowUp(models.Model):
    """A call, visit, e-mail, referral or note on a consultation."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("電話")
        VISIT = "visit", _("訪問")
        EMAIL = "email", _("メール")
        REFERRAL = "referral", _("紹介")
        NOTE = "note", _("メモ")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("相談")
    )
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    happened_at = models.DateTimeField(_("日時"), default=timezone.now)
    note = models.TextField(_("内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_follow_ups",
        verbose_name=_("記録者"),
    )

    class Meta:
        verbose_name = _("対応記録")
        verbose_name_plural = _("対応記録")
        ordering = ["consultation", "happened_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_at:%Y-%m-%d}"

    @property
    def counts_as_response(self) -> bool:
        """A note is internal; anything else reached the requester."""
        return self.kind != self.Kind.NOTE


class AccessRecord(models.Model):
    """A member of staff opened or exported requests: personal data, so every read is recorded."""

    class Action(models.TextChoices):
        VIEW = "view", _("閲覧")
        EXPORT = "export", _("エクスポート")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_records",
        verbose_name=_("相談"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_access_records",
        verbose_name=_("職員"),
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("日時"), default=timezone.now)
    detail = models.CharField(_("内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("相談の閲覧記録")
        verbose_name_plural = _("相談の閲覧記録")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"
