"""The structured items of an article: claims, quotes, tables, valuations, sources, updates."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import tzinfo

from sitegen.model.amounts import parse_amount
from sitegen.model.content import CLAIM_STATUSES, Claim, Quote, Source, Table, Update, Valuation
from sitegen.model.images import ImageRef
from sitegen.read.fields import Reader, child, get, has_time, is_null
from sitegen.read.yamldoc import Map, Node, Scalar
from sitegen.shared.typography import smart


def read_sources(reader: Reader, node: Node | None, field: str) -> tuple[Source, ...]:
    out = []
    for i, item in enumerate(reader.seq(node, field)):
        name = child(field, i)
        spec = reader.mapping(item, name, ("title", "url", "publisher", "date"), ("title", "url"))
        if spec is None:
            continue
        title = reader.text(get(spec, "title"), child(name, "title"), required=True)
        url = reader.url(get(spec, "url"), child(name, "url"))
        publisher = reader.text(get(spec, "publisher"), child(name, "publisher"))
        when = reader.partial_date(get(spec, "date"), child(name, "date"))
        if title and url:
            out.append(Source(title, url, publisher, when))
    return tuple(out)


def read_updates(reader: Reader, node: Node | None, zone: tzinfo) -> tuple[Update, ...]:
    out = []
    for i, item in enumerate(reader.seq(node, "updates")):
        name = child("updates", i)
        spec = reader.mapping(item, name, ("date", "note", "kind"), ("date", "note"))
        if spec is None:
            continue
        date_node = get(spec, "date")
        when = reader.moment(date_node, child(name, "date"), zone)
        note = reader.text(get(spec, "note"), child(name, "note"), required=True)
        kind = reader.choice(get(spec, "kind"), child(name, "kind"), ("update", "correction"))
        if when and note:
            timed = has_time(date_node)
            line = spec.line_of("date")
            out.append(Update(when, note, kind or "update", line, timed))  # type: ignore[arg-type]
    return tuple(sorted(out, key=lambda u: u.date))


def _smart(text: str | None) -> str | None:
    """Typographic quotes and dashes in text shown as written (contexts, quotes)."""
    return smart(text) if text else text


def _unique_id(reader: Reader, seen: dict[str, int], value: str | None, line: int, field: str):
    if value is None:
        return
    if value in seen:
        reader.error(line, field, f"`{value}` is used twice (first at line {seen[value]})")
    else:
        seen[value] = line


def read_claims(reader: Reader, node: Node | None) -> tuple[Claim, ...]:
    out, seen = [], {}
    known = ("id", "text", "by", "status", "date", "context", "sources")
    for i, item in enumerate(reader.seq(node, "claims")):
        name = child("claims", i)
        spec = reader.mapping(item, name, known, ("id", "text", "by", "status"))
        if spec is None:
            continue
        claim_id = reader.slug(get(spec, "id"), child(name, "id"))
        _unique_id(reader, seen, claim_id, spec.line_of("id"), child(name, "id"))
        text = reader.text(get(spec, "text"), child(name, "text"), required=True)
        by = reader.text(get(spec, "by"), child(name, "by"), required=True)
        status = reader.choice(get(spec, "status"), child(name, "status"), CLAIM_STATUSES)
        when = reader.partial_date(get(spec, "date"), child(name, "date"))
        context = _smart(reader.text(get(spec, "context"), child(name, "context")))
        sources = read_sources(reader, get(spec, "sources"), child(name, "sources"))
        if claim_id and text and by and status:
            line = spec.line
            by_line = spec.line_of("by")
            out.append(Claim(claim_id, text, by, status, line, when, context, sources, by_line))
    return tuple(out)


def read_quotes(reader: Reader, node: Node | None) -> tuple[Quote, ...]:
    out, seen = [], {}
    known = ("id", "text", "by", "role", "date", "context")
    for i, item in enumerate(reader.seq(node, "quotes")):
        name = child("quotes", i)
        spec = reader.mapping(item, name, known, ("text", "by"))
        if spec is None:
            continue
        quote_id = reader.slug(get(spec, "id"), child(name, "id"))
        _unique_id(reader, seen, quote_id, spec.line_of("id"), child(name, "id"))
        text = reader.text(get(spec, "text"), child(name, "text"), required=True)
        by = reader.text(get(spec, "by"), child(name, "by"), required=True)
        role = reader.text(get(spec, "role"), child(name, "role"))
        when = reader.partial_date(get(spec, "date"), child(name, "date"))
        context = _smart(reader.text(get(spec, "context"), child(name, "context")))
        if text and by:
            by_line = spec.line_of("by")
            quote = Quote(smart(text), by, spec.line, quote_id, role, when, context, by_line)
            out.append(quote)
    return tuple(out)


def read_tables(reader: Reader, node: Node | None) -> tuple[Table, ...]:
    out, seen = [], {}
    for i, item in enumerate(reader.seq(node, "tables")):
        name = child("tables", i)
        spec = reader.mapping(item, name, ("id", "caption", "columns", "rows"), ("id", "columns"))
        if spec is None:
            continue
        table_id = reader.slug(get(spec, "id"), child(name, "id"))
        _unique_id(reader, seen, table_id, spec.line_of("id"), child(name, "id"))
        caption = reader.text(get(spec, "caption"), child(name, "caption"))
        columns = reader.texts(get(spec, "columns"), child(name, "columns"))
        rows = []
        for r, row_node in enumerate(reader.seq(get(spec, "rows"), child(name, "rows"))):
            row_name = child(child(name, "rows"), r)
            cells = reader.seq(row_node, row_name)
            if columns and len(cells) != len(columns):
                # Counted as an editor counts rows: the first is row 1.
                message = (
                    f"row {r + 1} has {len(cells)} cells, but the table has {len(columns)} "
                    f"columns ({', '.join(columns)})"
                )
                if len(cells) > len(columns):  # most often a comma taken for a separator
                    message += ': a cell with a comma in it goes in quotes, as in `"A, B"`'
                reader.error(row_node.line, child(name, "rows"), message)
                continue
            texts = [reader.text(c, child(row_name, j)) or "" for j, c in enumerate(cells)]
            rows.append(tuple(texts))
        if table_id and columns:
            out.append(Table(table_id, columns, tuple(rows), spec.line, caption))
    return tuple(out)


def read_valuations(reader: Reader, node: Node | None) -> tuple[Valuation, ...]:
    out = []
    known = ("entity", "amount", "low", "high", "currency", "as_of", "label")
    for i, item in enumerate(reader.seq(node, "valuations")):
        name = child("valuations", i)
        spec = reader.mapping(item, name, known, ("entity", "as_of"))
        if spec is None:
            continue
        entity = reader.text(get(spec, "entity"), child(name, "entity"), required=True)
        as_of = reader.partial_date(get(spec, "as_of"), child(name, "as_of"))
        label = reader.text(get(spec, "label"), child(name, "label"))
        currency = (reader.text(get(spec, "currency"), child(name, "currency")) or "USD").upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            message = f"`{currency}` is not a three-letter currency code (USD, EUR, GBP)"
            reader.error(spec.line_of("currency"), child(name, "currency"), message)
            continue
        figures = _figures(reader, spec, name)
        if entity and as_of and figures:
            low, high = figures
            out.append(Valuation(entity, low, high, currency, as_of, spec.line, label))
    return tuple(out)


def _figures(reader: Reader, spec, name: str):
    """`amount`, or `low` and `high`; exactly one of the two forms."""
    values = {}
    for key in ("amount", "low", "high"):
        node = get(spec, key)
        if is_null(node):
            continue
        text = reader.text(node, child(name, key))
        value = parse_amount(text) if text else None
        if value is None:
            reader.error(
                spec.line_of(key),
                child(name, key),
                f"`{text}` is not an amount: write a number, optionally with K, M, B or T (`800B`)",
            )
            return None
        values[key] = value
    if "amount" in values and ("low" in values or "high" in values):
        reader.error(spec.line, name, "give either `amount` or `low` and `high`, not both")
        return None
    if "amount" in values:
        return values["amount"], values["amount"]
    if "low" in values and "high" in values:
        if values["low"] > values["high"]:
            reader.error(spec.line_of("low"), child(name, "low"), "is greater than `high`")
            return None
        return values["low"], values["high"]
    if not any(k in spec.entries for k in ("amount", "low", "high")):
        reader.error(spec.line, child(name, "amount"), "is required (or `low` and `high`)")
    elif "low" in values or "high" in values:
        missing = "high" if "low" in values else "low"
        reader.error(spec.line, child(name, missing), "is required with a range")
    return None


IMAGE_FIELDS = ("src", "alt", "caption", "credit")


def read_image(reader: Reader, node: Node | None, field: str) -> ImageRef | None:
    """The lead `image`: a bare path or URL (no alt text: a warning), or a mapping."""
    if is_null(node):
        return None
    assert node is not None
    if not isinstance(node, Map):
        src = reader.url(node, field, allow_path=True)
        if src is None:
            return None
        reader.warning(
            node.line,
            field,
            "has no alt text: write it as a mapping with `src` and `alt` "
            '(`alt: ""` marks an image as decorative)',
        )
        return ImageRef(src, node.line)
    return _image_mapping(reader, node, field, IMAGE_FIELDS)


def read_images(reader: Reader, node: Node | None) -> tuple[ImageRef, ...]:
    """`images`: the article's images for the text, placed with `{{< image ID >}}`."""
    out, seen = [], {}
    for i, item in enumerate(reader.seq(node, "images")):
        name = child("images", i)
        if not isinstance(item, Map):
            reader.error(item.line, name, "must be a mapping with `id`, `src` and `alt`")
            continue
        image_id = reader.slug(get(item, "id"), child(name, "id"))
        _unique_id(reader, seen, image_id, item.line_of("id"), child(name, "id"))
        image = _image_mapping(reader, item, name, ("id", *IMAGE_FIELDS), ("id", "src"))
        if image is not None and image_id:
            out.append(replace(image, id=image_id))
    return tuple(out)


def _image_mapping(
    reader: Reader,
    node: Map,
    field: str,
    known: tuple[str, ...],
    required: tuple[str, ...] = ("src",),
) -> ImageRef | None:
    spec = reader.mapping(node, field, known, required)
    if spec is None:
        return None
    src = reader.url(get(spec, "src"), child(field, "src"), allow_path=True)
    alt = _alt(reader, spec, field)
    caption = reader.text(get(spec, "caption"), child(field, "caption"))
    credit = reader.text(get(spec, "credit"), child(field, "credit"))
    if src is None or alt is None:
        return None
    return ImageRef(src, spec.line_of("src"), alt, caption, credit)


def _alt(reader: Reader, spec: Map, field: str) -> str | None:
    """Alt text is required in a mapping; `alt: ""` (quoted) marks a decorative image."""
    node = get(spec, "alt")
    name = child(field, "alt")
    if isinstance(node, Scalar) and node.quoted and not node.text.strip():
        return ""
    if is_null(node):
        message = (
            "is required: describe the image for readers who cannot see it "
            '(`alt: ""` if it is decorative)'
        )
        reader.error(spec.line_of("alt") if node is not None else spec.line, name, message)
        return None
    return reader.text(node, name)
