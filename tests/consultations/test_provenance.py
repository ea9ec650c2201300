"""What the desk pages show as fact comes from the source document or from staff."""

from __future__ import annotations

import datetime

from consultations.models import Consultation, Desk
from tests.consultations.form_client import submit, typed
from tests.text import page_text


def test_the_correction_of_the_source_is_noted_on_the_desk_page(desk, client):
    text = page_text(client.get("/desk/aomori-dx/"))
    assert "NPO法人あおもりIT活用サポートセンター" in text
    assert "原資料の「NPO法人あもりIT活用サポートセンター」を「あおもり」の誤記と判断し" in text


def test_no_first_response_time_is_promised_until_staff_set_one(desk, client):
    assert Desk.objects.get().first_response_business_days is None
    assert "営業日以内" not in page_text(client.get("/desk/aomori-dx/consult/"))

    desk_row = Desk.objects.get()
    desk_row.first_response_business_days = 5
    desk_row.save()
    assert "原則として5営業日以内にご連絡します" in page_text(
        client.get("/desk/aomori-dx/consult/")
    )


def test_without_a_promise_concierges_still_get_a_due_date(desk, client, settings):
    settings.CONSULTATION_FIRST_RESPONSE_DAYS = 3
    assert Desk.objects.get().response_target_days == 3
    submit(client, typed())
    consultation = Consultation.objects.get()
    submitted = consultation.submitted_at.date()
    assert consultation.first_response_due > submitted
    assert consultation.first_response_due - submitted <= datetime.timedelta(days=14)
