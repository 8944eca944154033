"""The site's data files: glossary.yaml, people.yaml, authors.yaml and cases/<slug>.yaml."""

from __future__ import annotations

import re

from sitegen.model.content import Author, Case, Person, Portrait, Term, TimelineEvent
from sitegen.model.references import no_term
from sitegen.read.casefile import read_docket, read_exhibits, read_witnesses
from sitegen.read.fields import Reader, child, get, is_null
from sitegen.read.sources import SourceFile
from sitegen.read.yamldoc import Map, Node, Scalar, Seq
from sitegen.read.yamldoc import parse as parse_yaml
from sitegen.shared.errors import Diagnostics
from sitegen.shared.slugs import slugify
from sitegen.shared.typography import smart


def _root(source: SourceFile, reader: Reader) -> Node | None:
    parsed = reader.load(source, parse_yaml)
    if parsed is None:
        return None
    root, problems = parsed
    for p in problems:
        reader.error(p.line, p.field, p.message)
    return root


def _unique_slug(reader: Reader, seen: dict[str, int], slug: str, line: int, field: str) -> bool:
    if slug in seen:
        reader.error(line, field, f"slug `{slug}` is used twice (first at line {seen[slug]})")
        return False
    seen[slug] = line
    return True


# A term is found in a text by its words (see `render.glossary`): one without a letter or
# digit could never be found, and its slug would be empty.
_WORD_CHAR_RE = re.compile(r"\w")


def _wordless(text: str) -> str:
    return (
        f"`{text}` has no letter or digit, so no text can ever link to it: "
        "write it with words (`C++` and `C#` are fine)"
    )


def _term_slug(term: str) -> str:
    """A term's slug when none is written: its words, and `+` and `#` as words, so that
    `C`, `C++` and `C#` get three (`c`, `c-plus-plus`, `c-sharp`)."""
    return slugify(term.replace("+", " plus ").replace("#", " sharp "))


def read_glossary(source: SourceFile, diag: Diagnostics) -> tuple[Term, ...]:
    reader = Reader(source.path, diag)
    root = _root(source, reader)
    out: list[Term] = []
    seen: dict[str, int] = {}
    known = ("term", "slug", "aliases", "definition", "see_also")
    see_also_lines: list[tuple[str, int, str]] = []
    for i, item in enumerate(reader.seq(root, "glossary")):
        name = f"[{i}]"
        spec = reader.mapping(item, name, known, ("term", "definition"))
        if spec is None:
            continue
        term = reader.text(get(spec, "term"), child(name, "term"), required=True)
        if term and not _WORD_CHAR_RE.search(term):
            line = spec.line_of("term")
            reader.error(line, child(name, "term"), _wordless(term))
            term = None
        definition = reader.text(get(spec, "definition"), child(name, "definition"), required=True)
        slug = reader.slug(get(spec, "slug"), child(name, "slug")) or (term and _term_slug(term))
        aliases = reader.texts(get(spec, "aliases"), child(name, "aliases"))
        for j, (alias, line) in enumerate(_texts_with_lines(get(spec, "aliases"))):
            if not _WORD_CHAR_RE.search(alias):
                reader.error(line, child(child(name, "aliases"), j), _wordless(alias))
        aliases = tuple(a for a in aliases if _WORD_CHAR_RE.search(a))
        see_also = reader.texts(get(spec, "see_also"), child(name, "see_also"))
        see_also_lines.extend(
            (ref, line, child(child(name, "see_also"), j))
            for j, (ref, line) in enumerate(_texts_with_lines(get(spec, "see_also")))
        )
        unique = slug and _unique_slug(reader, seen, slug, spec.line, child(name, "slug"))
        if term and definition and unique:
            out.append(Term(term, slug, definition, spec.line, aliases, see_also))
    # Checked once every slug is known, at the line of the `see_also` item itself.
    for ref, line, field in see_also_lines:
        if ref not in seen:
            reader.error(line, field, no_term(ref, seen))
    return tuple(out)


