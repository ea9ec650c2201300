"""With Redis down the site is slower, not broken: forms, sign-in, admin and sessions go on.

The settings are those dxportal/settings.py builds with REDIS_URL set, pointing at a port where
nothing listens; /healthz still answers 200 and names the cache as degraded.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
from types import ModuleType

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

import dxportal.settings
from consultations.models import Consultation
from dxportal.lib import failsoft_cache
from tests.conftest import PASSWORD, make_user
from tests.consultations.form_client import form_url, typed

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"
# A database of the local Redis per test worker (14, 13, … 7), flushed by these tests only: two
# workers sharing one would flush each other's keys mid-test. Past eight workers these tests
# skip rather than flush a database something else may use.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
LIVE_REDIS = f"redis://127.0.0.1:6379/{14 - WORKER}"
REDIS_WORKERS = 8


def project_settings(monkeypatch, **env: str) -> ModuleType:
    """dxportal/settings.py read again with these environment variables, as a new process would."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("redis_settings", dxportal.settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def use_redis(settings, monkeypatch, url: str) -> None:
    configured = project_settings(monkeypatch, REDIS_URL=url)
    assert configured.CACHES["default"]["LOCATION"] == url
    settings.CACHES = configured.CACHES
    settings.SESSION_ENGINE = configured.SESSION_ENGINE


@pytest.fixture
def redis_down(settings, monkeypatch):
    use_redis(settings, monkeypatch, CLOSED_PORT)


@pytest.fixture
def redis_up(settings, monkeypatch):
    if WORKER >= REDIS_WORKERS:
        pytest.skip(f"more than {REDIS_WORKERS} test workers: no Redis database of its own")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    use_redis(settings, monkeypatch, LIVE_REDIS)
    cache.clear()
    yield
    cache.clear()


# --- Redis down --------------------------------------------------------------------------------


def test_a_consultation_is_accepted_and_rate_limited_in_the_database(
    seed, client, redis_down, settings, caplog
):
    settings.CONSULTATION_RATE_LIMIT = 2
    with caplog.at_level(logging.WARNING):
        response = client.post(form_url(), typed(), REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert consultation.receipt_number in receipt.content.decode()
    assert "counting in the database" in caplog.text

    # The limit still holds, counted in the database cache table.
    assert client.post(form_url(), typed(), REMOTE_ADDR="198.51.100.1").status_code == 302
    assert client.post(form_url(), typed(), REMOTE_ADDR="198.51.100.1").status_code == 429
    assert Consultation.objects.count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM dxportal_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert any("ratelimit:consultation:" in key for key in keys), keys


def test_public_pages_are_drawn_without_the_page_cache(published_seed, client, redis_down):
    for url in ["/", reverse("headquarters:overview"), form_url()]:
        assert client.get(url).status_code == 200, url


def test_staff_sign_in_and_use_the_admin_and_their_session_survives(seed, client, redis_down):
    make_user("staffer", perms=["consultations.*"])
    assert client.get(reverse("admin:login")).status_code == 200
    wrong = client.post(reverse("admin:login"), {"username": "staffer", "password": "nope"})
    assert wrong.status_code == 200
    signed_in = client.post(
        reverse("admin:login"), {"username": "staffer", "password": PASSWORD, "next": "/admin/"}
    )
    assert signed_in.status_code == 302

    changelist = reverse("admin:consultations_consultation_changelist")
    for _ in range(2):  # a second request finds the same session in the database
        response = client.get(changelist)
        assert response.status_code == 200
        assert response.context["user"].username == "staffer"


def test_healthz_names_the_cache_as_degraded_and_still_answers_200(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


# --- Redis up, and coming back -----------------------------------------------------------------


def test_healthz_with_redis_up(client, redis_up):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_a_write_lost_while_redis_was_away_leaves_no_stale_value_behind(redis_up, monkeypatch):
    monkeypatch.setattr(failsoft_cache, "RETRY_SECONDS", 0)
    cache.set("content-version", 1)

    def refuse(*args):
        raise RedisConnectionError("Connection refused")

    redis_client = cache._cache  # Django's RedisCacheClient behind this backend
    monkeypatch.setattr(redis_client, "set", refuse)
    cache.set("content-version", 2)  # dropped, not an error: Redis still holds 1

    monkeypatch.delattr(redis_client, "set")  # Redis answers again
    assert cache.get("content-version") is None  # cleared on return, never the stale 1
    cache.set("content-version", 3)
    assert cache.get("content-version") == 3


def test_one_redis_client_serves_every_call(redis_up):
    """Django's Redis cache makes a client object per call; this one reuses it per pool."""
    backend = caches["default"]._cache
    assert backend.get_client(write=True) is backend.get_client(write=True)
    caches["default"].set("reused-client", "値")
    assert caches["default"].get("reused-client") == "値"


def test_redis_counts_a_rate_limit_in_one_trip_and_the_counter_expires(redis_up, monkeypatch):
    from dxportal.lib import ratelimit

    backend = caches["default"]
    trips = []
    client = backend._cache.get_client(write=True)
    real_pipeline = client.pipeline
    monkeypatch.setattr(client, "pipeline", lambda **kw: trips.append(kw) or real_pipeline(**kw))
    monkeypatch.setattr(client, "execute_command", None)  # any command outside the pipeline fails

    verdicts = [ratelimit.hit("test", "192.0.2.1", limit=2, window=60, now=600.0) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert trips == [{"transaction": True}] * 3  # one MULTI/EXEC per attempt, nothing else

    monkeypatch.undo()
    key = next(k for k in client.keys("*ratelimit:test:*"))
    assert 0 < client.ttl(key) <= 65  # the window and its margin: the counter never stays
    assert int(client.get(key)) == 3


def test_a_new_window_counts_from_one_again_in_redis(redis_up):
    from dxportal.lib import ratelimit

    assert ratelimit.hit("test-window", "192.0.2.2", limit=1, window=60, now=600.0).allowed
    assert not ratelimit.hit("test-window", "192.0.2.2", limit=1, window=60, now=610.0).allowed
    assert ratelimit.hit("test-window", "192.0.2.2", limit=1, window=60, now=660.0).allowed
