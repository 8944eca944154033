"""The content model: frozen values passed between the stages of a build."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date as Day
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sitegen.model.images import ImageRef
from sitegen.shared.packing import unpack
from sitegen.shared.slugs import slugify

LIVE_STATUSES = ("live", "ended")
CLAIM_STATUSES = ("admitted", "alleged", "disputed", "denied", "verified", "false", "unverified")
UpdateKind = Literal["update", "correction"]


# Month names, made once: `calendar.month_name` formats a date each time it is asked,
# some 100,000 times in a build of 10,000 articles.
MONTHS = tuple(calendar.month_name)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, shown at that precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{month} {self.day}, {self.year}"


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    publisher: str | None = None
    date: PartialDate | None = None


@dataclass(frozen=True)
class Update:
    date: datetime
    note: str
    kind: UpdateKind = "update"
    line: int = 0  # file line of its `date`
    timed: bool = False  # written with a time of day, which the log then shows


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    by: str  # as written: a person slug or name; resolved by the site
    status: str
    line: int
    date: PartialDate | None = None
    context: str | None = None
    sources: tuple[Source, ...] = ()
    by_line: int = 0  # the line of `by`, for warnings about who it names


@dataclass(frozen=True)
class Quote:
    text: str
    by: str
    line: int
    id: str | None = None
    role: str | None = None
    date: PartialDate | None = None
    context: str | None = None
    by_line: int = 0  # the line of `by`, for warnings about who it names


@dataclass(frozen=True)
class Table:
    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    caption: str | None = None


@dataclass(frozen=True)
class Valuation:
    entity: str
    low: Decimal
    high: Decimal
    currency: str
    as_of: PartialDate
    line: int
    label: str | None = None


@dataclass(frozen=True)
class Live:
    """An article's `live` field: it covers one trial day as it happens."""

    status: str  # "live" or "ended"
    ended: datetime | None = None  # required once ended
    line: int = 0


@dataclass(frozen=True)
class Entry:
    """One timestamped update of a live article, from a file in the folder beside it.

    Parsed on its own (so it is cached like any file): a time written as `HH:MM` is
    kept as `clock` until the entry is joined to its live article, whose date it is
    read on; after that `time` is always set."""

    path: str  # source file, relative to the site
    article_path: str  # the live article's source file
    id: str
    packed_body: bytes  # the Markdown, packed (see `packing`): read it as `body`
    body_line: int
    time: datetime | None = None
    clock: tuple[int, int] | None = None  # (hour, minute) as written, before joining
    title: str | None = None
    by: str | None = None  # an author, as written
    key: bool = False
    pinned: bool = False
    updated: datetime | None = None
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    images: tuple[ImageRef, ...] = ()  # images for the text, placed by id
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def body(self) -> str:
        return unpack(self.packed_body)

    @property
    def modified(self) -> datetime:
        """When the entry last changed: `updated`, or else its time."""
        assert self.time is not None, "an entry is joined to its live article before use"
        return self.updated or self.time


@dataclass(frozen=True)
class Article:
    path: str  # source file, relative to the site
    title: str
    date: datetime
    section: str
    summary: str
    slug: str
    packed_body: bytes  # the Markdown, packed (see `packing`): read it as `body`
    body_line: int  # file line of the body's first line
    id: str | None = None  # the written permanent id, if any
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    case: str | None = None
    people: tuple[str, ...] = ()
    draft: bool = False
    image: ImageRef | None = None  # the lead image
    images: tuple[ImageRef, ...] = ()  # images for the text, placed by id
    updates: tuple[Update, ...] = ()
    sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    tables: tuple[Table, ...] = ()
    valuations: tuple[Valuation, ...] = ()
    valuations_caption: str | None = None  # "Damages sought": the block's caption
    glossary: tuple[str, ...] = ()
    live: Live | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def body(self) -> str:
        return unpack(self.packed_body)

    @property
    def modified(self) -> datetime:
        """The last substantive change: `updated`, or the newest update-log entry."""
        if not self.updates and self.updated is None:
            return self.date  # most articles; sitemaps ask 130,000 times at 10,000
        moments = [self.date, *(u.date for u in self.updates)]
        if self.updated:
            moments.append(self.updated)
        return max(moments)


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    slug: str
    body: str
    body_line: int
    summary: str | None = None
    slug_line: int = 1  # the line of `slug`, or 1 when the file name gives it


