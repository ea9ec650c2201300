"""Settings come from the environment, fail loudly on bad values and pass check --deploy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from dxportal.env import env_bool, env_int, env_list
from tests.commands import PRODUCTION, run_manage


def test_production_settings_pass_check_deploy_without_a_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="dx.example.jp")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_a_bad_boolean_is_an_error_not_a_guess(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", default=False)
    monkeypatch.setenv("DJANGO_DEBUG", "False")
    assert env_bool("DJANGO_DEBUG", default=True) is False


def test_a_bad_integer_is_an_error(monkeypatch):
    monkeypatch.setenv("DJANGO_HSTS_SECONDS", "one year")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_HSTS_SECONDS"):
        env_int("DJANGO_HSTS_SECONDS", 0)


def test_lists_drop_empty_items(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " a.example.jp, ,b.example.jp ")
    assert env_list("DJANGO_ALLOWED_HOSTS", []) == ["a.example.jp", "b.example.jp"]


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"


def test_production_cookies_are_secure_and_host_only():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.DEBUG)",
        **PRODUCTION,
    )
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "False"]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
