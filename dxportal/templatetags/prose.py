"""{{ text|prose }}: staff-written prose in the line markup of dxportal/lib/markup.py as HTML."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from dxportal.lib import markup

register = template.Library()


@register.filter
def prose(text: str) -> SafeString:
    """Bullets, ⇒ conclusions, ※ notes … as HTML; everything typed is escaped."""
    return markup.render(text or "")
