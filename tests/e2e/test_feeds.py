"""Feeds, read the way a subscriber's reader reads them.

A small site in; RSS 2.0, Atom and JSON Feed out, parsed with feedparser (as most feed
readers do) and checked for what a subscriber sees: the newest items first, whole
articles with working links, bylines, topics, dates with their offsets, and ids that
stay the same when an editor retitles or re-slugs an article, so nothing shows up twice.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from tests.support import SITE_YAML, article, photo_bytes

BASE = "https://example.org/trial/"
PDT = timezone(timedelta(hours=-7))
CASE = "title: Musk v. OpenAI\nsummary: Musk asks the court to undo OpenAI's for-profit turn.\n"

OPENING = article(
    "Opening statements begin",
    date="2026-05-01T09:00:00-07:00",
    summary="Both sides set out their case.",
    extra="""\
        slug: opening
        authors: [Ana Ruiz, Ben Ode]
        tags: [OpenAI, Testimony]
        case: musk-v-openai
        image: {src: images/court.jpg, alt: The courthouse steps}
        """,
    body="""\
        Read [our primer](/guides/primer/) first, see [the courtroom](sketch.png),
        jump to [the note](#note), or write to [the desk](mailto:desk@example.org).

        <p>Raw HTML too: <a href='/trial/people/'>people</a> and
        <img srcset="small.png 1x, /trial/big.png 2x" src="small.png" alt=""></p>
        """,
)
PRIMER = article(
    "A primer on the case",
    date="2026-04-20",
    section="guides",
    summary="What the trial is about.",
    extra="slug: primer\ncase: musk-v-openai\ntags: [OpenAI]\n",
)
VERDICT_WATCH = article(
    "What a verdict could mean",
    date="2026-05-02T18:30:00-07:00",
    summary="Three outcomes, explained.",
    extra="slug: verdict-watch\nid: urn:uuid:0b7c6f52-1d7e-4a51-9f0e-2f5b8f3c9a11\n",
)


COURT = photo_bytes((1600, 900))


def site_files(**overrides: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "content/images/court.jpg": COURT,
        "content/cases/musk-v-openai.yaml": CASE,
        "content/articles/opening.md": OPENING,
        "content/articles/primer.md": PRIMER,
        "content/articles/verdict.md": VERDICT_WATCH,
    }
    files.update(overrides)
    return files


@pytest.fixture
def built(make_site, build):
    site = make_site(site_files())
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    return run


def ok(build, site, out):
    run = build(site, "--no-search", out=out)
    assert run.code == 0, run.stderr
    return run


def parse(run, path: str):
    feed = feedparser.parse(run.page(path))
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


ALL_FEEDS = [
    ("feed.xml", "rss20"),
    ("atom.xml", "atom10"),
    ("news/feed.xml", "rss20"),
    ("news/atom.xml", "atom10"),
    ("guides/feed.xml", "rss20"),
    ("guides/atom.xml", "atom10"),
    ("cases/musk-v-openai/feed.xml", "rss20"),
    ("cases/musk-v-openai/atom.xml", "atom10"),
]


@pytest.mark.parametrize(("path", "version"), ALL_FEEDS)
def test_every_feed_is_well_formed_in_its_format(built, path, version):
    feed = parse(built, path)
    assert feed.version == version
    assert feed.entries, f"{path} has no items"


def test_site_feed_lists_every_article_newest_first(built):
    for path in ("feed.xml", "atom.xml"):
        titles = [e.title for e in parse(built, path).entries]
        assert titles == [
            "What a verdict could mean",
            "Opening statements begin",
            "A primer on the case",
        ], path


def test_section_and_case_feeds_hold_only_their_articles(built):
    assert [e.title for e in parse(built, "guides/feed.xml").entries] == ["A primer on the case"]
    assert [e.title for e in parse(built, "news/atom.xml").entries] == [
        "What a verdict could mean",
        "Opening statements begin",
    ]
    case = parse(built, "cases/musk-v-openai/feed.xml")
    assert [e.title for e in case.entries] == ["Opening statements begin", "A primer on the case"]
    assert case.feed.title == "Musk v. OpenAI · Test Tracker"
    assert case.feed.link == BASE + "cases/musk-v-openai/"


def test_a_feed_links_back_to_its_page_and_to_itself(built):
    rss = parse(built, "news/feed.xml").feed
    assert rss.link == BASE + "news/"
    atom = parse(built, "news/atom.xml").feed
    links = {link.rel: link.href for link in atom.links}
    assert links == {"alternate": BASE + "news/", "self": BASE + "news/atom.xml"}


def test_an_item_carries_the_whole_article_for_a_reader(built):
    for path in ("feed.xml", "atom.xml"):
        item = next(e for e in parse(built, path).entries if e.title == "Opening statements begin")
        assert item.link == BASE + "news/opening/"
        assert item.summary == "Both sides set out their case."
        html = item.content[0].value
        assert "Raw HTML too" in html
        assert [a["name"] for a in item.authors] == ["Ana Ruiz", "Ben Ode"], path
        terms = {t.get("label") or t.term for t in item.tags}
        assert {"News", "OpenAI", "Testimony"} <= terms, path


def raw_item_html(run, path: str, title: str) -> str:
    """An item's HTML as the file holds it (feedparser would sanitise some of it away)."""
    root = ET.fromstring(run.page(path).encode())
    if path.endswith("feed.xml"):
        item = next(i for i in root.iter("item") if i.findtext("title") == title)
        return item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in root.iter(atom + "entry") if e.findtext(atom + "title") == title)
    return entry.findtext(atom + "content")


