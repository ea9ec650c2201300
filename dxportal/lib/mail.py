"""Plain-text Japanese e-mail from templates/emails/<name>-subject.txt and <name>-body.txt."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_text_mail(name: str, context: dict, *, to: list[str]) -> None:
    """Render and send one mail; raises whatever the mail backend raises."""
    subject = render_to_string(f"emails/{name}-subject.txt", context).strip().replace("\n", " ")
    body = render_to_string(f"emails/{name}-body.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send(fail_silently=False)
