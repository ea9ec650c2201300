"""The headquarters' public pages for /sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.urls import reverse

from headquarters.models import Body, Charter, Material, Meeting


class BodySitemap(Sitemap):
    """The page of every public body (rosters of 本部 and 幹事会 among them)."""

    def items(self):
        return Body.objects.public().order_by("order", "id")

    def location(self, item: Body) -> str:
        return reverse("headquarters:body-detail", args=[item.slug])


class CharterSitemap(Sitemap):
    """Each charter page."""

    def items(self):
        return Charter.objects.order_by("id")

    def location(self, item: Charter) -> str:
        return reverse("headquarters:charter-detail", args=[item.pk])


class MeetingSitemap(Sitemap):
    """The meeting list, each public meeting and the HTML page of each public generated material."""

    def items(self):
        pages = [reverse("headquarters:meeting-list")]
        meetings = Meeting.objects.public().prefetch_related(
            Prefetch("materials", queryset=Material.objects.public().exclude(generator=""))
        )
        for meeting in meetings.order_by("date", "pk"):
            pages.append(reverse("headquarters:meeting-detail", args=[meeting.pk]))
            pages += [
                reverse("headquarters:material-detail", args=[meeting.pk, material.pk])
                for material in meeting.materials.all()
            ]
        return pages

    def location(self, item: str) -> str:
        return item


SITEMAPS = {"bodies": BodySitemap, "charters": CharterSitemap, "meetings": MeetingSitemap}
