"""A per-client rate limit kept in the shared cache, so it holds across app processes.

In production the cache is Redis (REDIS_URL); without it, the database cache table, which every
process on the same database shares too. Never process memory: a limit that each worker keeps
for itself lets a client through once per worker.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int


def client_address(request: HttpRequest) -> str:
    """The client's IP; behind a trusted proxy, the address the proxy saw (last in the header)."""
    if getattr(settings, "RATE_LIMIT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, client: str, *, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt of `client` in the current window of `window` seconds.

    Fixed windows keep it to one atomic increment per attempt (Redis INCR).
    """
    now = now if now is not None else time.time()
    window_start = int(now // window) * window
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]  # no raw IPs in the cache
    key = f"ratelimit:{scope}:{digest}:{window_start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    retry_after = int(window_start + window - now) + 1
    return Verdict(allowed=count <= limit, retry_after=retry_after)
