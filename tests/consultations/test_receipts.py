"""Receipt numbers: sequential per fiscal year, unique and gap-free under concurrent submissions."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from consultations.models import Consultation
from dxportal.lib.fiscal import fiscal_year
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


def test_numbers_run_in_order_within_the_fiscal_year(desk):
    first = make_consultation()
    second = make_consultation()
    year = first.fiscal_year
    assert first.receipt_number == f"DX-{year}-0001"
    assert second.receipt_number == f"DX-{year}-0002"


def test_the_same_submission_twice_is_one_request_and_uses_one_number(desk):
    token = uuid.uuid4()
    first = make_consultation(submission_token=token)
    again = make_consultation(submission_token=token)
    third = make_consultation()
    assert again.pk == first.pk
    assert Consultation.objects.count() == 2
    assert third.sequence == first.sequence + 1


def test_each_fiscal_year_counts_on_its_own(desk):
    from consultations.models import ReceiptCounter

    this_year = fiscal_year(timezone.localdate())
    ReceiptCounter.objects.create(fiscal_year=this_year - 1, last_sequence=57)
    assert make_consultation().receipt_number == f"DX-{this_year}-0001"
    assert ReceiptCounter.objects.get(fiscal_year=this_year - 1).last_sequence == 57


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it there)"
)
def test_fifty_concurrent_submissions_get_fifty_consecutive_numbers(desk):
    count = 50
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait(timeout=30)
            make_consultation()
        except BaseException as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    sequences = sorted(Consultation.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, count + 1))
    numbers = set(Consultation.objects.values_list("receipt_number", flat=True))
    assert len(numbers) == count
    year = Consultation.objects.first().fiscal_year  # the year of Japan's date, not UTC's
    assert f"DX-{year}-0050" in numbers
