"""The valuation chart as a reader sees it: whole words in every label, and the largest
bar as wide as the column (issue 22, item 16)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from sitegen.model.content import PartialDate, Valuation
from sitegen.render.charts import LABEL_CHARS, valuation_chart

DAMAGES = [
    Valuation("The Ledger", Decimal("930e6"), Decimal("930e6"), "USD", PartialDate(2026, 3), 1,
              "Damages sought for copying the archive, under the Copyright Act"),
    Valuation("Maximilian-Alexander Holdings", Decimal("12e6"), Decimal("40e6"), "USD",
              PartialDate(2025), 2, "Statutory damages as estimated by the defence"),
    Valuation("Corvid Labs", Decimal("3e9"), Decimal("3e9"), "EUR", PartialDate(2026, 1), 3),
]  # fmt: skip


def chart(valuations=DAMAGES):
    svg = str(valuation_chart(valuations, "v", "Damages"))
    return etree.fromstring(svg.replace('xmlns="http://www.w3.org/2000/svg"', ""))


def labels(svg) -> list[list[str]]:
    return [[t.text for t in label] for label in svg.iterfind(".//text[@class='chart-label']")]


def test_labels_wrap_at_whole_words_and_are_never_cut():
    found = labels(chart())
    assert [" ".join(lines) for lines in found] == [
        "Maximilian-Alexander Holdings, 2025: Statutory damages as estimated by the defence",
        "Corvid Labs, January 2026",
        "The Ledger, March 2026: Damages sought for copying the archive, under the Copyright Act",
    ]
    assert all(len(line) <= LABEL_CHARS for lines in found for line in lines)
    assert not any("…" in line for lines in found for line in lines)
    assert len(found[0]) > 1  # wrapped, not cut


def test_the_largest_bar_spans_the_whole_width_and_the_chart_fills_its_column():
    svg = chart()
    assert svg.get("width") == "100%" and svg.get("viewBox") is None  # text is never scaled
    bars = svg.findall(".//rect[@class='chart-bar']")
    ranges = svg.findall(".//rect[@class='chart-range']")
    # The Ledger's $930 million is the largest dollar figure: its bar is the full width;
    # each currency is scaled to its own largest, so the euro figure is full width too.
    assert [b.get("width") for b in bars] == ["1.3%", "100.0%", "100.0%"]
    # Maximilian's range runs on, dashed, from its low end to its high end.
    assert [(r.get("x"), r.get("width")) for r in ranges] == [("1.3%", "3.0%")]
