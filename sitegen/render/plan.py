"""The build plan: every output path, and what renders it.

Planning is separate from rendering so that collisions are found (all of them) before
anything is written, and so that an incremental build can decide what is stale.
"""

from __future__ import annotations

from datetime import datetime

from sitegen.model.outputs import Output, Pager
from sitegen.model.site import Post, Site
from sitegen.render import casepage, feeds, live, sitemaps


def _paginate(site: Site, posts: tuple[Post, ...], folder: str):
    """(output path, pager, posts on it) for each page of a listing: /x/, /x/page/2/…"""
    per = site.config.per_page
    total = max(1, -(-len(posts) // per))

    def rel(n: int) -> str:
        return folder if n == 1 else f"{folder}page/{n}/"

    for n in range(1, total + 1):
        pager = Pager(
            n,
            total,
            site.url(rel(n)),
            site.url(rel(n - 1)) if n > 1 else None,
            site.url(rel(n + 1)) if n < total else None,
        )
        yield rel(n) + "index.html", pager, posts[(n - 1) * per : n * per]


def _feeds(
    site: Site, folder: str, title: str, posts: tuple[Post, ...], origin: str, json: bool = False
):
    """RSS and Atom (and JSON Feed, when `json`) beside the page they follow."""
    for kind in ("rss", "atom"):
        name = "feed.xml" if kind == "rss" else "atom.xml"
        yield Output(
            folder + name,
            origin,
            data=lambda env, kind=kind: feeds.write(site, env, folder, title, posts, kind),
        )
    if json:
        yield Output(
            folder + "feed.json",
            origin,
            data=lambda env: feeds.json_feed(site, env, folder, title, posts),
        )


def _live_files(site: Site, post: Post):
    """Beside a live page: the file its script polls, and its own feeds (one item per entry)."""
    folder = post.url.removeprefix(site.config.base_path)
    origin = post.article.path
    yield Output(
        folder + "updates.json", origin, data=lambda env: live.updates_json(site, env, post)
    )
    for kind in ("rss", "atom"):
        name = "feed.xml" if kind == "rss" else "atom.xml"
        yield Output(
            folder + name,
            origin,
            data=lambda env, kind=kind: feeds.live_feed(site, env, post, kind),
        )
    yield Output(
        folder + "feed.json", origin, data=lambda env: feeds.live_json_feed(site, env, post)
    )


def plan(site: Site, now: datetime) -> list[Output]:
    out: list[Output] = []
    config = site.config
    for path, pager, posts in _paginate(site, site.posts, ""):
        out.append(Output(path, "home", "index.html", {"posts": posts, "pager": pager}))
    out.extend(_feeds(site, "", config.title, site.posts, "site feed"))
    out.append(Output("feed.json", "site feed", data=lambda env: feeds.json_feed(site, env)))

    for section in config.sections:
        posts = site.section_posts(section.key)
        folder = f"{section.key}/"
        for path, pager, page_posts in _paginate(site, posts, folder):
            ctx = {"section": section, "posts": page_posts, "pager": pager}
            out.append(Output(path, f"section {section.key}", "section.html", ctx))
        out.extend(_feeds(site, folder, f"{section.title} · {config.title}", posts, "section feed"))

    for post in site.posts:
        path = post.url.removeprefix(config.base_path) + "index.html"
        # Its schema.org data is made by the template (`news_article`, `claim_reviews`)
        # from the post it reads whole: in the plan, it was 10,000 more dicts to digest.
        ctx = {"post": post, "related": site.related.get(post.url, ())}
        if post.live is None:
            out.append(Output(path, post.article.path, "article.html", ctx))
        else:
            out.append(Output(path, post.article.path, "live.html", ctx))
            out.extend(_live_files(site, post))

    for entry in site.pages:
        path = f"{entry.page.slug}/index.html"
        out.append(Output(path, entry.page.path, "page.html", {"entry": entry}))

    out.append(Output("tags/index.html", "tag index", "tags.html", {}))
    for slug, (tag, posts) in site.tags.items():
        for path, pager, page_posts in _paginate(site, posts, f"tags/{slug}/"):
            ctx = {"tag": tag, "posts": page_posts, "pager": pager}
            out.append(Output(path, f"tag {tag.name}", "tag.html", ctx))

    out.append(Output("cases/index.html", "case index", "cases.html", {}))
    for slug, case in site.cases.items():
        folder = f"cases/{slug}/"
        posts = site.case_posts(slug)
        ctx = casepage.context(site, case)
        out.append(Output(folder + "index.html", case.path, "case.html", ctx))
        out.extend(_feeds(site, folder, f"{case.title} · {config.title}", posts, "case feed"))
        if case.docket:
            out.append(
                Output(
                    folder + "docket.xml",
                    case.path,
                    data=lambda env, case=case: feeds.docket(site, case),
                )
            )

    out.append(Output("people/index.html", "people index", "people.html", {}))
    for slug, person in site.people.items():
        ctx = {"person": person}
        out.append(Output(f"people/{slug}/index.html", f"person {slug}", "person.html", ctx))

    out.extend(_bylines(site))
    out.extend(_corrections(site))
    out.extend(_archive(site))

    terms = {"terms_by_slug": {t.slug: t for t in site.glossary}}
    out.append(Output("glossary/index.html", "glossary", "glossary.html", terms))
    out.append(Output("404.html", "not-found page", "404.html", {}))
    out.append(Output("search/index.html", "search page", "search.html", {}))
    out.append(Output("robots.txt", "robots", "robots.txt", {}))
    entries = sitemaps.entries(site, out)
    out.append(Output("sitemap.xml", "sitemap", "sitemap.xml", {"sitemap_entries": entries}))
    news = {
        "news_entries": sitemaps.news_entries(site, now),
        "news_language": sitemaps.news_language(config.language),
    }
    out.append(Output("news-sitemap.xml", "news sitemap", "news-sitemap.xml", news))
    return out


def _bylines(site: Site):
    """The authors index, and each author's page (paginated) with its feeds."""
    if not site.authors:
        return
    yield Output("authors/index.html", "author index", "authors.html", {})
    for slug, author in site.authors.items():
        folder = f"authors/{slug}/"
        posts = site.author_posts(slug)
        origin = f"author {author.name}"
        for path, pager, page_posts in _paginate(site, posts, folder):
            ctx = {"author": author, "posts": page_posts, "pager": pager}
            yield Output(path, origin, "author.html", ctx)
        title = f"{author.name} · {site.config.title}"
        yield from _feeds(site, folder, title, posts, f"author {author.name} feed", json=True)


def _corrections(site: Site):
    """Every correction on one page, and in feeds of their own (one item each)."""
    yield Output("corrections/index.html", "corrections page", "corrections.html", {})
    title = f"Corrections · {site.config.title}"
    for kind, name in (("rss", "feed.xml"), ("atom", "atom.xml"), ("json", "feed.json")):
        yield Output(
            f"corrections/{name}",
            "corrections feed",
            data=lambda env, kind=kind: feeds.corrections(site, env, "corrections/", title, kind),
        )


def _archive(site: Site):
    """The archive's index of months, and a page for each month that has articles."""
    yield Output("archive/index.html", "archive", "archive.html", {})
    for month in site.months():
        posts = site.month_posts(month.year, month.month)
        ctx = {"month": month, "posts": posts, "pager": None}
        yield Output(month.path + "index.html", f"archive {month.name}", "archive-month.html", ctx)


def collisions(outputs: list[Output]) -> list[tuple[str, list[str]]]:
    """Every output path claimed more than once, with everything that claims it."""
    claims: dict[str, list[str]] = {}
    for output in outputs:
        claims.setdefault(output.path, []).append(output.origin)
    return sorted((path, origins) for path, origins in claims.items() if len(origins) > 1)
