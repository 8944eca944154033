"""Assembling the site: published articles with their URLs, taxonomies, cases, people.

`assemble` takes parsed values and rendered bodies and returns a read-only `Site`
that templates and feeds read from. Cross-references (cases, people, glossary terms,
embeds) are checked here, where everything is known, and reported at their lines.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date as Day
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from sitegen.model.authors import AuthorDirectory
from sitegen.model.casefile import exhibit_problem, find_exhibit
from sitegen.model.config import Section, SiteConfig
from sitegen.model.content import (
    MONTHS,
    Article,
    Author,
    Case,
    Claim,
    Entry,
    Live,
    Page,
    Person,
    Quote,
    Term,
    Update,
)  # fmt: skip
from sitegen.model.images import Figure, ImageRef, Picture
from sitegen.model.names import Directory
from sitegen.model.references import no_case, no_term, not_a_person
from sitegen.model.rendered import FIGURE, INLINE_IMAGE, Embed, Rendered
from sitegen.shared.errors import Diagnostics, did_you_mean
from sitegen.shared.slugs import fold, slugify

_FOOTNOTES = '<hr class="footnotes-sep"'


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str  # as first written in the oldest article that uses it


def compose(
    rendered: Rendered,
    items: dict[str, tuple],
    valuations: tuple = (),
    case: Case | None = None,
    pictures: dict[str, Picture] | None = None,
) -> list:
    """A body in order: ("html", text) pieces and the items placed among them, then
    every item not placed, each exactly once, before the footnotes. `items`: claims,
    quotes, tables and images by kind ("claim", "quote", "table", "image"); exhibits are
    `case`'s. An image is ("figure", Figure), or ("inline-image", Figure) for a Markdown
    image within a line of text; `pictures` are the processed ones, by `src`."""
    pictures = pictures or {}

    def shown(kind: str, item: object) -> tuple[str, object]:
        if kind == "image":  # an ImageRef of `images`
            return ("figure", Figure(item, pictures.get(item.src)))  # type: ignore[attr-defined]
        return (kind, item)

    out: list[tuple[str, object]] = []
    placed: set[int] = set()
    for part in rendered.parts:
        if isinstance(part, str):
            out.append(("html", part))
        elif part.image is not None:  # a Markdown image: shown where it is, as often
            out.append((part.kind, Figure(part.image, pictures.get(part.image.src))))
        elif part.kind == "valuations":
            out.append(("valuations", valuations))
            placed.add(id(valuations))
        elif part.kind == "exhibit":  # the case's, checked by `assemble`
            assert case is not None and part.id is not None
            out.append(("exhibit", find_exhibit(case, part.id)))
        else:
            item = next(i for i in items[part.kind] if i.id == part.id)
            out.append(shown(part.kind, item))
            placed.add(id(item))
    rest = [(kind, item) for kind, pool in items.items() for item in pool]
    if valuations:
        rest.append(("valuations", valuations))
    tail: list[tuple[str, object]] = []
    if out and out[-1][0] == "html" and _FOOTNOTES in str(out[-1][1]):
        text, mark, notes = str(out[-1][1]).partition(_FOOTNOTES)
        out[-1] = ("html", text)
        tail = [("html", mark + notes)]
    out.extend(shown(kind, item) for kind, item in rest if id(item) not in placed)
    return out + tail


@dataclass(frozen=True)
class LiveEntry:
    """A published entry of a live article with its rendered body."""

    entry: Entry
    rendered: Rendered
    case: Case | None = None  # the live article's: its exhibits may be placed in entries
    author: Author | None = None  # `by`, when it names an author with a page
    # The processed Markdown images it shows, by `src` as written (see `render.images`).
    pictures: dict[str, Picture] = field(default_factory=dict, hash=False, compare=False)

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def time(self) -> datetime:
        assert self.entry.time is not None
        return self.entry.time

    @property
    def version(self) -> str:
        """Changes whenever what the entry shows may have: the polling script replaces
        an entry on the page whose version differs from the one in `updates.json`."""
        shown = (self.entry, self.rendered.packed, self.rendered.terms, self.author)
        data = repr(shown).encode()
        return hashlib.blake2b(data, digest_size=6).hexdigest()

    def body(self) -> list[tuple[str, object]]:
        e = self.entry
        items = {"claim": e.claims, "quote": e.quotes, "image": e.images}
        return compose(self.rendered, items, (), self.case, self.pictures)


@dataclass(frozen=True)
class Post:
    """A published article with everything resolved that its pages need."""

    article: Article
    rendered: Rendered
    url: str  # site path, such as /trial/news/musk-admits/
    section: Section
    feed_id: str
    tags: tuple[Tag, ...]
    people: tuple[Person, ...]
    case: Case | None
    terms: tuple[Term, ...]  # the sidebar: terms used, then terms listed
    speakers: dict[str, Person] = field(hash=False, compare=False)  # `by` as written -> person
    # A live article's published entries in page order: the pinned one, then newest first.
    entries: tuple[LiveEntry, ...] = ()
    authors: tuple[Author, ...] = ()  # the byline, resolved, in the order written
    # The processed local images it shows, by `src` as written (see `render.images`).
    pictures: dict[str, Picture] = field(default_factory=dict, hash=False, compare=False)

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def lead(self) -> Figure | None:
        """The lead image, as the article page, listings and feeds show it."""
        ref = self.article.image
        return Figure(ref, self.pictures.get(ref.src)) if ref is not None else None

    @property
    def date(self) -> datetime:
        return self.article.date

    @property
    def live(self) -> Live | None:
        return self.article.live

    @property
    def modified(self) -> datetime:
        """The article's last change, or a live article's newest entry if later."""
        moment = self.article.modified
        for e in self.entries:
            moment = max(moment, e.entry.modified)
        return moment

    @property
    def newest_first(self) -> tuple[LiveEntry, ...]:
        """Entries by time, newest first, the pinned one among them (feeds, JSON)."""
        return tuple(sorted(self.entries, key=lambda e: (e.time, e.id), reverse=True))

    @property
    def key_events(self) -> tuple[LiveEntry, ...]:
        return tuple(e for e in self.newest_first if e.entry.key)

    def said(self, kind: str) -> list[Said]:
        """Its claims or quotes ("claims", "quotes"): the article's, then each entry's."""
        out = [Said(self, item) for item in getattr(self.article, kind)]
        for e in self.newest_first[::-1]:
            out.extend(Said(self, item, e.id) for item in getattr(e.entry, kind))
        return out

    def speaker(self, item: Claim | Quote) -> Person:
        return self.speakers[item.by]

    def body(self) -> list[tuple[str, object]]:
        """The page body in order: ("html", text) pieces and the items placed among
        them, then every item not placed, each exactly once."""
        a = self.article
        items = {"claim": a.claims, "quote": a.quotes, "table": a.tables, "image": a.images}
        return compose(self.rendered, items, a.valuations, self.case, self.pictures)


@dataclass(frozen=True)
class PageEntry:
    page: Page
    rendered: Rendered
    url: str
    pictures: dict[str, Picture] = field(default_factory=dict, hash=False, compare=False)

    def body(self) -> list[tuple[str, object]]:
        """The page's text with its Markdown images, as `Post.body` gives an article's."""
        out: list[tuple[str, object]] = []
        for part in self.rendered.parts:
            if isinstance(part, str):
                out.append(("html", part))
            elif part.image is not None and part.kind in (FIGURE, INLINE_IMAGE):
                out.append((part.kind, Figure(part.image, self.pictures.get(part.image.src))))
        return out


@dataclass(frozen=True)
class Said:
    """A claim or quote in the context of the article (or live entry) that reports it."""

    post: Post
    item: Claim | Quote
    entry: str | None = None  # the id of the live entry it was said in

    @property
    def href(self) -> str:
        """Where it is on its page: the entry's anchor, a claim's own, or the page."""
        if self.entry:
            return f"{self.post.url}#{self.entry}"
        if isinstance(self.item, Claim):
            return f"{self.post.url}#claim-{self.item.id}"
        return self.post.url


@dataclass(frozen=True)
class Correction:
    """A correction (an `updates` item of kind correction) with the article it corrects."""

    post: Post
    update: Update
    number: int  # 1 for the article's first correction, 2 for its second...


@dataclass(frozen=True, order=True)
class Month:
    """A month of the archive."""

    year: int
    month: int

    @property
    def name(self) -> str:
        return f"{MONTHS[self.month]} {self.year}"

    @property
    def month_name(self) -> str:
        return MONTHS[self.month]

    @property
    def path(self) -> str:
        """Its page, relative to the site: archive/2026/05/."""
        return f"archive/{self.year:04d}/{self.month:02d}/"


@dataclass(frozen=True)
class Citation:
    """An article that places an exhibit; `entry`: the live entry that does, if not its
    text (the entry's anchor on the page)."""

    post: Post
    entry: str | None = None

    @property
    def url(self) -> str:
        return self.post.url + (f"#{self.entry}" if self.entry else "")


@dataclass(frozen=True)
class Testimony:
    """A witness's turn on the stand in one case, for the witness's person page. It
    names the case rather than holding it, so that a person page is rendered again when
    their testimony or the case's title changes, not at every new docket entry (nor when
    one moves the witness's line)."""

    case_slug: str
    case_title: str
    called_by: str | None
    expert: bool
    dates: tuple[Day, ...]


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    posts: tuple[Post, ...]  # newest first
    pages: tuple[PageEntry, ...]
    tags: dict[str, tuple[Tag, tuple[Post, ...]]]
    cases: dict[str, Case]
    people: dict[str, Person]
    glossary: tuple[Term, ...]
    directory: Directory
    related: dict[str, tuple[Post, ...]] = field(default_factory=dict)
    # Every author with a page, by slug: authors.yaml in its order, then bylines it lacks.
    authors: dict[str, Author] = field(default_factory=dict)
    bylines: AuthorDirectory = field(default_factory=lambda: AuthorDirectory(()))
    # Authors' photos by author slug, processed as images are (or as written when remote).
    portraits: dict[str, Figure] = field(default_factory=dict)

    def person(self, written: str) -> Person:
        """The person a slug, name or alias names (case parties, speakers)."""
        return self.directory.resolve(written)

    def listed(self, written: str) -> Person | None:
        """The person in people.yaml a name, slug or alias means, or None (a judge
        named nowhere there is shown as written, without a page to link)."""
        return self.directory.find(written)

    def author(self, written: str) -> Author:
        """The author a slug or name names (an article's `authors`, a live entry's `by`);
        someone in no authors.yaml is an unlisted author with a slug of their own."""
        return self.bylines.peek(written)

    def has_authors(self) -> bool:
        """Whether there is an /authors/ page: every page's footer asks, and a call's
        recorded result (a bool) keeps an edit to a bio from re-rendering them all."""
        return bool(self.authors)

    def portrait(self, slug: str) -> Figure | None:
        """An author's photo as the page shows it, or None."""
        return self.portraits.get(slug)

    def author_url(self, author: Author) -> str:
        """The site path of an author's page: /trial/authors/dana-whitfield/."""
        return self.url(f"authors/{author.slug}/")

    def author_posts(self, slug: str) -> tuple[Post, ...]:
        """Everything an author wrote, newest first."""
        return self._index.author.get(slug, ())

    def corrections(self) -> tuple[Correction, ...]:
        """Every correction on the site, newest first (ties: the newer article first)."""
        return self._index.corrections

    def months(self) -> tuple[Month, ...]:
        """The months that have articles, newest first."""
        return tuple(self._index.month)

    def month_posts(self, year: int, month: int) -> tuple[Post, ...]:
        """Every article of a month, oldest first."""
        return self._index.month.get(Month(year, month), ())

    def archive(self) -> tuple[tuple[int, tuple[tuple[Month, int], ...]], ...]:
        """Years, newest first, each with its months (newest first) and their counts."""
        years: dict[int, list[tuple[Month, int]]] = {}
        for month, posts in self._index.month.items():
            years.setdefault(month.year, []).append((month, len(posts)))
        return tuple((year, tuple(months)) for year, months in years.items())

    def url(self, path: str = "") -> str:
        """A site path under the base path: url('tags/') → /trial/tags/."""
        return self.config.base_path + path.lstrip("/")

    def resolve(self, written: str) -> str:
        """What a path or URL written in front matter (`image:`) points to, read like a
        body's links: a URL as it is, `/x` and `x` under the base path (once)."""
        if written.startswith(("http://", "https://")):
            return written
        if written.startswith(self.config.base_path):
            return written
        return self.url(written)

    def absolute(self, path: str) -> str:
        """An absolute URL for a site path (or a site-relative path)."""
        parts = urlsplit(self.config.base_url)
        if path.startswith(("http://", "https://")):
            return path
        if not path.startswith("/"):
            path = self.url(path)
        return f"{parts.scheme}://{parts.netloc}{path}"

    @cached_property
    def _index(self) -> _Index:
        # Built once per site on first use: each lookup below is then a dict get,
        # not a scan of every post (which made person and case pages O(n²)).
        return _Index.of(self.posts)

    def section_posts(self, key: str) -> tuple[Post, ...]:
        return self._index.section.get(key, ())

    def case_posts(self, slug: str) -> tuple[Post, ...]:
        return self._index.case.get(slug, ())

    def person_posts(self, slug: str) -> tuple[Post, ...]:
        return self._index.person.get(slug, ())

    def said_by(self, slug: str, kind: str) -> tuple[Said, ...]:
        """Every claim or quote ("claims" or "quotes") by one person, newest first: by its
        own date where written, else its article's; ties keep the newer article first."""
        out = self._index.said.get((slug, "quotes" if kind == "quotes" else "claims"), [])
        zone = self.config.zone

        def when(said: Said) -> tuple[int, int, int]:
            if said.item.date:
                return said.item.date.sort_key
            local = said.post.date.astimezone(zone)
            return (local.year, local.month, local.day)

        return tuple(sorted(out, key=when, reverse=True))

    def term_posts(self, slug: str) -> tuple[Post, ...]:
        return self._index.term.get(slug, ())

    def has_cases(self) -> bool:
        """Whether the site has a case (the menu's "Cases"). A call, so that a page that
        asks depends on the answer, not on every case file: a new docket entry would
        otherwise render every page of the site again."""
        return bool(self.cases)

    def testimony(self, slug: str) -> tuple[Testimony, ...]:
        """Where the person `slug` is a witness, case by case (in case order)."""
        return self._testimony.get(slug, ())

    def exhibit_citations(self, case_slug: str) -> dict[str, tuple[Citation, ...]]:
        """The articles of a case that place each of its exhibits, newest first, each
        once: at its text when that places it, else at the first live entry that does."""
        found: dict[str, dict[str, Citation]] = defaultdict(dict)
        for post in self.case_posts(case_slug):
            for e in post.rendered.embeds:
                if e.kind == "exhibit":
                    found[str(e.id)].setdefault(post.url, Citation(post))
            for entry in sorted(post.entries, key=lambda e: (e.time, e.id)):
                for e in entry.rendered.embeds:
                    if e.kind == "exhibit":
                        found[str(e.id)].setdefault(post.url, Citation(post, entry.id))
        return {ident: tuple(by_post.values()) for ident, by_post in found.items()}

    @cached_property
    def _testimony(self) -> dict[str, tuple[Testimony, ...]]:
        found: dict[str, list[Testimony]] = defaultdict(list)
        for case in self.cases.values():
            for witness in case.witnesses:
                testimony = Testimony(
                    case.slug, case.title, witness.called_by, witness.expert, witness.dates
                )
                found[self.person(witness.person).slug].append(testimony)
        return {slug: tuple(items) for slug, items in found.items()}


@dataclass(frozen=True)
class _Index:
    """Posts (newest first) by section, case, person, glossary term and author; what
    each person said, in post order; posts by month (months newest first, posts oldest
    first); every correction, newest first."""

    section: dict[str, tuple[Post, ...]]
    case: dict[str, tuple[Post, ...]]
    person: dict[str, tuple[Post, ...]]
    term: dict[str, tuple[Post, ...]]
    said: dict[tuple[str, str], list[Said]]
    author: dict[str, tuple[Post, ...]]
    month: dict[Month, tuple[Post, ...]]
    corrections: tuple[Correction, ...] = ()

    @classmethod
    def of(cls, posts: tuple[Post, ...]) -> _Index:
        index = cls(*(defaultdict(list) for _ in range(7)))  # type: ignore[arg-type]
        corrections: list[Correction] = []
        for post in posts:
            writers = [*post.authors, *(e.author for e in post.entries if e.author)]
            for slug in dict.fromkeys(a.slug for a in writers):
                index.author[slug].append(post)
            # The month of the date as the article shows it, so that the archive of May
            # never lists a story dated "April 30" (a written offset is kept as written).
            index.month[Month(post.date.year, post.date.month)].append(post)
            fixes = [u for u in post.article.updates if u.kind == "correction"]
            corrections.extend(Correction(post, u, n) for n, u in enumerate(fixes, 1))
            index.section[post.section.key].append(post)
            if post.case:
                index.case[post.case.slug].append(post)
            for slug in dict.fromkeys(x.slug for x in post.people):
                index.person[slug].append(post)
            for slug in dict.fromkeys(t.slug for t in post.terms):
                index.term[slug].append(post)
            for kind in ("claims", "quotes"):
                for said in post.said(kind):
                    index.said[(post.speaker(said.item).slug, kind)].append(said)
        # Tuples, made once: a lookup then hands out the same tuple every time, never
        # a copy (a listing of n pages asks for its posts n times).
        for lookup in (index.section, index.case, index.person, index.term, index.author):
            for key, found in lookup.items():
                lookup[key] = tuple(found)  # type: ignore[assignment]
        months = sorted(index.month.items(), reverse=True)
        index.month.clear()
        index.month.update((m, tuple(reversed(found))) for m, found in months)
        # Posts come newest first and sorting is stable: equal moments keep that order.
        corrections.sort(key=lambda c: c.update.date, reverse=True)
        return replace(index, corrections=tuple(corrections))


def feed_id(article: Article, config: SiteConfig) -> str:
    """The permanent id: written, or derived once from first publication date and slug."""
    if article.id:
        return article.id
    host = urlsplit(config.base_url).hostname or "localhost"
    return f"tag:{host},{article.date.date().isoformat()}:{article.slug}"


def is_published(article: Article, now: datetime, drafts: bool, future: bool) -> bool:
    if article.draft and not drafts:
        return False
    return future or article.date <= now


@dataclass(frozen=True)
class Inputs:
    config: SiteConfig
    articles: tuple[tuple[Article, Rendered], ...]
    pages: tuple[tuple[Page, Rendered], ...]
    glossary: tuple[Term, ...]
    people: tuple[Person, ...]
    cases: tuple[Case, ...]
    unreadable_cases: tuple[str, ...] = ()  # slugs of case files with errors: not checked
    unchecked: frozenset[str] = frozenset()  # "glossary", "people": files that did not read
    # A live article's published entries (by its path) in page order, rendered.
    entries: dict[str, tuple[tuple[Entry, Rendered], ...]] = field(default_factory=dict)
    authors: tuple[Author, ...] = ()
    # Whether the site has an authors.yaml: only then is a byline it lacks worth a warning.
    authors_file: bool = False
    pictures: dict[str, Picture] = field(default_factory=dict)  # src as written -> picture


def page_order(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """How a live page shows its entries: the pinned one, then the rest newest first.
    (Glossary terms link at their first use in this order, after the article's text.)"""
    newest = sorted(entries, key=lambda e: (e.time, e.id), reverse=True)
    return tuple(e for e in newest if e.pinned) + tuple(e for e in newest if not e.pinned)


def assemble(inputs: Inputs, diag: Diagnostics) -> Site:
    config = inputs.config
    directory = Directory(inputs.people)
    bylines = AuthorDirectory(inputs.authors)
    cases = {c.slug: c for c in inputs.cases}
    terms = {t.slug: t for t in inputs.glossary}
    _check_case_parties(inputs.cases, directory, diag)
    _check_witnesses(inputs.cases, directory, diag)
    for case in inputs.cases:
        for name in (*case.plaintiffs, *case.defendants):
            directory.resolve(name)
        for witness in case.witnesses:
            directory.resolve(witness.person)
    tag_names = _tag_names(inputs.articles)
    unreadable = set(inputs.unreadable_cases)
    posts = []
    for article, rendered in inputs.articles:
        live = inputs.entries.get(article.path, ()) if article.live else ()
        post = _post(
            article,
            rendered,
            config,
            cases,
            terms,
            directory,
            tag_names,
            diag,
            unreadable,
            inputs.unchecked,
        )
        post = replace(post, pictures=_pictures(article, rendered, inputs.pictures))
        if article.live:
            post = _with_entries(post, live, terms, directory, cases, diag, inputs.pictures)
        posts.append(replace(post, authors=_bylines(article, bylines, inputs.authors_file, diag)))
    # After every byline is known: an entry's `by` links to an author's page when there
    # is one (authors.yaml, or an article's byline), and is plain text otherwise.
    posts = [_entry_authors(p, bylines, inputs.authors_file, diag) for p in posts]
    posts.sort(key=lambda p: (p.date, p.article.path), reverse=True)
    tags: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        for tag in post.tags:
            tags[tag.slug].append(post)
    pages = tuple(
        PageEntry(
            page,
            rendered,
            config.base_path + page.slug + "/",
            _pictures(None, rendered, inputs.pictures),
        )
        for page, rendered in inputs.pages
    )
    people = {p.slug: p for p in directory.everyone}
    return Site(
        config=config,
        posts=tuple(posts),
        pages=pages,
        tags={slug: (tag_names[slug], tuple(ps)) for slug, ps in sorted(tags.items())},
        cases=cases,
        people=people,
        glossary=tuple(sorted(inputs.glossary, key=lambda t: fold(t.term))),
        directory=directory,
        authors={a.slug: a for a in bylines.everyone},
        bylines=bylines,
        portraits={
            a.slug: Figure(
                ImageRef(a.image.src, a.image.line, a.image.alt), inputs.pictures.get(a.image.src)
            )
            for a in inputs.authors
            if a.image is not None
        },
    )


def _bylines(
    article: Article, bylines: AuthorDirectory, warn: bool, diag: Diagnostics
) -> tuple[Author, ...]:
    """An article's `authors`, resolved; each one authors.yaml lacks is a warning there."""
    out = []
    for i, name in enumerate(article.authors):
        line = article.lines.get(f"authors[{i}]", article.lines.get("authors", 1))
        if warn and bylines.find(name) is None:
            hint = did_you_mean(name, bylines.names()) or "; they get a page of their own"
            message = f"`{name}` is not in authors.yaml" + hint
            diag.warning(article.path, line, f"authors[{i}]", message)
        out.append(bylines.resolve(name, line))
    return tuple(dict.fromkeys(out))


def _tag_names(articles) -> dict[str, Tag]:
    """Tags fold case; each shows as first written in the oldest article using it."""
    names: dict[str, Tag] = {}
    for article, _ in sorted(articles, key=lambda pair: (pair[0].date, pair[0].path)):
        for tag in article.tags:
            slug = slugify(tag)
            names.setdefault(slug, Tag(slug, tag))
    return names


def _post(
    article, rendered, config, cases, terms, directory, tag_names, diag, unreadable, unchecked
) -> Post:
    lines = article.lines
    if article.case and article.case not in cases and article.case not in unreadable:
        diag.error(article.path, lines.get("case", 1), "case", no_case(article.case, cases))
    people = []
    for i, name in enumerate(article.people):
        line = lines.get(f"people[{i}]", lines.get("people", 1))
        if directory.find(name) is None and "people" not in unchecked:
            diag.warning(article.path, line, f"people[{i}]", not_a_person(name, directory))
        people.append(directory.resolve(name, line))
    speakers: dict[str, Person] = {}
    for kind, items in (("claims", article.claims), ("quotes", article.quotes)):
        for i, item in enumerate(items):
            line = item.by_line or item.line
            if directory.find(item.by) is None and "people" not in unchecked:
                message = not_a_person(item.by, directory, speaker=True)
                diag.warning(article.path, line, f"{kind}[{i}].by", message)
            speakers[item.by] = directory.resolve(item.by, line)
    for i, slug in enumerate(article.glossary):
        if slug not in terms and "glossary" not in unchecked:
            line = lines.get(f"glossary[{i}]", 1)
            diag.error(article.path, line, f"glossary[{i}]", no_term(slug, terms))
    items = {
        "claim": article.claims,
        "quote": article.quotes,
        "table": article.tables,
        "image": article.images,
    }
    where = (article.path, "article", article.case)
    _check_embeds(where, items, bool(article.valuations), rendered.embeds, cases, diag)
    sidebar = [terms[s] for s in dict.fromkeys((*rendered.terms, *article.glossary)) if s in terms]
    return Post(
        article=article,
        rendered=rendered,
        url=f"{config.base_path}{article.section}/{article.slug}/",
        section=config.section(article.section) or Section(article.section, article.section),
        feed_id=feed_id(article, config),
        tags=tuple(tag_names[slugify(t)] for t in article.tags),
        people=tuple(dict.fromkeys(people)),
        case=cases.get(article.case) if article.case else None,
        terms=tuple(sidebar),
        speakers=speakers,
    )


def _entry_authors(post: Post, bylines: AuthorDirectory, warn: bool, diag: Diagnostics) -> Post:
    if not any(e.entry.by for e in post.entries):
        return post
    pages = {a.slug for a in bylines.everyone}
    entries = []
    for e in post.entries:
        by = e.entry.by
        if by is None:
            entries.append(e)
            continue
        if warn and bylines.find(by) is None:
            hint = did_you_mean(by, bylines.names()) or "; shown as written"
            line = e.entry.lines.get("by", 1)
            diag.warning(e.entry.path, line, "by", f"`{by}` is not in authors.yaml" + hint)
        author = bylines.peek(by)
        entries.append(replace(e, author=author if author.slug in pages else None))
    return replace(post, entries=tuple(entries))


def _with_entries(
    post: Post,
    live,
    terms,
    directory: Directory,
    cases: dict[str, Case],
    diag: Diagnostics,
    pictures: dict[str, Picture],
) -> Post:
    """A live post with its entries: their speakers and glossary terms join the post's."""
    speakers = dict(post.speakers)
    for entry, rendered in live:
        for kind, items in (("claims", entry.claims), ("quotes", entry.quotes)):
            for i, item in enumerate(items):
                line = item.by_line or item.line
                if directory.find(item.by) is None:
                    message = not_a_person(item.by, directory, speaker=True)
                    diag.warning(entry.path, line, f"{kind}[{i}].by", message)
                speakers[item.by] = directory.resolve(item.by, line)
        items = {"claim": entry.claims, "quote": entry.quotes, "table": (), "image": entry.images}
        where = (entry.path, "entry", post.article.case)
        _check_embeds(where, items, False, rendered.embeds, cases, diag)
    used = [*post.rendered.terms, *(s for _, r in live for s in r.terms), *post.article.glossary]
    sidebar = tuple(terms[s] for s in dict.fromkeys(used) if s in terms)
    entries = tuple(
        LiveEntry(e, r, post.case, pictures=_pictures(None, r, pictures, e.images)) for e, r in live
    )
    return replace(post, speakers=speakers, terms=sidebar, entries=entries)


def _pictures(
    article: Article | None,
    rendered: Rendered,
    pictures: dict[str, Picture],
    images: tuple[ImageRef, ...] = (),
) -> dict[str, Picture]:
    """The processed images one article, entry or page shows, by `src` as written;
    `images`: an entry's `images`."""
    srcs = [e.image.src for e in rendered.embeds if e.image is not None]
    srcs += [i.src for i in images]
    if article is not None:
        srcs += [i.src for i in (article.image, *article.images) if i is not None]
    return {src: pictures[src] for src in sorted(set(srcs)) if src in pictures}


def _choices(known: dict) -> str:
    return f" (known: {', '.join(sorted(known))})" if known else ""


def _check_embeds(
    where: tuple[str, str, str | None],
    items: dict[str, tuple],
    valuations: bool,
    embeds: tuple[Embed, ...],
    cases: dict[str, Case],
    diag: Diagnostics,
) -> None:
    """Every embed names an item of its own file (an article's or an entry's), or an
    exhibit of the article's case. `where`: (file, "article" or "entry", case slug)."""
    path, owner, case = where
    ids = {kind: {i.id for i in pool if i.id} for kind, pool in items.items()}
    placed: dict[tuple[str, str | None], int] = {}
    for embed in embeds:
        if embed.problem:
            diag.error(path, embed.line, "embed", embed.problem)
            continue
        if embed.image is not None:
            continue  # a Markdown image: it may appear any number of times
        key = (embed.kind, embed.id)
        if embed.kind == "exhibit":
            # A reference to the case's record, not an item of the article: it may be
            # placed as often as the text needs it.
            problem = exhibit_problem(case, cases, str(embed.id))
            if problem:
                diag.error(path, embed.line, "embed", problem)
            continue
        if embed.kind == "valuations":
            if not valuations:
                diag.error(path, embed.line, "embed", f"the {owner} has no `valuations`")
        elif embed.id not in ids[embed.kind]:
            diag.error(
                path,
                embed.line,
                "embed",
                f"no {embed.kind} with id `{embed.id}` in this {owner}'s `{embed.kind}s`"
                + did_you_mean(str(embed.id), ids[embed.kind]),
            )
        if key in placed:
            diag.error(
                path,
                embed.line,
                "embed",
                f"`{embed.kind} {embed.id or ''}`".replace(" `", "`")
                + f" is already placed at line {placed[key]}; each item appears once",
            )
        placed.setdefault(key, embed.line)


def _check_case_parties(cases: tuple[Case, ...], directory: Directory, diag: Diagnostics) -> None:
    for case in cases:
        for role in ("plaintiffs", "defendants"):
            for i, name in enumerate(getattr(case, role)):
                if directory.find(name) is None:
                    field = f"parties.{role}[{i}]"
                    line = case.lines.get(field, 1)
                    message = not_a_person(name, directory, speaker=True)
                    diag.warning(case.path, line, field, message)


def _check_witnesses(cases: tuple[Case, ...], directory: Directory, diag: Diagnostics) -> None:
    for case in cases:
        for i, witness in enumerate(case.witnesses):
            if directory.find(witness.person) is None:
                message = not_a_person(witness.person, directory, speaker=True)
                diag.warning(case.path, witness.line, f"witnesses[{i}].person", message)
