"""Breadcrumbs that follow the URL: each level of a page's path that is a page itself, named the
same way wherever it appears (the trail of every page below it and the HTML sitemap).

A level is named by its URL name: a fixed name, or a look-up of the public row its URL names.
A level whose row is not public (or does not exist) is left out, so a trail never names what
the public may not see. Redirects (/plan/ → the current plan) are not levels of their own.
Names found are kept for the content version (dxportal/versioned.py), so a page that is never
cached (a receipt) names its levels without a database query or a trip to the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import Resolver404, ResolverMatch, resolve

from consultations.models import Desk
from dxportal.models import Notice
from dxportal.versioned import versioned_many
from headquarters.models import Body, Charter, Edition, EditionFile, Meeting
from plan.models import FiscalSchedule, Plan, Version

HOME = "ホーム"


def body_name(slug: str) -> str | None:
    return Body.objects.public().filter(slug=slug).values_list("name", flat=True).first()


def charter_name(pk: int) -> str | None:
    return Charter.objects.filter(pk=pk).values_list("title", flat=True).first()


def meeting_name(pk: int) -> str | None:
    return Meeting.objects.public().filter(pk=pk).values_list("title", flat=True).first()


def material_name(pk: int, material_pk: int) -> str | None:
    """資料1 青森県DX推進本部設置要綱: the material as the meeting's current edition has it."""
    row = (
        EditionFile.objects.filter(
            edition__meeting__in=Meeting.objects.public().filter(pk=pk),
            edition__is_current=True,
            material_id=material_pk,
            is_public=True,
        )
        .values_list("label", "title")
        .first()
    )
    return " ".join(part for part in row if part) if row else None


def edition_name(pk: int, number: int) -> str | None:
    editions = Edition.objects.published().filter(
        meeting__in=Meeting.objects.public().filter(pk=pk), number=number
    )
    return f"第{number}版" if editions.exists() else None


def plan_name(slug: str) -> str | None:
    return Plan.objects.filter(slug=slug).values_list("title", flat=True).first()


def version_name(slug: str, number: int) -> str | None:
    title = (
        Version.objects.published()
        .filter(plan__slug=slug, number=number)
        .values_list("title", flat=True)
        .first()
    )
    return f"第{number}版 {title}" if title else None


def schedule_name(slug: str, year: int) -> str | None:
    schedules = FiscalSchedule.objects.filter(plan__slug=slug, fiscal_year=year)
    return schedules.values_list("title", flat=True).first()


def desk_name(slug: str) -> str | None:
    return Desk.objects.filter(slug=slug).values_list("name", flat=True).first()


def notice_name(pk: int) -> str | None:
    return Notice.objects.published().filter(pk=pk).values_list("title", flat=True).first()


# Every public page by URL name: its name, or a function of the URL's arguments that looks it
# up. Names not here (redirects, downloads, staff pages) are no level of a trail.
PAGE_NAMES: dict[str, str | Callable[..., str | None]] = {
    "home": HOME,
    "privacy": "個人情報の取扱い",
    "accessibility": "ウェブアクセシビリティ方針",
    "sitemap-page": "サイトマップ",
    "news": "新着情報",
    "notice-detail": notice_name,
    "headquarters:overview": "推進体制と構成員",
    "headquarters:body-detail": body_name,
    "headquarters:charter-detail": charter_name,
    "headquarters:meeting-list": "会議の一覧",
    "headquarters:meeting-detail": meeting_name,
    "headquarters:material-detail": material_name,
    "headquarters:edition-detail": edition_name,
    "plan:plan-detail": plan_name,
    "plan:version-list": "版の履歴と比較",
    "plan:version-detail": version_name,
    "plan:version-compare": "版の比較",
    "plan:progress": "施策とKPIの進捗",
    "plan:schedule-detail": schedule_name,
    "plan:comment-form": "パブリックコメント",
    "plan:comment-thanks": "受付完了",
    "plan:comment-results": "意見の概要と県の考え方",
    "consultations:desk-detail": desk_name,
    "consultations:consultation-form": "相談の申込み",
    "consultations:receipt": "受付完了",
    "consultations:statistics": "相談の統計",
}


@dataclass(frozen=True)
class Crumb:
    url: str
    label: str


def page_name(match: ResolverMatch) -> str | None:
    name = PAGE_NAMES.get(match.view_name)
    return name(**match.kwargs) if callable(name) else name


def path_name(path: str) -> str | None:
    """The name of the page at the path, or None when it is no named public page."""
    try:
        return page_name(resolve(path))
    except Resolver404:
        return None


def cached_names(paths: list[str]) -> dict[str, str]:
    """The names of the paths that are named pages. Names looked up in the database are kept
    for the content version (dxportal/versioned.py); only names found are kept, so a URL nobody
    published adds nothing to the cache."""
    names: dict[str, str] = {}
    lookups = {}
    for path in paths:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        name = PAGE_NAMES.get(match.view_name)
        if callable(name):
            lookups[path] = match
        elif name:
            names[path] = name
    if lookups:
        found = versioned_many(
            [f"page-name:{path}" for path in lookups],
            lambda missing: {
                key: page_name(lookups[key.removeprefix("page-name:")]) for key in missing
            },
        )
        names |= {key.removeprefix("page-name:"): name for key, name in found.items()}
    return names


def levels(path: str) -> list[str]:
    """/a/b/c/ → /, /a/, /a/b/: every prefix of the path that ends a segment, shortest first."""
    segments = [segment for segment in path.split("/") if segment][:-1]
    return ["/"] + ["/" + "/".join(segments[: n + 1]) + "/" for n in range(len(segments))]


def trail(path: str, current: str = "") -> list[Crumb]:
    """The named levels above the page, then the page itself: `current` when the page names
    itself (a step of a form at the same URL, say), else its name here.

    Empty for the home page and for a page nobody names (an unknown URL, a 404)."""
    if path == "/":
        return []
    above = levels(path)
    names = cached_names(above if current else [*above, path])
    label = current or names.get(path)
    if not label:
        return []
    crumbs = [Crumb(url, names[url]) for url in above if url in names]
    return [*crumbs, Crumb(path, str(label))]
