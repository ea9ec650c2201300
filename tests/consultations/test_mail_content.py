"""The confirmation mail relays nothing a requester typed, and goes only to an internet address.

The mail leaves from the portal's own address to whatever address was typed in: were it to carry
the company, name or subject, anyone could send text of their choosing under the portal's name.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from consultations.models import Consultation, Desk
from dxportal.lib.wareki import format_wareki
from tests.consultations.form_client import (
    SLUG,
    FormState,
    assert_typed_values_kept,
    field_error,
    submit,
    typed,
)

pytestmark = pytest.mark.django_db

BAD_ADDRESS = "メールアドレスの形式が正しくありません。"


@pytest.fixture(autouse=True)
def fresh_cache_and_generous_limit(db, settings):
    cache.clear()
    settings.CONSULTATION_RATE_LIMIT = 100000
    yield
    cache.clear()


def test_the_confirmation_holds_receipt_date_and_desk_contacts_and_nothing_typed(
    desk, client, django_capture_on_commit_callbacks
):
    # The desk's contacts come from its row as staff keep it, not from the template.
    Desk.objects.filter(slug=SLUG).update(
        phone="017-000-1234", email="madoguchi@example.jp", place_name="アウガ5階"
    )
    data = typed(
        company_name="株式会社ご当選おめでとうございます",
        contact_name="賞金受取係",
        contact_kana="しょうきん",
        subject="こちらのURLから受け取り http://evil.example/claim",
        details="口座番号を入力してください http://evil.example/",
        email="victim@example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()

    (to_requester,) = [m for m in mail.outbox if m.to == ["victim@example.com"]]
    text = f"{to_requester.subject}\n{to_requester.body}"
    assert consultation.receipt_number in to_requester.subject
    assert consultation.receipt_number in to_requester.body
    received = format_wareki(timezone.localdate(consultation.submitted_at), weekday=True)
    assert received.startswith("令和")
    assert f"受付日: {received}" in to_requester.body
    for contact in ("017-000-1234", "madoguchi@example.jp", "アウガ5階"):
        assert contact in to_requester.body
    for typed_text in (
        "ご当選",
        "賞金",
        "ショウキン",
        "evil.example",
        "http://",
        "口座番号",
        data["subject"],
        data["details"],
    ):
        assert typed_text not in text, typed_text


@pytest.mark.parametrize(
    "address",
    [
        "a@[127.0.0.1]",
        "a@127.0.0.1",
        "a@10.0.0.5",
        "a@[IPv6:::1]",
        "a@localhost",
        "a@LOCALHOST",
        "a@mail.localhost",
        "a@intranet",
    ],
)
def test_an_address_not_on_the_internet_is_refused_next_to_the_field(desk, client, address):
    data = typed(email=address)
    response = submit(client, data)
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert mail.outbox == []
    html = response.content.decode()
    assert field_error(html, "email").startswith(BAD_ADDRESS)
    assert FormState(html).is_invalid("email")
    assert FormState(html).values["email"] == address
    assert_typed_values_kept(html, data, except_field="email")


@pytest.mark.parametrize(
    "address", ["taro@example.jp", "hanako@mail.pref.aomori.lg.jp", "info@xn--eckwd4c7c.jp"]
)
def test_an_ordinary_address_is_taken(desk, client, address):
    response = submit(client, typed(email=address))
    assert response.status_code == 302
    assert Consultation.objects.get().email == address
