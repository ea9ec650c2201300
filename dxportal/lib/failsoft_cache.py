"""Django's Redis cache, made to fail soft: when Redis does not answer, the site goes on without it.

Everything in the cache can be drawn again from the database, so a Redis that is down or
unreachable is a slower site, not a broken one: a read is a miss and a write is dropped, each
failure logged as a warning. Counting cannot be faked, so `incr` (and `decr`) raise
CacheUnavailable instead, and a caller that counts (dxportal/lib/ratelimit.py) counts elsewhere.

After a failure Redis is left alone for RETRY_SECONDS: a Redis that hangs costs a request one
timeout, not one per cache call. A write dropped meanwhile may have left an old value behind in
Redis (a content version of the page cache, a page), so the first time Redis answers again after
lost writes, this cache clears it before anything is read from it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 10.0


class CacheUnavailable(Exception):
    """The cache does not answer; whoever needs an answer must look elsewhere."""


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis for every cache call, and setting one up costs
    more CPU than the call itself; one per connection pool does (redis.Redis is thread-safe and
    takes its connections from the pool, which is made anew in a forked worker)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class FailSoftRedisCache(RedisCache):
    """RedisCache whose failures are misses and dropped writes; see the module docstring."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0
        self._lost_writes = False

    def _call(self, operation: Callable[..., Any], *args, write: bool = False) -> Any:
        """Run one operation on Redis, or raise CacheUnavailable."""
        if time.monotonic() < self._down_until:
            self._lost_writes = self._lost_writes or write
            raise CacheUnavailable("Redis failed moments ago; not asking again yet")
        try:
            if self._lost_writes:
                self._cache.clear()
                self._lost_writes = False
                logger.warning("Redis cache answers again: cleared it of values lost writes left")
            return operation(*args)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            self._lost_writes = self._lost_writes or write
            logger.warning(
                "Redis cache unavailable, going on without it for %ss: %s", RETRY_SECONDS, error
            )
            raise CacheUnavailable(str(error)) from error

    def _soft(self, fallback: Any, operation: Callable[..., Any], *args, write: bool) -> Any:
        try:
            return self._call(operation, *args, write=write)
        except CacheUnavailable:
            return fallback

    def is_available(self) -> bool:
        """Whether Redis answers now (for the health check)."""
        try:
            self._call(lambda: self._cache.get_client(write=True).ping())
        except CacheUnavailable:
            return False
        return True

    # Reads: a miss.
    def get(self, key, default=None, version=None):
        return self._soft(default, super().get, key, default, version, write=False)

    def get_many(self, keys, version=None):
        return self._soft({}, super().get_many, keys, version, write=False)

    def has_key(self, key, version=None):
        return self._soft(False, super().has_key, key, version, write=False)

    # Writes: dropped.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, super().add, key, value, timeout, version, write=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._soft(None, super().set, key, value, timeout, version, write=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(list(data), super().set_many, data, timeout, version, write=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, super().touch, key, timeout, version, write=True)

    def delete(self, key, version=None):
        return self._soft(False, super().delete, key, version, write=True)

    def delete_many(self, keys, version=None):
        self._soft(None, super().delete_many, keys, version, write=True)

    def clear(self):
        return self._soft(None, super().clear, write=True)

    # Counting: CacheUnavailable (BaseCache.decr calls incr).
    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, key, delta, version, write=True)

    def count(self, key, *, timeout: int, version=None) -> int:
        """Add one to the counter at `key`, made with `timeout` seconds to live if it is new;
        the count. One trip to Redis: SET NX EX and INCR in one MULTI/EXEC, so the counter
        never lives without its expiry (Django's add + incr took three trips)."""
        key = self.make_and_validate_key(key, version=version)

        def add_one() -> int:
            client = self._cache.get_client(key, write=True)
            with client.pipeline(transaction=True) as pipe:
                pipe.set(key, 0, ex=timeout, nx=True)
                pipe.incr(key)
                return pipe.execute()[1]

        return self._call(add_one, write=True)
