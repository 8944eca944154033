"""Articles and pages: a Markdown file with front matter becomes a typed value."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Page
from sitegen.model.references import Reference
from sitegen.model.schedule import dated_updates
from sitegen.read.fields import Reader, get
from sitegen.read.frontmatter import Document
from sitegen.read.frontmatter import parse as parse_front_matter
from sitegen.read.items import (
    read_claims,
    read_image,
    read_images,
    read_quotes,
    read_sources,
    read_tables,
    read_updates,
    read_valuations,
)
from sitegen.read.live import read_live
from sitegen.read.placeholders import placeholder_lines
from sitegen.read.sources import SourceFile
from sitegen.read.yamldoc import Map, Node, Scalar, Seq, find_unprintable, unprintable
from sitegen.shared.errors import Diagnostics
from sitegen.shared.folders import reserved
from sitegen.shared.packing import pack
from sitegen.shared.slugs import slugify
from sitegen.shared.typography import smart

ARTICLE_FIELDS = (
    "title", "date", "section", "summary", "slug", "id", "updated", "authors", "tags",
    "case", "people", "draft", "image", "images", "updates", "sources", "claims", "quotes",
    "tables", "valuations", "valuations_caption", "glossary", "live", "extra",
)  # fmt: skip
PAGE_FIELDS = ("title", "slug", "summary", "draft", "extra")


def _document(source: SourceFile, reader: Reader) -> Document | None:
    doc = reader.load(source, parse_front_matter)
    if doc is None:
        return None
    for p in doc.problems:
        reader.error(p.line, p.field, p.message)
    lines = set()
    for bad in find_unprintable(doc.body):
        line = doc.body_line + doc.body.count("\n", 0, bad.start())
        if line not in lines and len(lines) < 10:  # each line once, and enough to start
            lines.add(line)
            reader.error(line, "", "the text " + unprintable(bad[0]))
    return doc if not lines else None


def read_article(
    source: SourceFile,
    config: SiteConfig,
    diag: Diagnostics,
    references: list[Reference] | None = None,
) -> Article | None:
    """Parse one article; every problem goes to `diag`, and None means it had errors.
    Then what it refers to is added to `references`, to be checked all the same."""
    reader = Reader(source.path, diag)
    before = len(diag.errors)
    doc = _document(source, reader)
    if doc is None:
        return None
    fm = reader.mapping(doc.data, "", ARTICLE_FIELDS, ("title", "date", "section", "summary"))
    if fm is None:
        return None
    zone = config.zone

    def text(key: str, required: bool = False) -> str | None:
        return reader.text(get(fm, key), key, required=required)

    title = text("title", required=True)
    summary = text("summary", required=True)
    date = reader.moment(get(fm, "date"), "date", zone)
    section = reader.choice(get(fm, "section"), "section", [s.key for s in config.sections])
    slug = reader.slug(get(fm, "slug"), "slug")
    for key, limit in LIST_LIMITS.items():
        _bounded(reader, get(fm, key), key, limit)
    tags = reader.texts(get(fm, "tags"), "tags")
    article = dict(
        path=source.path,
        title=smart(title) if title else title,  # the slug below keeps the title as written
        date=date,
        section=section,
        summary=smart(summary) if summary else summary,
        slug=slug or (slugify(title) if title else None),
        packed_body=pack(doc.body),
        body_line=doc.body_line,
        id=text("id"),
        updated=reader.moment(get(fm, "updated"), "updated", zone),
        authors=reader.texts(get(fm, "authors"), "authors"),
        tags=tuple(dict.fromkeys(tags)),
        case=reader.slug(get(fm, "case"), "case"),
        people=reader.texts(get(fm, "people"), "people"),
        draft=bool(reader.boolean(get(fm, "draft"), "draft")),
        image=read_image(reader, get(fm, "image"), "image"),
        images=read_images(reader, get(fm, "images")),
        updates=read_updates(reader, get(fm, "updates"), zone),
        sources=read_sources(reader, get(fm, "sources"), "sources"),
        claims=read_claims(reader, get(fm, "claims")),
        quotes=read_quotes(reader, get(fm, "quotes")),
        tables=read_tables(reader, get(fm, "tables")),
        valuations=read_valuations(reader, get(fm, "valuations")),
        valuations_caption=_smart(text("valuations_caption")),
        glossary=_slugs(reader, get(fm, "glossary"), "glossary"),
        live=read_live(reader, get(fm, "live"), zone),
        extra=_extra(reader, get(fm, "extra")),
        lines=_lines(fm),
    )
    _check_updated(reader, fm, date, article["updated"])  # type: ignore[arg-type]
    if not article["draft"]:  # a draft is expected to hold them
        _placeholders(reader, fm, summary, doc)
    if len(diag.errors) > before:
        if references is not None:
            references.extend(_references(source.path, article, fm))
        return None
    return Article(**article)  # type: ignore[arg-type]


def _placeholders(reader: Reader, fm: Map, summary: str | None, doc: Document) -> None:
    """`sitegen new`'s placeholder text, left in an article about to be published."""
    said = "is still the placeholder that `sitegen new` wrote"
    for line, field in placeholder_lines(summary, doc.body, doc.body_line):
        if field == "summary":
            advice = "write one or two sentences that say what the article is about"
            reader.warning(fm.line_of("summary"), "summary", f"{said}: {advice}")
        else:
            reader.warning(line, "", f"the text {said}: write the article")


