"""The site's own pages in real Chromium, as a visitor with a phone sees them: no sideways
scrolling at 390 px, no axe violation, the strict CSP kept, the feed discoverable."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dxportal.models import Notice
from tests.browser.helpers import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGES = ["/", "/news/", "/privacy/", "/accessibility/", "/sitemap/"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()


@pytest.fixture
def notice(published_seed) -> Notice:
    return Notice.objects.create(
        title="DX総合窓口の相談会を開催します（テスト用のお知らせ）",
        body="- 日時と場所は決まり次第お知らせします。\n※ これはテスト用の本文です。",
        is_published=True,
    )


def test_the_site_pages_fit_a_phone_and_pass_axe(phone, live_server, notice):
    axe = Axe()
    failures = []
    for path in [*PAGES, f"/news/{notice.pk}/"]:
        phone.goto(live_server.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
        results = axe.run(phone, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{path}\n{results.generate_report()}")
        # The furniture's stylesheet loaded under the CSP: the contact block has its tint.
        contact = phone.locator(".page-contact")
        assert contact.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(238, 243, 248)"
    assert failures == []
    assert [e for e in phone.console_errors if "Content Security Policy" in e] == []


def test_a_visitor_finds_the_policies_and_the_contact_from_any_page(page, live_server, notice):
    page.goto(live_server.url + "/headquarters/meetings/1/")
    footer = page.locator("footer")
    footer.get_by_role("link", name="個人情報の取扱い").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("個人情報の取扱い")
    page.locator("footer").get_by_role("link", name="ウェブアクセシビリティ方針").click()
    expect(page.get_by_role("heading", name="試験結果", exact=True)).to_be_visible()
    page.locator("footer").get_by_role("link", name="サイトマップ").click()
    page.get_by_role("link", name="相談の申込み").click()
    contact = page.get_by_role("region", name="このページに関するお問い合わせ")
    expect(contact).to_contain_text("新産業創造課")
    expect(contact).to_contain_text("080-7699-6065")
    crumbs = page.get_by_role("navigation", name="パンくずリスト")
    expect(crumbs.get_by_role("link")).to_have_text(["ホーム", "青森県DX総合窓口"])


def test_the_home_page_offers_the_news_feed(page, live_server, notice):
    page.goto(live_server.url + "/")
    href = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    feed = page.request.get(live_server.url + href)
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert notice.title in feed.text()
    page.get_by_role("link", name=notice.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(notice.title)
