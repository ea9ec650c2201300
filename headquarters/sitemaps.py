"""The headquarters' public pages for /sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.urls import reverse

from headquarters.models import Body, Charter, Edition, EditionFile, Meeting


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
    """The meeting list, each public meeting, its materials' web pages and its earlier editions."""

    def items(self):
        pages = [reverse("headquarters:meeting-list")]
        files = (
            EditionFile.objects.filter(is_public=True)
            .exclude(body_html="")
            .only("edition_id", "material_id", "order")
        )
        editions = Edition.objects.published().prefetch_related(Prefetch("files", queryset=files))
        meetings = Meeting.objects.public().prefetch_related(
            Prefetch("editions", queryset=editions, to_attr="published_editions")
        )
        for meeting in meetings.order_by("date", "pk"):
            current, *earlier = meeting.published_editions
            pages.append(reverse("headquarters:meeting-detail", args=[meeting.pk]))
            pages += [
                reverse("headquarters:material-detail", args=[meeting.pk, file.material_id])
                for file in current.files.all()
                if file.material_id
            ]
            pages += [
                reverse("headquarters:edition-detail", args=[meeting.pk, edition.number])
                for edition in earlier
            ]
        return pages

    def location(self, item: str) -> str:
        return item


SITEMAPS = {"bodies": BodySitemap, "charters": CharterSitemap, "meetings": MeetingSitemap}
