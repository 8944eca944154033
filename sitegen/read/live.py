"""Live coverage: an article's `live` field, its entry files, and joining the two.

An entry is read on its own, like any file (so the parse cache keeps it by its bytes),
and joined to its live article afterwards: only then is an `HH:MM` time known as an
instant (on the article's date, in the site's zone), and only then can ids be checked
across the whole live article and times against its coverage window.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, time, tzinfo

from sitegen.model.config import SiteConfig
from sitegen.model.content import LIVE_STATUSES, Article, Entry, Live
from sitegen.read.fields import Reader, get
from sitegen.read.frontmatter import parse as parse_front_matter
from sitegen.read.items import read_claims, read_images, read_quotes
from sitegen.read.placeholders import ENTRY_PLACEHOLDER
from sitegen.read.sources import SourceFile
from sitegen.read.yamldoc import Node, find_unprintable, unprintable
from sitegen.shared.errors import Diagnostics
from sitegen.shared.packing import pack
from sitegen.shared.slugs import slugify

ENTRY_FIELDS = (
    "time", "title", "by", "key", "pinned", "updated", "id", "claims", "quotes", "images",
)  # fmt: skip
_CLOCK_RE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
# Ids the live page gives its own elements, and the prefixes of its items' and terms':
# an entry's anchor must not take one (two elements with one id break both links).
RESERVED_IDS = frozenset(
    ("main", "headline", "key-events-heading", "live-heading", "updates-heading",
     "sources-heading", "terms-heading", "related-heading", "footnotes")
)  # fmt: skip
RESERVED_PREFIXES = ("claim-", "quote-", "term-", "def-", "fn")


def read_live(reader: Reader, node: Node | None, zone: tzinfo) -> Live | None:
    """`live: {status: live | ended, ended: TIME}`; None when absent or wrong."""
    if node is None:
        return None
    spec = reader.mapping(node, "live", ("status", "ended"), ("status",))
    if spec is None:
        return None
    status = reader.choice(get(spec, "status"), "live.status", LIVE_STATUSES)
    ended = reader.moment(get(spec, "ended"), "live.ended", zone)
    if status == "ended" and ended is None and "ended" not in spec.entries:
        reader.error(spec.line, "live.ended", "is required when `status` is `ended`")
        return None
    if status == "live" and ended is not None:
        message = "is given but `status` is `live`: write `status: ended` once coverage ends"
        reader.error(spec.line_of("ended"), "live.ended", message)
        return None
    if status is None:
        return None
    return Live(status, ended, node.line)


def owner_path(entry_path: str) -> str:
    """The live article an entry file belongs to: `a/day-6/x.md` -> `a/day-6.md`.
    (A file deeper in the folder is reported by `join`, against the nearest article.)"""
    return entry_path.rsplit("/", 1)[0] + ".md"


def read_entry(source: SourceFile, config: SiteConfig, diag: Diagnostics) -> Entry | None:
    """Parse one entry file; every problem goes to `diag`, and None means it had errors."""
    reader = Reader(source.path, diag)
    before = len(diag.errors)
    doc = reader.load(source, parse_front_matter)
    if doc is None:
        return None
    for p in doc.problems:
        reader.error(p.line, p.field, p.message)
    for bad in list(find_unprintable(doc.body))[:10]:
        line = doc.body_line + doc.body.count("\n", 0, bad.start())
        reader.error(line, "", "the text " + unprintable(bad[0]))
    fm = reader.mapping(doc.data, "", ENTRY_FIELDS, ("time",))
    if fm is None:
        return None
    zone = config.zone
    moment, clock = _time(reader, get(fm, "time"), zone)
    stem = source.path.rsplit("/", 1)[-1].removesuffix(".md")
    ident = reader.slug(get(fm, "id"), "id")
    if ident is None and get(fm, "id") is None:
        ident = slugify(stem)
        if not ident:
            reader.error(1, "id", f"cannot be made from the file name `{stem}`: write an `id`")
    if ident and (ident in RESERVED_IDS or ident.startswith(RESERVED_PREFIXES)):
        reader.error(
            fm.line_of("id") if "id" in fm.entries else 1,
            "id",
            f"`{ident}` is a name the live page uses for something else: choose another id",
        )
    lines = {key: line for key, (line, _) in fm.entries.items()}
    entry = dict(
        path=source.path,
        article_path=owner_path(source.path),
        id=ident,
        packed_body=pack(doc.body),
        body_line=doc.body_line,
        time=moment,
        clock=clock,
        title=reader.text(get(fm, "title"), "title"),
        by=reader.text(get(fm, "by"), "by"),
        key=bool(reader.boolean(get(fm, "key"), "key")),
        pinned=bool(reader.boolean(get(fm, "pinned"), "pinned")),
        updated=reader.moment(get(fm, "updated"), "updated", zone),
        claims=read_claims(reader, get(fm, "claims")),
        quotes=read_quotes(reader, get(fm, "quotes")),
        images=read_images(reader, get(fm, "images")),
        lines=lines,
    )
    if len(diag.errors) > before or (moment is None and clock is None):
        return None
    for offset, line in enumerate(doc.body.split("\n")):
        if line.strip() == ENTRY_PLACEHOLDER:  # an entry is published once saved
            message = "is still the placeholder that `sitegen new entry` wrote"
            reader.warning(doc.body_line + offset, "", message)
    return Entry(**entry)  # type: ignore[arg-type]


def _time(
    reader: Reader, node: Node | None, zone: tzinfo
) -> tuple[datetime | None, tuple[int, int] | None]:
    """A date-time, or `HH:MM` (kept as written until the entry meets its article)."""
    value = reader.text(node, "time")
    if value is None:
        return None, None
    match = _CLOCK_RE.fullmatch(value)
    if match:
        return None, (int(match.group(1)), int(match.group(2)))
    if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", value):
        reader.error(
            node.line, "time", f"`{value}` is not a time of day: write HH:MM, from 00:00 to 23:59"
        )  # type: ignore[union-attr]
        return None, None
    return reader.moment(node, "time", zone), None


def join(
    articles: Iterable[Article],
    entries: Iterable[Entry],
    config: SiteConfig,
    diag: Diagnostics,
    article_sources: Iterable[str] = (),
) -> dict[str, tuple[Entry, ...]]:
    """Each live article's entries (by its path), times resolved, oldest first.

    Reports entries whose article is not live, times outside the coverage window, ids
    used twice, more than one pinned entry, and claim or quote ids used twice in the
    live article. `article_sources`: every article file, parsed or not, so that the
    entries of an article with errors are not reported a second time."""
    by_owner: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_owner[entry.article_path].append(entry)
    parsed = {a.path: a for a in articles}
    known = set(article_sources) | parsed.keys()
    out: dict[str, tuple[Entry, ...]] = {}
    for owner, found in sorted(by_owner.items()):
        found.sort(key=lambda e: e.path)
        article = parsed.get(owner)
        if article is None:
            _misplaced(owner, found, known, diag)
            continue
        if article.live is None:
            folder = owner.rsplit("/", 1)[-1].removesuffix(".md") + "/"
            message = (
                f"the folder `{folder}` beside this article holds {len(found)} entr"
                f"{'y' if len(found) == 1 else 'ies'}, but the article has no `live` field: "
                "add `live: {status: live}`, or move the files out of the folder"
            )
            diag.error(owner, 1, "live", message)
            continue
        resolved = [_resolve(e, article, config.zone, diag) for e in found]
        _check_unique(article, resolved, diag)
        out[owner] = tuple(sorted(resolved, key=lambda e: (e.time, e.id)))
    return out


def _misplaced(owner: str, found: list[Entry], known: set[str], diag: Diagnostics) -> None:
    """Entries whose folder is not beside an article: deeper in an entries folder."""
    if owner in known:
        return  # the article has errors of its own, already reported
    for entry in found:
        parts = owner.removesuffix(".md").split("/")
        nearest = next(
            ("/".join(parts[:n]) + ".md" for n in range(len(parts) - 1, 1, -1)
             if "/".join(parts[:n]) + ".md" in known),
            None,
        )  # fmt: skip
        if nearest is None:
            continue
        folder = nearest.removesuffix(".md") + "/"
        message = f"is in a subfolder of the entries folder `{folder}`: entries go directly in it"
        diag.error(entry.path, 1, "", message)


def _resolve(entry: Entry, article: Article, zone: tzinfo, diag: Diagnostics) -> Entry:
    line = entry.lines.get("time", 1)
    moment = entry.time
    if entry.clock is not None:
        day = article.date.astimezone(zone).date()
        moment = datetime.combine(day, time(*entry.clock), zone)
    assert moment is not None
    written = f"{entry.clock[0]:02d}:{entry.clock[1]:02d}" if entry.clock else moment.isoformat()
    if moment < article.date:
        message = (
            f"`{written}` is before the live article's date ({article.date.isoformat()}): "
            "coverage starts then"
        )
        diag.error(entry.path, line, "time", message)
    live = article.live
    if live is not None and live.ended is not None and moment > live.ended:
        message = f"`{written}` is after the coverage ended ({live.ended.isoformat()})"
        diag.error(entry.path, line, "time", message)
    if entry.updated is not None and entry.updated < moment:
        message = "is before the entry's `time`: `updated` is when it was last changed"
        diag.error(entry.path, entry.lines.get("updated", 1), "updated", message)
    return replace(entry, time=moment, clock=None)


def _check_unique(article: Article, entries: list[Entry], diag: Diagnostics) -> None:
    ids: dict[str, str] = {}
    pinned: Entry | None = None
    items: dict[tuple[str, str], str] = {}
    for claim in article.claims:
        items[("claim", claim.id)] = article.path
    for quote in article.quotes:
        if quote.id:
            items[("quote", quote.id)] = article.path
    for entry in entries:
        if entry.id in ids:
            message = f"`{entry.id}` is also the id of {ids[entry.id]}: each entry needs its own"
            diag.error(entry.path, entry.lines.get("id", 1), "id", message)
        ids.setdefault(entry.id, entry.path)
        if entry.pinned:
            if pinned is not None:
                message = f"only one entry can be pinned, and {pinned.path} is already"
                diag.error(entry.path, entry.lines.get("pinned", 1), "pinned", message)
            else:
                pinned = entry
        for kind, pool in (("claim", entry.claims), ("quote", entry.quotes)):
            for i, item in enumerate(pool):
                if item.id is None:
                    continue
                first = items.setdefault((kind, item.id), entry.path)
                if first != entry.path:
                    message = (
                        f"`{item.id}` is also a {kind} id in {first}: "
                        "ids are unique in the whole live article"
                    )
                    diag.error(entry.path, item.line, f"{kind}s[{i}].id", message)


def is_due(entry: Entry, now: datetime, future: bool) -> bool:
    """Whether an entry is published: one timed after the build is held back."""
    assert entry.time is not None
    return future or entry.time <= now
