"""What every page carries besides its content, from data: the 「このページに関するお問い合わせ」
and 更新日 of its area, and the secretariat in the footer.

Drawn once per content version and kept for it (dxportal/versioned.py): a page that is never
cached (a receipt, a form sent back) costs no database query for its furniture.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import HttpRequest

from consultations.models import Desk
from dxportal.models import AreaUpdate, PageContact, SiteArea, area_of_app
from dxportal.versioned import versioned


@dataclass(frozen=True)
class Furniture:
    contact: PageContact | None  # who answers for the page's area
    desk: Desk | None  # on the desk's pages: the desk, whose section answers for them
    updated: datetime.datetime | None  # the last change of the area's public data
    secretariat: PageContact | None  # the headquarters' contact, for the footer


def site_data() -> dict:
    """Every area's contact (with its department and desk) and last change."""
    return versioned("site-furniture", draw_site_data)


def draw_site_data() -> dict:
    contacts = PageContact.objects.select_related("department__parent__parent", "desk")
    return {
        "contacts": {contact.area: contact for contact in contacts},
        "updated": dict(AreaUpdate.objects.values_list("area", "changed_at")),
    }


def area_of_request(request: HttpRequest | None) -> str:
    match = getattr(request, "resolver_match", None)
    return area_of_app(match.namespace if match else None)


def desk_of_page(request: HttpRequest | None, contact: PageContact | None) -> Desk | None:
    """The desk a desk page shows (by its URL), else the one the area's contact names."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match and match.namespace == "consultations" else None
    if slug and not (contact and contact.desk and contact.desk.slug == slug):
        return Desk.objects.filter(slug=slug).first()  # another desk than the usual one
    return contact.desk if contact else None


def furniture(request: HttpRequest | None, area: str = "") -> Furniture:
    """The page's furniture; `area` when the view names it (a notice's), else by the URL."""
    area = area or area_of_request(request)
    data = site_data()
    contact = data["contacts"].get(area)
    return Furniture(
        contact=contact,
        desk=desk_of_page(request, contact) if area == SiteArea.DESK else None,
        updated=data["updated"].get(area),
        secretariat=data["contacts"].get(SiteArea.HEADQUARTERS),
    )
