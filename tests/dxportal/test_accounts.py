"""Staff accounts: lock-out after repeated failures, TOTP for staff, idle sessions end."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse
from django_otp.admin import OTPAdminSite
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.commands import PRODUCTION, run_manage
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client, username: str, password: str):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def test_five_wrong_passwords_lock_the_account_with_a_japanese_page(client, db):
    make_user("staffer")
    for _ in range(4):
        assert login(client, "staffer", "wrong-password").status_code == 200
    locked = login(client, "staffer", "wrong-password")
    assert locked.status_code == 429
    assert "ログインを一時停止しています" in locked.content.decode()
    # Even the right password is refused until the cool-off ends.
    assert login(client, "staffer", PASSWORD).status_code == 429


def test_a_right_password_before_the_limit_resets_the_count(client, db):
    make_user("staffer")
    for _ in range(4):
        login(client, "staffer", "wrong-password")
    assert login(client, "staffer", PASSWORD).status_code == 302


def test_the_otp_admin_lets_in_only_staff_verified_by_their_device(rf, db):
    user = make_user("staffer")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    site = OTPAdminSite()
    form_class = site.login_form
    request = rf.post("/admin/login/")
    request.user = user
    without = form_class(
        request, data={"username": "staffer", "password": PASSWORD, "otp_token": ""}
    )
    assert not without.is_valid()
    code = str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )
    with_code = form_class(
        request,
        data={
            "username": "staffer",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": code,
        },
    )
    assert with_code.is_valid(), with_code.errors


def test_production_settings_require_two_factor(monkeypatch):
    result = run_manage(
        "shell", "--no-imports", "-c",
        "from django.contrib import admin; import dxportal.urls; print(admin.site.__class__.__name__)",
        **PRODUCTION,
    )  # fmt: skip
    assert result.stdout.strip().endswith("OTPAdminSite"), result.stderr[-1500:]


@override_settings(SESSION_COOKIE_AGE=60)
def test_sessions_expire_when_idle(client, db):
    user = User.objects.create_user("idle", password=PASSWORD, is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code in (200, 403)
    assert client.session.get_expiry_age() <= 60