def test_every_link_and_image_in_an_item_is_absolute(built):
    for path in ("feed.xml", "atom.xml"):
        html = raw_item_html(built, path, "Opening statements begin")
        urls = re.findall(r"""(?:href|src)=["']([^"']*)["']""", html)
        srcsets = re.findall(r"""srcset=["']([^"']*)["']""", html)
        assert BASE + "guides/primer/" in urls
        assert BASE + "news/opening/sketch.png" in urls
        assert BASE + "news/opening/#note" in urls
        assert BASE + "people/" in urls
        assert any(re.fullmatch(BASE + r"images/court-800-\w+\.jpg", u) for u in urls), (
            "the lead image heads the item"
        )
        assert "mailto:desk@example.org" in urls
        assert srcsets[-1] == f"{BASE}news/opening/small.png 1x, {BASE}big.png 2x"
        assert all(c.startswith(BASE) for s in srcsets for c in s.split(", ")), srcsets
        relative = [u for u in urls if not u.startswith(("https://", "mailto:"))]
        assert relative == [], path


def test_rss_dates_are_rfc_822_with_the_written_offset(built):
    channel = ET.fromstring(built.page("feed.xml").encode()).find("channel")
    dates = {
        item.findtext("title"): parsedate_to_datetime(item.findtext("pubDate"))
        for item in channel.findall("item")
    }
    assert dates["Opening statements begin"] == datetime(2026, 5, 1, 9, 0, tzinfo=PDT)
    assert dates["Opening statements begin"].utcoffset() == timedelta(hours=-7)
    # A date without a time is midnight in the site's time zone (America/Los_Angeles).
    assert dates["A primer on the case"] == datetime(2026, 4, 20, 0, 0, tzinfo=PDT)
    # The channel's dates are the newest item's, not the moment of the build.
    newest = datetime(2026, 5, 2, 18, 30, tzinfo=PDT)
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == newest
    assert parsedate_to_datetime(channel.findtext("pubDate")) == newest


def test_atom_dates_carry_offsets(built):
    feed = parse(built, "atom.xml")
    assert feed.feed.updated == "2026-05-02T18:30:00-07:00"
    item = next(e for e in feed.entries if e.title == "Opening statements begin")
    assert item.published == "2026-05-01T09:00:00-07:00"
    assert item.updated == "2026-05-01T09:00:00-07:00"


