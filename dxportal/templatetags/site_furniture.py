"""What base.html puts on every page from data: breadcrumbs that follow the URL, and the page's
furniture (「このページに関するお問い合わせ」 and 更新日 of its area, the footer's secretariat).

Both come from the shared cache for the content version (dxportal/furniture.py,
dxportal/breadcrumbs.py); every change they show moves that version on.
"""

from __future__ import annotations

from django import template

from dxportal.breadcrumbs import trail
from dxportal.furniture import Furniture, furniture

register = template.Library()


@register.simple_tag(takes_context=True)
def page_furniture(context: template.Context) -> Furniture:
    """The furniture of the page's area: the area a view names (`page_area`, e.g. a notice's),
    else the one its URL is in."""
    return furniture(context.get("request"), context.get("page_area") or "")


@register.inclusion_tag("site/breadcrumb_trail.html", takes_context=True)
def breadcrumb_trail(context: template.Context, current: object = "") -> dict:
    """ホーム › each level of the URL that is a page › this page (named by `current` if the
    page gives it, else by the registry in dxportal/breadcrumbs.py)."""
    request = context.get("request")
    return {"crumbs": trail(request.path_info, str(current or "")) if request else []}
