"""Site-wide contracts: health check, error pages, sitemap and the strict CSP."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from headquarters.models import Body, Charter
from tests.commands import ROOT
from tests.pages import sitemap_paths

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down():
    # A real unreachable database: nothing listens on port 9 of this machine.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.json()['database'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing",
        "DJANGO_CONN_MAX_AGE": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["503", "unavailable"], result.stderr[-2000:]


def test_unknown_page_gets_a_friendly_japanese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
    assert '<html lang="ja">' in response.content.decode()


def test_server_error_page_is_japanese_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "ただいまページを表示できません" in response.content.decode()


def test_sitemap_lists_every_public_page(client, published_seed):
    paths = sitemap_paths(client)
    expected = {"/", reverse("headquarters:overview")}
    expected |= {reverse("headquarters:body-detail", args=[b.slug]) for b in Body.objects.all()}
    expected |= {reverse("headquarters:charter-detail", args=[c.pk]) for c in Charter.objects.all()}
    expected |= {
        f"/plan/dx-plan/{page}"
        for page in ["", "versions/", "versions/1/", "progress/", "schedules/2023/"]
    }
    expected |= {"/desk/aomori-dx/", "/desk/aomori-dx/consult/"}
    expected |= {"/headquarters/meetings/", "/headquarters/meetings/1/"}
    expected |= {f"/headquarters/meetings/1/materials/{pk}/" for pk in (1, 2, 3)}
    expected |= {"/news/", "/privacy/", "/accessibility/", "/sitemap/"}
    assert set(paths) == expected
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_sitemap_leaves_out_private_bodies(client, seed):
    Body.objects.filter(slug="plan-committee").update(is_public=False)
    assert reverse("headquarters:body-detail", args=["plan-committee"]) not in sitemap_paths(client)


def test_every_public_page_runs_under_a_strict_csp_with_no_inline_code(client, published_seed):
    for path in sitemap_paths(client):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_pages_carry_japanese_and_a_title(client, published_seed):
    for path in sitemap_paths(client):
        html = client.get(path).content.decode()
        assert '<html lang="ja">' in html
        assert re.search(r"<title>[^<|]+\| 青森県DX推進本部</title>", html), path
