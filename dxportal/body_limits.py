"""Request bodies too large for the portal: answered 413 with a Japanese page, never read.

Public pages take text only (the consultation and comment forms), so a body outside the admin
larger than PUBLIC_REQUEST_MAX_BYTES is refused by its Content-Length before anything reads it,
file parts included (Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves those out). In the admin, where
staff upload meeting PDFs (up to MATERIAL_MAX_BYTES, streamed to disk, not counted), the form
fields beside the files may total DATA_UPLOAD_MAX_MEMORY_SIZE; past that Django raises
RequestDataTooBig, which would otherwise be a bare 400 page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

# Methods that carry a body a form view reads.
BODY_METHODS = {"POST", "PUT", "PATCH"}


def content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def is_admin(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("admin:index"))


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 page: what happened and what to do, in the site's own layout."""
    return render(request, "413.html", {"limit_kb": limit // 1024}, status=413)


class RequestBodyLimitMiddleware:
    """Put it before CsrfViewMiddleware: its view hook runs first and reads the body first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        # Here rather than in __call__: a response from a view hook goes back out through every
        # middleware, so the 413 page gets the site's security headers (CSP and the rest).
        if request.method not in BODY_METHODS:
            return None
        if not is_admin(request):
            if content_length(request) > settings.PUBLIC_REQUEST_MAX_BYTES:
                return too_large(request, settings.PUBLIC_REQUEST_MAX_BYTES)
            return None
        try:
            request.POST  # noqa: B018  (read before the CSRF check reads it and turns this into a 400)
        except RequestDataTooBig:
            return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None
