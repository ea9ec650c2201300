"""The HTML サイトマップ: the pages /sitemap.xml lists, by part of the site, nested as their URLs
are, and named as the breadcrumbs name them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import resolve

from dxportal.breadcrumbs import path_name
from dxportal.models import SiteArea, area_of_app
from dxportal.sitemaps import SITEMAPS

# The parts of the site in the order the page lists them, and their headings there.
SECTIONS = {
    SiteArea.HEADQUARTERS: "推進本部",
    SiteArea.PLAN: "DX推進プラン",
    SiteArea.DESK: "DX総合窓口",
    SiteArea.SITE: "ホーム・新着情報・このサイトについて",
}


@dataclass
class Entry:
    """A page, and the pages whose URLs lie below its own."""

    url: str
    label: str
    children: list[Entry] = field(default_factory=list)


@dataclass
class Section:
    area: str
    title: str
    entries: list[Entry]


def public_paths() -> list[str]:
    """Every path /sitemap.xml lists, in its order."""
    paths: list[str] = []
    for sitemap_class in SITEMAPS.values():
        sitemap = sitemap_class()
        paths += [sitemap.location(item) for item in sitemap.items()]
    return paths


def nest(entries: list[Entry]) -> list[Entry]:
    """Put each entry under the entry with the longest URL that starts its own."""
    roots: list[Entry] = []
    by_url = {entry.url: entry for entry in entries}
    for entry in entries:
        parents = [url for url in by_url if url != entry.url and entry.url.startswith(url)]
        if parents:
            by_url[max(parents, key=len)].children.append(entry)
        else:
            roots.append(entry)
    return roots


def sections() -> list[Section]:
    entries: dict[str, list[Entry]] = {area: [] for area in SECTIONS}
    for path in public_paths():
        area = area_of_app(resolve(path).namespace)
        entries[area].append(Entry(url=path, label=path_name(path) or path))
    return [
        Section(area=area, title=title, entries=nest(entries[area]))
        for area, title in SECTIONS.items()
        if entries[area]
    ]
