"""What browsers and crawlers ask for at the site's root, and conditional PDF downloads."""

from __future__ import annotations

from django.test import Client

from dxportal.views import ROBOTS


def test_robots_txt_names_the_sitemap_by_its_absolute_url(client, settings, db):
    settings.SITE_URL = "https://dx.example.jp"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://dx.example.jp/sitemap.xml" in text.splitlines()
    assert "Disallow: /admin/" in text.splitlines()
    assert text == ROBOTS.format(site_url="https://dx.example.jp")


def test_the_favicon_is_a_static_file_at_the_root(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response["Cache-Control"]


def test_every_page_links_the_icons(client, desk):
    page = client.get("/desk/aomori-dx/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert Client().get("/apple-touch-icon.png").status_code == 200


def test_a_pdf_the_browser_already_has_is_a_304(client, published_seed):
    url = "/headquarters/meetings/1/packet.pdf"
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
