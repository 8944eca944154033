"""Valuation bar charts as inline SVG, drawn at build time: no JavaScript, no colour needed."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

from .amounts import format_range
from .models import Valuation

WIDTH = 640
ROW = 44
LABEL_W = 200
BAR_MAX = WIDTH - LABEL_W - 170


def valuation_chart(valuations: list[Valuation], chart_id: str, title: str) -> Markup:
    """Bars from zero; a range is a solid bar to `low` and an outlined stretch to `high`."""
    items = sorted(valuations, key=lambda v: (v.as_of.sort_key, v.entity))
    top = max((v.high for v in items), default=Decimal(0)) or Decimal(1)
    height = ROW * len(items) + 16
    rows = []
    for i, v in enumerate(items):
        y = 8 + i * ROW
        low_w = float(v.low / top) * BAR_MAX
        high_w = float(v.high / top) * BAR_MAX
        amount = format_range(v.low, v.high, v.currency)
        label = f"{v.entity}, {v.as_of}"
        rows.append(
            f'<text x="0" y="{y + 20}" class="chart-label">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 6}" width="{max(low_w, 2):.1f}" height="22" '
            f'class="chart-bar"/>'
        )
        if high_w > low_w:
            rows.append(
                f'<rect x="{LABEL_W + low_w:.1f}" y="{y + 6}" width="{high_w - low_w:.1f}" '
                f'height="22" class="chart-range"/>'
            )
        rows.append(
            f'<text x="{LABEL_W + max(high_w, 2) + 8:.1f}" y="{y + 22}" '
            f'class="chart-value">{escape(amount)}</text>'
        )
    summary = "; ".join(
        f"{v.entity} ({v.as_of}): {format_range(v.low, v.high, v.currency)}" for v in items
    )
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}. A solid bar runs to the amount, '
        f"or to the low end of a range; an outlined stretch runs on to the high end.</desc>"
        + "".join(rows)
        + "</svg>"
    )
    return Markup(svg)  # noqa: S704 - every text node above is escaped
