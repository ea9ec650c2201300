"""「サイトで表示」 in the admin: a link to the public page of the object, when the public sees it.

Django's admin shows the link for any object whose admin answers `view_on_site`; this one answers
only for objects on the public site, so staff never follow a link to a 404 (a meeting not yet
published, a plan version still in draft, a hidden body).
"""

from __future__ import annotations

from django.urls import reverse

from consultations.models import Desk
from dxportal.models import Notice
from headquarters.charter import Charter
from headquarters.meetings.models import Meeting
from headquarters.models import Body
from plan.models import Plan, Version
from plan.schedule import FiscalSchedule


def public_url(obj) -> str | None:
    """The path of the object's public page, or None when the public does not see it."""
    if isinstance(obj, Body):
        return reverse("headquarters:body-detail", args=[obj.slug]) if obj.is_public else None
    if isinstance(obj, Charter):
        return reverse("headquarters:charter-detail", args=[obj.pk])
    if isinstance(obj, Meeting):
        if not Meeting.objects.public().filter(pk=obj.pk).exists():
            return None
        return reverse("headquarters:meeting-detail", args=[obj.pk])
    if isinstance(obj, Plan):
        return reverse("plan:plan-detail", args=[obj.slug])
    if isinstance(obj, Version):
        if not obj.is_published:
            return None
        return reverse("plan:version-detail", args=[obj.plan.slug, obj.number])
    if isinstance(obj, FiscalSchedule):
        return reverse("plan:schedule-detail", args=[obj.plan.slug, obj.fiscal_year])
    if isinstance(obj, Desk):
        return reverse("consultations:desk-detail", args=[obj.slug])
    if isinstance(obj, Notice):
        if not Notice.objects.published().filter(pk=obj.pk).exists():
            return None
        return reverse("notice-detail", args=[obj.pk])
    return None


class ViewOnSiteMixin:
    """For a ModelAdmin of a model with public pages: the 「サイトで表示」 link, when public."""

    def view_on_site(self, obj) -> str | None:
        return public_url(obj)
