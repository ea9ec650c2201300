"""Public PDF downloads of published editions, answered before the rest of the middleware.

A download by someone without a session is a read of frozen, public bytes: it needs no session,
CSRF token, user, messages or page headers, only the file and its own headers. Answering it here,
right after WhiteNoise, makes it nearly as cheap as a static file. Anyone with a session (staff,
officials: they may also read private files) goes through the whole stack to the same views.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from dxportal.middleware import PERMISSIONS_POLICY

DOWNLOADS = {"meeting-packet-pdf", "meeting-agenda-pdf", "material-pdf", "edition-file-pdf"}


class PublicDownloadMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not request.COOKIES.get(
            settings.SESSION_COOKIE_NAME
        ):
            match = public_download(request.path_info)
            if match is not None:
                request.user = AnonymousUser()
                response = match.func(request, *match.args, **match.kwargs)
                response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                response.setdefault("X-Content-Type-Options", "nosniff")
                return response
        return self.get_response(request)


def public_download(path: str):
    """The URL match of a meeting PDF download, or None for any other path."""
    if not path.endswith(".pdf"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace == "headquarters" and match.url_name in DOWNLOADS:
        return match
    return None
