"""The order of a case's record and how an exhibit embed is resolved, without a build."""

from __future__ import annotations

from datetime import date

from sitegen.model.casefile import docket_order, exhibit_key, exhibit_problem
from sitegen.model.content import Case, DocketEntry, Exhibit


def entry(day: str, title: str, line: int, number: int | None = None) -> DocketEntry:
    return DocketEntry(date.fromisoformat(day), title, line, number)


def test_the_docket_is_newest_first_higher_number_first_unnumbered_last_in_written_order():
    entries = [
        entry("2026-05-01", "Minute entry A", 1),
        entry("2026-05-01", "Order", 2, number=412),
        entry("2026-04-30", "Earlier", 3, number=500),
        entry("2026-05-01", "Minute entry B", 4),
        entry("2026-05-01", "Notice", 5, number=415),
        entry("2026-05-02", "Next day, unnumbered", 6),
    ]
    assert [e.title for e in docket_order(entries)] == [
        "Next day, unnumbered",
        "Notice",
        "Order",
        "Minute entry A",
        "Minute entry B",
        "Earlier",
    ]


def test_exhibits_sort_by_number_not_by_text():
    ids = ["PX-14", "px-3", "DX-203", "PX-2", "JX-1", "PX-14A", "14", "DX-9"]
    assert sorted(ids, key=exhibit_key) == [
        "14",
        "DX-9",
        "DX-203",
        "JX-1",
        "PX-2",
        "px-3",
        "PX-14",
        "PX-14A",
    ]


def test_anchors_are_stable_and_readable():
    assert Exhibit("PX-14", "Email", 1).anchor == "exhibit-px-14"
    assert entry("2026-05-01", "Order", 1, number=412).anchor == "docket-412"
    assert entry("2026-05-01", "Minute entry: day 5", 1).anchor == (
        "docket-2026-05-01-minute-entry-day-5"
    )


def test_an_exhibit_embed_is_resolved_by_case_slug_for_any_text_of_the_case():
    case = Case("x", "X v. Y", "content/cases/x.yaml", exhibits=(Exhibit("PX-14", "Email", 3),))
    cases = {"x": case}
    assert exhibit_problem("x", cases, "PX-14") is None
    assert exhibit_problem("x", cases, "PX-41") == (
        "no exhibit `PX-41` in cases/x.yaml (did you mean `PX-14`?)"
    )
    assert exhibit_problem(None, cases, "PX-14") == (
        "`exhibit PX-14` needs the article's `case`: exhibits belong to a case"
    )
    assert exhibit_problem("gone", cases, "PX-14") is None  # reported where `case` names it
    empty = {"x": Case("x", "X v. Y", "content/cases/x.yaml")}
    assert exhibit_problem("x", empty, "PX-1") == (
        "no exhibit `PX-1`: the case `x` lists no `exhibits`"
    )