def test_a_correction_moves_the_items_updated_date_and_the_feeds(make_site, build):
    corrected = OPENING.replace(
        "slug: opening\n",
        "slug: opening\nupdates:\n"
        "  - {date: 2026-05-03T08:15:00-07:00, kind: correction, note: Fixed a name.}\n",
    )
    site = make_site(site_files(**{"content/articles/opening.md": corrected}))
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    atom = parse(run, "atom.xml")
    item = next(e for e in atom.entries if e.title == "Opening statements begin")
    assert item.published == "2026-05-01T09:00:00-07:00"
    assert item.updated == "2026-05-03T08:15:00-07:00"
    assert atom.feed.updated == "2026-05-03T08:15:00-07:00"
    rss = parse(run, "feed.xml")
    item = next(e for e in rss.entries if e.title == "Opening statements begin")
    assert item.updated == "2026-05-03T08:15:00-07:00", "RSS items carry atom:updated"
    assert rss.feed.updated == "Sun, 03 May 2026 08:15:00 -0700"
    data = json.loads(run.page("feed.json"))
    item = next(i for i in data["items"] if i["title"] == "Opening statements begin")
    assert item["date_modified"] == "2026-05-03T08:15:00-07:00"


def ids(run) -> dict[str, dict[str, str]]:
    """Each feed format's item ids, by the article's URL."""
    rss = parse(run, "feed.xml")
    atom = parse(run, "atom.xml")
    data = json.loads(run.page("feed.json"))
    return {
        "rss": {e.link: e.id for e in rss.entries},
        "atom": {e.link: e.id for e in atom.entries},
        "json": {i["url"]: i["id"] for i in data["items"]},
    }


def test_item_ids_are_permanent_and_never_the_url(built):
    for by_url in ids(built).values():
        assert (
            by_url[BASE + "news/verdict-watch/"] == "urn:uuid:0b7c6f52-1d7e-4a51-9f0e-2f5b8f3c9a11"
        )
        # Without a written id: derived from the first publication date and the slug.
        assert by_url[BASE + "news/opening/"] == "tag:example.org,2026-05-01:opening"
    rss = built.page("feed.xml")
    assert rss.count('<guid isPermaLink="false">') == 3


def test_retitling_an_article_keeps_its_id(make_site, build, tmp_path):
    site = make_site(site_files())
    before = ids(ok(build, site, tmp_path / "one"))
    retitled = OPENING.replace("Opening statements begin", "Opening statements, day one")
    (site / "content/articles/opening.md").write_text(retitled, encoding="utf-8")
    run = ok(build, site, tmp_path / "two")
    assert "Opening statements, day one" in [e.title for e in parse(run, "atom.xml").entries]
    assert ids(run) == before


def test_changing_the_slug_of_an_article_with_an_id_keeps_the_id(make_site, build, tmp_path):
    site = make_site(site_files())
    before = ids(ok(build, site, tmp_path / "one"))
    moved = VERDICT_WATCH.replace("slug: verdict-watch", "slug: what-a-verdict-means")
    (site / "content/articles/verdict.md").write_text(moved, encoding="utf-8")
    after = ids(ok(build, site, tmp_path / "two"))
    for kind in ("rss", "atom", "json"):
        assert BASE + "news/verdict-watch/" not in after[kind]
        new = after[kind][BASE + "news/what-a-verdict-means/"]
        assert new == before[kind][BASE + "news/verdict-watch/"]


def test_feeds_never_read_the_clock(make_site, build, tmp_path, monkeypatch):
    """Two builds a month apart of the same content give the same feeds, byte for byte."""
    site = make_site(site_files())
    first = ok(build, site, tmp_path / "one")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1792600000")  # a month later
    second = ok(build, site, tmp_path / "two")
    for path in ("feed.xml", "atom.xml", "feed.json", "news/feed.xml", "sitemap.xml"):
        assert first.page(path) == second.page(path), path


def test_feeds_items_limits_every_feed_to_the_newest(make_site, build):
    site = make_site(site_files(), site_yaml=SITE_YAML + "feeds: {items: 2}\n")
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    for path in ("feed.xml", "atom.xml"):
        assert [e.title for e in parse(run, path).entries] == [
            "What a verdict could mean",
            "Opening statements begin",
        ]
    assert len(json.loads(run.page("feed.json"))["items"]) == 2


