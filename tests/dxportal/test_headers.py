"""Security headers on every public page, and no-store wherever personal data is typed or shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pages import sitemap_paths
from tests.plan.factories import make_open_period

pytestmark = pytest.mark.django_db


def test_every_public_page_carries_the_security_headers(client, published_seed):
    for path in sitemap_paths(client):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert response["Strict-Transport-Security"].startswith("max-age=31536000"), path
        assert "includeSubDomains" in response["Strict-Transport-Security"]
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_with_personal_data_are_never_stored(client, seed, concierge):
    period = make_open_period()
    personal = [
        reverse("consultations:consultation-form", args=["aomori-dx"]),
        reverse("plan:comment-form", args=["dx-plan", period.pk]),
    ]
    for path in personal:
        assert "no-store" in client.get(path)["Cache-Control"], path
    client.force_login(concierge)
    for path in [
        reverse("admin:consultations_consultation_changelist"),
        reverse("consultations:statistics"),
    ]:
        assert "no-store" in client.get(path)["Cache-Control"], path
