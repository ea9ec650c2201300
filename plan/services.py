"""Workflows of the plan that change several rows or take a snapshot."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from plan.models import Version
from plan.text import plan_text


@transaction.atomic
def publish_version(*, version: Version, on: datetime.date | None = None) -> Version:
    """Freeze the plan's text as it reads now into the version and publish it."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    version.snapshot = plan_text(version.plan)
    version.published_on = on or timezone.localdate()
    version.save(update_fields=["snapshot", "published_on"])
    return version