def test_drafts_and_scheduled_articles_stay_out_of_feeds(make_site, build):
    site = make_site(
        site_files(
            **{
                "content/articles/draft.md": article("Secret draft", extra="draft: true\n"),
                "content/articles/later.md": article("Next year's story", date="2027-06-01"),
            }
        )
    )
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    for path in ("feed.xml", "atom.xml", "feed.json", "news/feed.xml"):
        assert "Secret draft" not in run.page(path)
        assert "Next year" not in run.page(path)


def test_markup_in_a_title_reaches_the_reader_as_text(make_site, build):
    tricky = article("'Musk & Altman: \"<b>not</b> friends\"'", summary="'A <script> & more'")
    run = build(make_site({"content/articles/tricky.md": tricky}), "--no-search")
    assert run.code == 0, run.stderr
    # Text, with typographic quotes as on the page.
    for path in ("feed.xml", "atom.xml"):
        item = parse(run, path).entries[0]
        assert item.title == "Musk & Altman: “<b>not</b> friends”"
    data = json.loads(run.page("feed.json"))
    assert data["items"][0]["title"] == "Musk & Altman: “<b>not</b> friends”"
    assert data["items"][0]["summary"] == "A <script> & more"


def test_json_feed_has_what_version_1_1_requires(built):
    data = json.loads(built.page("feed.json"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"] == "Test Tracker"
    assert data["home_page_url"] == BASE
    assert data["feed_url"] == BASE + "feed.json"
    assert isinstance(data["items"], list) and len(data["items"]) == 3
    assert "author" not in data, "1.1 replaced `author` with `authors`"
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert item["url"].startswith(BASE)
        for key in ("date_published", "date_modified"):
            moment = datetime.fromisoformat(item[key])  # RFC 3339
            assert moment.utcoffset() is not None, f"{key} needs an offset"
        assert all(isinstance(t, str) for t in item["tags"])
        for author in item.get("authors", []):
            assert set(author) <= {"name", "url", "avatar"}
    opening = next(i for i in data["items"] if i["url"] == BASE + "news/opening/")
    assert opening["tags"] == ["News", "OpenAI", "Testimony"]
    assert opening["authors"] == [
        {"name": "Ana Ruiz", "url": BASE + "authors/ana-ruiz/"},
        {"name": "Ben Ode", "url": BASE + "authors/ben-ode/"},
    ]
    assert re.fullmatch(BASE + r"images/court-1600-\w+\.jpg", opening["image"])
    assert BASE + "guides/primer/" in opening["content_html"]


def alternates(html: str) -> dict[str, str]:
    """href → type of every <link rel="alternate"> feed link on a page."""
    links = re.findall(r"<link rel=\"alternate\" type=\"([^\"]+)\"[^>]*href=\"([^\"]+)\"", html)
    return {href: kind for kind, href in links}


def test_every_page_links_the_feeds_that_follow_it(built):
    site_feeds = {"/trial/feed.xml", "/trial/atom.xml", "/trial/feed.json"}
    pages = {
        "index.html": set(),
        "glossary/index.html": set(),
        "news/index.html": {"/trial/news/feed.xml", "/trial/news/atom.xml"},
        "cases/musk-v-openai/index.html": {
            "/trial/cases/musk-v-openai/feed.xml",
            "/trial/cases/musk-v-openai/atom.xml",
        },
        "news/opening/index.html": {
            "/trial/news/feed.xml",
            "/trial/news/atom.xml",
            "/trial/cases/musk-v-openai/feed.xml",
            "/trial/cases/musk-v-openai/atom.xml",
        },
    }
    for page, own in pages.items():
        linked = alternates(built.page(page))
        assert site_feeds | own <= set(linked), page
        for href in linked:
            assert (built.out / href.removeprefix("/trial/")).is_file(), f"{page}: {href}"


def test_a_case_page_offers_its_feeds_to_follow(built):
    html = built.page("cases/musk-v-openai/index.html")
    follow = re.search(r"Follow this case:(.*?)</p>", html, re.S)
    assert follow, "no visible 'Follow this case' line"
    assert 'href="/trial/cases/musk-v-openai/feed.xml"' in follow.group(1)
    assert 'href="/trial/cases/musk-v-openai/atom.xml"' in follow.group(1)
