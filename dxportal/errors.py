"""The page for a form refused by the CSRF check: Japanese, in the site's layout.

settings.CSRF_FAILURE_VIEW names this view. The other error pages need no view of their own:
Django's handlers render templates/400.html, 403.html and 404.html with the request (each page
offers the admin's index or sign-in when the reader was in the admin), and templates/500.html
without a database or a request; dxportal/body_limits.py renders 413.html.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Most often a page left open for long, or cookies turned off. Django logs the reason;
    the page says what to do instead."""
    return render(request, "403.html", {"csrf_failed": True}, status=403)
