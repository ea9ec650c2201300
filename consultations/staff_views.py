"""Pages for the desk's staff (concierges and the secretariat), outside the admin's lists."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from consultations.statistics import as_csv, breakdowns
from dxportal.lib.fiscal import fiscal_year
from dxportal.lib.params import EARLIEST_YEAR, LATEST_YEAR, int_param


@never_cache
@staff_member_required
@permission_required("consultations.view_consultation", raise_exception=True)
def statistics(request: HttpRequest) -> HttpResponse:
    """A fiscal year's consultations counted in several ways, as tables and charts or as CSV."""
    current = fiscal_year(timezone.localdate())
    # Staff pick a year from the menu; anything unusable shows this year's figures (the heading
    # names the year shown) rather than an error page.
    year = int_param(request, "year", default=current, minimum=EARLIEST_YEAR, maximum=LATEST_YEAR)
    tables = breakdowns(year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(as_csv(year, tables), content_type="text/csv; charset=utf-8")
        name = quote(f"相談の統計_{year}年度.csv")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response
    return render(
        request,
        "consultations/statistics.html",
        {"year": year, "years": range(current, current - 5, -1), "breakdowns": tables},
    )
