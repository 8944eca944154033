"""What a case page gathers: a merged timeline, claims by status, quotes, valuations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import CLAIM_STATUSES, Case, Valuation
from .site import Said, Site


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "event" (from the case file) or "article"
    when: str  # as a reader reads it: "2015", "December 2022", "May 1, 2026"
    iso: str
    title: str
    sort_key: tuple[int, int, int, int]
    url: str | None = None
    upcoming: bool = False


def timeline(site: Site, case: Case) -> list[TimelineEntry]:
    """Case events (at the precision written) merged with the case's articles, by date."""
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


def context(site: Site, case: Case) -> dict[str, Any]:
    claims: dict[str, list[Said]] = {status: [] for status in CLAIM_STATUSES}
    quotes: list[Said] = []
    valuations: list[Valuation] = []
    for post in site.case_posts(case.slug):
        for claim in post.article.claims:
            claims[claim.status].append(Said(post, claim))
        quotes.extend(Said(post, q) for q in post.article.quotes)
        valuations.extend(post.article.valuations)
    # The same figure reported by several articles is one point on the chart.
    unique = {(v.entity, v.low, v.high, v.currency, v.as_of): v for v in valuations}
    return {
        "case": case,
        "timeline": timeline(site, case),
        "claims_by_status": [(s, said) for s, said in claims.items() if said],
        "quotes": quotes,
        "valuations": sorted(unique.values(), key=lambda v: (v.as_of.sort_key, v.entity)),
    }
