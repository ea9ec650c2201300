"""What several browser tests share: axe-core's WCAG tags and signing in."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import PASSWORD


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + reverse("admin:login"))
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(base + reverse("admin:index"))


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
