"""The intake path stays cheap: a blank form drawn once per content version, a short POST."""

from __future__ import annotations

import re

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import blank_form, confirm_page, receipt_page, services
from consultations.desk import Desk, SupportItem
from consultations.models import Consultation
from tests.consultations.form_client import SLUG, form_url, submit, typed

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
SUPPORT_LABEL = re.compile(
    r'<label for="id_support_items_\d+" class="form-check-label">\s*(.*?)\s*</label>', re.DOTALL
)
PROVISIONAL = "（内容は確認中です）"


def hidden_values(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def test_each_blank_form_gets_its_own_tokens(desk, client):
    first = hidden_values(client.get(form_url()).content.decode())
    second = hidden_values(client.get(form_url()).content.decode())
    assert {"csrfmiddlewaretoken", "started", "submission_token"} <= set(first)
    assert first["submission_token"] != second["submission_token"]
    assert first["csrfmiddlewaretoken"] != second["csrfmiddlewaretoken"]  # masked per response


def test_a_blank_form_from_the_cache_can_be_sent(desk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get(form_url())  # draws and caches the blank fields
    page = client.get(form_url()).content.decode()
    tokens = hidden_values(page)
    data = typed(
        csrfmiddlewaretoken=tokens["csrfmiddlewaretoken"],
        submission_token=tokens["submission_token"],
    )
    assert submit(client, data).status_code == 302
    assert Consultation.objects.count() == 1


def test_the_blank_form_shows_a_new_support_item_at_once(desk, client):
    assert "ノーコード相談会" not in client.get(form_url()).content.decode()
    item = SupportItem.objects.first()
    item.title = "ノーコード相談会"
    item.save()
    assert "ノーコード相談会" in client.get(form_url()).content.decode()


def test_a_support_item_not_yet_confirmed_says_so_on_the_blank_form(desk, client):
    confirmed, provisional = SupportItem.objects.order_by("order")[:2]
    confirmed.is_provisional = False
    confirmed.save()
    client.get(form_url())  # cached before the change below
    provisional.is_provisional = True
    provisional.save()

    labels = SUPPORT_LABEL.findall(client.get(form_url()).content.decode())
    assert confirmed.title in labels
    assert f"{provisional.title}{PROVISIONAL}" in labels
    assert provisional.title not in labels
    assert [label for label in labels if label.endswith(PROVISIONAL)] == [
        f"{item.title}{PROVISIONAL}"
        for item in SupportItem.objects.filter(is_provisional=True, is_active=True)
    ]


def test_the_form_promises_a_first_response_only_when_the_desk_does(desk, client):
    row = Desk.objects.get(slug=SLUG)
    row.first_response_business_days = None
    row.save()
    assert "営業日以内にご連絡します" not in client.get(form_url()).content.decode()

    row.first_response_business_days = 5
    row.save()
    page = client.get(form_url()).content.decode()
    assert "担当のDXコンシェルジュから、原則として5営業日以内にご連絡します。" in page


def test_a_form_with_errors_is_drawn_from_what_was_typed(desk, client):
    client.get(form_url())  # the blank form cached
    response = submit(client, typed(company_name="", subject="入力した件名"))
    page = response.content.decode()
    assert "入力した件名" in page
    assert "事業者名を入力してください。" in page


def test_a_submission_takes_few_queries_whatever_the_number_of_requests(desk, client, settings):
    """The counter lock, a duplicate check and three writes. The desk and its 支援内容 are kept
    for the content version (consultations/offer.py) and the rate limit's counter is in the
    cache (Redis in production, the database cache table here)."""
    settings.CONSULTATION_RATE_LIMIT = 100
    counts = []
    for _ in range(2):
        for _ in range(5):  # more requests in the table between the two measurements
            assert submit(client, typed()).status_code == 302
        data = typed()
        with CaptureQueriesContext(connection) as queries:
            assert submit(client, data).status_code == 302
        work = [
            query["sql"]
            for query in queries.captured_queries
            if "dxportal_cache" not in query["sql"] and "SAVEPOINT" not in query["sql"]
        ]
        counts.append(len(work))
    assert counts[0] == counts[1] == 5, work


def test_the_receipt_page_is_one_query(desk, client):
    """The request's own columns; the rest of the page (the desk, the furniture, breadcrumbs)
    is drawn once per content version and desk (consultations/receipt_page.py)."""
    first = submit(client, typed())
    client.get(first["Location"])  # the page drawn once for this content version
    second = submit(client, typed(company_name="二件目の事業者"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(second["Location"]).content.decode()
    drawn = [q["sql"] for q in queries.captured_queries if "dxportal_cache" not in q["sql"]]
    assert len(drawn) == 1, drawn
    first_number, second_number = Consultation.objects.order_by("pk").values_list(
        "receipt_number", flat=True
    )
    assert second_number in page and first_number not in page
    assert not any(mark in page for mark in receipt_page.SLOTS.values())


def test_each_receipt_shows_its_own_time_and_contact_method(desk, client):
    Desk.objects.filter(slug=SLUG).update(first_response_business_days=None)
    pages = {}
    for method in ("phone", "email"):
        response = submit(client, typed(preferred_contact=method))
        pages[method] = client.get(response["Location"]).content.decode()
    assert "ご希望の方法（電話）でご連絡します" in pages["phone"]
    assert "ご希望の方法（メール）でご連絡します" in pages["email"]
    consultation = Consultation.objects.order_by("pk").last()
    received = receipt_page.facts(consultation)["received"]
    assert re.fullmatch(r"令和\d+年\d+月\d+日\(.\) \d+時\d\d分", received)
    assert f"受付日時: {received}" in pages["email"]


def test_the_blank_form_is_drawn_once_per_content_version(desk, client):
    client.get(form_url())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(form_url()).content.decode()
    drawn = [q["sql"] for q in queries.captured_queries if "dxportal_cache" not in q["sql"]]
    assert drawn == []  # the cache only: no desk, no support items
    for mark in blank_form.SLOTS.values():
        assert mark not in page


def test_a_desk_that_does_not_exist_has_no_form(desk, client):
    assert client.get("/desk/no-such-desk/consult/").status_code == 404


class SecondMailFails(BaseEmailBackend):
    """Sends the first message, refuses every later one."""

    def send_messages(self, messages):
        if mail.outbox:
            raise ConnectionRefusedError("Connection refused")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_mail_that_went_is_recorded_in_one_statement_when_the_next_fails(
    desk, client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.SecondMailFails"
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, typed()).status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.requester_mailed_at is not None  # the first mail went
    assert consultation.desk_notified_at is None
    assert consultation.mail_failures == 1 and "Connection refused" in consultation.mail_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        assert services.send_consultation_mail(consultation.pk) is True
    assert [m.to for m in mail.outbox] == [[consultation.desk.notification_address]]  # not twice
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 1


def test_each_confirmation_page_shows_only_what_its_visitor_typed(desk, client):
    """The frame is drawn once per content version and desk (consultations/confirm_page.py);
    what was typed, and the CSRF token, are drawn for each request."""
    pages = [
        submit(client, typed(confirmed=None, company_name=name)).content.decode()
        for name in ("一件目の事業者", "二件目の事業者")
    ]
    assert "一件目の事業者" in pages[0] and "二件目の事業者" not in pages[0]
    assert "二件目の事業者" in pages[1] and "一件目の事業者" not in pages[1]
    for page in pages:
        assert "<title>入力内容の確認 - 相談の申込み - " in page
        assert 'name="csrfmiddlewaretoken"' in page
        assert not any(mark in page for mark in confirm_page.SLOTS.values())
    desk_row = Desk.objects.get(slug=SLUG)
    desk_row.name = "青森県DX総合窓口（改称）"
    desk_row.save()
    page = submit(client, typed(confirmed=None)).content.decode()
    assert "相談の申込み - 青森県DX総合窓口（改称） | " in page  # a new frame at once
