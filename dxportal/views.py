"""Pages no app owns: the home page, 新着情報, the pages every government site has (個人情報の
取扱い, ウェブアクセシビリティ方針, サイトマップ), the health check and robots.txt."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from consultations.models import Desk
from dxportal import accessibility, site_map
from dxportal.furniture import site_data
from dxportal.models import Notice, SiteArea
from dxportal.news import latest_news
from dxportal.pagecache import cached_public_page
from headquarters.models import Body, Charter, Edition, EditionFile, Meeting
from plan.selectors import current_plan

logger = logging.getLogger(__name__)

HOME_NEWS = 5
HOME_MEETINGS = 3
NEWS_PAGE_ITEMS = 100


def recent_meetings(limit: int) -> list[Meeting]:
    """The newest public meetings, each with the public materials of its current edition
    (`has_page`: the material has a web page besides its PDF)."""
    files = (
        EditionFile.objects.filter(kind=EditionFile.Kind.MATERIAL, is_public=True)
        .annotate(has_page=ExpressionWrapper(~Q(body_html=""), output_field=BooleanField()))
        .only("edition_id", "material_id", "order", "label", "title", "size")
    )
    current = Edition.objects.filter(is_current=True).prefetch_related(
        Prefetch("files", queryset=files, to_attr="materials")
    )
    meetings = (
        Meeting.objects.public()
        .order_by("-date", "-pk")
        .prefetch_related(Prefetch("editions", queryset=current, to_attr="current_editions"))
    )
    return list(meetings[:limit])


@method_decorator(cached_public_page, name="dispatch")
class HomeView(TemplateView):
    """The portal's front page: what the headquarters is, 新着情報, the meetings and their
    materials, and where to go next."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headquarters"] = Body.objects.public().filter(parent__isnull=True).first()
        context["charter"] = Charter.objects.order_by("id").first()
        context["plan"] = current_plan()
        context["desk"] = Desk.objects.order_by("id").first()
        context["news"] = latest_news(HOME_NEWS)
        context["meetings"] = recent_meetings(HOME_MEETINGS)
        return context


@method_decorator(cached_public_page, name="dispatch")
class NewsListView(TemplateView):
    """新着情報: everything published, newest first."""

    template_name = "site/news_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["news"] = latest_news(NEWS_PAGE_ITEMS)
        return context


@method_decorator(cached_public_page, name="dispatch")
class NoticeDetailView(DetailView):
    """A notice staff published; its contact is the section of the area it concerns."""

    template_name = "site/notice_detail.html"
    context_object_name = "notice"

    def get_queryset(self):
        return Notice.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_area"] = self.object.area
        return context


def retention_in_words(days: int) -> str:
    """1095 → 3年（1095日）; 400 → 400日: a period as people say it, with the exact days."""
    if days % 365 == 0:
        return f"{days // 365}年（{days}日）"
    return f"{days}日"


@method_decorator(cached_public_page, name="dispatch")
class PrivacyView(TemplateView):
    """個人情報の取扱い: what the portal collects (consultations, public comments), what for, who
    handles it, how long it is kept and whom to ask."""

    template_name = "site/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["desk"] = Desk.objects.order_by("id").first()
        context["plan_contact"] = site_data()["contacts"].get(SiteArea.PLAN)
        context["consultation_retention"] = retention_in_words(settings.CONSULTATION_RETENTION_DAYS)
        context["comment_retention"] = retention_in_words(settings.COMMENT_RETENTION_DAYS)
        return context


@method_decorator(cached_public_page, name="dispatch")
class AccessibilityView(TemplateView):
    """ウェブアクセシビリティ方針 and the results of the latest published test run."""

    template_name = "site/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(accessibility.latest_results())
        return context


@method_decorator(cached_public_page, name="dispatch")
class SitemapPageView(TemplateView):
    """サイトマップ: every page of /sitemap.xml, by part of the site, nested as their URLs are."""

    template_name = "site/sitemap.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = site_map.sections()
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
