"""Pages no app owns: the home page, the health check and the error pages."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from consultations.models import Desk
from headquarters.models import Body, Charter
from plan.selectors import current_plan

logger = logging.getLogger(__name__)


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


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app answers and its database does; 503 otherwise, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
