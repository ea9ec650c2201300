"""The empty consultation form page, drawn once per content version and desk
(dxportal/versioned.py).

Every visitor gets the same blank form except for three values of their own: the CSRF token, the
time the form was shown (the bot check's `started`) and the submission token that makes a double
click save one request. The page is drawn with a marked slot for each and kept in the shared
cache; a request fills the slots. Drawing the form (crispy-forms, 40 municipalities) costs more
than the rest of the request, so this is what keeps the form page as cheap as a cached page.
A form sent back with errors, the confirmation page and the form filled again by 修正する are
drawn in full from what was sent (consultations/views.py).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from consultations.forms import ConsultationForm
from consultations.offer import desk_offer
from dxportal.lib.antispam import started_token
from dxportal.versioned import versioned

TEMPLATE = "consultations/consultation_form.html"
# Marks nothing else on the page can contain (staff text is escaped; these are plain ASCII).
CSRF_SLOT = "csrf-slot-7c1e0b"
STARTED_SLOT = "started-slot-7c1e0b"
SUBMISSION_SLOT = "00000000-0000-4000-8000-7c1e0b7c1e0b"  # the field takes a UUID


def draw(request: HttpRequest, slug: str) -> str:
    offer = desk_offer(slug)
    desk = offer.desk
    form = ConsultationForm(
        desk=desk,
        items=offer.items,
        initial={"started": STARTED_SLOT, "submission_token": SUBMISSION_SLOT},
    )
    context = {"desk": desk, "form": form, "limited_message": "", "csrf_token": CSRF_SLOT}
    page = render_to_string(TEMPLATE, context, request)
    for slot in (CSRF_SLOT, STARTED_SLOT, SUBMISSION_SLOT):
        if page.count(slot) != 1:
            raise ValueError(f"the blank form must hold {slot!r} exactly once")
    return page


def blank_form_page(request: HttpRequest, slug: str) -> str:
    """The page with this visitor's tokens in it."""
    page = versioned(f"blank-consultation-form:{slug}", lambda: draw(request, slug))
    return (
        page.replace(CSRF_SLOT, get_token(request))
        .replace(STARTED_SLOT, started_token())
        .replace(SUBMISSION_SLOT, str(uuid.uuid4()))
    )
