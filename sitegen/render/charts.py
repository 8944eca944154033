"""Valuation bar charts as inline SVG, drawn at build time: no JavaScript, no colour needed.

Each row is a label line ("OpenAI, May 2026: Valuation at IPO") over a bar from zero with
its amount written after it. A range is a solid bar to its low end and a dashed outline on
to its high end, so the shape, not the colour, tells a range from a single figure. Every
mark carries presentation attributes in `currentColor`, so the chart reads in any theme and
even without the style sheet; the style sheet may still restyle the classes.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

from sitegen.model.amounts import format_range
from sitegen.model.content import Valuation

WIDTH = 400  # narrow enough that text stays legible when a phone scales it down
ROW = 56  # one row: a label line, then the bar
BAR_H = 20
VALUE_W = 190  # room after the longest bar for "$800 billion–$1 trillion"
BAR_MAX = WIDTH - VALUE_W
LABEL_CHARS = 52  # about what fits in WIDTH at the chart's font size


def _label(v: Valuation) -> str:
    text = f"{v.entity}, {v.as_of}" + (f": {v.label}" if v.label else "")
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def valuation_chart(valuations: list[Valuation], chart_id: str, title: str) -> Markup:
    """An accessible SVG bar chart, oldest figure first."""
    items = sorted(valuations, key=lambda v: (v.as_of.sort_key, v.entity))
    # Amounts in different currencies are not comparable: each is scaled to its own largest.
    tops: dict[str, Decimal] = {}
    for v in items:
        tops[v.currency] = max(tops.get(v.currency, Decimal(0)), v.high)
    height = ROW * len(items) + 8
    rows = []
    for i, v in enumerate(items):
        y = 4 + i * ROW
        top = tops[v.currency] or Decimal(1)
        low_w = max(float(v.low / top) * BAR_MAX, 2.0)
        high_w = max(float(v.high / top) * BAR_MAX, low_w)
        bar_y = y + 24
        rows.append(
            f'<text x="0" y="{y + 16}" class="chart-label">{escape(_label(v))}</text>'
            f'<rect x="0" y="{bar_y}" width="{low_w:.1f}" height="{BAR_H}" class="chart-bar" '
            f'fill="currentColor"/>'
        )
        if high_w > low_w:
            rows.append(
                f'<rect x="{low_w:.1f}" y="{bar_y + 0.5}" width="{high_w - low_w - 0.5:.1f}" '
                f'height="{BAR_H - 1}" class="chart-range" fill="none" stroke="currentColor" '
                f'stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
        amount = format_range(v.low, v.high, v.currency)
        rows.append(
            f'<text x="{high_w + 8:.1f}" y="{bar_y + 15}" class="chart-value">'
            f"{escape(amount)}</text>"
        )
    summary = "; ".join(
        f"{v.entity} ({v.as_of}): {format_range(v.low, v.high, v.currency)}" for v in items
    )
    how = (
        "Each bar starts at zero and runs to the amount; a range is a solid bar to its low "
        "end and a dashed outline on to its high end."
    )
    if len(tops) > 1:
        how += " Bars compare amounts in the same currency only."
    svg = (
        f'<svg class="chart" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="14" fill="currentColor" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}. {escape(how)}</desc>'
        + "".join(rows)
        + "</svg>"
    )
    return Markup(svg)  # noqa: S704 - every text node above is escaped
