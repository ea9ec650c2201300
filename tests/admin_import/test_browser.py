"""Import and export in real Chromium, under the strict CSP: what staff see and can click.

The browser tests' Playwright (tests/browser/conftest.py) lives for the whole session in the
test thread, and a second sync Playwright cannot start beside it in that thread; these tests,
outside that folder, run their Chromium in a thread of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import sign_in
from tests.conftest import make_user
from tests.spreadsheets import write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["ID", "会議体", "職名", "氏名", "区分", "就任日", "退任日", "備考"]
GOOD = ["", "幹事会", "財政課長代理", "新しい人", "本務", "2024-04-01", "", ""]


def in_chromium(scenario: Callable) -> list[str]:
    """Run scenario(page) in a fresh Chromium page; the CSP violations the page met."""

    def run() -> list[str]:
        errors = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(locale="ja-JP").new_page()
                page.set_default_timeout(30_000)
                page.on("console", lambda message: errors.append(message.text))
                scenario(page)
            finally:
                browser.close()
        return [error for error in errors if "Content Security Policy" in error]

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def choose_file(page, rows: list[list[str]]) -> None:
    upload = {"name": "在任.csv", "mimeType": "text/csv", "buffer": write_csv(rows)}
    page.get_by_label("取り込むファイル").set_input_files(files=[upload])


def test_a_bad_row_is_shown_with_its_line_and_the_changes_in_colour(live_server, seed):
    make_user("editor", perms=["headquarters.*"])
    bad = [*GOOD[:4], "社長", *GOOD[5:]]

    def scenario(page) -> None:
        sign_in(page, live_server.url, "editor")
        page.goto(live_server.url + reverse("admin:headquarters_appointment_import"))
        choose_file(page, [HEADERS, GOOD, bad])
        # The library's script picks the format from the file's extension.
        expect(page.get_by_label("ファイルの形式")).to_have_value("0")
        page.get_by_role("button", name="ファイルを確認する").click()

        problem = page.locator(".import-problem-list li")
        expect(problem).to_have_count(1)
        expect(problem).to_be_visible()  # on the page, not in a box waiting for the pointer
        expect(problem).to_have_text(
            "3行目「区分」「社長」は選べません。次のいずれかを入力してください: "
            "本務、職務代理、事務取扱"
        )
        expect(page.locator(".import-summary")).to_contain_text("エラー 1 件")

        choose_file(page, [HEADERS, GOOD])
        page.get_by_role("button", name="ファイルを確認する").click()
        new_row = page.locator("table.import-preview tr.row-new").first
        expect(new_row).to_contain_text("新規")
        # The stylesheet colours the new row: the CSP lets it, unlike the inline styles it
        # refused on the library's page.
        cell = new_row.locator("td").first
        background = cell.evaluate("cell => getComputedStyle(cell).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        page.get_by_role("button", name="インポート実行").click()
        expect(page.locator(".messagelist .success")).to_contain_text(
            "在任をインポートしました（新規 1 件、更新 0 件、変更なし 0 件）。"
        )

    assert in_chromium(scenario) == []


def test_select_all_ticks_and_clears_every_column(live_server, seed):
    make_user("reader", perms=["headquarters.view_post"])

    def scenario(page) -> None:
        sign_in(page, live_server.url, "reader")
        page.goto(live_server.url + reverse("admin:headquarters_post_export"))
        columns = page.locator('.selectable-field-export-row input[type="checkbox"]')
        select_all = page.get_by_label("すべて選択")

        select_all.uncheck()
        for index in range(columns.count()):
            expect(columns.nth(index)).not_to_be_checked()
        select_all.check()
        for index in range(columns.count()):
            expect(columns.nth(index)).to_be_checked()
        columns.first.uncheck()
        expect(select_all).not_to_be_checked()

    assert in_chromium(scenario) == []


class Seen:
    """A page's HTML in the shape tests.text.english_words reads (a response's content)."""

    def __init__(self, html: str) -> None:
        self.content = html.encode()


WRONG_FILES = {
    "wrong headers": (
        write_csv([["ID", "会議体", "職名", "名前", "区分", "開始日", "退任日", "備考"], GOOD]),
        ".import-problem-list li",
        "1行目の見出しに「氏名」「就任日」がありません。",
    ),
    "unknown name": (
        write_csv([HEADERS, ["", "幹事会", "存在しない課長", *GOOD[3:]]]),
        ".import-problem-list li",
        "2行目「職名」職名「存在しない課長」の職が見つかりません。",
    ),
    "empty file": (b"", ".errorlist li", "入力されたファイルは空です。"),
    "oversized file": (
        write_csv([HEADERS, GOOD]) + b"x" * (2 * 1024 * 1024),
        ".errorlist li",
        "ファイルが大きすぎます（2.0 MB）。一度に取り込めるのは 2 MB までです。",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_FILES))
def test_a_wrong_file_gets_a_japanese_message_in_the_page_and_no_english(live_server, seed, case):
    """What staff meet when the file is wrong: the reason in Japanese, visible, and the page
    otherwise Japanese too (no traceback, no library English), under the CSP."""
    from tests.text import english_words

    data, where, message = WRONG_FILES[case]
    make_user("editor", perms=["headquarters.*"])
    seen = {}

    def scenario(page) -> None:
        sign_in(page, live_server.url, "editor")
        page.goto(live_server.url + reverse("admin:headquarters_appointment_import"))
        upload = {"name": "在任.csv", "mimeType": "text/csv", "buffer": data}
        page.get_by_label("取り込むファイル").set_input_files(files=[upload])
        page.get_by_role("button", name="ファイルを確認する").click()
        shown = page.locator(where).first
        expect(shown).to_be_visible()
        expect(shown).to_contain_text(message)
        expect(page.get_by_role("button", name="インポート実行")).to_have_count(0)
        seen["html"] = page.content()

    assert in_chromium(scenario) == []
    assert "Traceback" not in seen["html"]
    # Shift_JIS is the encoding's name, as Excel and staff know it.
    assert english_words(Seen(seen["html"]), allow=("editor", "Shift")) == []
