"""Whole public pages kept in the shared cache until the content they are drawn from changes.

Every save or delete of a model whose data public pages show moves one content version forward
(dxportal/apps.py connects the signals); a cached page is keyed by that version and its URL, so
the first request after a staff edit draws the page anew. Only anonymous GETs of a page are
cached: anyone signed in may see more (private materials), so their pages are never stored.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "content-version"
PAGE_SECONDS = 24 * 60 * 60


def content_version() -> int:
    """The current content version; a new one (the time in ns) if the cache lost it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**kwargs) -> None:
    """Public data changed: every page cached so far is out of date (a signal receiver)."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def page_key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{content_version()}:{path}"


def cached_public_page(view):
    """Serve an anonymous GET of the page from the cache while the content version holds."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
        return response

    return wrapper
