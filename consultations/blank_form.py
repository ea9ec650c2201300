"""The empty consultation form page, drawn once per content version and desk (dxportal/slotted.py).

Every visitor gets the same blank form except for three values of their own: the CSRF token, the
time the form was shown (the bot check's `started`) and the submission token that makes a double
click save one request. A form sent back with errors, the confirmation page and the form filled
again by 修正する are drawn in full from what was sent (consultations/views.py).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from consultations.forms import ConsultationForm
from consultations.offer import desk_offer
from dxportal.lib.antispam import started_token
from dxportal.slotted import marks, slotted_page

TEMPLATE = "consultations/consultation_form.html"
SLOTS = marks("csrf_token", "started", "submission_token")


def draw(request: HttpRequest, slug: str) -> str:
    offer = desk_offer(slug)
    form = ConsultationForm(
        desk=offer.desk,
        items=offer.items,
        initial={"started": SLOTS["started"], "submission_token": SLOTS["submission_token"]},
    )
    context = {
        "desk": offer.desk,
        "form": form,
        "limited_message": "",
        "csrf_token": SLOTS["csrf_token"],
    }
    return render_to_string(TEMPLATE, context, request)


def blank_form_page(request: HttpRequest, slug: str) -> str:
    """The page with this visitor's tokens in it."""
    values = {
        "csrf_token": get_token(request),
        "started": started_token(),
        "submission_token": str(uuid.uuid4()),
    }
    return slotted_page(
        f"blank-consultation-form:{slug}", SLOTS, lambda: draw(request, slug), values
    )
