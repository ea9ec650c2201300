"""The receipt page (3 完了), drawn once per content version and desk (dxportal/slotted.py).

Every receipt of a desk reads the same but for the request's own receipt number, when it was
received, and either the date of the first response (when the desk promises one) or the way the
requester asked to be contacted.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from consultations.models import Consultation, Desk
from dxportal.lib.wareki import format_wareki
from dxportal.slotted import marks, slotted_page

TEMPLATE = "consultations/consultation_receipt.html"
SLOTS = marks("receipt_number", "received", "first_response_due", "contact_method")
# What the page shows of a request: the view reads only these columns.
FIELDS = ("receipt_number", "submitted_at", "first_response_due", "preferred_contact")


def facts(consultation: Consultation) -> dict[str, str]:
    """The request's own values, as the page writes them (令和8年4月1日(水) 9時05分)."""
    received = timezone.localtime(consultation.submitted_at)
    return {
        "receipt_number": consultation.receipt_number,
        "received": f"{format_wareki(received, weekday=True)} {received.hour}時{received:%M}分",
        "first_response_due": format_wareki(consultation.first_response_due, weekday=True),
        "contact_method": consultation.get_preferred_contact_display(),
    }


def receipt_page(request: HttpRequest, desk: Desk, consultation: Consultation) -> str:
    def draw() -> str:
        return render_to_string(TEMPLATE, {"desk": desk, **SLOTS}, request)

    return slotted_page(f"consultation-receipt:{desk.slug}", SLOTS, draw, facts(consultation))
