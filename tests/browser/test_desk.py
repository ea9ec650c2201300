"""A business finds the desk's form from the home page and sends it, keyboard only, in Chromium."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Consultation
from tests.browser.helpers import AXE_OPTIONS, sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_and_tab(page, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Tab")


def test_business_sends_a_request_with_the_keyboard_and_the_concierge_closes_it(
    page, live_server, seed, settings, form_clock
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="相談を申し込む").click()
    expect(page.get_by_role("heading", name="相談の申込み")).to_be_visible()
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0

    page.get_by_label("事業者名").focus()
    type_and_tab(page, "株式会社ねぶたデジタル")
    type_and_tab(page, "4011001098993")  # 法人番号
    page.keyboard.press("ArrowDown")  # 業種: the first division
    page.keyboard.press("Tab")
    for _ in range(3):  # 所在市町村: 八戸市 is third in the list
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # 従業員数
    page.keyboard.press("Tab")
    type_and_tab(page, "０３１ー０００１")  # 郵便番号, full-width as typed on a Japanese keyboard
    type_and_tab(page, "八戸 花子")
    type_and_tab(page, "はちのへ はなこ")
    type_and_tab(page, "hanako@example.jp")
    type_and_tab(page, "０１７８ー００ー００００")
    page.keyboard.press("Tab")  # leave the contact method at its default
    page.keyboard.press("Space")  # the first 支援内容
    page.keyboard.press("Tab")
    for _ in range(6):  # past the other 支援内容 boxes to the subject
        page.keyboard.press("Tab")
    type_and_tab(page, "ねぶた制作の工程管理")
    type_and_tab(page, "制作工程を共有できる仕組みがほしい。")
    page.keyboard.press("Space")  # consent
    form_clock.person_reads()  # longer than the form's minimum fill time
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="入力内容の確認")).to_be_visible()
    form_clock.person_reads()  # reading the confirmation takes a person time too
    page.get_by_role("button", name="送信する").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="ご相談を受け付けました")).to_be_visible()
    receipt = page.locator(".receipt strong").inner_text()
    assert re.fullmatch(r"DX-\d{4}-0001", receipt)
    consultation = Consultation.objects.get()
    assert consultation.municipality == "八戸市"
    assert consultation.phone == "0178-00-0000" and consultation.postal_code == "031-0001"
    assert consultation.contact_kana == "ハチノヘ ハナコ"
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"], ["aomori-dx@aoit.jp"]]

    make_user("concierge", perms=["consultations.*"])
    sign_in(page, live_server.url, "concierge")
    page.goto(live_server.url + "/admin/consultations/consultation/")
    row = page.get_by_role("row", name=re.compile(receipt))
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="操作:").select_option("assign_to_me")
    page.get_by_role("button", name="実行").click()
    expect(page.locator(".messagelist")).to_contain_text("担当にしました")

    page.get_by_role("link", name=receipt).click()
    page.locator("#id_follow_ups-0-kind").select_option("phone")
    page.locator("#id_follow_ups-0-note").fill("電話で状況を確認した。")
    page.locator("#id_status").select_option("done")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DONE
    assert consultation.first_responded_at is not None
    assert consultation.follow_ups.get().note == "電話で状況を確認した。"
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_form_with_errors_passes_axe_and_keeps_what_was_typed(page, live_server, seed):
    page.goto(live_server.url + "/desk/aomori-dx/consult/")
    page.get_by_label("事業者名").fill("株式会社テスト")
    page.get_by_label("電話番号").fill("12345")
    page.get_by_role("button", name="入力内容を確認する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容に誤りがあります")
    expect(page.get_by_label("事業者名")).to_have_value("株式会社テスト")
    expect(page.locator("#id_phone_error")).to_contain_text(
        "電話番号は0から始まる10桁または11桁で入力してください。"
    )
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
