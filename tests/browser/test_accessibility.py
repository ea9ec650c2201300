"""Every URL in the sitemap, in real Chromium: no axe violation, no CSP violation, styled."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from axe_playwright_python.sync_playwright import Axe

from dxportal.models import Notice
from tests.browser.helpers import AXE_OPTIONS
from tests.pages import SITEMAP_NS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sitemap_urls(page, base: str) -> list[str]:
    response = page.request.get(f"{base}/sitemap.xml")
    assert response.ok
    root = ElementTree.fromstring(response.body())
    paths = [
        re.sub(r"^https?://[^/]+", "", loc.text) for loc in root.iterfind(".//sm:loc", SITEMAP_NS)
    ]
    return [base + path for path in paths]


def test_every_sitemap_url_passes_axe_under_the_strict_csp(page, live_server, published_seed):
    Notice.objects.create(title="お知らせ", body="- 箇条書き\n※ 注記", is_published=True)
    urls = sitemap_urls(page, live_server.url)
    assert len(urls) >= 9
    axe = Axe()
    failures = []
    for url in [*urls, f"{live_server.url}/no-such-page/"]:
        page.goto(url)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{url}\n{results.generate_report()}")
        header = page.locator(".site-header")
        # The stylesheet loaded under the CSP: the header has its colour.
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 79, 138)"
    assert failures == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser, live_server, published_seed):
    context = browser.new_context(locale="ja-JP", viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ["/", "/headquarters/", "/headquarters/bodies/steering-committee/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    context.close()


def test_keyboard_user_can_skip_to_the_main_content(page, live_server, published_seed):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_axe_does_report_a_violation_when_there_is_one(page):
    page.set_content('<html lang="ja"><body><img src="x.png"><a href="/"></a></body></html>')
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count >= 2
