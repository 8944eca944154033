"""Valuation bar charts as inline SVG, drawn at build time: no JavaScript, no colour needed.

Each row is a label ("OpenAI, May 2026: Valuation at IPO"), wrapped at word boundaries and
never cut, then the amount, then a bar from zero. A range is a solid bar to its low end
and a dashed outline on to its high end, so the shape, not the colour, tells a range from
a single figure. Every mark carries presentation attributes in `currentColor`, so the
chart reads in any theme and even without the style sheet.

The chart is as wide as its column and bar lengths are percentages of that width, so the
largest bar spans the column on a phone and on a desktop alike, while the text keeps its
size: nothing is scaled, so nothing becomes too small to read.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from html import escape

from markupsafe import Markup

from sitegen.model.amounts import format_range
from sitegen.model.content import Valuation

FONT = 14  # px: the chart's text, never scaled
LINE = 18  # one line of label or amount
BAR_H = 20
ROW_GAP = 16  # between one row's bar and the next row's label
# A label wraps at a word boundary before this many characters: at the chart's font size
# that fits the narrowest column the theme has (a 390 px phone).
LABEL_CHARS = 40
MIN_BAR = Decimal("0.5")  # percent: a tiny amount still shows a mark


def label_lines(v: Valuation) -> list[str]:
    """The row's label in lines of whole words (a word longer than a line stays whole)."""
    text = f"{v.entity}, {v.as_of}" + (f": {v.label}" if v.label else "")
    return textwrap.wrap(text, LABEL_CHARS, break_long_words=False, break_on_hyphens=False)


def _percent(value: Decimal, top: Decimal) -> Decimal:
    return max(value / top * 100, MIN_BAR).quantize(Decimal("0.1"))


def valuation_chart(valuations: list[Valuation], chart_id: str, title: str) -> Markup:
    """An accessible SVG bar chart, oldest figure first."""
    items = sorted(valuations, key=lambda v: (v.as_of.sort_key, v.entity))
    # Amounts in different currencies are not comparable: each is scaled to its own largest.
    tops: dict[str, Decimal] = {}
    for v in items:
        tops[v.currency] = max(tops.get(v.currency, Decimal(0)), v.high)
    rows = []
    y = 0
    for v in items:
        top = tops[v.currency] or Decimal(1)
        lines = label_lines(v)
        spans = "".join(
            f'<tspan x="0" y="{y + FONT + i * LINE}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        rows.append(f'<text class="chart-label">{spans}</text>')
        y += len(lines) * LINE
        amount = format_range(v.low, v.high, v.currency)
        rows.append(f'<text x="0" y="{y + FONT}" class="chart-value">{escape(amount)}</text>')
        y += LINE + 4
        low, high = _percent(v.low, top), _percent(v.high, top)
        rows.append(
            f'<rect x="0" y="{y}" width="{low}%" height="{BAR_H}" class="chart-bar" '
            f'fill="currentColor"/>'
        )
        if high > low:
            rows.append(
                f'<rect x="{low}%" y="{y + 0.75}" width="{high - low}%" height="{BAR_H - 1.5}" '
                f'class="chart-range" fill="none" stroke="currentColor" stroke-width="1.5" '
                f'stroke-dasharray="4 3"/>'
            )
        y += BAR_H + ROW_GAP
    height = max(y - ROW_GAP + 2, 1)
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
        f'<svg class="chart" width="100%" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="{FONT}" fill="currentColor">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}. {escape(how)}</desc>'
        + "".join(rows)
        + "</svg>"
    )
    return Markup(svg)  # noqa: S704 - every text node above is escaped
