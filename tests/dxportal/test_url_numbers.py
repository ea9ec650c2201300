"""Numbers in addresses (ids, version numbers, years) that no database column can hold are
no page: a 404, never a 500 (SQLite cannot be asked for a number past 2**63 - 1)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from dxportal.lib.fields import LARGEST_ID

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"<(?:num|int):\w+>")
NOT_NUMBERS = [str(LARGEST_ID + 1), str(10**30), "01", "-1"]


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the site, the admin's included."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append(route)
    return found


ROUTES = [route for route in routes() if NUMBER.search(route)]


def address(route: str, number: str) -> str:
    return "/" + NUMBER.sub(number, route.replace("<slug:slug>", "dx-plan"))


def expected_status(route: str) -> tuple[int, ...]:
    """Public pages: 404. The admin sends an address it does not know to its change page,
    which says the record does not exist (Django's own fallback); the two-factor device pages
    refuse one that does not exist (403)."""
    return (302, 403, 404) if route.startswith("admin/") else (404,)


# Libraries' admin pages that read numbers with Django's own converter (tested below too).
LIBRARY_ROUTES = {
    "admin/dxportal/twofactordevice/<int:pk>/config/",
    "admin/dxportal/twofactordevice/<int:pk>/qrcode/",
}


def test_every_number_in_an_address_is_read_by_the_number_converter():
    assert {route for route in routes() if "<int:" in route} == LIBRARY_ROUTES
    assert {
        "headquarters/meetings/<num:pk>/materials/<num:material_pk>/",
        "headquarters/meetings/<num:pk>/packet.pdf",
        "news/<num:pk>/",
        "admin/headquarters/meeting/<num:pk>/replace/",
    } <= set(ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_a_number_no_column_holds_is_no_page(superuser_client, route):
    for number in NOT_NUMBERS:
        response = superuser_client.get(address(route, number))
        assert response.status_code in expected_status(route), number


@pytest.mark.parametrize("route", ROUTES)
def test_the_largest_id_is_looked_for_and_not_found(superuser_client, published_seed, route):
    response = superuser_client.get(address(route, str(LARGEST_ID)))
    assert response.status_code in expected_status(route)


def test_zero_is_still_an_address():
    """Staff may number a 版 0; its page and the links to it still work."""
    assert reverse("plan:version-detail", args=["dx-plan", 0]) == "/plan/dx-plan/versions/0/"
    assert resolve("/plan/dx-plan/versions/0/").kwargs["number"] == 0
