"""What the sitemaps list: every canonical page with its last change, and recent news.

`entries` feeds sitemap.xml (sitemaps.org 0.9); `news_entries` feeds news-sitemap.xml
(Google News: articles published in the two days before the build, at most 1,000).
Dates come from the articles, so the files change only when the content does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sitegen.model.site import Post, Site

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs from one news sitemap
# Pages a search engine should not list: the search page only works with a query.
UNLISTED = ("search/index.html",)


@dataclass(frozen=True)
class NewsEntry:
    url: str
    title: str
    published: datetime


class _Page(Protocol):
    """The parts of a planned output that the sitemap reads (plan.Output has them)."""

    path: str
    template: str | None
    context: Mapping[str, Any]


def entries(site: Site, outputs: Iterable[_Page]) -> list[tuple[str, datetime | None]]:
    """(absolute URL, lastmod) for every canonical HTML page, in plan order.

    lastmod is the last change of the articles a page shows; pages built from files
    without dates (standalone pages, the glossary) have none rather than a guess."""
    out = []
    for output in outputs:
        if not output.template or not output.path.endswith("index.html"):
            continue
        if output.path in UNLISTED:
            continue
        url = site.url(output.path.removesuffix("index.html"))
        out.append((site.absolute(url), _lastmod(site, output.template, output.context)))
    return out


def _lastmod(site: Site, template: str, context: Mapping[str, Any]) -> datetime | None:
    if "post" in context:
        return context["post"].modified
    if "month" in context:  # an archive month lists every article of the month
        return _newest(context["posts"])
    if "posts" in context:
        shown: tuple[Post, ...] = context["posts"]
        listing = _listing(site, context)
        # A newer article shifts every page of a listing down by one.
        moments = [p.modified for p in shown] + [p.article.date for p in listing[:1]]
        return max(moments, default=None)
    if "case" in context:
        return _newest(site.case_posts(context["case"].slug))
    if "person" in context:
        return _newest(site.person_posts(context["person"].slug))
    if template in ("tags.html", "cases.html", "people.html", "authors.html", "archive.html"):
        return _newest(site.posts)
    if template == "corrections.html":
        return _newest(tuple(c.post for c in site.corrections()))
    return None


def _listing(site: Site, context: Mapping[str, Any]) -> tuple[Post, ...]:
    if "section" in context:
        return site.section_posts(context["section"].key)
    if "tag" in context:
        return site.tags[context["tag"].slug][1]
    if "author" in context:
        return site.author_posts(context["author"].slug)
    return site.posts


def _newest(posts: tuple[Post, ...]) -> datetime | None:
    return max((p.modified for p in posts), default=None)


def news_entries(site: Site, now: datetime) -> list[NewsEntry]:
    """Articles published in the two days up to `now` (the build time), newest first."""
    recent = [p for p in site.posts if now - NEWS_WINDOW <= p.article.date <= now]
    return [
        NewsEntry(site.absolute(p.url), p.article.title, p.article.date)
        for p in recent[:NEWS_LIMIT]
    ]


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code; only Chinese keeps its script (zh-cn, zh-tw)."""
    code = language.strip().lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-tw" if code in ("zh-tw", "zh-hant", "zh-hk") else "zh-cn"
    return code.split("-")[0] or "en"
