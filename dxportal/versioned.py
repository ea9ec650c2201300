"""Values drawn from public data, kept per content version in this process and in the shared cache.

A value drawn for one content version (the site's furniture, a page's name in the breadcrumbs,
the blank consultation form) never changes while that version lasts: any change of public data
makes a new version (dxportal/public_content.py). So each app process may keep what it has drawn
or fetched for the current version in its own memory, and a request asks the shared cache
(Redis) only for the version itself. The shared cache still holds each value, so a process that
starts, or meets a new version, fetches it there instead of drawing it again.

The process keeps values of one version only, at most MAX_ENTRIES of them: when the version moves
on, or the store is full, it starts afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

from dxportal.pagecache import PAGE_SECONDS
from dxportal.public_content import content_version

T = TypeVar("T")

# Far more than the site has pages (each page name is one entry); a bound, not a working size.
MAX_ENTRIES = 2000

_lock = threading.Lock()
_store: dict[tuple[int, str], object] = {}  # (version, name) → value
_newest: list[int] = [0]  # the newest version this process has seen


def _forget_old(version: int) -> None:
    """Start afresh when a newer version comes, or the store is full. Entries carry their
    version, so a request still on an older one never hands its values to a newer one."""
    with _lock:
        if version > _newest[0] or len(_store) >= MAX_ENTRIES:
            _store.clear()
            _newest[0] = max(version, _newest[0])


def versioned(name: str, draw: Callable[[], T | None]) -> T | None:
    """The value called `name` for the current content version: from this process, else the
    shared cache, else drawn (and kept in both). None when `draw` finds nothing (not kept, so
    it is drawn again next time)."""
    return versioned_many([name], lambda missing: {name: draw()}).get(name)


def versioned_many(names: Iterable[str], draw: Callable[[list[str]], dict[str, T]]) -> dict[str, T]:
    """Several named values at once: one trip to the shared cache for those this process lacks,
    then `draw(missing)` for those the cache lacks too. A name `draw` leaves out, or gives None,
    has no value and is left out of the answer."""
    version = content_version()
    _forget_old(version)
    found = {name: _store[version, name] for name in names if (version, name) in _store}
    missing = [name for name in names if name not in found]
    if not missing:
        return found
    prefix = f"versioned:{version}:"
    shared = cache.get_many([prefix + name for name in missing])
    fetched = {name: shared[prefix + name] for name in missing if prefix + name in shared}
    to_draw = [name for name in missing if name not in fetched]
    drawn = {}
    if to_draw:
        drawn = {name: value for name, value in draw(to_draw).items() if value is not None}
    if drawn:
        cache.set_many({prefix + name: value for name, value in drawn.items()}, PAGE_SECONDS)
    for name, value in (fetched | drawn).items():
        _store[version, name] = value
    return found | fetched | drawn
