"""/sitemap.xml: every public page of the portal. Each app lists its own pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from consultations.sitemaps import SITEMAPS as DESK_SITEMAPS
from dxportal.models import Notice
from headquarters.sitemaps import SITEMAPS as HEADQUARTERS_SITEMAPS
from plan.sitemaps import SITEMAPS as PLAN_SITEMAPS


class StaticPagesSitemap(Sitemap):
    """Pages that exist once, whatever the data."""

    def items(self) -> list[str]:
        return ["home", "headquarters:overview", "news", "privacy", "accessibility", "sitemap-page"]

    def location(self, item: str) -> str:
        return reverse(item)


class NoticeSitemap(Sitemap):
    """Each published notice's page."""

    def items(self):
        return Notice.objects.published().only("pk")

    def location(self, item: Notice) -> str:
        return reverse("notice-detail", args=[item.pk])


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "notices": NoticeSitemap,
    **HEADQUARTERS_SITEMAPS,
    **PLAN_SITEMAPS,
    **DESK_SITEMAPS,
}
