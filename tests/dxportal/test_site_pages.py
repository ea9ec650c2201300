"""The pages a Japanese government site has: 個人情報の取扱い, ウェブアクセシビリティ方針 with
its 試験結果, and the HTML サイトマップ."""

from __future__ import annotations

import datetime
import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxportal.accessibility import Check, save_run
from dxportal.models import AccessibilityResult, AccessibilityTestRun
from dxportal.views import retention_in_words
from tests.pages import sitemap_paths
from tests.plan.factories import make_open_period

pytestmark = pytest.mark.django_db

WEB = AccessibilityResult.Kind.WEB
PDF = AccessibilityResult.Kind.PDF


def text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def plain(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize(
    "days,words", [(1095, "3年（1095日）"), (365, "1年（365日）"), (400, "400日"), (30, "30日")]
)
def test_retention_in_plain_words(days, words):
    assert retention_in_words(days) == words


def test_the_privacy_page_says_what_the_consultation_form_says(client, seed):
    form = text(client, "/desk/aomori-dx/consult/")
    box = re.search(r'<section aria-labelledby="privacy-heading".*?</section>', form, re.S)[0]
    page = plain(text(client, "/privacy/"))
    for item in re.findall(r"<li>(?:利用目的|取り扱う者): (.*?)</li>", box, re.S):
        assert plain(item) in page


def test_the_privacy_page_gives_retention_handlers_and_contacts_from_data(client, seed, settings):
    settings.CONSULTATION_RETENTION_DAYS = 730
    settings.COMMENT_RETENTION_DAYS = 180
    raw = text(client, "/privacy/")
    page = plain(raw)
    assert "受付から2年（730日）を過ぎると" in page
    assert "意見の募集期間の終了から180日を過ぎると" in page
    assert "NPO法人あおもりIT活用サポートセンター(AOIT)" in page
    assert "青森県 商工労働部 新産業創造課 産業DX推進グループ（電話 017-734-9418" in page
    comment_handler = re.search(
        r"<dt>取り扱う者</dt>\s*<dd>([^<]+)</dd>\s*<dt>保存期間</dt>\s*<dd>意見", raw
    )
    assert comment_handler[1] == "青森県DX推進本部 事務局（青森県 企画政策部 DX推進課）"


def test_the_privacy_page_says_what_the_comment_form_says(client, seed):
    period = make_open_period()
    form = text(client, f"/plan/dx-plan/comments/{period.pk}/")
    box = re.search(r'<section aria-labelledby="privacy-heading".*?</section>', form, re.S)[0]
    said = re.search(r"いただいた個人情報は、(.*?)公表しません。", box)[1]
    assert said in plain(text(client, "/privacy/"))


@pytest.fixture
def no_runs(seed) -> None:
    """The seed without the test run it carries, so a test's own runs are the only ones."""
    AccessibilityTestRun.objects.all().delete()


def checks(path: str, title: str, axe: int = 0, nu: int = 0) -> list[Check]:
    return [
        Check(WEB, path, title, "axe-core", "4.12.1", axe, "color-contrast (serious) x1: …"),
        Check(WEB, path, title, "Nu Html Checker", "20.6.30", nu),
    ]


def test_the_accessibility_page_shows_the_latest_published_run(client, no_runs):
    save_run(
        tested_at=timezone.make_aware(datetime.datetime(2024, 1, 5, 10)),
        browser="Chromium 1",
        checks=checks("/", "ホーム", axe=3),
    )
    save_run(
        tested_at=timezone.make_aware(datetime.datetime(2025, 7, 1, 10)),
        browser="Chromium 2",
        checks=[*checks("/", "ホーム"), *checks("/privacy/", "個人情報の取扱い", nu=2)],
    )
    page = text(client, "/accessibility/")
    assert "JIS X 8341-3:2016 の適合レベルAAに準拠することを目標とします。" in page
    assert "令和7年7月1日(火)" in page and "Chromium 2" in page
    assert "axe-core 4.12.1" in page and "Nu Html Checker 20.6.30" in page
    assert "試験した2ページのうち、1ページで問題が検出されました。" in page
    assert '<th scope="row"><a href="/privacy/">個人情報の取扱い</a></th>' in page
    assert '<span class="result-ng">要修正</span>' in page
    assert "令和6年1月5日" not in page
    assert "PDFファイルの試験結果は、まだありません。" in page

    AccessibilityTestRun.objects.filter(browser="Chromium 2").update(is_published=False)
    AccessibilityTestRun.objects.get(browser="Chromium 1").save()  # a change: pages redrawn
    assert "令和6年1月5日(金)" in text(client, "/accessibility/")


def test_pdf_results_have_a_table_of_their_own(client, no_runs):
    save_run(
        tested_at=timezone.now(),
        browser="",
        checks=[
            *checks("/", "ホーム"),
            Check(
                PDF, "/headquarters/meetings/1/packet.pdf", "会議資料一式", "PDF checker", "1.0", 0
            ),
        ],
    )
    page = text(client, "/accessibility/")
    assert "PDFファイルの試験結果（1件）" in page
    assert "ウェブページの試験結果（1ページ）" in page
    assert "試験した1ページのすべてで、問題は検出されませんでした。" in page


def test_without_a_run_the_page_says_so(client, no_runs):
    assert "試験結果は、まだありません。" in text(client, "/accessibility/")


def test_the_html_sitemap_lists_every_page_of_the_xml_one_by_section(client, published_seed):
    page = text(client, "/sitemap/")
    for path in sitemap_paths(client):
        assert f'<a href="{path}">' in page, path
    headings = re.findall(r'<h2 id="sitemap-[a-z]+">([^<]+)</h2>', page)
    assert headings == [
        "推進本部",
        "DX推進プラン",
        "DX総合窓口",
        "ホーム・新着情報・このサイトについて",
    ]
    # Nested as the URLs are: the meeting's materials sit in the meeting's own list.
    meeting = re.search(
        r'<li><a href="/headquarters/meetings/1/">第1回青森県DX推進本部会議</a>\s*<ul>(.*?)</ul>',
        page,
        re.S,
    )
    assert meeting and meeting[1].count("/headquarters/meetings/1/materials/") == 3


def test_the_new_pages_are_in_the_xml_sitemap(client, seed):
    paths = sitemap_paths(client)
    assert {"/news/", "/privacy/", "/accessibility/", "/sitemap/"} <= set(paths)


@pytest.mark.parametrize(
    "path", ["/news/", "/news/feed.atom", "/privacy/", "/accessibility/", "/sitemap/"]
)
def test_the_new_pages_are_cached_like_the_other_public_pages(client, published_seed, path):
    first = client.get(path)
    assert "public" in first["Cache-Control"] and first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert [q["sql"] for q in queries if "dxportal_cache" not in q["sql"]] == []
