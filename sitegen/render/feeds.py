"""RSS 2.0 and Atom (feedgen) and JSON Feed 1.1 (standard library).

Every date in a feed comes from the articles, never from the clock, so two builds of
the same content give the same bytes: feedgen stamps "now" on a feed's and an entry's
`updated` and on RSS `lastBuildDate` unless they are set, so all three are always set.
Item ids are the articles' permanent ids (`Post.feed_id`), never their URLs or titles,
so a retitled article is not shown to subscribers a second time.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time
from urllib.parse import urljoin

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from jinja2 import Environment
from lxml import etree
from markupsafe import escape

from sitegen.model.content import MONTHS, Case, DocketEntry
from sitegen.model.site import Correction, LiveEntry, Post, Site
from sitegen.render.markdown import inline
from sitegen.render.structured import entry_headline

ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Attributes that hold one URL, quoted either way (raw HTML from editors may use either).
_URL_ATTR_RE = re.compile(r"""(\s(?:href|src|poster|cite)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_SRCSET_RE = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def absolute_links(html: str, page_url: str) -> str:
    """Every link and image resolved against the page's absolute URL, as a feed reader
    shows an item away from the site: relative links would point into the reader."""

    def one(m: re.Match[str]) -> str:
        return f"{m.group(1)}{m.group(2)}{urljoin(page_url, m.group(3).strip())}{m.group(2)}"

    def srcset(m: re.Match[str]) -> str:
        candidates = []
        for candidate in m.group(3).split(","):
            url, _, size = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(page_url, url)} {size}".strip())
        return f"{m.group(1)}{m.group(2)}{', '.join(candidates)}{m.group(2)}"

    return _SRCSET_RE.sub(srcset, _URL_ATTR_RE.sub(one, html))


def content_html(site: Site, env: Environment, post: Post) -> str:
    """The article's full body (items included) as a feed reader should show it, after
    its updates and corrections: a corrected item's content says what was corrected."""
    html = "".join(
        env.get_template(f"partials/{part}.html").render(site=site, post=post, feed=True)
        for part in ("updates", "body")
    )
    lead = post.lead
    if lead is not None:
        # The lead image heads the article page, outside the body: readers show it too.
        module = env.get_template("partials/image.html").make_module({"site": site})
        html = f"{module.figure(lead, lead=True, feed=True)}\n{html}"
    return absolute_links(html, site.absolute(post.url))


def lead_image(site: Site, post: Post) -> tuple[str, int, str, int, int] | None:
    """(absolute URL, bytes, MIME type, width, height) of the lead image's largest
    copy, for an RSS enclosure and a media thumbnail; None for one on another site."""
    lead = post.lead
    if lead is None or lead.picture is None:
        return None
    v = lead.picture.largest
    return (site.absolute(v.path), v.size, v.mime, v.width, v.height)


def newest(site: Site, posts: tuple[Post, ...]) -> datetime:
    """A feed's date: the last change to any of its items. An empty feed (a new section)
    takes the site's last change, so it is still a date the content gives."""
    moments = [p.modified for p in posts] or [p.modified for p in site.posts]
    return max(moments, default=EPOCH)


class _ItemUpdated(BaseExtension):
    """Feed-level half of the extension below; feedgen wants one for each. It also
    names the WebSub hub in RSS, as `<atom:link rel="hub">`: feedgen writes only the
    self link of an RSS feed's Atom links."""

    def __init__(self) -> None:
        self.hub: str | None = None

    def extend_rss(self, rss_feed):
        if self.hub is not None:
            channel = rss_feed.find("channel")
            etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
        return rss_feed


class _ItemUpdatedEntry(BaseEntryExtension):
    """`<atom:updated>` in an RSS item: RSS 2.0 has only `pubDate`, and readers that
    understand Atom's element (feedparser among them) then see a correction's date."""

    def __init__(self) -> None:
        self.moment: datetime | None = None

    def extend_rss(self, entry):
        if self.moment is not None:
            etree.SubElement(entry, f"{{{ATOM_NS}}}updated").text = self.moment.isoformat()
        return entry


def write(
    site: Site, env: Environment, folder: str, title: str, posts: tuple[Post, ...], kind: str
) -> bytes:
    """The RSS (`kind="rss"`) or Atom feed of `posts` for the page at `folder`."""
    config = site.config
    items = posts[: config.feed_items]
    fg = _generator(site, folder, title, kind, newest(site, items))
    if items:
        fg.pubDate(max(p.article.date for p in items))
    # feedgen prepends entries, so add oldest first to keep the feed newest first.
    for post in reversed(items):
        _entry(site, env, fg.add_entry(), post, kind)
    if kind == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


