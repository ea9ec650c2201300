"""Pages no app owns: the home page, the health check and the error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from consultations.models import Desk
from dxportal.pagecache import cached_public_page
from headquarters.models import Body, Charter
from plan.selectors import current_plan

logger = logging.getLogger(__name__)


@method_decorator(cached_public_page, name="dispatch")
class HomeView(TemplateView):
    """The portal's front page: what the headquarters is and where to go next."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headquarters"] = Body.objects.public().filter(parent__isnull=True).first()
        context["charter"] = Charter.objects.order_by("id").first()
        context["plan"] = current_plan()
        context["desk"] = Desk.objects.order_by("id").first()
        return context


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /desk/*/consult/received/

Sitemap: {site_url}/sitemap.xml
"""


def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read, and where the sitemap is (an absolute URL, from DJANGO_SITE_URL:
    the one thing that keeps this from being a static file)."""
    response = HttpResponse(
        ROBOTS.format(site_url=settings.SITE_URL), content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app answers and its database does; 503 otherwise, for load balancers.

    The body names the state of each dependency. A cache that is away degrades the site (pages
    drawn anew, rate limits counted in the database) without taking it down, so it is reported
    but never makes a 503.
    """
    database = database_state()
    cache_state = shared_cache_state()
    if database != "ok":
        status = "error"
    else:
        status = "ok" if cache_state == "ok" else "degraded"
    body = {"status": status, "database": database, "cache": cache_state}
    return JsonResponse(body, status=200 if database == "ok" else 503)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return "unavailable"
    return "ok"


def shared_cache_state() -> str:
    """ok; degraded when Redis is away and the site goes on without it; else unavailable."""
    is_available = getattr(cache, "is_available", None)  # the fail-soft Redis cache
    if is_available is not None:
        return "ok" if is_available() else "degraded"
    try:
        cache.get("healthz")
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return "unavailable"
    return "ok"