def _texts_with_lines(node: Node | None) -> list[tuple[str, int]]:
    """The texts of a string or list of strings, each with its line."""
    items = node.items if isinstance(node, Seq) else (node,)
    return [(n.text.strip(), n.line) for n in items if isinstance(n, Scalar) and not is_null(n)]


def read_people(source: SourceFile, diag: Diagnostics) -> tuple[Person, ...]:
    reader = Reader(source.path, diag)
    root = _root(source, reader)
    out: list[Person] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(reader.seq(root, "people")):
        name = f"[{i}]"
        spec = reader.mapping(item, name, ("name", "slug", "role", "aliases"), ("name",))
        if spec is None:
            continue
        person = reader.text(get(spec, "name"), child(name, "name"), required=True)
        slug = reader.slug(get(spec, "slug"), child(name, "slug")) or (person and slugify(person))
        role = reader.text(get(spec, "role"), child(name, "role"))
        aliases = reader.texts(get(spec, "aliases"), child(name, "aliases"))
        if person and slug and _unique_slug(reader, seen, slug, spec.line, child(name, "slug")):
            out.append(Person(person, slug, spec.line, role, aliases))
    return tuple(out)


AUTHOR_FIELDS = ("name", "slug", "role", "bio", "email", "links", "image")
_EMAIL_RE = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


def read_authors(source: SourceFile, diag: Diagnostics) -> tuple[Author, ...]:
    """authors.yaml: the newsroom's bylines, checked like people.yaml."""
    reader = Reader(source.path, diag)
    root = _root(source, reader)
    out: list[Author] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(reader.seq(root, "authors")):
        name = f"[{i}]"
        spec = reader.mapping(item, name, AUTHOR_FIELDS, ("name",))
        if spec is None:
            continue
        before = len(diag.errors)
        author = reader.text(get(spec, "name"), child(name, "name"), required=True)
        slug = reader.slug(get(spec, "slug"), child(name, "slug")) or (author and slugify(author))
        role = reader.text(get(spec, "role"), child(name, "role"))
        bio = reader.text(get(spec, "bio"), child(name, "bio"))
        email = _email(reader, get(spec, "email"), child(name, "email"))
        links = tuple(
            link
            for j, node in enumerate(reader.seq(_listed(get(spec, "links")), child(name, "links")))
            if (link := reader.url(node, child(child(name, "links"), j)))
        )
        image = _portrait(reader, get(spec, "image"), child(name, "image"))
        unique = slug and _unique_slug(reader, seen, slug, spec.line, child(name, "slug"))
        if author and unique and len(diag.errors) == before:
            out.append(Author(author, slug, spec.line, role, bio, email, links, image))
    return tuple(out)


def _listed(node: Node | None) -> Node | None:
    """A single value stands for a list of one (`links: https://...`)."""
    if isinstance(node, Scalar) and not is_null(node):
        return Seq((node,), node.line)
    return node


def _email(reader: Reader, node: Node | None, field: str) -> str | None:
    value = reader.text(node, field)
    if value is None:
        return None
    value = value.removeprefix("mailto:")
    if not _EMAIL_RE.fullmatch(value):
        reader.error(node.line, field, f"`{value}` is not an e-mail address")  # type: ignore[union-attr]
        return None
    return value


def _portrait(reader: Reader, node: Node | None, field: str) -> Portrait | None:
    """`image: images/dana.jpg` or `image: {src: images/dana.jpg, alt: Dana Whitfield}`."""
    if is_null(node):
        return None
    if isinstance(node, Scalar):
        src = reader.url(node, field, allow_path=True)
        return Portrait(src, "", node.line) if src else None
    spec = reader.mapping(node, field, ("src", "alt"), ("src",))
    if spec is None:
        return None
    src = reader.url(get(spec, "src"), child(field, "src"), allow_path=True)
    alt = get(spec, "alt")
    # Required, as for every image in mapping form; `alt: ""` marks it decorative.
    if is_null(alt):
        hint = 'describe the photo, or write `alt: ""` if it is decorative'
        reader.error(spec.line_of("alt"), child(field, "alt"), f"is required: {hint}")
        return None
    if not isinstance(alt, Scalar):
        reader.error(alt.line, child(field, "alt"), "must be text")  # type: ignore[union-attr]
        return None
    return Portrait(src, alt.text.strip(), spec.line_of("src")) if src else None


