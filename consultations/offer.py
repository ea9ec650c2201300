"""The desk and the 支援内容 it offers, as the consultation form needs them on every request.

Both are public data: they stay the same for a whole content version, so each app process keeps
them for the version (dxportal/versioned.py) and a form sent or confirmed costs no query for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from consultations.models import Desk, SupportItem
from dxportal.versioned import versioned


@dataclass(frozen=True)
class Offer:
    desk: Desk
    items: tuple[SupportItem, ...]  # the desk's active items, in their order


def draw_offer(slug: str) -> Offer | None:
    desk = Desk.objects.filter(slug=slug).first()
    if desk is None:
        return None
    return Offer(desk=desk, items=tuple(desk.support_items.active()))


def desk_offer(slug: str) -> Offer:
    """The desk at the slug and its active 支援内容, or 404."""
    offer = versioned(f"desk-offer:{slug}", lambda: draw_offer(slug))
    if offer is None:
        raise Http404("相談窓口が見つかりません。")
    return offer
