"""The consultation form on a 390 px phone in Chromium: 入力 with mistakes → 確認 → 修正する →
確認 → 完了. The error summary takes focus where the visitor can see it; every step passes axe."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consultations.models import Consultation
from tests.browser.helpers import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FORM = "/desk/aomori-dx/consult/"


@pytest.fixture
def phone_page(browser):
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


def csp_violations(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]


def assert_fits_and_passes_axe(page) -> None:
    """No sideways scrolling, nothing the CSP blocked so far, no axe violation."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert csp_violations(page) == []
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    # axe itself parses the stylesheets through <style> elements, which the CSP refuses: what
    # it leaves in the console is not the page's.
    page.console_errors.clear()


def current_step(page):
    return page.locator('.stage-steps [aria-current="step"]')


def test_mistakes_take_focus_then_the_request_goes_through_confirmation(
    phone_page, live_server, seed, settings, form_clock
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = phone_page
    page.goto(live_server.url + FORM)
    expect(current_step(page)).to_have_text("1 入力")
    page.locator("#id_company_name").fill("株式会社ねぶたデジタル")
    page.locator("#id_phone").fill("12345")
    page.get_by_role("button", name="入力内容を確認する").click()

    # 入力 again, with the summary first, focused and on the screen.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("heading")).to_be_in_viewport()
    assert page.title().startswith("入力エラー：")
    links = summary.get_by_role("link")
    expect(links).to_have_count(11)  # every required field left empty, and the phone
    assert_fits_and_passes_axe(page)

    summary.get_by_role("link", name=re.compile("^電話番号：")).click()
    expect(page.locator("#id_phone")).to_be_focused()
    expect(page.locator("#id_phone")).to_be_in_viewport()
    summary.get_by_role("link", name=re.compile("^希望する支援内容：")).click()
    expect(page.locator("#id_support_items_0")).to_be_focused()

    expect(page.locator("#id_company_name")).to_have_value("株式会社ねぶたデジタル")
    page.locator("#id_industry").select_option("E")
    page.locator("#id_municipality").select_option("八戸市")
    page.locator("#id_size").select_option("1-5")
    page.locator("#id_contact_name").fill("八戸 花子")
    page.locator("#id_contact_kana").fill("はちのへ はなこ")
    page.locator("#id_email").fill("hanako@example.jp")
    page.locator("#id_phone").fill("０１７８ー００ー００００")
    page.locator("#id_support_items_0").check()
    page.locator("#id_subject").fill("ねぶた制作の工程管理")
    page.locator("#id_details").fill("制作工程を共有できる仕組みがほしい。")
    page.locator("#id_consent").check()
    form_clock.person_reads()
    page.get_by_role("button", name="入力内容を確認する").click()

    # 確認: what will be saved, normalised; nothing saved yet.
    expect(page.get_by_role("heading", name="入力内容の確認")).to_be_visible()
    expect(current_step(page)).to_have_text("2 確認")
    assert not page.title().startswith("入力エラー")
    expect(page.locator("dd", has_text="0178-00-0000")).to_have_count(1)
    expect(page.locator("dd", has_text="ハチノヘ ハナコ")).to_have_count(1)
    assert_fits_and_passes_axe(page)
    assert not Consultation.objects.exists()

    # 修正する: the form as it was typed, without messages.
    page.get_by_role("button", name="修正する").click()
    expect(page.get_by_role("heading", name="相談の申込み")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    expect(page.locator("#id_phone")).to_have_value("０１７８ー００ー００００")
    expect(page.locator("#id_contact_kana")).to_have_value("はちのへ はなこ")
    expect(page.locator("#id_municipality")).to_have_value("八戸市")
    expect(page.locator("#id_support_items_0")).to_be_checked()
    expect(page.locator("#id_consent")).to_be_checked()
    page.locator("#id_subject").fill("ねぶた制作の工程管理（修正）")
    form_clock.person_reads()
    page.get_by_role("button", name="入力内容を確認する").click()

    expect(page.get_by_role("heading", name="入力内容の確認")).to_be_visible()
    expect(page.locator("dd", has_text="ねぶた制作の工程管理（修正）")).to_have_count(1)
    form_clock.person_reads()
    page.get_by_role("button", name="送信する").click()

    # 完了
    expect(page.get_by_role("heading", name="ご相談を受け付けました")).to_be_visible()
    expect(current_step(page)).to_have_text("3 完了")
    receipt = page.locator(".receipt strong").inner_text()
    consultation = Consultation.objects.get()
    assert consultation.receipt_number == receipt
    assert consultation.subject == "ねぶた制作の工程管理（修正）"
    assert consultation.phone == "0178-00-0000"
    expect(page.get_by_text(re.compile(r"受付日時: 令和"))).to_be_visible()
    assert_fits_and_passes_axe(page)


def fill_in_everything(page) -> None:
    page.locator("#id_company_name").fill("株式会社りんごテック")
    page.locator("#id_industry").select_option("E")
    page.locator("#id_municipality").select_option("青森市")
    page.locator("#id_size").select_option("6-20")
    page.locator("#id_contact_name").fill("津軽 花子")
    page.locator("#id_contact_kana").fill("つがる はなこ")
    page.locator("#id_email").fill("hanako@example.jp")
    page.locator("#id_phone").fill("017-734-9418")
    page.locator("#id_support_items_1").check()
    page.locator("#id_subject").fill("受発注のデジタル化について")
    page.locator("#id_details").fill("紙とFAXで受けている注文をデジタル化したい。")
    page.locator("#id_consent").check()


def assert_one_calm_message(page) -> None:
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.get_by_text("送信を受け付けられませんでした")).to_have_count(1)


def test_sending_faster_than_a_person_reads_says_so_once_and_nothing_is_lost(
    phone_page, live_server, seed, form_clock
):
    page = phone_page
    page.goto(live_server.url + FORM)
    fill_in_everything(page)
    page.get_by_role("button", name="入力内容を確認する").click()  # at once

    assert_one_calm_message(page)
    expect(page.get_by_role("heading", name="相談の申込み")).to_be_visible()
    expect(page.locator("#id_contact_kana")).to_have_value("つがる はなこ")
    form_clock.person_reads()
    page.get_by_role("button", name="入力内容を確認する").click()

    expect(page.get_by_role("heading", name="入力内容の確認")).to_be_visible()
    page.get_by_role("button", name="送信する").click()  # at once again
    assert_one_calm_message(page)
    expect(page.get_by_role("heading", name="入力内容の確認")).to_be_visible()
    assert not Consultation.objects.exists()

    form_clock.person_reads()
    page.get_by_role("button", name="送信する").click()
    expect(page.get_by_role("heading", name="ご相談を受け付けました")).to_be_visible()
    assert Consultation.objects.get().contact_kana == "ツガル ハナコ"
    assert csp_violations(page) == []