def _generator(site: Site, folder: str, title: str, kind: str, updated: datetime):
    """A feed with its channel set: title, links, language, dates from the content."""
    config = site.config
    page_url = site.absolute(folder)
    self_url = site.absolute(folder + ("feed.xml" if kind == "rss" else "atom.xml"))
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.load_extension("media", atom=False, rss=True)
    fg.register_extension("sitegen", _ItemUpdated, _ItemUpdatedEntry, atom=False, rss=True)
    fg.title(title)
    fg.description(config.description or title)
    fg.subtitle(config.description or title)
    fg.language(config.language)
    fg.id(page_url)
    # The self link first: feedgen's RSS <link> is the last link given, and it must be
    # the page the feed follows, not the feed itself.
    self_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    fg.link(href=self_url, rel="self", type=self_type)
    if config.websub_hub:
        # Feed readers subscribe at the hub, which a deploy tells of each change.
        fg.link(href=config.websub_hub, rel="hub")
        fg.sitegen.hub = config.websub_hub
    fg.link(href=page_url, rel="alternate", type="text/html")
    # Atom requires an author for the feed when some entry has none: the publication.
    fg.author({"name": config.title})
    fg.generator("sitegen")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    return fg


def _entry(site: Site, env: Environment, entry, post: Post, kind: str) -> None:
    article = post.article
    entry.id(post.feed_id)
    entry.guid(post.feed_id, permalink=False)
    entry.title(article.title)
    entry.link(href=site.absolute(post.url), rel="alternate", type="text/html")
    entry.summary(article.summary)
    entry.description(article.summary)
    html = content_html(site, env, post)
    # CDATA reads best in an RSS file, but cannot hold its own end marker.
    rss_type = "CDATA" if "]]>" not in html else None
    entry.content(html, type=rss_type if kind == "rss" else "html")
    entry.published(article.date)
    # A live article's last change is its newest entry: subscribers see it again then.
    entry.updated(post.modified)
    entry.sitegen.moment = post.modified
    if kind == "atom" and post.authors:
        # In one call: feedgen redoes its whole list of authors on each (quadratic).
        authors = post.authors
        entry.author([{"name": a.name, "uri": site.absolute(site.author_url(a))} for a in authors])
    elif post.authors:
        # RSS <author> must be an e-mail address; Dublin Core carries plain names.
        entry.dc.dc_creator([author.name for author in post.authors])
    image = lead_image(site, post)
    if image is not None and kind == "rss":
        # RSS readers take the lead image from these; an Atom entry shows it in its
        # content (feedgen's Atom links lose their `rel`, which would hide the article's).
        url, size, mime, width, height = image
        entry.enclosure(url, str(size), mime)
        entry.media.thumbnail({"url": url, "width": str(width), "height": str(height)})
    # Names, as readers show them (feedparser shows an Atom category's term), and as
    # RSS writes them (feedgen gives RSS the label).
    entry.category(term=post.section.title, label=post.section.title)
    for tag in post.tags:
        entry.category(term=tag.name, label=tag.name)


def json_feed(
    site: Site,
    env: Environment,
    folder: str = "",
    title: str | None = None,
    posts: tuple[Post, ...] | None = None,
) -> bytes:
    """JSON Feed 1.1 of `posts` for the page at `folder` (by default: the whole site)."""
    config = site.config
    chosen = site.posts if posts is None else posts
    items = [_json_item(site, env, post) for post in chosen[: config.feed_items]]
    return _json_document(site, folder, title or config.title, items)


