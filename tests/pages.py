"""The public pages, as /sitemap.xml lists them."""

from __future__ import annotations

import re
from xml.etree import ElementTree

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client) -> list[str]:
    """The paths of every URL /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    urls = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    return [re.sub(r"^https?://[^/]+", "", url) for url in urls]
