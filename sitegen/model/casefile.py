"""The record of a case: docket order, exhibit order, and finding an exhibit by its id.

Shared by the reader (which stores the docket and exhibits in these orders), the site
(which checks `{{< exhibit ID >}}` embeds of articles, and of anything else that names a
case) and the case page.
"""

from __future__ import annotations

import re

from sitegen.model.content import Case, DocketEntry, Exhibit
from sitegen.shared.errors import did_you_mean

# An exhibit id as courts write them (PX-14, DX-203, JX-1, 14A) and as an embed line
# can carry it: no spaces, no `>`.
EXHIBIT_ID_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_RUNS_RE = re.compile(r"(\d+)")


def docket_key(entry: DocketEntry) -> tuple:
    """Sorts newest first when reversed: by date, then numbered entries by number above
    the unnumbered ones of that day (which keep the order they were written in)."""
    numbered = entry.number is not None
    return (entry.date, numbered, entry.number or 0, -entry.line)


def docket_order(entries: list[DocketEntry]) -> tuple[DocketEntry, ...]:
    """Newest first; on one day the higher number first, unnumbered entries last."""
    return tuple(sorted(entries, key=docket_key, reverse=True))


def exhibit_key(ident: str) -> tuple:
    """Number order: `PX-2` before `PX-14`, `DX` before `PX`, letters case-folded."""
    return tuple(
        (0, int(run), "") if run.isdigit() else (1, 0, run.casefold())
        for run in _RUNS_RE.split(ident)
        if run
    )


def find_exhibit(case: Case, ident: str) -> Exhibit | None:
    for exhibit in case.exhibits:
        if exhibit.id == ident:
            return exhibit
    return None


def exhibit_problem(case_slug: str | None, cases: dict[str, Case], ident: str) -> str | None:
    """Why `{{< exhibit IDENT >}}` in a text of the case `case_slug` cannot be shown, in
    an editor's words; None when it can. An unknown case is reported where it is named,
    so it gives no second problem here."""
    if case_slug is None:
        return f"`exhibit {ident}` needs the article's `case`: exhibits belong to a case"
    case = cases.get(case_slug)
    if case is None:
        return None
    if find_exhibit(case, ident) is not None:
        return None
    ids = [e.id for e in case.exhibits]
    if not ids:
        return f"no exhibit `{ident}`: the case `{case_slug}` lists no `exhibits`"
    hint = did_you_mean(ident, ids)
    if not hint:
        folded = [i for i in ids if i.casefold() == ident.casefold()]
        hint = f" (did you mean `{folded[0]}`?)" if folded else ""
    return f"no exhibit `{ident}` in cases/{case_slug}.yaml" + hint