def _references(path: str, article: dict[str, Any], fm: Map) -> list[Reference]:
    """The names an article that could not be read refers to, each at its line."""
    lines = _lines(fm)
    out = []
    if article["case"]:
        out.append(Reference(path, lines.get("case", 1), "case", "case", article["case"]))
    for i, name in enumerate(article["people"]):
        line = lines.get(f"people[{i}]", lines.get("people", 1))
        out.append(Reference(path, line, f"people[{i}]", "person", name))
    for i, slug in enumerate(article["glossary"]):
        line = lines.get(f"glossary[{i}]", lines.get("glossary", 1))
        out.append(Reference(path, line, f"glossary[{i}]", "term", slug))
    for field, shown, update in dated_updates(article["updates"]):
        out.append(Reference(path, update.line, field, "update", shown, update.date))
    for kind in ("claims", "quotes"):
        for i, item in enumerate(article[kind]):
            line = item.by_line or item.line
            out.append(Reference(path, line, f"{kind}[{i}].by", "speaker", item.by))
    return out


def _check_updated(reader: Reader, fm: Map, date: datetime | None, updated: datetime | None):
    """`updated` is when the article last changed: never before it was first published."""
    if date is None or updated is None or updated >= date:
        return
    written = fm.entries["updated"][1], fm.entries["date"][1]
    was, first = (n.text.strip() if isinstance(n, Scalar) else "" for n in written)
    message = (
        f"`{was}` is earlier than the article's `date` ({first}): "
        "it is when the article last changed, so it comes after it"
    )
    reader.error(fm.line_of("updated"), "updated", message)


def _smart(value: str | None) -> str | None:
    return smart(value) if value else value


def _lines(fm: Map) -> dict[str, int]:
    """Lines of each field and of each list item, for errors found after parsing."""
    lines = {key: line for key, (line, _) in fm.entries.items()}
    for key in ("people", "glossary", "tags", "authors"):
        node = get(fm, key)
        if isinstance(node, Seq):
            lines.update({f"{key}[{i}]": item.line for i, item in enumerate(node.items)})
    return lines


def _slugs(reader: Reader, node: Node | None, field: str) -> tuple[str, ...]:
    found = (reader.slug(item, f"{field}[{i}]") for i, item in enumerate(reader.seq(node, field)))
    return tuple(slug for slug in found if slug)


# The longest lists one article may hold: beyond them a build would be slow for nothing
# (each of an article's tags is a page listing it with all its tags: 5,000 tags took
# 150 s), and no newsroom writes them. An error at the first item too many.
LIST_LIMITS = {"authors": 100, "tags": 100, "people": 1000}


def _bounded(reader: Reader, node: Node | None, key: str, limit: int) -> None:
    if isinstance(node, Seq) and len(node.items) > limit:
        line = node.items[limit].line
        message = f"{len(node.items):,} items: an article may have at most {limit:,}"
        reader.error(line, key, message)


def read_page(source: SourceFile, diag: Diagnostics) -> Page | None:
    reader = Reader(source.path, diag)
    before = len(diag.errors)
    doc = _document(source, reader)
    if doc is None:
        return None
    fm = reader.mapping(doc.data, "", PAGE_FIELDS, ("title",))
    if fm is None:
        return None
    title = reader.text(get(fm, "title"), "title", required=True)
    stem = source.path.rsplit("/", 1)[-1].removesuffix(".md")
    slug = reader.slug(get(fm, "slug"), "slug") or slugify(stem)
    slug_line = fm.line_of("slug")
    if why := reserved(slug):
        reader.error(slug_line, "slug", why)
    summary = reader.text(get(fm, "summary"), "summary")
    if reader.boolean(get(fm, "draft"), "draft") or len(diag.errors) > before or not title:
        return None
    summary = smart(summary) if summary else summary
    return Page(source.path, smart(title), slug, doc.body, doc.body_line, summary, slug_line)


def _extra(reader: Reader, node: Node | None) -> dict[str, Any]:
    """Free data for custom templates, as plain strings, lists and dicts."""
    if node is None:
        return {}
    if not isinstance(node, Map):
        reader.error(node.line, "extra", "must be a mapping")
        return {}
    return plain(node)  # type: ignore[return-value]


def plain(node: Node) -> Any:
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Seq):
        return [plain(n) for n in node.items]
    return {key: plain(value) for key, (_, value) in node.entries.items()}
