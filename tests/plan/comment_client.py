"""Sending a public comment as a visitor does, and comments as staff find them."""

from __future__ import annotations

import time
import uuid

from django.urls import reverse
from django.utils import timezone

from dxportal.lib.antispam import started_token
from plan.models import Comment, CommentPeriod, Section

BODY = "地域の中小企業向けに、DXの相談窓口を各地域県民局にも設けてほしい。"


NAME = "青森 花子"


EMAIL = "hanako@example.jp"


def section(heading: str = "策定の趣旨") -> Section:
    return Section.objects.get(plan__slug="dx-plan", heading=heading)


def form_url(period: CommentPeriod) -> str:
    return reverse("plan:comment-form", args=["dx-plan", period.pk])


def form_data(**overrides) -> dict:
    """What a person sends: shown the form ten seconds ago, honeypot left empty."""
    data = {
        "section": str(section().pk),
        "body": BODY,
        "name": NAME,
        "email": EMAIL,
        "consent": "on",
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "started": started_token(now=time.time() - 10),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_comment(period: CommentPeriod, body: str = BODY, **fields) -> Comment:
    fields.setdefault("section", section())
    return Comment.objects.create(
        period=period,
        body=body,
        consented_at=timezone.now(),
        submission_token=uuid.uuid4(),
        **fields,
    )
