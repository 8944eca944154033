"""What a case page gathers: a merged timeline, claims by status, quotes, valuations,
and the record: where things stand, the docket, the exhibits and the witnesses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitegen.model.content import (
    CLAIM_STATUSES,
    Case,
    DocketEntry,
    Exhibit,
    TimelineEvent,
    Valuation,
)
from sitegen.model.site import Citation, Post, Said, Site


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "event" (from the case file) or "article"
    when: str  # as a reader reads it: "2015", "December 2022", "May 1, 2026"
    iso: str
    title: str
    sort_key: tuple[int, int, int, int]
    url: str | None = None
    upcoming: bool = False


@dataclass(frozen=True)
class Reported:
    """A valuation and the articles that report it, newest first."""

    valuation: Valuation
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class Standing:
    """The "where things stand" box: the latest filing, what comes next, the exhibits
    admitted so far. From the case file alone, never the clock: `upcoming` is what the
    editor marked, so the page is the same whenever it is built."""

    latest: DocketEntry | None
    next: TimelineEvent | None
    admitted: int
    exhibits: int
    witnesses: int

    @property
    def empty(self) -> bool:
        return not (self.latest or self.next or self.exhibits or self.witnesses)


@dataclass(frozen=True)
class ExhibitRow:
    exhibit: Exhibit
    cited_in: tuple[Citation, ...]  # articles that place it, newest first


def standing(case: Case) -> Standing:
    upcoming = [e for e in case.timeline if e.upcoming]  # the timeline is in date order
    return Standing(
        latest=case.docket[0] if case.docket else None,
        next=upcoming[0] if upcoming else None,
        admitted=sum(1 for e in case.exhibits if e.admitted),
        exhibits=len(case.exhibits),
        witnesses=len(case.witnesses),
    )


def exhibit_rows(site: Site, case: Case) -> list[ExhibitRow]:
    """Every exhibit, admitted or not, in number order, with the articles citing it."""
    cited = site.exhibit_citations(case.slug)
    return [ExhibitRow(e, cited.get(e.id, ())) for e in case.exhibits]


def timeline(site: Site, case: Case) -> list[TimelineEntry]:
    """Case events (at the precision written) merged with the case's articles, by date.

    A date known only to the year or month sorts before the days within it ("2026-05"
    before "May 1, 2026"), and on one day the event comes before the coverage of it.
    """
    entries = [
        TimelineEntry("event", str(e.date), e.date.iso, e.title, (*e.date.sort_key, 0),
                      upcoming=e.upcoming)
        for e in case.timeline
    ]  # fmt: skip
    zone = site.config.zone
    for post in site.case_posts(case.slug):
        local = post.date.astimezone(zone)
        entries.append(
            TimelineEntry(
                "article",
                f"{local:%B} {local.day}, {local.year}",
                local.date().isoformat(),
                post.title,
                (local.year, local.month, local.day, 1),
                url=post.url,
            )
        )
    return sorted(entries, key=lambda e: (e.sort_key, e.title))


def reported_valuations(posts: tuple[Post, ...]) -> list[Reported]:
    """Every valuation in the posts, oldest figure first. The same figure (who, amount,
    as of) reported by several articles is one row, worded as the newest one has it."""
    found: dict[tuple, tuple[Valuation, list[Post]]] = {}
    for post in posts:  # newest first
        for v in post.article.valuations:
            key = (v.entity, v.low, v.high, v.currency, v.as_of)
            entry = found.setdefault(key, (v, []))
            if post not in entry[1]:
                entry[1].append(post)
    rows = [Reported(v, tuple(ps)) for v, ps in found.values()]
    return sorted(rows, key=lambda r: (r.valuation.as_of.sort_key, r.valuation.entity))


def context(site: Site, case: Case) -> dict[str, Any]:
    posts = site.case_posts(case.slug)
    claims: dict[str, list[Said]] = {status: [] for status in CLAIM_STATUSES}
    quotes: list[Said] = []
    for post in posts:
        for said in post.said("claims"):
            claims[said.item.status].append(said)  # type: ignore[union-attr]
        quotes.extend(post.said("quotes"))
    reported = reported_valuations(posts)
    return {
        "case": case,
        "timeline": timeline(site, case),
        "claims_by_status": [(s, said) for s, said in claims.items() if said],
        "quotes": quotes,
        "valuations": [r.valuation for r in reported],
        "reported_in": [r.posts for r in reported],
        "standing": standing(case),
        "exhibit_rows": exhibit_rows(site, case),
    }
