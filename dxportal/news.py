"""新着情報: what was published, newest first, from the data itself.

A meeting's materials being published (and each replacement), a version of the plan being
published, and the notices staff publish. Nothing is typed twice: a published meeting or version
is news on the day it was published.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from dxportal.models import Notice, SiteArea
from headquarters.models import Edition, Meeting
from plan.models import Version
from plan.selectors import published_plans

MEETINGS = "会議"
PLAN = "DX推進プラン"
NOTICE = "お知らせ"


@dataclass(frozen=True)
class NewsItem:
    """One line of 新着情報: when, what, where to read it; `key` tells it apart for ever."""

    kind: str
    pk: int
    date: datetime.date
    category: str
    title: str
    url: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def order(self) -> tuple[datetime.date, str, int]:
        """What latest_news sorts on, in reverse: the day, then the kind (plan versions,
        notices, meetings), then the record's number (not as text: edition 10 is newer than 9)."""
        return (self.date, self.kind, self.pk)


def edition_news(limit: int) -> list[NewsItem]:
    editions = (
        Edition.objects.published()
        .filter(meeting__in=Meeting.objects.public())
        .select_related("meeting")
        .order_by("-published_on", "-pk")[:limit]
    )
    return [
        NewsItem(
            kind="edition",
            pk=edition.pk,
            date=edition.published_on,
            category=MEETINGS,
            title=(
                f"{edition.meeting.title}の資料を差し替えました（{edition.reason}）"
                if edition.is_replacement
                else f"{edition.meeting.title}の次第・資料を掲載しました"
            ),
            url=reverse("headquarters:meeting-detail", args=[edition.meeting_id]),
        )
        for edition in editions
    ]


def version_news(limit: int) -> list[NewsItem]:
    versions = (
        Version.objects.published()
        .filter(plan__in=published_plans())
        .select_related("plan")
        .only("pk", "number", "stage", "published_on", "plan__title", "plan__slug")
        .order_by("-published_on", "-pk")[:limit]
    )
    return [
        NewsItem(
            kind="version",
            pk=version.pk,
            date=version.published_on,
            category=PLAN,
            title=f"{version.plan.title} 第{version.number}版（{version.get_stage_display()}）を公開しました",
            url=reverse("plan:version-detail", args=[version.plan.slug, version.number]),
        )
        for version in versions
    ]


def notice_news(limit: int) -> list[NewsItem]:
    notices = Notice.objects.published().only("pk", "title", "area", "published_on")[:limit]
    return [
        NewsItem(
            kind="notice",
            pk=notice.pk,
            date=notice.published_on,
            category=NOTICE if notice.area == SiteArea.SITE else notice.get_area_display(),
            title=notice.title,
            url=reverse("notice-detail", args=[notice.pk]),
        )
        for notice in notices
    ]


def latest_news(limit: int = 10) -> list[NewsItem]:
    """The newest `limit` items of every kind, newest first (three queries)."""
    items = [*edition_news(limit), *version_news(limit), *notice_news(limit)]
    items.sort(key=lambda item: item.order, reverse=True)
    return items[:limit]
