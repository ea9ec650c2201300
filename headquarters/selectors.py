"""Read-side queries of the headquarters, shaped for pages and kept at a constant query count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from headquarters.models import Appointment, Article, Body, Charter, Post


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
    posts: list[Post]

    @property
    def heading(self) -> str:
        if self.article_number is None:
            return self.label
        return f"{self.label}（第{self.article_number}条関係）"

    @property
    def rows(self) -> list[tuple[Post, Post | None]]:
        return two_column_rows(self.posts)


def schedule_table(schedule: str, label: str) -> ScheduleTable:
    """A 別表 generated from the posts listed in it, in one query."""
    posts = list(Post.objects.in_schedule(schedule).select_related("basis__article"))
    article_number = next((p.basis.article.number for p in posts if p.basis), None)
    return ScheduleTable(label=str(label), article_number=article_number, posts=posts)


def two_column_rows(posts: list[Post]) -> list[tuple[Post, Post | None]]:
    """Lay a schedule out as the charter prints it: down the left column first, then the right."""
    half = (len(posts) + 1) // 2
    left, right = posts[:half], posts[half:]
    return [(post, right[i] if i < len(right) else None) for i, post in enumerate(left)]


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
        "schedules": [
            schedule_table(value, label) for value, label in Post.Schedule.choices if value
        ],
    }
