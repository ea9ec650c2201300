"""Template helpers of the plan pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from plan import charts

register = template.Library()


@register.simple_tag
def kpi_chart(kpi) -> SafeString:
    """The KPI's SVG chart (its values must be prefetched)."""
    return charts.kpi_chart(kpi, list(kpi.values.all()), element_id=f"kpi-{kpi.pk}")


@register.simple_tag
def kpi_achievement(value, kpi) -> str:
    return charts.achievement(value, kpi.direction)


@register.filter
def kpi_number(value) -> str:
    return charts.number(value)
