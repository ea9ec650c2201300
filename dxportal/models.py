"""What the portal keeps about itself: who answers for each part of the site, when each part last
changed, the notices staff publish and the results of the accessibility tests."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteArea(models.TextChoices):
    """The parts of the site, by the first segment of their URL; each has a section answering
    for it and a date of its last change."""

    SITE = "site", _("サイト全般")
    HEADQUARTERS = "headquarters", _("推進本部")
    PLAN = "plan", _("DX推進プラン")
    DESK = "desk", _("DX総合窓口")


# The apps whose data and pages make up each area (URL namespaces are named like the apps).
APP_AREAS = {
    "headquarters": SiteArea.HEADQUARTERS,
    "plan": SiteArea.PLAN,
    "consultations": SiteArea.DESK,
}


def area_of_app(app_label: str | None) -> SiteArea:
    return APP_AREAS.get(app_label or "", SiteArea.SITE)


class PageContact(models.Model):
    """The section that answers for the pages of one area: 「このページに関するお問い合わせ」."""

    area = models.CharField(_("対象のページ"), max_length=20, choices=SiteArea.choices, unique=True)
    department = models.ForeignKey(
        "headquarters.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="page_contacts",
        verbose_name=_("担当課"),
        help_text=_("例: DX推進課（上位組織の企画政策部とあわせて表示します）"),
    )
    role = models.CharField(
        _("役割"), max_length=100, blank=True, help_text=_("例: 青森県DX推進本部 事務局")
    )
    phone = models.CharField(
        _("電話番号"),
        max_length=20,
        blank=True,
        help_text=_("確認済みの番号だけを入力します。空欄なら表示しません。"),
    )
    email = models.EmailField(
        _("メールアドレス"),
        blank=True,
        help_text=_("確認済みのアドレスだけを入力します。空欄なら表示しません。"),
    )
    desk = models.ForeignKey(
        "consultations.Desk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="page_contacts",
        verbose_name=_("相談窓口"),
        help_text=_("窓口のページでは、相談窓口に登録された県庁所管課と窓口の連絡先を表示します。"),
    )

    class Meta:
        verbose_name = _("ページの問い合わせ先")
        verbose_name_plural = _("ページの問い合わせ先")
        ordering = ["area"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(desk__isnull=False),
                name="dxportal_pagecontact_department_or_desk",
                violation_error_message=_("担当課か相談窓口のどちらかを選んでください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.section_name}"

    @property
    def signature(self) -> str:
        """青森県DX推進本部 事務局（青森県 企画政策部 DX推進課）, or the section alone."""
        return f"{self.role}（{self.section_name}）" if self.role else self.section_name

    @property
    def section_name(self) -> str:
        """青森県 企画政策部 DX推進課: the department under the units above it."""
        if self.department is None:
            return self.desk.section_name if self.desk else ""
        names = []
        unit = self.department
        while unit is not None:
            names.insert(0, unit.name)
            unit = unit.parent
        return " ".join(["青森県", *names])


class AreaUpdateQuerySet(models.QuerySet):
    def record(self, areas: list[str], when: datetime.datetime | None = None) -> None:
        """The areas' public data changed (now, unless told when)."""
        when = when or timezone.now()
        if self.filter(area__in=areas).update(changed_at=when) < len(areas):
            rows = [AreaUpdate(area=area, changed_at=when) for area in areas]
            self.bulk_create(rows, ignore_conflicts=True)


class AreaUpdate(models.Model):
    """When the public data of an area last changed: its pages' 「更新日」."""

    area = models.CharField(_("対象のページ"), max_length=20, choices=SiteArea.choices, unique=True)
    changed_at = models.DateTimeField(_("最終更新日時"))

    objects = AreaUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("更新日")
        verbose_name_plural = _("更新日")
        ordering = ["area"]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}"


class NoticeQuerySet(models.QuerySet):
    def published(self, on: datetime.date | None = None) -> NoticeQuerySet:
        """Notices marked public whose date has come."""
        return self.filter(is_published=True, published_on__lte=on or timezone.localdate())


class Notice(models.Model):
    """A notice staff publish under 新着情報 (お知らせ), with a page of its own."""

    title = models.CharField(_("件名"), max_length=200)
    body = models.TextField(
        _("本文"),
        blank=True,
        help_text=_("1行に1段落。行頭の「- 」で箇条書き、「※」で注記になります。"),
    )
    area = models.CharField(
        _("関係する分野"),
        max_length=20,
        choices=SiteArea.choices,
        default=SiteArea.SITE,
        help_text=_(
            "お知らせのページの「このページに関するお問い合わせ」に、この分野の担当を表示します。"
        ),
    )
    published_on = models.DateField(_("掲載日"), default=timezone.localdate)
    is_published = models.BooleanField(
        _("公開"), default=False, help_text=_("公開にすると、掲載日から新着情報に表示します。")
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="dxportal_notice_title_not_blank",
                violation_error_message=_("お知らせの件名を入力してください。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AccessibilityTestRun(models.Model):
    """One run of the automated accessibility tests over the public pages (試験結果)."""

    tested_at = models.DateTimeField(_("試験日時"))
    target = models.CharField(
        _("目標とする適合レベル"), max_length=100, default="JIS X 8341-3:2016 適合レベルAA"
    )
    browser = models.CharField(_("ブラウザ"), max_length=100, blank=True)
    is_published = models.BooleanField(
        _("公開"),
        default=True,
        help_text=_("ウェブアクセシビリティ方針のページには、公開した最新の試験を表示します。"),
    )

    class Meta:
        verbose_name = _("アクセシビリティ試験")
        verbose_name_plural = _("アクセシビリティ試験")
        ordering = ["-tested_at", "-id"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.tested_at):%Y-%m-%d %H:%M} の試験"


class AccessibilityResult(models.Model):
    """What one checker found on one page (or, later, one PDF) in a test run."""

    class Kind(models.TextChoices):
        WEB = "web", _("ウェブページ")
        PDF = "pdf", _("PDF")

    run = models.ForeignKey(
        AccessibilityTestRun,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("試験"),
    )
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, default=Kind.WEB)
    path = models.CharField(_("URL"), max_length=500)
    title = models.CharField(_("ページ名"), max_length=300)
    tool = models.CharField(_("検査ツール"), max_length=100)
    tool_version = models.CharField(_("検査ツールの版"), max_length=50)
    problems = models.PositiveIntegerField(_("検出された問題の数"))
    details = models.TextField(_("検出された問題"), blank=True)

    class Meta:
        verbose_name = _("アクセシビリティ試験の結果")
        verbose_name_plural = _("アクセシビリティ試験の結果")
        ordering = ["run", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "kind", "path", "tool"],
                name="dxportal_accessibilityresult_one_per_page_and_tool",
                violation_error_message=_("このページとツールの試験結果はこの回にすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.tool}: {self.problems}"


# The libraries' models under Japanese names for the admin (proxies: no tables of their own).
from dxportal.library_models import (  # noqa: E402, F401
    BackgroundTask,
    SignInFailure,
    SignInLockout,
    SignInRecord,
    TwoFactorDevice,
)
