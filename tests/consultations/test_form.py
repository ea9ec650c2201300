"""The public consultation form, through the test client as a visitor and staff meet it.

A valid request is saved with its input normalised and answered with a receipt number; a mistake
anywhere is shown next to its field in Japanese with everything else typed still in the form;
bots, floods, double clicks, hostile text and a mail server that is down lose or break nothing.
What is posted here is the confirmed submission, as the confirmation page's 送信する sends it
(form_client.typed); the steps before it, 入力 and 確認, are in test_form_steps.py.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from consultations import services
from consultations.models import Consultation, Desk
from consultations.views import RECEIPT_SALT
from dxportal.lib.antispam import AntispamFormMixin, started_token
from dxportal.lib.fiscal import fiscal_year
from tests.consultations.form_client import (
    SELECT_FIELDS,
    SLUG,
    TEXT_FIELDS,
    FormState,
    assert_typed_values_kept,
    field_error,
    form_url,
    submit,
    typed,
)

pytestmark = pytest.mark.django_db

DESK_ADDRESS = "aomori-dx@aoit.jp"
DESK_PHONE = "080-7699-6065"
BOT_MESSAGE = AntispamFormMixin.bot_message
RATE_LIMITED = "短い時間に多くの送信があった"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

# The 40 municipalities of Aomori Prefecture (10 市, 22 町, 8 村), written out here from the
# prefecture's list rather than copied from consultations/choices.py.
AOMORI_40 = {
    # 市
    "青森市", "弘前市", "八戸市", "黒石市", "五所川原市", "十和田市", "三沢市", "むつ市",
    "つがる市", "平川市",
    # 東津軽郡, 西津軽郡, 中津軽郡, 南津軽郡, 北津軽郡
    "平内町", "今別町", "蓬田村", "外ヶ浜町", "鰺ヶ沢町", "深浦町", "西目屋村", "藤崎町",
    "大鰐町", "田舎館村", "板柳町", "鶴田町", "中泊町",
    # 上北郡
    "野辺地町", "七戸町", "六戸町", "横浜町", "東北町", "六ヶ所村", "おいらせ町",
    # 下北郡
    "大間町", "東通村", "風間浦村", "佐井村",
    # 三戸郡
    "三戸町", "五戸町", "田子町", "南部町", "階上町", "新郷村",
}  # fmt: skip

EXPORT_FIELDS = [
    "receipt_number", "submitted_at", "status", "company_name", "corporate_number", "industry",
    "municipality", "size", "contact_name", "email", "phone", "support", "subject", "details",
    "assignee", "first_response_due", "first_responded_at",
]  # fmt: skip


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


REFUSING_BACKEND = f"{__name__}.RefusingBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def fresh_cache_and_generous_limit(db, settings):
    """No rate-limit counts carried between tests; tests that post a lot are not limited."""
    cache.clear()
    settings.CONSULTATION_RATE_LIMIT = 100000
    yield
    cache.clear()


# --- helpers --------------------------------------------------------------------------------


def receipt_pk(response) -> int:
    """The consultation a redirect to a receipt page is about."""
    match = resolve(response["Location"])
    assert match.view_name == "consultations:receipt"
    assert match.kwargs["slug"] == SLUG
    return signing.loads(match.kwargs["token"], salt=RECEIPT_SALT)


def superuser_client() -> Client:
    user = User.objects.create_superuser("root", "root@example.jp", "correct-horse-42")
    staff = Client()
    staff.force_login(user)
    return staff


def export_csv(staff: Client) -> list[dict]:
    data = {"resource": "0", "format": "0"}
    data |= {f"consultationresource_{field}": "on" for field in EXPORT_FIELDS}
    response = staff.post(reverse("admin:consultations_consultation_export"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- a valid request --------------------------------------------------------------------------


def test_a_valid_request_is_saved_normalised_and_answered_with_a_receipt_number(desk, client):
    data = typed()
    response = submit(client, data)

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert receipt_pk(response) == consultation.pk
    year = fiscal_year(timezone.localdate())
    assert consultation.receipt_number == f"DX-{year}-0001"

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert f"DX-{year}-0001" in receipt.content.decode()

    assert consultation.phone == "017-734-9418"
    assert consultation.contact_kana == "ツガル ハナコ"
    assert consultation.postal_code == "030-0801"
    assert consultation.corporate_number == "7000012050002"
    assert consultation.company_name == "株式会社りんごテック"
    assert consultation.contact_name == "津軽 花子"
    assert consultation.email == "hanako@example.jp"
    assert consultation.industry == "E"
    assert consultation.municipality == "青森市"
    assert consultation.size == "6-20"
    assert consultation.preferred_contact == "phone"
    assert consultation.subject == data["subject"]
    assert consultation.details == data["details"]
    assert {str(pk) for pk in consultation.support_items.values_list("pk", flat=True)} == set(
        data["support_items"]
    )
    assert consultation.submission_token == uuid.UUID(data["submission_token"])
    assert consultation.desk == Desk.objects.get(slug=SLUG)


# --- one bad field at a time ------------------------------------------------------------------

BAD_FIELDS = [
    pytest.param("company_name", "", "事業者名を入力してください。", id="missing-company-name"),
    pytest.param(
        "corporate_number",
        "7000-0120-50003",
        "法人番号が正しくありません。13桁の番号をお確かめください"
        "（国税庁法人番号公表サイトで確認できます）。",
        id="wrong-check-digit",
    ),
    pytest.param(
        "contact_kana",
        "津軽 花子",
        "フリガナはカタカナで入力してください。例: アオモリ タロウ",
        id="kana-in-kanji",
    ),
    pytest.param(
        "email",
        "hanako@@example",
        "メールアドレスの形式が正しくありません。例: taro@example.jp",
        id="bad-email",
    ),
    pytest.param(
        "phone",
        "０１７ー７３４ー９４１",
        "電話番号は0から始まる10桁または11桁で入力してください。例: 017-734-9418",
        id="bad-phone",
    ),
    pytest.param(
        "municipality",
        "札幌市",
        "所在市町村は一覧から選んでください。",
        id="municipality-not-in-list",
    ),
    pytest.param(
        "support_items", None, "希望する支援内容を1つ以上選んでください。", id="no-support-item"
    ),
    pytest.param(
        "consent", None, "個人情報の取扱いに同意いただく必要があります。", id="no-consent"
    ),
]


@pytest.mark.parametrize(("field", "bad", "message"), BAD_FIELDS)
def test_a_bad_field_is_explained_next_to_it_and_nothing_typed_is_lost(
    desk, client, field, bad, message
):
    data = typed(**{field: bad})
    response = submit(client, data)

    assert response.status_code == 200
    assert not Consultation.objects.exists()
    html = response.content.decode()
    assert message in field_error(html, field)
    state = FormState(html)
    assert state.is_invalid(field), state.classes.get(field)
    # Only that field is marked.
    others = [n for n in (*TEXT_FIELDS, *SELECT_FIELDS, "support_items", "consent") if n != field]
    assert not [n for n in others if state.is_invalid(n)]
    assert_typed_values_kept(html, data, except_field=field)
    # The mistaken value itself is shown back too, so it can be corrected rather than retyped.
    if field in TEXT_FIELDS:
        assert state.values[field] == bad


def test_details_keep_their_line_breaks_when_shown_again(desk, client):
    data = typed(consent=None, details="一行目\n二行目\n\n四行目")
    response = submit(client, data)
    assert FormState(response.content.decode()).values["details"] == "一行目\n二行目\n\n四行目"


# --- what the page shows ----------------------------------------------------------------------


def test_municipalities_are_the_40_of_aomori_and_outside_the_prefecture(desk, client):
    state = FormState(client.get(form_url()).content.decode())
    options = state.options["municipality"]
    assert options[0] == ""
    choices = options[1:]
    assert len(choices) == 41
    assert len(set(choices)) == 41
    assert set(choices) == AOMORI_40 | {"県外"}
    assert choices[-1] == "県外"


def test_the_purpose_of_use_of_personal_data_comes_before_the_submit_button(desk, client):
    html = client.get(form_url()).content.decode()
    submit_button = html.index('<button type="submit"')
    assert re.search(r"<h2[^>]*>個人情報の取扱い</h2>", html[:submit_button])
    purpose = html.index("利用目的")
    assert purpose < submit_button
    assert purpose < html.index('name="consent"')  # read before agreeing to it


# --- anything at all, never a 500 -------------------------------------------------------------

HTML_PAYLOADS = [
    SCRIPT,
    IMG,
    "<!--",
    "]]>",
    "{{ 7*7 }}",
    "{% debug %}",
    "'; DROP TABLE consultations_consultation; --",
    "\x00",
    "\r\n\r\n",
    "\u202e\u200b\ufeff",
]
TEXT = st.one_of(
    st.text(),  # includes control characters (Cc) and the whole of Unicode but surrogates
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"])),
    st.sampled_from(HTML_PAYLOADS),
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)),  # emoji
    st.text(alphabet=st.characters(min_codepoint=0xFF01, max_codepoint=0xFF9F)),  # full width
    st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x33FF)),  # kana, ㌀
    st.text(alphabet="0123456789０１２３４５６７８９٠١٢-ー－‐ ()（）〒", max_size=40),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(100, 3000)),
)
SUPPORT_ITEM_VALUES = st.lists(
    st.one_of(
        st.integers(-(2**70), 2**70).map(str),
        st.sampled_from(["1", "2", "7", "8", "0", "1.0", " 1", "1\x00"]),
        TEXT,
    ),
    max_size=5,
)
FIELD_NAMES = [
    *TEXT_FIELDS, *SELECT_FIELDS, "preferred_contact", "consent", "submission_token",
    "started", "website",
]  # fmt: skip


@hypothesis_settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changed=st.dictionaries(st.sampled_from(FIELD_NAMES), TEXT, max_size=6),
    dropped=st.sets(st.sampled_from([*FIELD_NAMES, "support_items"]), max_size=3),
    support_items=st.none() | SUPPORT_ITEM_VALUES,
)
# Found by earlier random runs; kept so that every run tries them.
@example(changed={}, dropped=set(), support_items=["9223372036854775808"])
@example(changed={}, dropped=set(), support_items=["-9223372036854775809", "1"])
@example(changed={}, dropped=set(), support_items=["²"])
def test_any_input_at_all_gives_a_form_a_receipt_or_a_rate_limit_never_an_error(
    desk, client, settings, changed, dropped, support_items
):
    settings.CONSULTATION_RATE_LIMIT = 100000
    data = typed() | changed
    if support_items is not None:
        data["support_items"] = support_items
    for name in dropped:
        data.pop(name, None)
    before = Consultation.objects.count()  # examples share the test's database
    response = submit(client, data)
    assert response.status_code in (200, 302, 429)
    if response.status_code == 302:
        assert Consultation.objects.filter(pk=receipt_pk(response)).exists()
    elif response.status_code == 200:  # the form again: it must say what is wrong, in the page
        assert 'role="alert"' in response.content.decode()
        assert Consultation.objects.count() == before


# --- the form's own bugs: input the form accepts but the database cannot store -----------------

TOO_LONG_FOR_THE_COLUMN = [
    pytest.param(
        "phone",
        "0-9-0-1-2-3-4-5-6-7-8",
        id="phone-with-many-hyphens",
    ),
    pytest.param(
        "contact_kana",
        "㌀" * 100,
        id="kana-expanding-under-nfkc",
    ),
    pytest.param(
        "email",
        "a" * 250 + "@example.jp",
        id="email-longer-than-254",
    ),
]


@pytest.mark.parametrize(("field", "value"), TOO_LONG_FOR_THE_COLUMN)
def test_input_the_column_cannot_hold_is_refused_by_the_form(desk, client, field, value):
    response = submit(client, typed(**{field: value}))
    if response.status_code == 200:
        assert field_error(response.content.decode(), field)
        assert not Consultation.objects.exists()
    else:
        consultation = Consultation.objects.get(pk=receipt_pk(response))
        limit = Consultation._meta.get_field(field).max_length
        assert len(getattr(consultation, field)) <= limit


# --- hostile text is shown as text everywhere -------------------------------------------------


def hostile_request() -> dict:
    return typed(
        company_name=f"株式会社{SCRIPT}{IMG}",
        subject=f"{SCRIPT}{IMG}件名",
        details=f"{SCRIPT}\n{IMG}\n相談内容",
        contact_name=f"{IMG}{SCRIPT}",
    )


def assert_no_live_markup(html: str) -> None:
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert "<img src=x onerror=alert(1)>" not in html


def test_html_typed_into_the_form_is_shown_back_as_text(desk, client):
    response = submit(client, hostile_request() | {"consent": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_live_markup(html)
    assert ESCAPED_SCRIPT in html
    # And the browser gets the exact text back in each field.
    state = FormState(html)
    for name in ("company_name", "subject", "details", "contact_name"):
        assert state.values[name] == hostile_request()[name]


def test_html_in_a_request_is_text_on_the_receipt_in_the_admin_in_mail_and_in_the_export(
    desk, client, django_capture_on_commit_callbacks
):
    data = hostile_request()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.company_name == data["company_name"]  # stored as typed, not mangled

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert_no_live_markup(receipt.content.decode())

    staff = superuser_client()
    change = staff.get(reverse("admin:consultations_consultation_change", args=[consultation.pk]))
    assert change.status_code == 200
    assert_no_live_markup(change.content.decode())
    assert ESCAPED_SCRIPT in change.content.decode()

    changelist = staff.get(reverse("admin:consultations_consultation_changelist"))
    assert changelist.status_code == 200
    assert_no_live_markup(changelist.content.decode())
    assert ESCAPED_SCRIPT in changelist.content.decode()

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        mime = message.message()
        assert not mime.is_multipart()
        assert mime.get_content_type() == "text/plain"

    (row,) = export_csv(staff)
    assert row["事業者名"] == data["company_name"]
    assert row["件名"] == data["subject"]
    assert row["相談内容"] == data["details"]
    assert row["担当者名"] == data["contact_name"]


FORMULAS = [
    pytest.param('=HYPERLINK("http://x")', id="equals"),
    pytest.param("@SUM(1)", id="at"),
    pytest.param(
        "+1",
        id="plus",
    ),
    pytest.param(
        "-1",
        id="minus",
    ),
    pytest.param("-1+1|cmd", id="minus-formula"),
    pytest.param("+SUM(A1:A9)", id="plus-formula"),
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_text_a_spreadsheet_would_run_is_escaped_in_the_csv_export(desk, client, formula):
    response = submit(client, typed(subject=formula, details=formula, company_name=formula))
    assert response.status_code == 302
    (row,) = export_csv(superuser_client())
    for column in ("件名", "相談内容", "事業者名"):
        cell = row[column]
        assert not cell.startswith(("=", "+", "-", "@")), (column, cell)
        assert cell.endswith(formula)


# --- double submission, bots, floods ----------------------------------------------------------


def test_the_same_submission_twice_is_saved_once_and_both_lead_to_its_receipt(desk, client):
    data = typed()
    first = submit(client, data)
    second = submit(client, data)

    assert first.status_code == second.status_code == 302
    assert Consultation.objects.count() == 1
    consultation = Consultation.objects.get()
    assert receipt_pk(first) == receipt_pk(second) == consultation.pk
    pages = [client.get(r["Location"]).content.decode() for r in (first, second)]
    assert all(consultation.receipt_number in page for page in pages)


def test_a_filled_honeypot_saves_nothing_and_says_why_in_japanese(desk, client):
    data = typed(website="http://spam.example/")
    response = submit(client, data)
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    html = response.content.decode()
    assert BOT_MESSAGE in html
    assert_typed_values_kept(html, data)


@pytest.mark.parametrize(
    "started",
    [
        pytest.param(lambda: started_token(), id="too-fast"),
        pytest.param(lambda: started_token(now=time.time() - 1), id="one-second"),
        pytest.param(lambda: started_token(now=time.time() - 3 * 86400), id="days-old"),
        pytest.param(lambda: "forged", id="forged"),
        pytest.param(lambda: None, id="missing"),
    ],
)
def test_a_submission_without_a_plausible_time_to_fill_the_form_saves_nothing(
    desk, client, started
):
    response = submit(client, typed(started=started()))
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert BOT_MESSAGE in response.content.decode()


def test_too_many_submissions_from_one_address_are_paused_without_losing_the_input(
    desk, client, settings
):
    settings.CONSULTATION_RATE_LIMIT = 3
    for _ in range(3):
        response = submit(client, typed(consent=None), REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 200

    data = typed()
    limited = submit(client, data, REMOTE_ADDR="192.0.2.10")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert RATE_LIMITED in html
    assert_typed_values_kept(html, data)
    assert not Consultation.objects.exists()

    other = submit(client, data, REMOTE_ADDR="192.0.2.20")
    assert other.status_code == 302
    assert Consultation.objects.count() == 1


# --- mail -------------------------------------------------------------------------------------


def test_the_requester_and_the_desk_each_get_a_mail_and_the_desk_one_holds_no_personal_data(
    desk, client, django_capture_on_commit_callbacks, settings
):
    data = typed(
        company_name="有限会社ねぶた工房",
        contact_name="弘前 一郎",
        contact_kana="ひろさき いちろう",
        email="ichiro@nebuta.example.jp",
        phone="0172-55-1234",
        details="ねぶたの制作工程をクラウドで管理したい。",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    number = consultation.receipt_number

    assert len(mail.outbox) == 2
    (to_requester,) = [m for m in mail.outbox if m.to == ["ichiro@nebuta.example.jp"]]
    (to_desk,) = [m for m in mail.outbox if m.to == [DESK_ADDRESS]]

    assert number in to_requester.subject
    assert number in to_requester.body
    assert DESK_PHONE in to_requester.body
    assert "今後の流れ" in to_requester.body

    admin_link = settings.SITE_URL + reverse(
        "admin:consultations_consultation_change", args=[consultation.pk]
    )
    desk_text = f"{to_desk.subject}\n{to_desk.body}"
    assert number in desk_text
    assert admin_link in to_desk.body
    for personal in (
        "弘前 一郎",
        "弘前",
        "ヒロサキ",
        "ichiro@nebuta.example.jp",
        "nebuta",
        "0172-55-1234",
        "0172",
        "有限会社ねぶた工房",
        "ねぶた",
        data["details"],
    ):
        assert personal not in desk_text, personal

    consultation.refresh_from_db()
    assert not consultation.mail_pending
    assert consultation.mail_failures == 0


def test_a_mail_server_that_is_down_loses_no_request_and_the_mail_can_be_sent_later(
    desk, client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, typed())

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.receipt_number == f"DX-{consultation.fiscal_year}-0001"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert consultation.receipt_number in receipt.content.decode()
    assert consultation.mail_failures == 1
    assert "Connection refused" in consultation.mail_error
    assert consultation.mail_pending
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    assert services.send_consultation_mail(consultation.pk) is True
    assert sorted(m.to[0] for m in mail.outbox) == sorted([DESK_ADDRESS, "hanako@example.jp"])
    consultation.refresh_from_db()
    assert not consultation.mail_pending
    assert consultation.requester_mailed_at is not None
    assert consultation.desk_notified_at is not None
