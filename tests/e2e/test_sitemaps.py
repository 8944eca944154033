"""What search engines, news aggregators and social sites read from a built site.

sitemap.xml lists every canonical page with its last change; news-sitemap.xml lists the
articles of the last two days the way Google News specifies; robots.txt names both; an
article page carries Open Graph and Twitter card tags that a link preview is made from.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.support import SITE_YAML, article, photo

BASE = "https://example.org/trial/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# The build fixture's SOURCE_DATE_EPOCH, 1790000000, is 2026-09-21T07:13:20-07:00.

FILES = {
    "content/cases/musk-v-openai.yaml": "title: Musk v. OpenAI\n",
    "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
    "content/glossary.yaml": "- term: Deposition\n  definition: Testimony under oath.\n",
    # 47 hours before the build: news.
    "content/articles/fresh.md": article(
        "Jury selection ends",
        date="2026-09-19T08:00:00-07:00",
        extra="slug: jury\ncase: musk-v-openai\ntags: [Jury]\n",
    ),
    # 48 hours and 13 minutes before the build: no longer news.
    "content/articles/stale.md": article(
        "Jury selection begins",
        date="2026-09-19T07:00:00-07:00",
        extra="slug: jury-begins\ncase: musk-v-openai\n",
    ),
    # Old, but corrected yesterday: a changed page, not news.
    "content/articles/old.md": article(
        "The case explained",
        date="2026-03-01T10:00:00-08:00",
        section="guides",
        extra="""\
            slug: explained
            updates:
              - {date: 2026-09-20T12:00:00-07:00, kind: correction, note: Fixed a date.}
            """,
    ),
    # Scheduled for tomorrow: nowhere yet.
    "content/articles/later.md": article("Verdict day", date="2026-09-22T09:00:00-07:00"),
}


@pytest.fixture
def built(make_site, build):
    run = build(make_site(FILES), "--no-search")
    assert run.code == 0, run.stderr
    return run


def sitemap(run) -> dict[str, str | None]:
    root = etree.fromstring(run.page("sitemap.xml").encode())
    assert root.tag == SM + "urlset"
    out: dict[str, str | None] = {}
    for url in root:
        assert url.tag == SM + "url"
        assert {child.tag for child in url} <= {SM + "loc", SM + "lastmod"}
        loc = url.findtext(SM + "loc")
        assert loc not in out, f"{loc} is listed twice"
        out[loc] = url.findtext(SM + "lastmod")
    return out


def test_sitemap_lists_every_canonical_page_and_only_those(built):
    urls = sitemap(built)
    for page in (
        "",
        "news/",
        "guides/",
        "news/jury/",
        "news/jury-begins/",
        "guides/explained/",
        "about/",
        "cases/",
        "cases/musk-v-openai/",
        "tags/",
        "tags/jury/",
        "people/",
        "glossary/",
    ):
        assert BASE + page in urls, page
    for loc in urls:
        assert loc.startswith(BASE)
        page = built.out / loc.removeprefix(BASE) / "index.html"
        assert page.is_file(), f"{loc} is not a page of the site"
        canonical = lxml_html.parse(str(page)).find(".//link[@rel='canonical']").get("href")
        assert canonical == loc, "a sitemap lists canonical URLs"
    assert BASE + "search/" not in urls, "the search page is not a page to list"
    assert not any("verdict" in loc for loc in urls), "scheduled articles are not out yet"


def test_sitemap_lastmod_is_the_last_change_of_what_a_page_shows(built):
    urls = sitemap(built)
    assert urls[BASE + "news/jury/"] == "2026-09-19T08:00:00-07:00"
    assert urls[BASE + "guides/explained/"] == "2026-09-20T12:00:00-07:00", "the correction"
    assert urls[BASE + "guides/"] == "2026-09-20T12:00:00-07:00"
    assert urls[BASE + "cases/musk-v-openai/"] == "2026-09-19T08:00:00-07:00"
    assert urls[BASE] == "2026-09-20T12:00:00-07:00"
    # Built from files without dates: no lastmod rather than a made-up one.
    assert urls[BASE + "about/"] is None
    assert urls[BASE + "glossary/"] is None
    for loc, lastmod in urls.items():
        if lastmod is not None:
            assert datetime.fromisoformat(lastmod).utcoffset() is not None, loc


def test_news_sitemap_has_the_articles_of_the_two_days_before_the_build(built):
    root = etree.fromstring(built.page("news-sitemap.xml").encode())
    assert root.tag == SM + "urlset"
    assert root.nsmap == {
        None: "http://www.sitemaps.org/schemas/sitemap/0.9",
        "news": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    urls = root.findall(SM + "url")
    assert [u.findtext(SM + "loc") for u in urls] == [BASE + "news/jury/"]
    news = urls[0].find(NEWS + "news")
    assert [child.tag for child in news] == [
        NEWS + "publication",
        NEWS + "publication_date",
        NEWS + "title",
    ]
    publication = news.find(NEWS + "publication")
    assert publication.findtext(NEWS + "name") == "Test Tracker"
    assert publication.findtext(NEWS + "language") == "en"
    assert news.findtext(NEWS + "publication_date") == "2026-09-19T08:00:00-07:00"
    assert news.findtext(NEWS + "title") == "Jury selection ends"


def test_news_sitemap_follows_the_build_time(make_site, build, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790200000")  # 2026-09-23T14:06:40Z
    run = build(make_site(FILES), "--no-search")
    assert run.code == 0, run.stderr
    root = etree.fromstring(run.page("news-sitemap.xml").encode())
    assert [u.findtext(SM + "loc") for u in root] == [BASE + "news/verdict-day/"]


def test_news_sitemap_language_is_an_iso_639_code(make_site, build):
    site = make_site(FILES, site_yaml=SITE_YAML + "language: en-GB\n")
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    root = etree.fromstring(run.page("news-sitemap.xml").encode())
    assert root.findtext(f".//{NEWS}language") == "en"


def test_news_sitemap_escapes_a_title(make_site, build):
    files = dict(FILES)
    files["content/articles/fresh.md"] = article(
        "'Musk & Altman <face> off'", date="2026-09-20T08:00:00-07:00", extra="slug: face-off\n"
    )
    run = build(make_site(files), "--no-search")
    assert run.code == 0, run.stderr
    root = etree.fromstring(run.page("news-sitemap.xml").encode())
    assert root.findtext(f".//{NEWS}title") == "Musk & Altman <face> off"


def test_robots_txt_points_to_both_sitemaps(built):
    lines = built.page("robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    assert f"Sitemap: {BASE}news-sitemap.xml" in lines
    for line in lines:
        assert not line.startswith("{#"), "template comments stay out of the file"


# ---- Link previews: Open Graph and Twitter cards -------------------------------------

PREVIEW = article(
    "'Musk says \"trust me\" & <smiles>'",
    date="2026-09-18T10:00:00-07:00",
    summary="'He testified for six hours.'",
    extra="""\
        slug: trust-me
        image: {src: images/musk.jpg, alt: "Elon Musk leaves court"}
        tags: [Testimony, Elon Musk]
        updated: 2026-09-19T09:30:00-07:00
        """,
)


def meta(run, page: str) -> dict[str, list[str]]:
    """Every <meta property|name> of a page, as a reader's browser parses it."""
    doc = lxml_html.fromstring(run.page(page))
    out: dict[str, list[str]] = {}
    for tag in doc.iter("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            out.setdefault(key, []).append(tag.get("content"))
    return out


def test_an_article_page_has_open_graph_and_twitter_tags(make_site, build):
    site = make_site({"content/articles/trust.md": PREVIEW})
    photo(site / "content/images/musk.jpg", (2400, 1600))
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    tags = meta(run, "news/trust-me/index.html")
    # As written, escaped where needed, with typographic quotes as the page shows them.
    title = "Musk says \u201ctrust me\u201d & <smiles>"
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == [title]
    assert tags["og:description"] == ["He testified for six hours."]
    assert tags["og:url"] == [BASE + "news/trust-me/"]
    assert tags["og:site_name"] == ["Test Tracker"]
    (card,) = tags["og:image"]
    assert re.fullmatch(BASE + r"images/musk-card-\w+\.jpg", card)
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
    assert tags["og:image:alt"] == ["Elon Musk leaves court"]
    assert tags["article:published_time"] == ["2026-09-18T10:00:00-07:00"]
    assert tags["article:modified_time"] == ["2026-09-19T09:30:00-07:00"]
    assert tags["article:section"] == ["News"]
    assert tags["article:tag"] == ["Testimony", "Elon Musk"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:title"] == [title]
    assert tags["twitter:description"] == ["He testified for six hours."]
    assert tags["twitter:image"] == [card]
    assert tags["twitter:image:alt"] == ["Elon Musk leaves court"]
    doc = lxml_html.fromstring(run.page("news/trust-me/index.html"))
    img = doc.find(".//figure[@class='lead-image']//img")
    assert re.fullmatch(r"/trial/images/musk-800-\w+\.jpg", img.get("src"))


def test_an_article_without_an_image_gets_a_summary_card(built):
    tags = meta(built, "news/jury/index.html")
    assert "og:image" not in tags and "twitter:image" not in tags
    assert tags["twitter:card"] == ["summary"]
    assert tags["article:modified_time"] == tags["article:published_time"]


def test_an_image_url_is_used_as_written(make_site, build):
    remote = PREVIEW.replace("images/musk.jpg", "https://cdn.example.net/musk.jpg")
    run = build(make_site({"content/articles/trust.md": remote}), "--no-search")
    assert run.code == 0, run.stderr
    assert meta(run, "news/trust-me/index.html")["og:image"] == ["https://cdn.example.net/musk.jpg"]
