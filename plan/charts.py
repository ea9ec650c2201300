"""KPI charts drawn on the server as SVG: no script, so they work under the strict CSP and print.

Each chart is a picture of numbers that the page also shows as a table; the SVG carries a title
and a description for screen readers, and its colours come from classes in the stylesheet.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from plan.models import Kpi, KpiValue

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 96, 16, 24, 40


def number(value: Decimal | None) -> str:
    """12,345 or 12.5, without trailing zeros; empty for no value."""
    if value is None:
        return ""
    normalized = value.quantize(Decimal("0.01")).normalize()
    return f"{normalized:,f}"


def coordinate(value: float) -> str:
    """An SVG coordinate to one decimal place."""
    return f"{value:.1f}"


def achievement(value: KpiValue, direction: str) -> str:
    """How far the actual is towards the target, as a percentage, where both are known."""
    if value.actual is None or not value.target:
        return ""
    ratio = value.actual / value.target
    if direction == Kpi.Direction.DECREASE and value.actual:
        ratio = value.target / value.actual
    # Half a percent rounds up, as people round by hand (Decimal's default would round to even).
    rate = (ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{rate}%"


def kpi_chart(kpi: Kpi, values: list[KpiValue], *, element_id: str) -> SafeString:
    """Grouped bars per fiscal year: target (outlined) and actual (filled), with the baseline."""
    if not values:
        return SafeString("")
    highest = max(
        [kpi.baseline_value]
        + [v.target for v in values if v.target is not None]
        + [v.actual for v in values if v.actual is not None]
    )
    top_value = highest * Decimal("1.15") or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(values)
    bar = min(slot * 0.35, 40)

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value / top_value) * plot_h

    shapes = []
    for i, value in enumerate(values):
        x = LEFT + slot * i + slot / 2
        shapes.append(
            format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}年度</text>',
                coordinate(x),
                HEIGHT - BOTTOM + 18,
                value.fiscal_year,
            )
        )
        for offset, amount, css in (
            (-bar, value.target, "chart-target"),
            (0, value.actual, "chart-actual"),
        ):
            if amount is None:
                continue
            shapes.append(
                format_html(
                    '<rect class="{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                    '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>',
                    css,
                    coordinate(x + offset),
                    coordinate(y(amount)),
                    coordinate(bar),
                    coordinate(TOP + plot_h - y(amount)),
                    coordinate(x + offset + bar / 2),
                    coordinate(y(amount) - 4),
                    number(amount),
                )
            )
    baseline_y = y(kpi.baseline_value)
    return format_html(
        '<svg class="kpi-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{name}（単位: {unit}）の目標値と実績値</title>'
        '<desc id="{id}-desc">年度ごとの目標値（白抜き）と実績値（塗りつぶし）の棒グラフ。'
        "点線は基準値 {baseline}（{baseline_year}年度）。同じ数値を下の表に掲載しています。</desc>"
        '<line class="chart-axis-line" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"></line>'
        '<line class="chart-baseline" x1="{left}" y1="{by}" x2="{right}" y2="{by}"></line>'
        '<text class="chart-axis" x="{label_x}" y="{label_y}" text-anchor="end">'
        "基準値 {baseline}</text>"
        "{shapes}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=element_id,
        name=kpi.name,
        unit=kpi.unit,
        baseline=number(kpi.baseline_value),
        baseline_year=kpi.baseline_fiscal_year,
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=TOP + plot_h,
        by=coordinate(baseline_y),
        label_x=LEFT - 6,
        label_y=coordinate(baseline_y + 4),
        shapes=format_html_join("", "{}", ((shape,) for shape in shapes)),
    )
