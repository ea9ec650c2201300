"""The plan's public pages for /sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from plan.models import CommentPeriod, FiscalSchedule, Version
from plan.selectors import published_plans


class PlanPagesSitemap(Sitemap):
    """Each published plan's text, version history and progress pages."""

    PAGES = ["plan:plan-detail", "plan:version-list", "plan:progress"]

    def items(self):
        return [(name, plan.slug) for plan in published_plans() for name in self.PAGES]

    def location(self, item) -> str:
        name, slug = item
        return reverse(name, args=[slug])


class VersionSitemap(Sitemap):
    def items(self):
        return Version.objects.published().select_related("plan").defer("snapshot")

    def location(self, item: Version) -> str:
        return reverse("plan:version-detail", args=[item.plan.slug, item.number])


class ScheduleSitemap(Sitemap):
    def items(self):
        return FiscalSchedule.objects.filter(plan__in=published_plans()).select_related("plan")

    def location(self, item: FiscalSchedule) -> str:
        return reverse("plan:schedule-detail", args=[item.plan.slug, item.fiscal_year])


class CommentSitemap(Sitemap):
    """Comment forms of open periods and published results."""

    def items(self):
        pages = []
        periods = CommentPeriod.objects.select_related("version__plan")
        for period in periods:
            args = [period.version.plan.slug, period.pk]
            if period.is_open():
                pages.append(reverse("plan:comment-form", args=args))
            if period.results_are_public:
                pages.append(reverse("plan:comment-results", args=args))
        return pages

    def location(self, item: str) -> str:
        return item


SITEMAPS = {
    "plan": PlanPagesSitemap,
    "plan-versions": VersionSitemap,
    "plan-schedules": ScheduleSitemap,
    "plan-comments": CommentSitemap,
}
