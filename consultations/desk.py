"""The 青森県DX総合窓口 itself: who runs it, where it is, how to reach it, what it helps with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Desk(models.Model):
    """The consultation desk, its operator and the prefectural section that supervises it."""

    body = models.OneToOneField(
        "headquarters.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk",
        verbose_name=_("推進体制上の組織"),
    )
    name = models.CharField(_("名称"), max_length=100)
    slug = models.SlugField(_("URL名"), max_length=50, unique=True)
    lead = models.TextField(_("見出しの説明"), blank=True)
    purpose = models.TextField(
        _("目的"), help_text=_("1行に1項目。行頭の「- 」で箇条書きになります。")
    )
    opened_on = models.DateField(_("開設日"))
    supervisor = models.CharField(
        _("設置者"), max_length=100, help_text=_("例: 青森県 商工労働部 新産業創造課")
    )

    operator_name = models.CharField(_("運営事業者"), max_length=100)
    operator_address = models.CharField(_("運営事業者の住所"), max_length=200)
    operator_phone = models.CharField(_("運営事業者の電話番号"), max_length=20)
    operator_profile = models.TextField(_("法人概要"), blank=True)

    place_name = models.CharField(_("窓口の場所"), max_length=100)
    place_address = models.CharField(_("窓口の住所"), max_length=200)
    phone = models.CharField(_("窓口の電話番号"), max_length=20)
    email = models.EmailField(_("窓口のメールアドレス"))
    concierge = models.CharField(_("担当者"), max_length=100)
    website_url = models.URLField(_("案内ページ"), blank=True)
    website_note = models.CharField(_("案内ページの注記"), max_length=200, blank=True)

    section_name = models.CharField(_("県庁所管課"), max_length=200)
    section_contact = models.CharField(_("所管課の担当"), max_length=100)
    section_phone = models.CharField(_("所管課の電話番号"), max_length=20)
    section_email = models.EmailField(_("所管課のメールアドレス"))

    notify_email = models.EmailField(
        _("受付通知の送信先"),
        blank=True,
        help_text=_("新しい相談の通知を送るアドレス。空欄なら窓口のメールアドレスに送ります。"),
    )
    first_response_business_days = models.PositiveSmallIntegerField(
        _("初回連絡の目安（営業日）"),
        null=True,
        blank=True,
        help_text=_(
            "申込みの画面で「原則として○営業日以内にご連絡します」と案内する日数。"
            "窓口として約束できる日数を確認して入力してください。空欄の間は案内せず、"
            "担当者の対応期限は標準の日数で計算します。"
        ),
    )
    receipt_prefix = models.CharField(_("受付番号の接頭辞"), max_length=10, default="DX")
    source_note = models.TextField(
        _("原資料との相違"),
        blank=True,
        help_text=_("原資料の誤記を訂正した箇所など。窓口のページに注記として表示します。"),
    )

    class Meta:
        verbose_name = _("相談窓口")
        verbose_name_plural = _("相談窓口")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def notification_address(self) -> str:
        return self.notify_email or self.email

    @property
    def response_target_days(self) -> int:
        """Business days concierges have for a first response: the promise when staff set one."""
        if self.first_response_business_days is not None:
            return self.first_response_business_days
        return settings.CONSULTATION_FIRST_RESPONSE_DAYS


class SupportItemQuerySet(models.QuerySet):
    def active(self) -> SupportItemQuerySet:
        return self.filter(is_active=True)


class SupportItem(models.Model):
    """An entry of the desk's 支援内容 menu; consultations say which they want."""

    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="support_items", verbose_name=_("相談窓口")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    title = models.CharField(_("支援内容"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    is_active = models.BooleanField(_("受付中"), default=True)
    is_provisional = models.BooleanField(
        _("確認中"),
        default=False,
        help_text=_(
            "原資料の図が失われたため、資料の記述から作成した内容です。公開ページでは"
            "「内容は確認中です」と表示し、会議資料には載せません。内容を確認したらチェックを"
            "外してください。"
        ),
    )

    objects = SupportItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("支援内容")
        verbose_name_plural = _("支援内容")
        ordering = ["desk", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "title"],
                name="consultations_supportitem_unique_title",
                violation_error_message=_("この窓口には同じ名前の支援内容がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title
