"""What public pages are drawn from: the one place that knows it.

Every save or delete of a model listed here moves the content version forward, so every cached
public page is drawn anew on its next request (dxportal/pagecache.py). Code that changes these
models without a signal (`QuerySet.update`, `bulk_create`) calls `content_changed()` itself.

Each change is also recorded, once it commits, as the last change of the area of the site that
shows it (dxportal.models.AreaUpdate): the 「更新日」 of that area's pages and of the site-wide
pages (home, sitemap), which show every area.

Some pages also change with the clock: a comment period opens or closes at a set time, and pages
that say 「現在」 or list what is upcoming turn over at midnight. A cached page is kept no longer
than until the next such moment.
"""

from __future__ import annotations

import datetime
import threading
import time

from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

VERSION_KEY = "content-version"

# Models whose rows public pages show, by app label. Consultations, their follow-ups and access
# records are never public: a new request does not make any public page out of date.
PUBLIC_MODELS = {
    "headquarters": "__all__",
    "plan": "__all__",
    "consultations": ["Desk", "SupportItem"],
    "dxportal": ["PageContact", "Notice", "AccessibilityTestRun", "AccessibilityResult"],
}


def public_models() -> list[type]:
    models = []
    for label, names in PUBLIC_MODELS.items():
        config = apps.get_app_config(label)
        if names == "__all__":
            models.extend(config.get_models())
        else:
            models.extend(config.get_model(name) for name in names)
    return models


# The version a request has read, kept for the rest of that request: a page asks for it several
# times (its cache key, its furniture, its breadcrumbs), and every ask was a trip to the cache.
# Only between request_started and request_finished; a command or a test reads it afresh.
_request = threading.local()


def content_version() -> int:
    """The current content version (the time of the last change, in ns), shared by every app
    server through the cache; a new one if the cache lost it. Read once per request."""
    version = getattr(_request, "version", None)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    version = version or time.time_ns()  # a cache that is away: nothing cached matches
    if getattr(_request, "active", False):
        _request.version = version
    return version


def new_content_version() -> None:
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    if getattr(_request, "active", False):
        _request.version = version  # this request's own change: it sees it at once


def start_request(**kwargs) -> None:
    _request.active, _request.version = True, None


def end_request(**kwargs) -> None:
    _request.active, _request.version = False, None


def content_changed(sender: type | None = None, **kwargs) -> None:
    """Public data changed: cached pages are out of date now and again when the change commits.

    The second bump closes a race: a request that read the old rows while the transaction was
    open could have cached them under the first new version. (A signal receiver, and the call
    for code that changes public rows without signals; such code may name the model it changed
    as `sender`, else every area's 更新日 moves.)

    The 更新日 is written after the commit, in its own statement: inside the transaction it would
    hold a lock on a row every public save writes until the commit, and a rolled-back change
    records nothing. It is recorded before the last bump, so pages drawn after it show it.
    """
    new_content_version()
    areas = changed_areas(sender)
    transaction.on_commit(lambda: record_change(areas), robust=True)
    transaction.on_commit(new_content_version, robust=True)


# The portal's own models that only the site-wide pages show (the accessibility policy).
SITE_ONLY_MODELS = {"dxportal.AccessibilityTestRun", "dxportal.AccessibilityResult"}


def changed_areas(sender: type | None) -> list[str]:
    """The areas whose pages show the model's rows: its app's area and the site-wide pages (home,
    sitemap); every area for contacts and notices, which any area may show, or when unnamed."""
    from dxportal.models import APP_AREAS, SiteArea

    if sender is None:
        return list(SiteArea.values)
    if sender._meta.label in SITE_ONLY_MODELS:
        return [SiteArea.SITE]
    area = APP_AREAS.get(sender._meta.app_label)
    return [area, SiteArea.SITE] if area else list(SiteArea.values)


def record_change(areas: list[str]) -> None:
    from dxportal.models import AreaUpdate

    AreaUpdate.objects.record(areas)


def connect_signals() -> None:
    request_started.connect(start_request, weak=False)
    request_finished.connect(end_request, weak=False)
    for model in public_models():
        post_save.connect(content_changed, sender=model, weak=False)
        post_delete.connect(content_changed, sender=model, weak=False)


def next_change(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next moment public pages change by themselves: a comment period opening or closing,
    or midnight in Japan, whichever comes first."""
    from plan.comments import CommentPeriod

    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    upcoming = CommentPeriod.objects.filter(Q(opens_at__gt=now) | Q(closes_at__gt=now)).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return min(moment for moment in (midnight, upcoming["opens"], upcoming["closes"]) if moment)
