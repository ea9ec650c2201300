"""Pages for the desk's staff (concierges and the secretariat), outside the admin's lists."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from consultations.statistics import breakdowns
from dxportal.lib.fiscal import fiscal_year
from dxportal.lib.params import EARLIEST_YEAR, LATEST_YEAR, int_param


@never_cache
@staff_member_required
@permission_required("consultations.view_consultation", raise_exception=True)
def statistics(request: HttpRequest) -> HttpResponse:
    """Consultations of a fiscal year by month, 支援内容, industry and municipality."""
    current = fiscal_year(timezone.localdate())
    # Staff pick a year from the menu; anything unusable shows this year's figures (the heading
    # names the year shown) rather than an error page.
    year = int_param(request, "year", default=current, minimum=EARLIEST_YEAR, maximum=LATEST_YEAR)
    return render(
        request,
        "consultations/statistics.html",
        {"year": year, "years": range(current, current - 5, -1), "breakdowns": breakdowns(year)},
    )
