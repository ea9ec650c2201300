"""Read-side queries of the headquarters, shaped for pages and kept at a constant query count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from headquarters.models import Appointment, Article, Body, Charter, Post, ScheduleListing

T = TypeVar("T")


def posts_with_current_holders(
    posts: QuerySet[Post], on: datetime.date | None = None
) -> QuerySet[Post]:
    """Posts with their department and `current_appointments` prefetched, in two extra queries."""
    current = Appointment.objects.current(on).select_related("person").order_by("kind", "start")
    return posts.select_related("department", "department__parent").prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )


@dataclass
class ScheduleTable:
    """One 別表 as printed: its heading, the article it belongs to, and its two-column rows."""

    label: str
    article_number: int | None
    listings: list[ScheduleListing]

    @property
    def heading(self) -> str:
        if self.article_number is None:
            return self.label
        return f"{self.label}（第{self.article_number}条関係）"

    @property
    def rows(self) -> list[tuple[ScheduleListing, ScheduleListing | None]]:
        return two_column_rows(self.listings)


def schedule_tables(charter: Charter, on: datetime.date | None = None) -> list[ScheduleTable]:
    """別表第1 and 第2 as in force on a day, generated from the posts' listings in one query."""
    listings = (
        ScheduleListing.objects.in_force(on)
        .filter(enacted_by__charter=charter)
        .select_related("post__basis__article")
        .order_by("schedule", "order", "post_id")
    )
    by_schedule: dict[str, list[ScheduleListing]] = {}
    for listing in listings:
        by_schedule.setdefault(listing.schedule, []).append(listing)
    tables = []
    for value, label in Post.Schedule.choices:
        if not value:
            continue
        listed = by_schedule.get(value, [])
        article_number = next((x.post.basis.article.number for x in listed if x.post.basis), None)
        tables.append(
            ScheduleTable(label=str(label), article_number=article_number, listings=listed)
        )
    return tables


def two_column_rows(cells: list[T]) -> list[tuple[T, T | None]]:
    """Lay a schedule out as the charter prints it: down the left column first, then the right."""
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:]
    return [(cell, right[i] if i < len(right) else None) for i, cell in enumerate(left)]


def charter_articles(charter: Charter, on: datetime.date | None = None) -> QuerySet[Article]:
    """The articles in force on a day with their paragraphs and items, in three queries."""
    return charter.articles_in_force(on).prefetch_related("paragraphs__items")


def public_bodies() -> QuerySet[Body]:
    """Public bodies with what their pages show next to the name."""
    return Body.objects.public().select_related("parent", "managed_by", "managed_by__parent")


def structure_bodies() -> list[Body]:
    """The 推進体制: top-level public bodies with their public children, in three queries."""
    with_department = ("managed_by", "managed_by__parent")
    children = Body.objects.public().select_related(*with_department)
    return list(
        Body.objects.public()
        .filter(parent__isnull=True)
        .select_related(*with_department)
        .prefetch_related(Prefetch("children", queryset=children, to_attr="public_children"))
    )


def charter_context(charter: Charter, on: datetime.date | None = None) -> dict:
    """What the charter's body template needs: articles, 附則 and both 別表 as in force on a day."""
    on = on or timezone.localdate()
    return {
        "charter": charter,
        "on": on,
        "articles": charter_articles(charter, on),
        "enactments": charter.enactments_in_force(on).prefetch_related("provisions"),
        "schedules": schedule_tables(charter, on),
    }
