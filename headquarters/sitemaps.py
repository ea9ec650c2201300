"""The headquarters' public pages for /sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from headquarters.models import Body, Charter


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


SITEMAPS = {"bodies": BodySitemap, "charters": CharterSitemap}
