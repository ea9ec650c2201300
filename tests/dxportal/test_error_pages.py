"""Error pages in Japanese, in the site's layout, each with a way on: in the admin its index (or
its sign-in), everywhere the public top page. No English from Django or a library is left."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import get_resolver, reverse

from tests.conftest import PASSWORD, make_user
from tests.dxportal.test_html_validity import validate
from tests.text import english_words

CSRF_VIEW = "dxportal.errors.csrf_failure"


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def links(response) -> dict[str, str]:
    """The page's links: their text to their address."""
    found = re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', response.content.decode())
    return {text.strip(): href for href, text in found}


@pytest.mark.django_db
def test_a_missing_public_page_is_a_japanese_404_with_the_way_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert heading(response) == "ページが見つかりません"
    assert 'class="site-header"' in response.content.decode()
    assert links(response)["ホームへ戻る"] == reverse("home")
    assert "管理画面のトップへ戻る" not in links(response)
    assert english_words(response) == []


@pytest.mark.django_db
def test_a_missing_admin_page_is_a_japanese_404_back_to_the_admin(client, concierge):
    client.force_login(concierge)
    response = client.get("/admin/no-such-page/")
    assert response.status_code == 404
    assert heading(response) == "ページが見つかりません"
    assert links(response)["管理画面のトップへ戻る"] == reverse("admin:index")
    assert links(response)["公開サイトのトップページへ"] == reverse("home")
    assert english_words(response, allow=("concierge",)) == []


@pytest.mark.django_db
def test_a_concierge_opening_a_roster_page_gets_a_japanese_403_with_the_way_back(client, concierge):
    client.force_login(concierge)
    # The permission is checked before the row is looked up: any post's page is refused.
    response = client.get(reverse("admin:headquarters_post_change", args=[1]))
    assert response.status_code == 403
    page = response.content.decode()
    assert heading(response) == "このページを表示する権限がありません"
    assert "お使いのアカウント（concierge）" in page
    assert "事務局のシステム管理者" in page
    assert links(response)["管理画面のトップへ戻る"] == reverse("admin:index")
    assert links(response)["公開サイトのトップページへ"] == reverse("home")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert english_words(response, allow=("concierge",)) == []


@pytest.mark.django_db
def test_an_official_refused_the_desk_statistics_is_sent_back_to_the_admin(client, official):
    client.force_login(official)
    response = client.get(reverse("consultations:statistics"))
    assert response.status_code == 403
    assert heading(response) == "このページを表示する権限がありません"
    assert links(response)["管理画面のトップへ戻る"] == reverse("admin:index")
    assert english_words(response, allow=("official",)) == []


@pytest.mark.django_db
def test_a_403_outside_the_admin_offers_no_sign_in_to_visitors(rf):
    request = rf.get("/headquarters/meetings/1/members-packet.pdf")
    request.user = AnonymousUser()
    response = get_resolver().resolve_error_handler(403)(request, PermissionDenied())
    assert response.status_code == 403
    assert heading(response) == "このページを表示する権限がありません"
    assert "ログイン" not in response.content.decode()
    assert links(response)["ホームへ戻る"] == reverse("home")
    assert english_words(response) == []


@pytest.mark.django_db
@override_settings(CSRF_FAILURE_VIEW=CSRF_VIEW)
def test_a_sign_in_refused_by_the_csrf_check_is_a_japanese_page_back_to_the_sign_in():
    client = Client(enforce_csrf_checks=True)
    make_user("staffer")
    response = client.post(reverse("admin:login"), {"username": "staffer", "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert heading(response) == "送信を受け付けられませんでした"
    assert "再読み込み" in page
    assert links(response)["管理画面にログインする"] == reverse("admin:login")
    assert english_words(response) == []


@pytest.mark.django_db
@override_settings(CSRF_FAILURE_VIEW=CSRF_VIEW)
def test_a_public_form_refused_by_the_csrf_check_is_a_japanese_page(desk):
    client = Client(enforce_csrf_checks=True)
    url = reverse("consultations:consultation-form", args=["aomori-dx"])
    response = client.post(url, {"name": "青森 花子"})
    assert response.status_code == 403
    assert heading(response) == "送信を受け付けられませんでした"
    assert links(response)["ホームへ戻る"] == reverse("home")
    assert "ログイン" not in response.content.decode()
    assert english_words(response) == []


def test_settings_name_the_japanese_csrf_page(settings):
    # Django's own CSRF page is in English (its translations cover only part of it).
    assert settings.CSRF_FAILURE_VIEW == CSRF_VIEW


@pytest.mark.django_db
def test_a_request_for_another_host_is_a_japanese_400(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert heading(response) == "リクエストを処理できませんでした"
    assert links(response)["ホームへ戻る"] == reverse("home")
    assert english_words(response) == []


@pytest.mark.django_db
def test_a_body_too_large_is_a_japanese_413_with_the_way_home(client, settings):
    settings.PUBLIC_REQUEST_MAX_BYTES = 1024
    response = client.post("/", {"text": "あ" * 2000})
    assert response.status_code == 413
    assert heading(response) == "送信内容が大きすぎます"
    assert links(response)["ホームへ戻る"] == reverse("home")
    assert english_words(response) == []


def test_the_500_page_renders_without_a_database_or_a_request_context(rf):
    # No django_db mark: any query would fail this test.
    response = get_resolver().resolve_error_handler(500)(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert heading(response) == "ただいまページを表示できません"
    assert '<html lang="ja">' in page
    assert 'class="site-header"' in page
    assert links(response)["ホームへ戻る"] == reverse("home")
    assert english_words(response) == []


@pytest.mark.django_db
def test_every_error_page_is_valid_html(client, rf, concierge, settings, tmp_path):
    settings.CSRF_FAILURE_VIEW = CSRF_VIEW
    settings.PUBLIC_REQUEST_MAX_BYTES = 1024
    pages = {
        "400": client.get("/", HTTP_HOST="attacker.example"),
        "413": client.post("/", {"text": "あ" * 2000}),
        "csrf": Client(enforce_csrf_checks=True).post(reverse("admin:login")),
        "500": get_resolver().resolve_error_handler(500)(rf.get("/")),
    }
    client.force_login(concierge)
    pages["403"] = client.get(reverse("admin:headquarters_post_change", args=[1]))
    pages["404"] = client.get("/admin/no-such-page/")
    assert validate({name: r.content.decode() for name, r in pages.items()}, tmp_path) == []
