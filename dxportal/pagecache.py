"""Whole public pages kept in the shared cache until the content they are drawn from changes.

A page is keyed by its URL and the content version (dxportal/public_content.py), which every
change of public data moves forward: the first request after a staff edit draws the page anew.
Only anonymous GETs are cached: anyone signed in may see more (private materials), so their
pages are never stored, here or in a browser's or CDN's shared cache.

Each cached page carries an ETag (its content's hash) and Last-Modified (when it was drawn), so
a browser that has it gets a 304; `Cache-Control` lets browsers and a CDN reuse it briefly.
Pages with forms, tokens or personal data do not use this: they send `never_cache` headers.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from dxportal.public_content import content_version, next_change

# An upper bound only: a page goes out of date by a new content version or by next_change().
PAGE_SECONDS = 24 * 60 * 60
# Headers of the view's response that the cached copy keeps (the rest come from middleware).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def page_key(request: HttpRequest, params: tuple[str, ...]) -> str:
    """The URL as the view reads it: the path and only the query parameters the view uses, so
    `?utm_source=…` or random parameters neither miss the cache nor fill it."""
    query = urlencode(sorted((name, request.GET[name]) for name in params if name in request.GET))
    url = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"page:{content_version()}:{url}"


def seconds_to_keep() -> int:
    until = (next_change() - timezone.now()).total_seconds()
    return max(1, min(PAGE_SECONDS, int(until)))


def store(key: str, response: HttpResponse) -> tuple:
    entry = (
        response.content,
        {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
        int(time.time()),
    )
    cache.set(key, entry, seconds_to_keep())
    return entry


def public_response(request: HttpRequest, entry: tuple) -> HttpResponse:
    content, headers, etag, drawn_at = entry
    response = HttpResponse(content, headers=headers)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(drawn_at)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=drawn_at, response=response)


def cached_public_page(view=None, *, params: tuple[str, ...] = ()):
    """Serve an anonymous GET of the page from the cache while the content version holds.

    `params` names the query parameters the view reads (others do not change the page).
    Use as `@cached_public_page` or `@cached_public_page(params=("on",))`.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            # Vary: Cookie comes from the session middleware: request.user read the session.
            key = page_key(request, params)
            entry = cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                if isinstance(response, SimpleTemplateResponse):
                    response.render()  # class-based views answer with a template response
                entry = store(key, response)
            return public_response(request, entry)

        return wrapper

    return decorator(view) if view is not None else decorator
