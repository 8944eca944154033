"""References from one file to another (an article's case, people and glossary terms),
and what to tell an editor when one misses: the nearest name that exists.

An article with errors of its own is left out of the site, but the names it refers to
are still checked (`Reference`): a typo in `case` is reported in the same run as a
bad `updates.kind` beside it, not only once that is fixed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sitegen.model.names import Directory
from sitegen.shared.errors import Diagnostics, did_you_mean

Kind = Literal["case", "term", "person", "speaker", "update"]


@dataclass(frozen=True)
class Reference:
    """A name an article refers to, kept when the article itself could not be read."""

    path: str
    line: int
    field: str  # `case`, `glossary[1]`, `claims[0].by`
    kind: Kind
    name: str  # for an update, its date as written
    when: datetime | None = None  # an update's date, checked against the build's now


def no_case(name: str, known: Collection[str]) -> str:
    hint = did_you_mean(name, known)
    if not hint and known:
        hint = f" (known: {', '.join(sorted(known))})"
    return f"no case `{name}` in content/cases/{hint}"


def no_term(name: str, known: Iterable[str]) -> str:
    return f"no glossary term `{name}`" + did_you_mean(name, known)


def not_a_person(name: str, directory: Directory, speaker: bool = False) -> str:
    message = f"`{name}` is not in people.yaml" + did_you_mean(name, directory.known_names())
    return message + ("; they get a page of their own" if speaker else "")


def check(
    references: Iterable[Reference],
    cases: Collection[str],
    unreadable_cases: Collection[str],
    terms: Collection[str],
    directory: Directory,
    diag: Diagnostics,
    unchecked: Collection[str] = (),
) -> None:
    """Report each reference that names nothing, as for an article that was read;
    `unchecked` holds "glossary" and "people" when that file could not be read."""
    for ref in references:
        if ref.kind == "case" and ref.name not in cases and ref.name not in unreadable_cases:
            diag.error(ref.path, ref.line, ref.field, no_case(ref.name, cases))
        elif ref.kind == "term" and ref.name not in terms and "glossary" not in unchecked:
            diag.error(ref.path, ref.line, ref.field, no_term(ref.name, terms))
        elif (
            ref.kind in ("person", "speaker")
            and directory.find(ref.name) is None
            and "people" not in unchecked
        ):
            message = not_a_person(ref.name, directory, speaker=ref.kind == "speaker")
            diag.warning(ref.path, ref.line, ref.field, message)


def unchecked_notes(
    references: Iterable[tuple[str, str]], unreadable_cases: dict[str, str], diag: Diagnostics
) -> None:
    """One note per case file with errors: how many articles name it, unchecked. Each
    of `references` is (article path, case slug)."""
    counts: dict[str, set[str]] = {}
    for path, slug in references:
        if slug in unreadable_cases:
            counts.setdefault(slug, set()).add(path)
    for slug, paths in sorted(counts.items()):
        n = len(paths)
        message = (
            f"{n} article{'s' if n != 1 else ''} with `case: {slug}` {'are' if n != 1 else 'is'} "
            "not checked against this file until it reads without errors"
        )
        diag.warning(unreadable_cases[slug], 1, "case", message)


_UNREAD = {
    "glossary": "no term is linked, and articles' `glossary` lists are not checked,",
    "people": "the people articles name (`people`, `by`) are not checked",
    "authors": "bylines in articles and live entries are not checked",
}


def unread_data_notes(kinds: Iterable[str], diag: Diagnostics) -> None:
    """One note at content/glossary.yaml or content/people.yaml when it could not be
    read: every name would miss, so none is reported until the file is fixed."""
    for kind in sorted(kinds):
        message = f"{_UNREAD[kind]} until this file reads without errors"
        diag.warning(f"content/{kind}.yaml", 1, "", message)
