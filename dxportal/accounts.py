"""Staff sign-in with two factors on one page: user name, password and the 確認コード (TOTP)
their authenticator app shows, in one form, in Japanese.

django-otp's admin form asks for the device in a second step, once the password is known. Here
the device is the staff member's own: add_totp_device registers it (a new phone adds another).
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.models import Device

CODE_DIGITS = 6

NO_DEVICE = _(
    "このアカウントには、確認コードを表示する認証アプリが登録されていません。"
    "事務局のシステム管理者に登録を依頼してください。"
)
WRONG_CODE = _(
    "確認コードが正しくありません。認証アプリに表示されている、最新の6桁の数字を入力してください。"
)
CODE_REQUIRED = _("確認コード（認証アプリに表示される6桁の数字）を入力してください。")
CODE_FORMAT = _("確認コードは6桁の数字で入力してください。")
TOO_MANY_WRONG_CODES = _(
    "確認コードの誤りが続いたため、しばらく確認を止めています。少し時間をおいてから、もう一度お試しください。"
)


class StaffSignInForm(OTPAdminAuthenticationForm):
    """The admin's sign-in when REQUIRE_STAFF_2FA: password and 確認コード checked in one post."""

    # No device to choose and no challenge to ask for: TOTP apps need neither.
    otp_device = None
    otp_challenge = None
    otp_token = forms.CharField(
        label=_("確認コード"),
        help_text=_("スマートフォンの認証アプリに表示される6桁の数字です。"),
        error_messages={"required": CODE_REQUIRED},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_otp_token(self) -> str:
        # Full-width digits (１２３４５６) and spaces or hyphens typed between groups are accepted.
        code = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", self.cleaned_data["otp_token"]))
        if not re.fullmatch(rf"[0-9]{{{CODE_DIGITS}}}", code):
            raise forms.ValidationError(CODE_FORMAT, code="invalid_format")
        return code

    def clean_otp(self, user) -> None:
        """Verify the code against the user's devices; errors raised outside the transaction, so
        a wrong code's throttling (recorded on the device) is kept."""
        if user is None:
            return  # the password was wrong: that error is shown
        if not user_has_device(user, confirmed=True):
            raise forms.ValidationError(NO_DEVICE, code="no_device")
        if "otp_token" in self.errors:
            return  # the code is missing or malformed: that error is shown
        with transaction.atomic():
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            device, error = verified_device(devices, self.cleaned_data["otp_token"])
        user.otp_device = device  # django-otp records it in the session on sign-in
        if error:
            raise forms.ValidationError(error, code="invalid_token")


def verified_device(devices: list[Device], token: str) -> tuple[Device | None, str]:
    """The device that accepts the code, else None and why not. The newest device is tried first:
    a staff member who got a new phone uses it, and a failed try throttles a device."""
    if not devices:
        return None, NO_DEVICE
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    if not allowed:
        return None, TOO_MANY_WRONG_CODES
    for device in sorted(allowed, key=lambda device: device.pk, reverse=True):
        if device.verify_token(token):
            return device, ""
    return None, WRONG_CODE


def require_totp(site: admin.AdminSite) -> None:
    """Let into `site` only staff verified by a TOTP device, who sign in on one page."""
    site.__class__ = OTPAdminSite
    site.login_form = StaffSignInForm
    site.login_template = "admin/login.html"
