"""RSS 2.0 and Atom (feedgen) and JSON Feed 1.1 (standard library).

Every date in a feed comes from the articles, never from the clock, so two builds of
the same content give the same bytes. Item ids are the articles' permanent ids.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from jinja2 import Environment

from .site import Post, Site

_ATTR_RE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def absolute_links(html: str, page_url: str) -> str:
    """Every href and src resolved against the page's absolute URL."""
    return _ATTR_RE.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), html)


def content_html(site: Site, env: Environment, post: Post) -> str:
    """The article's full body (items included) as a feed reader should show it."""
    html = env.get_template("partials/body.html").render(site=site, post=post, feed=True)
    return absolute_links(html, site.absolute(post.url))


def _newest(posts: tuple[Post, ...]) -> datetime:
    return max((p.article.modified for p in posts), default=EPOCH)


def write(
    site: Site, env: Environment, folder: str, title: str, posts: tuple[Post, ...], kind: str
) -> bytes:
    config = site.config
    items = posts[: config.feed_items]
    page_url = site.absolute(folder)
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.title(title)
    fg.description(config.description or title)
    fg.subtitle(config.description or title)
    fg.language(config.language)
    fg.id(page_url)
    fg.link(href=page_url, rel="alternate")
    fg.link(href=site.absolute(folder + ("feed.xml" if kind == "rss" else "atom.xml")), rel="self")
    fg.generator("sitegen")
    newest = _newest(items)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    # feedgen prepends entries, so add oldest first to keep the feed newest first.
    for post in reversed(items):
        article = post.article
        entry = fg.add_entry()
        entry.id(post.feed_id)
        entry.guid(post.feed_id, permalink=False)
        entry.title(article.title)
        entry.link(href=site.absolute(post.url))
        entry.summary(article.summary)
        entry.description(article.summary)
        entry.content(content_html(site, env, post), type="CDATA" if kind == "rss" else "html")
        entry.published(article.date)
        entry.updated(article.modified)
        if kind == "atom":
            for author in article.authors:
                entry.author({"name": author})
        elif article.authors:
            # RSS <author> must be an e-mail address; Dublin Core carries plain names.
            entry.dc.dc_creator(list(article.authors))  # type: ignore[attr-defined]
        entry.category(term=post.section.key, label=post.section.title)
        for tag in post.tags:
            entry.category(term=tag.slug, label=tag.name)
    if kind == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


def json_feed(site: Site, env: Environment) -> bytes:
    """JSON Feed 1.1 for the whole site."""
    config = site.config
    items = []
    for post in site.posts[: config.feed_items]:
        article = post.article
        item = {
            "id": post.feed_id,
            "url": site.absolute(post.url),
            "title": article.title,
            "summary": article.summary,
            "content_html": content_html(site, env, post),
            "date_published": article.date.isoformat(),
            "date_modified": article.modified.isoformat(),
            "tags": [t.name for t in post.tags],
        }
        if article.authors:
            item["authors"] = [{"name": a} for a in article.authors]
        if article.image:
            item["image"] = site.absolute(article.image)
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": config.base_url,
        "feed_url": site.absolute("feed.json"),
        "description": config.description,
        "language": config.language,
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
