"""schema.org data for search engines: NewsArticle, LiveBlogPosting, ClaimReview and
ProfilePage (JSON-LD)."""

from __future__ import annotations

from typing import Any

import lxml.html

from sitegen.model.content import Author
from sitegen.model.site import LiveEntry, Post, Site
from sitegen.render.times import clock

# How a verdict maps onto ClaimReview's 1-to-5 rating scale.
RATINGS = {"verified": (5, "True"), "false": (1, "False")}


def news_article(site: Site, post: Post) -> dict[str, Any]:
    a = post.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.summary,
        "datePublished": a.date.isoformat(),
        "dateModified": a.modified.isoformat(),
        "mainEntityOfPage": site.absolute(post.url),
        "url": site.absolute(post.url),
        "articleSection": post.section.title,
        "inLanguage": site.config.language,
        "publisher": {"@type": "Organization", "name": site.config.title},
    }
    if post.authors:
        data["author"] = [person(site, author) for author in post.authors]
    lead = post.lead
    if lead is not None and lead.picture is not None:
        # The social card (1.91:1) and the photo as it is: search engines pick a shape.
        card = lead.picture.card
        shapes = [card.path] if card else []
        data["image"] = [site.absolute(p) for p in (*shapes, lead.picture.largest.path)]
    elif lead is not None:
        data["image"] = [site.absolute(site.resolve(lead.ref.src))]
    if post.tags:
        data["keywords"] = [t.name for t in post.tags]
    fixes = [u for u in a.updates if u.kind == "correction"]
    if fixes:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": u.note, "datePublished": u.date.isoformat()}
            for u in fixes
        ]
    return data


def person(site: Site, author: Author, full: bool = False) -> dict[str, Any]:
    """An author as a schema.org Person: name and page; with `full`, all we know."""
    data: dict[str, Any] = {
        "@type": "Person",
        "name": author.name,
        "url": site.absolute(site.author_url(author)),
    }
    if author.links:
        data["sameAs"] = list(author.links)
    if full:
        if author.role:
            data["jobTitle"] = author.role
        if author.bio:
            data["description"] = author.bio
        photo = site.portrait(author.slug)
        if photo is not None:
            processed = photo.picture
            src = site.url(processed.default.path) if processed else site.resolve(photo.ref.src)
            data["image"] = site.absolute(src)
        if author.email:
            data["email"] = author.email
    return data


def profile_page(site: Site, author: Author) -> dict[str, Any]:
    """The author page's data: a ProfilePage about the author (Google's profile page)."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": site.absolute(site.author_url(author)),
        "name": f"{author.name} · {site.config.title}",
        "mainEntity": person(site, author, full=True),
    }


def claim_reviews(site: Site, post: Post) -> list[dict[str, Any]]:
    """One ClaimReview for each claim the newsroom has checked (verified or false)."""
    out = []
    for claim in post.article.claims:
        if claim.status not in RATINGS:
            continue
        value, word = RATINGS[claim.status]
        speaker = post.speaker(claim)
        item: dict[str, Any] = {
            "@type": "Claim",
            "author": {"@type": "Person", "name": speaker.name},
        }
        if claim.date:
            item["datePublished"] = claim.date.iso
        if claim.sources:
            item["appearance"] = [{"@type": "CreativeWork", "url": s.url} for s in claim.sources]
        out.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": site.absolute(post.url) + f"#claim-{claim.id}",
                "claimReviewed": claim.text,
                "datePublished": post.article.date.isoformat(),
                "author": {"@type": "Organization", "name": site.config.title},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": word,
                },
                "itemReviewed": item,
            }
        )
    return out


LIVE_UPDATES = 50  # entries listed in `liveBlogUpdate`, newest first


def live_blog_posting(site: Site, post: Post) -> dict[str, Any]:
    """A live page's LiveBlogPosting, instead of NewsArticle: the article's fields,
    its coverage window and its newest entries."""
    data = news_article(site, post)
    data["@type"] = "LiveBlogPosting"
    data["dateModified"] = post.modified.isoformat()
    live = post.article.live
    data["coverageStartTime"] = post.date.isoformat()
    if live is not None and live.status == "ended" and live.ended is not None:
        data["coverageEndTime"] = live.ended.isoformat()
    page = site.absolute(post.url)
    updates = []
    for entry in post.newest_first[:LIVE_UPDATES]:
        item: dict[str, Any] = {
            "@type": "BlogPosting",
            "headline": entry_headline(site, entry),
            "datePublished": entry.time.isoformat(),
            "url": f"{page}#{entry.id}",
            "articleBody": plain_text(entry.rendered.html),
        }
        if entry.entry.updated:
            item["dateModified"] = entry.entry.updated.isoformat()
        if entry.author is not None:
            item["author"] = person(site, entry.author)
        elif entry.entry.by:
            item["author"] = {"@type": "Person", "name": entry.entry.by}
        updates.append(item)
    data["liveBlogUpdate"] = updates
    return data


def plain_text(html: str) -> str:
    """The words of an HTML fragment, spaced as a reader reads them."""
    if not html.strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def entry_headline(site: Site, entry: LiveEntry) -> str:
    """An entry's title, or what its time says when it has none."""
    return entry.entry.title or f"Update at {clock(entry.time, site.config.zone)}"