CAPTION = "valuations_caption"
CASE_FIELDS = (
    "title", "court", "judge", "status", "summary", "parties", "timeline", "valuations_caption",
)  # fmt: skip
RECORD_FIELDS = ("docket", "exhibits", "witnesses")  # the record: see `casefile`


def read_case(source: SourceFile, diag: Diagnostics) -> Case | None:
    reader = Reader(source.path, diag)
    before = len(diag.errors)
    root = _root(source, reader)
    if root is None and len(diag.errors) > before:
        return None
    spec = reader.mapping(root, "", CASE_FIELDS + RECORD_FIELDS, ("title",))
    if spec is None:
        return None
    stem = source.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    slug = slugify(stem)
    if slug != stem:
        reader.error(1, "", f"the file name `{stem}` is not a slug (try `{slug}.yaml`)")
    title = reader.text(get(spec, "title"), "title", required=True)
    plaintiffs: tuple[str, ...] = ()
    defendants: tuple[str, ...] = ()
    lines: dict[str, int] = {}
    parties = get(spec, "parties")
    if parties is not None and reader.mapping(parties, "parties", ("plaintiffs", "defendants")):
        plaintiffs = reader.texts(get(parties, "plaintiffs"), "parties.plaintiffs")  # type: ignore[arg-type]
        defendants = reader.texts(get(parties, "defendants"), "parties.defendants")  # type: ignore[arg-type]
        lines.update(_item_lines(parties, "plaintiffs", "parties"))  # type: ignore[arg-type]
        lines.update(_item_lines(parties, "defendants", "parties"))  # type: ignore[arg-type]
    timeline = []
    for i, item in enumerate(reader.seq(get(spec, "timeline"), "timeline")):
        name = child("timeline", i)
        event = reader.mapping(item, name, ("date", "title", "upcoming", "note"), ("date", "title"))
        if event is None:
            continue
        when = reader.partial_date(get(event, "date"), child(name, "date"))
        what = reader.text(get(event, "title"), child(name, "title"), required=True)
        upcoming = bool(reader.boolean(get(event, "upcoming"), child(name, "upcoming")))
        note = reader.text(get(event, "note"), child(name, "note"))
        if when and what:
            timeline.append(TimelineEvent(when, smart(what), event.line, upcoming, note))
    docket = read_docket(reader, spec)
    exhibits = read_exhibits(reader, spec)
    witnesses = read_witnesses(reader, spec)
    if len(diag.errors) > before or not title:
        return None
    return Case(
        slug=slug,
        title=smart(title),
        path=source.path,
        court=reader.text(get(spec, "court"), "court"),
        judge=reader.text(get(spec, "judge"), "judge"),
        status=reader.text(get(spec, "status"), "status"),
        summary=reader.text(get(spec, "summary"), "summary"),
        valuations_caption=_smart(reader.text(get(spec, CAPTION), CAPTION)),
        plaintiffs=plaintiffs,
        defendants=defendants,
        timeline=tuple(sorted(timeline, key=lambda e: e.date.sort_key)),
        docket=docket,
        exhibits=exhibits,
        witnesses=witnesses,
        lines=lines,
    )


def _smart(value: str | None) -> str | None:
    return smart(value) if value else value


def _item_lines(node: Map, key: str, prefix: str) -> dict[str, int]:
    """`{"parties.plaintiffs[0]": 12, ...}`: where each list item is, for later warnings."""
    value = get(node, key)
    if isinstance(value, Seq):
        return {f"{prefix}.{key}[{i}]": item.line for i, item in enumerate(value.items)}
    return {f"{prefix}.{key}[0]": node.line_of(key)} if value is not None else {}
