"""Who the client is: X-Forwarded-For believed only from our proxies, read from the right.

The answer keys the consultation rate limit and django-axes' lock-outs, so a forged header must
neither spread one client over many addresses nor make many clients one.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from consultations.models import Consultation
from dxportal.lib.client_ip import client_ip
from tests.conftest import PASSWORD, make_user
from tests.consultations.form_client import form_url, typed

PROXIES = ["10.0.0.0/8", "192.0.2.1"]
CLIENT = "203.0.113.9"
LOCKED = "ログインを一時停止しています"


def ip_of(remote_addr: str, forwarded_for: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


# --- behind our proxies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "expected"),
    [
        pytest.param("10.0.0.5", CLIENT, CLIENT, id="one-proxy"),
        pytest.param(
            "10.0.0.5", f"198.51.100.1, 198.51.100.2, {CLIENT}", CLIENT, id="spoofed-left"
        ),
        pytest.param("10.0.0.5", f"198.51.100.1, {CLIENT}, 10.1.2.3", CLIENT, id="two-proxies"),
        pytest.param("192.0.2.1", f"{CLIENT}, 192.0.2.1", CLIENT, id="single-ip-proxy"),
        pytest.param("10.0.0.5", f"{CLIENT}:51234", CLIENT, id="with-port"),
        pytest.param("10.0.0.5", "[2001:db8::7]:443", "2001:db8::7", id="ipv6-with-port"),
        pytest.param("10.0.0.5", f"::ffff:{CLIENT}", CLIENT, id="ipv4-mapped"),
        pytest.param("10.0.0.5", "", "10.0.0.5", id="empty-header"),
        pytest.param("10.0.0.5", None, "10.0.0.5", id="no-header"),
        pytest.param("10.0.0.5", "10.9.9.9, 10.1.1.1", "10.9.9.9", id="all-proxies"),
        pytest.param("10.0.0.5", f"{CLIENT}, unknown", "10.0.0.5", id="garbage-at-the-right"),
        pytest.param("10.0.0.5", f"unknown, {CLIENT}", CLIENT, id="garbage-at-the-left"),
    ],
)
def test_behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client(
    settings, remote_addr, forwarded_for, expected
):
    settings.TRUSTED_PROXIES = PROXIES
    assert ip_of(remote_addr, forwarded_for) == expected


def test_a_request_from_elsewhere_has_its_header_ignored(settings):
    settings.TRUSTED_PROXIES = PROXIES
    assert ip_of("198.51.100.50", f"10.0.0.5, {CLIENT}") == "198.51.100.50"


def test_without_trusted_proxies_no_header_is_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert ip_of("10.0.0.5", CLIENT) == "10.0.0.5"
    assert ip_of(CLIENT, "198.51.100.1") == CLIENT


def test_the_default_trusts_no_proxy(settings):
    assert settings.TRUSTED_PROXIES == []
    assert settings.AXES_CLIENT_IP_CALLABLE == "dxportal.lib.client_ip.client_ip"


# --- the consultation rate limit ---------------------------------------------------------------


@pytest.fixture
def limited_form(seed, settings):
    cache.clear()
    settings.CONSULTATION_RATE_LIMIT = 3
    yield
    cache.clear()


def test_rotating_x_forwarded_for_does_not_evade_the_rate_limit_when_reached_directly(
    limited_form, client
):
    statuses = [
        client.post(
            form_url(), typed(), REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Consultation.objects.count() == 3


def test_behind_the_proxy_each_client_has_its_own_limit_whatever_it_forges(
    limited_form, client, settings
):
    settings.TRUSTED_PROXIES = PROXIES
    for i in range(3):  # a forged left-most entry, different each time, is not the client
        forged = f"198.51.100.{i}, {CLIENT}"
        response = client.post(
            form_url(), typed(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forged
        )
        assert response.status_code == 302
    blocked = client.post(form_url(), typed(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=CLIENT)
    assert blocked.status_code == 429
    other = client.post(
        form_url(), typed(), REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert other.status_code == 302
    assert Consultation.objects.count() == 4


# --- django-axes -------------------------------------------------------------------------------


def login(client, password: str, **meta):
    return client.post(
        reverse("admin:login"),
        {"username": "staffer", "password": password, "next": "/admin/"},
        **meta,
    )


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_that_client_only(client, settings):
    settings.TRUSTED_PROXIES = PROXIES
    make_user("staffer")
    attacker = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    for _ in range(4):
        assert login(client, "wrong-password", **attacker).status_code == 200
    assert login(client, "wrong-password", **attacker).status_code == 429
    # The attacker stays locked out, even with the right password or a forged left-most entry.
    assert login(client, PASSWORD, **attacker).status_code == 429
    forged = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": f"{CLIENT}, 198.51.100.66"}
    locked = login(client, PASSWORD, **forged)
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()

    # The staffer, at another address behind the same load balancer, signs in.
    staffer = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": CLIENT}
    signed_in = login(client, PASSWORD, **staffer)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_lock_out_when_reached_directly(client):
    make_user("staffer")
    for i in range(5):
        login(client, "wrong-password", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert login(client, PASSWORD, REMOTE_ADDR=CLIENT).status_code == 429
    assert login(client, PASSWORD, REMOTE_ADDR="198.51.100.77").status_code == 302
