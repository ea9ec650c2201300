"""Real Chromium (Debian's package) driven by Playwright, shared by the browser tests."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from dxportal.lib import antispam

CHROMIUM = "/usr/bin/chromium"
# CI shares two cores between two test workers and the browser: give pages time to answer.
expect.set_options(timeout=15_000)
# Without these, Chromium keeps trying to reach Google's servers, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/system-deps.sh test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every CSP violation and console error it meets."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()


class FormClock:
    """The clock the live server times its forms by (dxportal/lib/antispam.py), standing still
    until the test says a person has taken their time: no real waiting, and a form sent 'at once'
    is at once however slowly a busy machine fills it in."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def person_reads(self) -> None:
        """As long as a person takes to read a page: longer than the form's minimum time."""
        self.now += antispam.MINIMUM_SECONDS + 0.2


@pytest.fixture
def form_clock(monkeypatch) -> FormClock:
    clock = FormClock()
    monkeypatch.setattr(antispam, "clock", clock)
    return clock
