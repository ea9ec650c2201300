"""Staff sign in to the admin with user name, password and 確認コード (TOTP) on one page, in
Japanese, when REQUIRE_STAFF_2FA is on as in production."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dxportal.accounts import TOO_MANY_WRONG_CODES, require_totp
from dxportal.admin_index import add_task_index
from tests.conftest import PASSWORD, make_user
from tests.text import english_words

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(autouse=True)
def totp_admin(monkeypatch):
    """The admin as dxportal/urls.py sets it up in production; put back as it was afterwards."""
    for name in ("__class__", "login_form", "login_template"):
        monkeypatch.setattr(admin.site, name, getattr(admin.site, name))
    require_totp(admin.site)
    add_task_index(admin.site)


def device_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)


def code_of(device: TOTPDevice) -> str:
    """The 確認コード the staff member's authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


def sign_in(client, username: str, password: str, code: str):
    data = {"username": username, "password": password, "otp_token": code, "next": "/admin/"}
    return client.post(reverse("admin:login"), data)


def errors(response) -> list[str]:
    form = response.context["form"]
    return [str(error) for errors in form.errors.values() for error in errors]


def test_the_sign_in_page_asks_for_the_code_on_the_same_form_in_japanese(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="username"' in page and 'name="password"' in page
    assert re.search(r'<label for="id_otp_token"[^>]*>確認コード:</label>', page)
    assert 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    assert "認証アプリに表示される6桁の数字" in page
    assert 'name="otp_device"' not in page and "otp_challenge" not in page
    assert english_words(response) == []


def test_a_superuser_signs_in_with_password_and_code_in_one_post(client):
    user = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    response = sign_in(client, "root", PASSWORD, code_of(device_of(user)))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "名簿・要綱" in index.content.decode()  # verified: the OTP admin lets them in


def test_a_code_typed_in_full_width_digits_is_accepted(client):
    user = make_user("staffer")
    response = sign_in(client, "staffer", PASSWORD, code_of(device_of(user)).translate(FULL_WIDTH))
    assert response.status_code == 302


def test_a_wrong_code_is_refused_in_japanese_and_signs_nobody_in(client):
    user = make_user("staffer")
    right = code_of(device_of(user))
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    response = sign_in(client, "staffer", PASSWORD, wrong)
    assert response.status_code == 200
    assert errors(response) == [
        "確認コードが正しくありません。認証アプリに表示されている、最新の6桁の数字を入力してください。"
    ]
    assert english_words(response) == []
    assert client.get(reverse("admin:index")).status_code == 302  # back to the sign-in


@pytest.mark.parametrize("code", ["123456", ""])
def test_staff_without_a_device_are_told_to_ask_the_secretariat(client, code):
    make_user("staffer")
    response = sign_in(client, "staffer", PASSWORD, code)
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert "認証アプリが登録されていません" in error
    assert "事務局のシステム管理者" in error
    assert english_words(response) == []


def test_a_device_stopped_by_repeated_wrong_codes_refuses_even_the_right_one(client):
    user = make_user("staffer")
    device = device_of(user)
    device.throttling_failure_count = 5  # the next try is allowed only after 16 seconds
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = sign_in(client, "staffer", PASSWORD, code_of(device))
    assert errors(response) == [str(TOO_MANY_WRONG_CODES)]
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_missing_or_malformed_code_is_named_in_japanese(client):
    user = make_user("staffer")
    device_of(user)
    assert errors(sign_in(client, "staffer", PASSWORD, "")) == [
        "確認コード（認証アプリに表示される6桁の数字）を入力してください。"
    ]
    assert errors(sign_in(client, "staffer", PASSWORD, "12ab56")) == [
        "確認コードは6桁の数字で入力してください。"
    ]


def test_a_wrong_password_is_refused_before_the_code_is_tried(client):
    user = make_user("staffer")
    device = device_of(user)
    response = sign_in(client, "staffer", "wrong-password", code_of(device))
    [error] = errors(response)
    assert "パスワード" in error
    assert english_words(response) == []
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
