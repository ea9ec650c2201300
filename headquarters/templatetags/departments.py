"""Department names as they read on a page's own date (a renamed department keeps its past)."""

from __future__ import annotations

import datetime

from django import template

from headquarters.models import Department

register = template.Library()


@register.simple_tag
def department_name(department: Department | None, day: datetime.date) -> str:
    """{% department_name directive.department meeting.date %}: 企画政策部DX推進課 as of that day."""
    return department.full_name_on(day) if department else ""
