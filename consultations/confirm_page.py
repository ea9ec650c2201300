"""The confirmation page (2 確認): its frame drawn once per content version and desk
(dxportal/slotted.py), what was typed drawn for each request.

The frame (the site's header, breadcrumbs, contact block and footer) is the same for everyone;
the content (what will be sent, the hidden inputs, the CSRF token) is the visitor's own and is
never kept.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from consultations.forms import ConsultationForm
from consultations.models import Desk
from dxportal.slotted import marks, slotted_page

FRAME = "consultations/consultation_confirm.html"
CONTENT = "consultations/consultation_confirm_content.html"
SLOTS = marks("error_prefix", "content")
ERROR_PREFIX = "入力エラー："  # the title of a page that shows an error, as every form's


def confirmation_page(request: HttpRequest, desk: Desk, form: ConsultationForm) -> str:
    """What will be sent, read-only, with the values in hidden inputs and 修正する / 送信する."""
    content = render_to_string(CONTENT, {"desk": desk, "form": form}, request)
    values = {"error_prefix": ERROR_PREFIX if form.errors else "", "content": content}

    def draw() -> str:
        return render_to_string(FRAME, {"desk": desk, **SLOTS}, request)

    return slotted_page(f"consultation-confirm:{desk.slug}", SLOTS, draw, values)
