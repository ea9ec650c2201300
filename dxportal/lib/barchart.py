"""Horizontal bar charts as SVG, drawn on the server (no script: strict CSP, print, PDF).

The page always shows the same numbers as a table; the SVG names itself for screen readers.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
ROW_HEIGHT = 26
LABEL_WIDTH = 220


def bar_chart(rows: list[tuple[str, int]], *, title: str, element_id: str) -> SafeString:
    """One bar per (label, count) row, longest bar = the largest count."""
    if not rows:
        return SafeString("")
    highest = max(count for _label, count in rows) or 1
    plot = WIDTH - LABEL_WIDTH - 48
    height = ROW_HEIGHT * len(rows) + 8
    bars = []
    for i, (label, count) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        length = plot * count / highest
        bars.append(
            (
                LABEL_WIDTH - 8,
                y + 17,
                label,
                LABEL_WIDTH,
                y + 4,
                f"{length:.1f}",
                LABEL_WIDTH + length + 6,
                y + 17,
                count,
            )
        )
    shapes = format_html_join(
        "",
        '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="chart-actual" x="{}" y="{}" width="{}" height="18"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="bar-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}（同じ数値を表で掲載）</title>'
        "{}</svg>",
        WIDTH,
        height,
        element_id,
        element_id,
        title,
        shapes,
    )