@dataclass(frozen=True)
class Term:
    term: str
    slug: str
    definition: str
    line: int
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    name: str
    slug: str
    line: int
    role: str | None = None
    aliases: tuple[str, ...] = ()
    listed: bool = True  # False for a speaker named nowhere in people.yaml


@dataclass(frozen=True)
class Portrait:
    """An author's photo: `alt` is "" when the editor gave a bare path (the name is
    printed beside it, so the photo adds nothing a screen reader should repeat)."""

    src: str  # a path on the site or an absolute URL, as written
    alt: str = ""
    line: int = 0


@dataclass(frozen=True)
class Author:
    """A byline: someone in authors.yaml, or a name an article gives (`listed=False`)."""

    name: str
    slug: str
    line: int
    role: str | None = None
    bio: str | None = None
    email: str | None = None
    links: tuple[str, ...] = ()
    image: Portrait | None = None
    listed: bool = True  # False for a byline named nowhere in authors.yaml


@dataclass(frozen=True)
class TimelineEvent:
    date: PartialDate
    title: str
    line: int
    upcoming: bool = False
    note: str | None = None


EXHIBIT_PARTIES = ("plaintiff", "defendant", "joint", "court")
WITNESS_CALLERS = ("plaintiff", "defendant", "court")


@dataclass(frozen=True)
class Document:
    """A filing's attachment: an exhibit to a motion, a declaration."""

    title: str
    url: str


@dataclass(frozen=True)
class DocketEntry:
    """One entry of the court's docket, as an editor copied it into the case file."""

    date: Day
    title: str
    line: int
    number: int | None = None  # the court's docket number; None for an unnumbered entry
    url: str | None = None
    documents: tuple[Document, ...] = ()
    note: str | None = None

    @property
    def anchor(self) -> str:
        """Its element id on the case page, and with the page's URL its feed id: from
        the number, or for an unnumbered entry from its date and title."""
        if self.number is not None:
            return f"docket-{self.number}"
        return f"docket-{self.date.isoformat()}-{slugify(self.title)}".rstrip("-")


@dataclass(frozen=True)
class Exhibit:
    """A trial exhibit, under the id the court gives it (`PX-14`)."""

    id: str
    title: str
    line: int
    party: str | None = None  # one of EXHIBIT_PARTIES
    admitted: Day | None = None  # None: not (yet) admitted
    url: str | None = None
    note: str | None = None

    @property
    def anchor(self) -> str:
        """Its element id on the case page: `exhibit-px-14`."""
        return "exhibit-" + slugify(self.id)


@dataclass(frozen=True)
class Witness:
    person: str  # as written: a person slug, name or alias; resolved by the site
    line: int
    called_by: str | None = None  # one of WITNESS_CALLERS
    expert: bool = False
    dates: tuple[Day, ...] = ()  # days on the stand, in order
    note: str | None = None


@dataclass(frozen=True)
class Case:
    slug: str
    title: str
    path: str
    court: str | None = None
    judge: str | None = None
    status: str | None = None
    summary: str | None = None
    plaintiffs: tuple[str, ...] = ()
    defendants: tuple[str, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    docket: tuple[DocketEntry, ...] = ()  # newest first (see `casefile.docket_order`)
    exhibits: tuple[Exhibit, ...] = ()  # in number order (see `casefile.exhibit_key`)
    witnesses: tuple[Witness, ...] = ()  # as listed
    valuations_caption: str | None = None  # the heading of the case page's figures
    # Lines of each party, such as "parties.plaintiffs[0]", for warnings found later.
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)
