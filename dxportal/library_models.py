"""The libraries' models as the admin shows them: proxies (the libraries' own tables) with Japanese
names and Japanese titles for a record. django-otp and django-axes write those in English without
marking them for translation. dxportal/library_admin.py registers their admin pages."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult


def when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "日時不明"


class TwoFactorDevice(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("二要素認証の端末")
        verbose_name_plural = _("二要素認証の端末")


class SignInLockout(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("ログインの失敗回数")
        verbose_name_plural = _("ログインの失敗回数")

    def __str__(self) -> str:
        return (
            f"{self.username or '（ユーザー名なし）'} のログイン失敗（{when(self.attempt_time)}）"
        )


class SignInFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("ログイン失敗の記録")
        verbose_name_plural = _("ログイン失敗の記録")

    def __str__(self) -> str:
        locked = "、一時停止" if self.locked_out else ""
        name = self.username or "（ユーザー名なし）"
        return f"{name} のログイン失敗（{when(self.attempt_time)}、{self.ip_address}{locked}）"


class SignInRecord(AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("ログイン・ログアウトの記録")
        verbose_name_plural = _("ログイン・ログアウトの記録")

    def __str__(self) -> str:
        return f"{self.username or '（ユーザー名なし）'} のログイン（{when(self.attempt_time)}）"


class BackgroundTask(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = _("バックグラウンド処理の記録")
        verbose_name_plural = _("バックグラウンド処理の記録")

    def __str__(self) -> str:
        return f"{self.task_path}（{when(self.enqueued_at)} 受付）"