def _json_document(site: Site, folder: str, title: str, items: list) -> bytes:
    config = site.config
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": site.absolute(folder),
        "feed_url": site.absolute(folder + "feed.json"),
    }
    if config.description:
        feed["description"] = config.description
    feed["language"] = config.language
    if config.websub_hub:
        feed["hubs"] = [{"type": "WebSub", "url": config.websub_hub}]
    feed["authors"] = [{"name": config.title, "url": site.absolute("")}]
    feed["items"] = items
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(site: Site, env: Environment, post: Post) -> dict[str, object]:
    article = post.article
    item: dict[str, object] = {
        "id": post.feed_id,
        "url": site.absolute(post.url),
        "title": article.title,
        "summary": article.summary,
        "content_html": content_html(site, env, post),
        "date_published": article.date.isoformat(),
        "date_modified": post.modified.isoformat(),
        "tags": [post.section.title, *(t.name for t in post.tags)],
    }
    if post.authors:
        item["authors"] = [
            {"name": a.name, "url": site.absolute(site.author_url(a))} for a in post.authors
        ]
    image = lead_image(site, post)
    if image is not None:
        item["image"] = image[0]
    elif article.image is not None:
        item["image"] = site.absolute(site.resolve(article.image.src))
    return item


def correction_id(correction: Correction) -> str:
    """A correction's permanent id: its article's, and which of its corrections it is.
    The article's id never changes, and corrections are only ever added after the
    ones before them, so neither does this."""
    return f"{correction.post.feed_id}#correction-{correction.number}"


def _correction_html(site: Site, correction: Correction) -> str:
    html = f"<p>{inline(correction.update.note)}</p>"
    return absolute_links(html, site.absolute(correction.post.url))


def corrections(site: Site, env: Environment, folder: str, title: str, kind: str) -> bytes:
    """The corrections feed: one item per correction, newest first, in RSS, Atom or
    JSON Feed (`kind`). An item's link is the corrected article."""
    config = site.config
    items = site.corrections()[: config.feed_items]
    if kind == "json":
        return _json_document(site, folder, title, [_json_correction(site, c) for c in items])
    page_url = site.absolute(folder)
    self_url = site.absolute(folder + ("feed.xml" if kind == "rss" else "atom.xml"))
    latest = max((c.update.date for c in items), default=newest(site, ()))
    fg = FeedGenerator()
    fg.title(title)
    description = f"Corrections published by {config.title}"
    fg.description(description)
    fg.subtitle(description)
    fg.language(config.language)
    fg.id(page_url)
    self_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    fg.link(href=self_url, rel="self", type=self_type)
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.author({"name": config.title})
    fg.generator("sitegen")
    fg.updated(latest)
    fg.lastBuildDate(latest)
    if items:
        fg.pubDate(latest)
    for correction in reversed(items):  # feedgen prepends
        entry = fg.add_entry()
        post, update = correction.post, correction.update
        entry.id(correction_id(correction))
        entry.guid(correction_id(correction), permalink=False)
        entry.title(f"Correction: {post.title}")
        entry.link(href=site.absolute(post.url), rel="alternate", type="text/html")
        entry.summary(update.note)
        entry.description(update.note)
        html = _correction_html(site, correction)
        rss_type = "CDATA" if "]]>" not in html else None
        entry.content(html, type=rss_type if kind == "rss" else "html")
        entry.published(update.date)
        entry.updated(update.date)
    if kind == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


def _json_correction(site: Site, correction: Correction) -> dict[str, object]:
    post, update = correction.post, correction.update
    return {
        "id": correction_id(correction),
        "url": site.absolute(post.url),
        "title": f"Correction: {post.title}",
        "summary": update.note,
        "content_html": _correction_html(site, correction),
        "date_published": update.date.isoformat(),
        "date_modified": update.date.isoformat(),
    }


def docket(site: Site, case: Case) -> bytes:
    """`/cases/<slug>/docket.xml`: an Atom entry for every docket entry, newest first.

    An entry's id is the case page's URL with the entry's anchor (`#docket-412`, or for
    an unnumbered entry its date and title), so it never changes when an editor fixes a
    typo in a numbered entry's title. Entries are dated at midnight of their day in the
    site's time zone: a docket gives days, not times.
    """
    config = site.config
    folder = f"cases/{case.slug}/"
    page_url = site.absolute(folder)
    zone = config.zone

    def moment(day) -> datetime:
        return datetime.combine(day, time(0), zone)

    fg = FeedGenerator()
    fg.title(f"{case.title}: docket · {config.title}")
    fg.subtitle(f"New filings in {case.title}" + (f", {case.court}" if case.court else ""))
    fg.language(config.language)
    fg.id(page_url + "#docket-heading")
    fg.link(href=site.absolute(folder + "docket.xml"), rel="self", type="application/atom+xml")
    if config.websub_hub:
        fg.link(href=config.websub_hub, rel="hub")
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.author({"name": config.title})
    fg.generator("sitegen")
    newest_day = max((e.date for e in case.docket), default=None)
    fg.updated(moment(newest_day) if newest_day else EPOCH)
    for entry in reversed(case.docket):  # feedgen prepends: oldest first, newest on top
        item = fg.add_entry()
        item.id(f"{page_url}#{entry.anchor}")
        title = f"No. {entry.number}: {entry.title}" if entry.number is not None else entry.title
        item.title(title)
        item.link(href=f"{page_url}#{entry.anchor}", rel="alternate", type="text/html")
        if entry.url:
            item.link(href=entry.url, rel="related", title=entry.title)
        item.published(moment(entry.date))
        item.updated(moment(entry.date))
        item.content(_docket_html(entry), type="html")
    return fg.atom_str(pretty=True)


