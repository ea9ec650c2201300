"""The desk's public pages for /sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from consultations.models import Desk


class DeskSitemap(Sitemap):
    """Each desk's page and its consultation form."""

    def items(self):
        return [
            (name, desk.slug)
            for desk in Desk.objects.order_by("id")
            for name in ["consultations:desk-detail", "consultations:consultation-form"]
        ]

    def location(self, item) -> str:
        name, slug = item
        return reverse(name, args=[slug])


SITEMAPS = {"desk": DeskSitemap}
