"""Workflows of the plan that change several rows or take a snapshot."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from plan.models import Comment, CommentPeriod, Version
from plan.text import plan_text


@transaction.atomic
def publish_version(*, version: Version, on: datetime.date | None = None) -> Version:
    """Freeze the plan's text as it reads now into the version and publish it."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    version.snapshot = plan_text(version.plan)
    version.published_on = on or timezone.localdate()
    version.save(update_fields=["snapshot", "published_on"])
    return version


class PeriodClosed(Exception):
    """The comment period is not open now."""


@transaction.atomic
def submit_comment(*, period: CommentPeriod, data: dict) -> tuple[Comment, bool]:
    """Save a comment once: the same submission sent twice returns the first (created=False)."""
    now = timezone.now()
    period = CommentPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open(now):
        raise PeriodClosed
    return Comment.objects.get_or_create(
        submission_token=data["submission_token"],
        defaults={
            "period": period,
            "section": data["section"],
            "body": data["body"],
            "name": data.get("name", ""),
            "email": data.get("email", ""),
            "consented_at": now,
            "submitted_at": now,
        },
    )
