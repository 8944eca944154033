"""The record in a case file: `docket`, `exhibits` and `witnesses` of cases/<slug>.yaml.

Each reader checks its list item by item and reports every problem at its line; an
item with a problem is left out (the build fails anyway), the others are returned.
"""

from __future__ import annotations

from datetime import date

from sitegen.model.casefile import EXHIBIT_ID_RE, docket_order, exhibit_key
from sitegen.model.content import (
    EXHIBIT_PARTIES,
    WITNESS_CALLERS,
    DocketEntry,
    Document,
    Exhibit,
    Witness,
)
from sitegen.read.fields import Reader, child, get, is_null
from sitegen.read.yamldoc import Map, Node, Scalar
from sitegen.shared.slugs import slugify

DOCKET_FIELDS = ("number", "date", "title", "url", "documents", "note")
DOCUMENT_FIELDS = ("title", "url")
EXHIBIT_FIELDS = ("id", "title", "party", "admitted", "url", "note")
WITNESS_FIELDS = ("person", "called_by", "expert", "dates", "note")


def read_docket(reader: Reader, spec: Map) -> tuple[DocketEntry, ...]:
    entries: list[DocketEntry] = []
    numbers: dict[int, int] = {}
    unnumbered: dict[str, int] = {}  # anchor -> line
    for i, item in enumerate(reader.seq(get(spec, "docket"), "docket")):
        name = child("docket", i)
        entry = reader.mapping(item, name, DOCKET_FIELDS, ("date", "title"))
        if entry is None:
            continue
        number = reader.integer(get(entry, "number"), child(name, "number"), minimum=1)
        if number is not None:
            if number in numbers:
                reader.error(
                    entry.line_of("number"),
                    child(name, "number"),
                    f"docket number {number} is used twice (first at line {numbers[number]})",
                )
            numbers.setdefault(number, entry.line_of("number"))
        when = reader.day(get(entry, "date"), child(name, "date"))
        title = reader.text(get(entry, "title"), child(name, "title"), required=True)
        url = reader.url(get(entry, "url"), child(name, "url"))
        documents = _documents(reader, get(entry, "documents"), child(name, "documents"))
        note = reader.text(get(entry, "note"), child(name, "note"))
        if when and title:
            found = DocketEntry(when, title, entry.line, number, url, documents, note)
            if number is None and found.anchor in unnumbered:
                # One day and title would give two entries one anchor and one feed id.
                reader.error(
                    entry.line,
                    name,
                    f"an unnumbered entry of {when.isoformat()} titled `{title}` is listed "
                    f"twice (first at line {unnumbered[found.anchor]}): give them `number`s",
                )
                continue
            unnumbered.setdefault(found.anchor, entry.line)
            entries.append(found)
    return docket_order(entries)


def _documents(reader: Reader, node: Node | None, field: str) -> tuple[Document, ...]:
    out = []
    for j, item in enumerate(reader.seq(node, field)):
        name = child(field, j)
        doc = reader.mapping(item, name, DOCUMENT_FIELDS, ("title", "url"))
        if doc is None:
            continue
        title = reader.text(get(doc, "title"), child(name, "title"), required=True)
        url = reader.url(get(doc, "url"), child(name, "url"))
        if title and url:
            out.append(Document(title, url))
    return tuple(out)


def read_exhibits(reader: Reader, spec: Map) -> tuple[Exhibit, ...]:
    exhibits: list[Exhibit] = []
    seen: dict[str, tuple[str, int]] = {}  # anchor -> (id as written, line)
    for i, item in enumerate(reader.seq(get(spec, "exhibits"), "exhibits")):
        name = child("exhibits", i)
        exhibit = reader.mapping(item, name, EXHIBIT_FIELDS, ("id", "title"))
        if exhibit is None:
            continue
        ident = _exhibit_id(reader, get(exhibit, "id"), child(name, "id"))
        if ident is not None:
            # `px-14`, `PX.14` and `PX-14` would share an anchor on the case page.
            key = slugify(ident)
            first = seen.get(key)
            if first is not None:
                reader.error(
                    exhibit.line_of("id"),
                    child(name, "id"),
                    f"exhibit `{ident}` is listed twice (first as `{first[0]}` at line {first[1]})",
                )
                ident = None
            else:
                seen[key] = (ident, exhibit.line_of("id"))
        title = reader.text(get(exhibit, "title"), child(name, "title"), required=True)
        party = reader.choice(get(exhibit, "party"), child(name, "party"), EXHIBIT_PARTIES)
        admitted = _admitted(reader, get(exhibit, "admitted"), child(name, "admitted"))
        url = reader.url(get(exhibit, "url"), child(name, "url"))
        note = reader.text(get(exhibit, "note"), child(name, "note"))
        if ident and title and admitted is not False:
            exhibits.append(Exhibit(ident, title, exhibit.line, party, admitted or None, url, note))
    return tuple(sorted(exhibits, key=lambda e: exhibit_key(e.id)))


def _exhibit_id(reader: Reader, node: Node | None, field: str) -> str | None:
    value = reader.text(node, field, required=True)
    if value is None:
        return None
    if not EXHIBIT_ID_RE.fullmatch(value):
        suggestion = "-".join(value.split())
        hint = f" (try `{suggestion}`)" if EXHIBIT_ID_RE.fullmatch(suggestion) else ""
        reader.error(
            node.line,  # type: ignore[union-attr]
            field,
            f"`{value}` is not an exhibit id: use letters, digits, `-`, `.` and `_`, "
            f"no spaces{hint}",
        )
        return None
    return value


def _admitted(reader: Reader, node: Node | None, field: str):
    """The day admitted; None when not (absent, empty or `false`); False on an error."""
    if is_null(node):
        return None
    if isinstance(node, Scalar) and not node.quoted and node.text in ("false", "no", "False"):
        return None
    if isinstance(node, Scalar) and not node.quoted and node.text in ("true", "yes", "True"):
        reader.error(node.line, field, "write the date it was admitted (YYYY-MM-DD), not `true`")
        return False
    day = reader.day(node, field)
    return day if day is not None else False


def read_witnesses(reader: Reader, spec: Map) -> tuple[Witness, ...]:
    witnesses: list[Witness] = []
    for i, item in enumerate(reader.seq(get(spec, "witnesses"), "witnesses")):
        name = child("witnesses", i)
        witness = reader.mapping(item, name, WITNESS_FIELDS, ("person",))
        if witness is None:
            continue
        person = reader.text(get(witness, "person"), child(name, "person"), required=True)
        called_by = reader.choice(
            get(witness, "called_by"), child(name, "called_by"), WITNESS_CALLERS
        )
        expert = reader.boolean(get(witness, "expert"), child(name, "expert"))
        dates = _days(reader, get(witness, "dates"), child(name, "dates"))
        note = reader.text(get(witness, "note"), child(name, "note"))
        if person:
            line = witness.line_of("person")
            witnesses.append(Witness(person, line, called_by, bool(expert), dates, note))
    return tuple(witnesses)


def _days(reader: Reader, node: Node | None, field: str) -> tuple[date, ...]:
    """A list of days (a single day is a list of one), in order, each once."""
    if isinstance(node, Scalar) and not is_null(node):
        day = reader.day(node, field)
        return (day,) if day else ()
    found = (reader.day(item, child(field, j)) for j, item in enumerate(reader.seq(node, field)))
    return tuple(sorted({day for day in found if day is not None}))
