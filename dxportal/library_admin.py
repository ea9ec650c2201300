"""The libraries' admin pages in Japanese: two-factor devices, sign-in records, background tasks.

django-axes and django-tasks-db mark their words for translation: their Japanese is in
locale/ja/LC_MESSAGES/django.po. What they write without marking (column captions, messages) and
django-otp's TOTP device, whose names are all plain English, are given Japanese here. The device
and the records are shown through proxy models (dxportal/library_models.py) so that titles,
breadcrumbs and messages carry Japanese names too. Only superusers see these pages.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from dxportal.library_models import (
    BackgroundTask,
    SignInFailure,
    SignInLockout,
    SignInRecord,
    TwoFactorDevice,
)

DEVICE_LABELS = {
    "user": "職員",
    "name": "端末名",
    "confirmed": "利用できる",
    "key": "秘密鍵（16進数）",
    "step": "コードの更新間隔（秒）",
    "t0": "起点の時刻（UNIX時間）",
    "digits": "確認コードの桁数",
    "tolerance": "前後に許す間隔の数",
    "drift": "時計のずれ（間隔の数）",
    "throttling_failure_timestamp": "最後に確認コードを誤った日時",
    "throttling_failure_count": "続けて誤った回数",
}
DEVICE_HELP = {
    "user": "この端末でログインする職員です。",
    "name": "職員が端末を見分けるための名前です（例: 認証アプリ）。",
    "confirmed": "外すと、この端末の確認コードではログインできなくなります。",
    "key": "認証アプリに読み込ませる秘密の値です。通常は変更しません。",
    "step": "通常は30秒のままにします。",
    "t0": "通常は0のままにします。",
    "digits": "通常は6桁のままにします。",
    "tolerance": "端末の時計のずれをどこまで許すかです。通常は1のままにします。",
    "drift": "これまでの確認で分かった端末の時計のずれです。",
    "throttling_failure_timestamp": "",
    "throttling_failure_count": "誤りが続くと、しばらく確認コードを受け付けません。",
}


class TwoFactorDeviceForm(forms.ModelForm):
    class Meta:
        model = TOTPDevice
        fields = list(DEVICE_LABELS)
        labels = DEVICE_LABELS
        help_texts = DEVICE_HELP


class ConfirmedFilter(admin.SimpleListFilter):
    title = "利用できる"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", "はい"), ("no", "いいえ")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed=self.value() == "yes")
        return queryset


class TwoFactorDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's admin in Japanese. The secret key and its QR code stay hidden for saved
    devices (OTP_ADMIN_HIDE_SENSITIVE_DATA): a device is set up with `manage.py add_totp_device`."""

    form = TwoFactorDeviceForm
    list_display = ["staff_member", "device_name", "registered_at", "last_used", "is_confirmed"]
    list_filter = [ConfirmedFilter]
    search_help_text = "職員のユーザー名・メールアドレスで検索します。"
    readonly_fields = ["registered_at", "last_used"]

    def get_list_display(self, request):
        return self.list_display

    def get_fieldsets(self, request, obj=None):
        settings_fields = ["step", "t0", "digits", "tolerance"]
        return [
            ("端末", {"fields": ["user", "name", "confirmed"]}),
            ("利用の記録", {"fields": ["registered_at", "last_used"]}),
            ("設定", {"fields": settings_fields if obj else ["key", *settings_fields]}),
            ("状態", {"fields": ["drift"]}),
            (
                "誤った確認コードの制限",
                {"fields": ["throttling_failure_timestamp", "throttling_failure_count"]},
            ),
        ]

    @admin.display(description="職員", ordering="user__username")
    def staff_member(self, device: TOTPDevice):
        return device.user

    @admin.display(description="端末名", ordering="name")
    def device_name(self, device: TOTPDevice) -> str:
        return device.name

    @admin.display(description="登録日時", ordering="created_at")
    def registered_at(self, device: TOTPDevice):
        return device.created_at or "-"

    @admin.display(description="最後に使った日時", ordering="last_used_at")
    def last_used(self, device: TOTPDevice):
        return device.last_used_at or "-"

    @admin.display(description="利用できる", boolean=True, ordering="confirmed")
    def is_confirmed(self, device: TOTPDevice) -> bool:
        return device.confirmed


class SignInAttemptAdmin(AccessAttemptAdmin):
    """django-axes' lock-outs; its status column and clean-up message are written unmarked."""

    @admin.display(description="状態")
    def status(self, attempt: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        return f"あと{left}回失敗すると一時停止" if left > 0 else "一時停止中"

    @admin.action(description="期限の過ぎたログイン失敗の記録を削除する")
    def cleanup_expired_attempts(self, request, queryset):
        # axes reads request.axes_attempt_time, which only its sign-in handling sets (without it
        # its own action is a 500); None means "now".
        request.axes_attempt_time = None
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"期限の過ぎたログイン失敗の記録を {count} 件削除しました。")


# The portal's background work, by task path, as staff know it.
TASK_NAMES = {
    "consultations.tasks.send_consultation_mail": "相談のメール（受付確認・窓口への通知）",
    "headquarters.meetings.tasks.build_edition_task": "会議資料PDFの作成",
}


class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's records, with the captions it writes unmarked in Japanese."""

    list_display = (
        "task",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return ["task", *(field for field in fields if field != "id"), "identifier"]

    @admin.display(description="処理")
    def task(self, result: DBTaskResult) -> str:
        return TASK_NAMES.get(result.task_path, result.task_path)

    @admin.display(description="識別子")
    def identifier(self, result: DBTaskResult) -> str:
        return str(result.pk)

    @admin.display(description="エラーの詳細")
    def formatted_traceback(self, result: DBTaskResult) -> str:
        return super().formatted_traceback(result)

    @admin.display(description="実行予定")
    def display_run_after(self, result: DBTaskResult):
        return super().display_run_after(result)


def japanese_boolean_icon(value: bool | None) -> str:
    """Django's yes/no icon of admin lists and pages, with Japanese alternative text: Django
    writes alt="True" (its admin_list._boolean_icon, which every caller looks up when called)."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    said = {True: "はい", False: "いいえ", None: "不明"}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), said)


JAPANESE_ADMINS = {
    TOTPDevice: (TwoFactorDevice, TwoFactorDeviceAdmin),
    AccessAttempt: (SignInLockout, SignInAttemptAdmin),
    AccessFailureLog: (SignInFailure, AccessFailureLogAdmin),
    AccessLog: (SignInRecord, AccessLogAdmin),
    DBTaskResult: (BackgroundTask, TaskResultAdmin),
}


def register(site: admin.AdminSite) -> None:
    """Put the Japanese admins (of the proxies) in place of the libraries' own."""
    for model, (proxy, model_admin) in JAPANESE_ADMINS.items():
        if site.is_registered(model):
            site.unregister(model)
        site.register(proxy, model_admin)
    admin_list._boolean_icon = japanese_boolean_icon