def _docket_html(entry: DocketEntry) -> str:
    """What a feed reader shows for a docket entry: its day, the filing and attachments."""
    parts = [f"<p>Filed {escape(human_day(entry.date))}"]
    if entry.number is not None:
        parts.append(f", docket number {entry.number}")
    parts.append(".</p>")
    if entry.url:
        parts.append(f'<p><a href="{escape(entry.url)}">{escape(entry.title)}</a></p>')
    if entry.documents:
        items = "".join(
            f'<li><a href="{escape(d.url)}">{escape(d.title)}</a></li>' for d in entry.documents
        )
        parts.append(f"<ul>{items}</ul>")
    if entry.note:
        parts.append(f"<p>{inline(entry.note)}</p>")
    return "".join(parts)


def human_day(day) -> str:
    return f"{MONTHS[day.month]} {day.day}, {day.year}"


# -- a live article's own feeds: one item per entry -----------------------------------


def entry_id(post: Post, entry: LiveEntry) -> str:
    """An entry's permanent id: its live article's and its own, so an edit of its title
    or text never shows it to subscribers twice."""
    return f"{post.feed_id}#{entry.id}"


def entry_html(site: Site, env: Environment, post: Post, entry: LiveEntry) -> str:
    html = env.get_template("partials/live_entry_body.html").render(
        site=site, post=post, e=entry, feed=True
    )
    return absolute_links(html, site.absolute(post.url))


def live_feed(site: Site, env: Environment, post: Post, kind: str) -> bytes:
    """The RSS or Atom feed of a live article's entries, newest first."""
    folder = post.url.removeprefix(site.config.base_path)
    items = post.newest_first[: site.config.feed_items]
    fg = _generator(site, folder, post.title, kind, post.modified)
    fg.pubDate(max((e.time for e in items), default=post.date))
    for entry in reversed(items):
        item = fg.add_entry()
        ident = entry_id(post, entry)
        item.id(ident)
        item.guid(ident, permalink=False)
        item.title(entry_headline(site, entry))
        item.link(href=site.absolute(post.url) + "#" + entry.id, rel="alternate", type="text/html")
        html = entry_html(site, env, post, entry)
        item.content(
            html, type=("CDATA" if "]]>" not in html else None) if kind == "rss" else "html"
        )
        item.published(entry.time)
        item.updated(entry.entry.modified)
        item.sitegen.moment = entry.entry.modified
        if entry.author is not None:
            if kind == "atom":
                uri = site.absolute(site.author_url(entry.author))
                item.author({"name": entry.author.name, "uri": uri})
            else:
                item.dc.dc_creator([entry.author.name])
        elif entry.entry.by:
            if kind == "atom":
                item.author({"name": entry.entry.by})
            else:
                item.dc.dc_creator([entry.entry.by])
    if kind == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


def live_json_feed(site: Site, env: Environment, post: Post) -> bytes:
    folder = post.url.removeprefix(site.config.base_path)
    items = []
    for entry in post.newest_first[: site.config.feed_items]:
        item: dict[str, object] = {
            "id": entry_id(post, entry),
            "url": site.absolute(post.url) + "#" + entry.id,
            "title": entry_headline(site, entry),
            "content_html": entry_html(site, env, post, entry),
            "date_published": entry.time.isoformat(),
            "date_modified": entry.entry.modified.isoformat(),
        }
        if entry.author is not None:
            url = site.absolute(site.author_url(entry.author))
            item["authors"] = [{"name": entry.author.name, "url": url}]
        elif entry.entry.by:
            item["authors"] = [{"name": entry.entry.by}]
        items.append(item)
    return _json_document(site, folder, post.title, items)
