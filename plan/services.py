"""Workflows of the plan that change several rows or take a snapshot."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxportal.lib.wareki import format_wareki
from plan.bodies import draft_body
from plan.models import Comment, CommentPeriod, Plan, Version
from plan.text import plan_text


def check_publication(version: Version, on: datetime.date) -> None:
    """Refuse a version already published, a 公開日 in the future or before the current version's.

    Public pages and meeting materials show the latest version published by a day, so the dates
    of a plan's versions must follow the order they were published in.
    """
    if version.is_published:
        raise ValidationError(
            _("第%(number)s版は公開済みです。"), code="published", params={"number": version.number}
        )
    if on > timezone.localdate():
        raise ValidationError(_("公開日に未来の日付は指定できません。"), code="future")
    latest = version.plan.versions.published().order_by("-published_on").first()
    if latest is not None and on < latest.published_on:
        raise ValidationError(
            _("公開日は、公開済みの第%(number)s版の公開日（%(date)s）より前にはできません。"),
            code="before_latest",
            params={"number": latest.number, "date": format_wareki(latest.published_on)},
        )


@transaction.atomic
def publish_version(*, version: Version, on: datetime.date | None = None) -> Version:
    """Publish the draft as the version: freeze its text and body, and move the plan's stage.

    The live content is the draft staff edit; from now on the public plan page shows what is
    frozen here, dated `on` (today by default), until the next version is published.
    """
    version = Version.objects.select_for_update().select_related("plan").get(pk=version.pk)
    on = on or timezone.localdate()
    check_publication(version, on)
    plan = version.plan
    version.snapshot = plan_text(plan)
    version.frozen_body = draft_body(plan)
    version.published_on = on
    version.save(update_fields=["snapshot", "frozen_body", "published_on"])
    Plan.objects.filter(pk=plan.pk).update(stage=version.stage)
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
