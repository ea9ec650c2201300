"""A per-client rate limit kept in the shared cache, so it holds across app processes.

In production the cache is Redis (REDIS_URL); without it, the database cache table, which every
process on the same database shares too. Never process memory: a limit that each worker keeps
for itself lets a client through once per worker. When Redis does not answer, counting moves to
the database cache table (the "database" cache) with a warning, so the form still takes requests
and the limit still holds across processes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest

from dxportal.lib.client_ip import client_ip
from dxportal.lib.failsoft_cache import CacheUnavailable, FailSoftRedisCache

logger = logging.getLogger(__name__)

FALLBACK_CACHE = "database"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int

    @property
    def message(self) -> str:
        """What a refused visitor reads: nothing is lost, and when to try again."""
        minutes = max(1, (self.retry_after + 59) // 60)
        return (
            "短い時間に多くの送信があったため、受け付けを一時停止しています。"
            f"入力内容はそのまま残っています。約{minutes}分後に、もう一度送信してください。"
        )


def hit_public_form(request: HttpRequest, scope: str) -> Verdict:
    """Count one submission of a public form (consultation, comment) by the asking client."""
    return hit(
        scope,
        client_ip(request),
        limit=settings.CONSULTATION_RATE_LIMIT,
        window=settings.CONSULTATION_RATE_WINDOW,
    )


def hit(scope: str, client: str, *, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt of `client` in the current window of `window` seconds.

    Fixed windows keep it to one atomic increment per attempt (Redis INCR).
    """
    now = now if now is not None else clock()
    window_start = int(now // window) * window
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]  # no raw IPs in the cache
    key = f"ratelimit:{scope}:{digest}:{window_start}"
    try:
        count = count_in(caches["default"], key, timeout=window + 5)
    except CacheUnavailable:
        logger.warning(
            "Rate limit %r: the shared cache is unavailable, counting in the database", scope
        )
        count = count_in(caches[FALLBACK_CACHE], key, timeout=window + 5)
    retry_after = int(window_start + window - now) + 1
    return Verdict(allowed=count <= limit, retry_after=retry_after)


def clock() -> float:
    """The time the windows are counted in: the wall clock (tests hold it inside one window)."""
    return time.time()


def count_in(store: BaseCache, key: str, *, timeout: int) -> int:
    """Add one to the counter at `key` in `store`; the count so far. Redis counts in one trip;
    elsewhere a client's first attempt in a window is one trip (the counter is created at 1)."""
    if isinstance(store, FailSoftRedisCache):
        return store.count(key, timeout=timeout)
    if store.add(key, 1, timeout=timeout):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # the key expired between add and incr
        store.set(key, 1, timeout=timeout)
        return 1
