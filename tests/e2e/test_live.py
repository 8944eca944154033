"""A live page, read the way readers, feed readers and search engines read it.

A small site with one live article and its entries in; out come the page (pinned entry
on top, then newest first, each at its anchor, key events, the badge), `updates.json`
for the polling script, LiveBlogPosting data, the article's own feeds (one item per
entry), and the claims and quotes of entries on the person and case pages.
"""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from lxml import html as lxml_html

from tests.support import LIVE_PATH, LIVE_URL, entry, entry_path, live_article, live_site

BASE = "https://example.org/trial/"
PAGE = BASE + LIVE_URL


@pytest.fixture
def site(make_site):
    return make_site(live_site())


@pytest.fixture
def run(site, build):
    result = build(site)
    assert result.code == 0, result.stderr
    return result


def ld(page: str, kind: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind}")


def test_the_page_shows_the_pinned_entry_then_the_rest_newest_first(run):
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    feed = doc.get_element_by_id("live-heading").getparent().find_class("live-feed")[0]
    assert feed.get("role") == "feed"
    ids = [a.get("id") for a in feed.findall("article")]
    assert ids == ["summary", "recess", "judge", "stand"]  # pinned once, then newest first
    pinned = doc.get_element_by_id("summary")
    assert "Pinned" in pinned.text_content()
    stand = doc.get_element_by_id("stand")
    assert stand.find(".//time").get("datetime") == "2026-05-06T09:14:00-07:00"
    assert stand.find(".//time").text == "9:14 a.m."
    assert stand.find(".//a[@class='entry-time']").get("href") == "#stand"
    assert stand.find(".//a[@class='entry-share']").get("href") == PAGE + "#stand"
    assert stand.get("aria-labelledby") == "stand-title"
    assert "By Dana Whitfield" in stand.text_content()
    # An entry without a title is labelled by its time.
    assert doc.get_element_by_id("recess").get("aria-labelledby") == "recess-time"


def test_key_events_link_to_their_entries_and_the_badge_says_live(run):
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    keys = doc.get_element_by_id("key-events-heading").getparent()
    links = [(a.get("href"), " ".join(a.text_content().split())) for a in keys.iter("a")]
    assert links == [
        ("#judge", "10:02 a.m. The judge is unimpressed"),
        ("#stand", "9:14 a.m. Musk takes the stand"),
    ]
    badge = doc.find_class("live-status")[0]
    assert badge.find_class("badge-live")[0].text == "Live"
    assert "Coverage ended" not in doc.text_content()
    assert doc.find_class("live-new")[0].tag == "button"
    assert doc.find_class("live-new")[0].get("hidden") is not None  # only with news
    assert doc.xpath("//*[@role='status']")  # announcements, polite by role
    assert doc.xpath("//script[contains(@src, 'assets/live.js')]")


def test_an_ended_page_says_when_and_loads_no_polling_script(site, build):
    (site / LIVE_PATH).write_text(live_article("ended", ended="2026-05-06T17:10:00-07:00"))
    run = build(site)
    assert run.code == 0, run.stderr
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    status = " ".join(doc.find_class("live-status")[0].text_content().split())
    assert status == "Coverage ended May 6, 2026, 5:10 p.m. PDT"
    assert not doc.find_class("badge-live")
    assert not doc.xpath("//script[contains(@src, 'assets/live.js')]")
    data = ld(run.page(LIVE_URL + "index.html"), "LiveBlogPosting")
    assert data["coverageEndTime"] == "2026-05-06T17:10:00-07:00"
    assert json.loads(run.page(LIVE_URL + "updates.json"))["status"] == "ended"


def test_glossary_terms_link_at_their_first_use_on_the_whole_page(run):
    page = run.page(LIVE_URL + "index.html")
    doc = lxml_html.fromstring(page)
    links = doc.xpath("//a[@class='term']")
    # The article's text has none; "Distilling" in the recess entry comes first on the page.
    assert [(a.text, a.xpath("ancestor::article[1]/@id")[0]) for a in links] == [
        ("Distilling", "recess")
    ]
    assert doc.get_element_by_id("term-distillation") is not None


def test_the_live_blog_posting_carries_the_window_and_the_newest_entries(run):
    data = ld(run.page(LIVE_URL + "index.html"), "LiveBlogPosting")
    assert data["headline"] == "Day 6: Musk on the stand"
    assert data["coverageStartTime"] == "2026-05-06T08:30:00-07:00"
    assert "coverageEndTime" not in data
    assert data["dateModified"] == "2026-05-06T12:00:00-07:00"  # the pinned entry's update
    updates = data["liveBlogUpdate"]
    assert [u["url"] for u in updates] == [
        PAGE + "#summary", PAGE + "#recess", PAGE + "#judge", PAGE + "#stand"
    ]  # fmt: skip
    stand = updates[-1]
    assert stand == {
        "@type": "BlogPosting",
        "headline": "Musk takes the stand",
        "datePublished": "2026-05-06T09:14:00-07:00",
        "url": PAGE + "#stand",
        "articleBody": "Musk is sworn in and says xAI distills models.",
        "author": {"@type": "Person", "name": "Dana Whitfield"},
    }
    assert updates[1]["headline"] == "Update at 10:45 a.m."
    assert "NewsArticle" not in run.page(LIVE_URL + "index.html")


def test_updates_json_has_the_newest_20_newest_first(site, build):
    for n in range(25):
        path = site / entry_path(f"n{n:02d}")
        path.write_text(entry(f"13:{n:02d}", f"Minute {n}."), encoding="utf-8")
    run = build(site)
    assert run.code == 0, run.stderr
    data = json.loads(run.page(LIVE_URL + "updates.json"))
    assert data["status"] == "live"
    assert data["updated"] == "2026-05-06T13:24:00-07:00"
    entries = data["entries"]
    assert len(entries) == 20
    assert [e["id"] for e in entries] == [f"n{n:02d}" for n in range(24, 4, -1)]
    assert set(entries[0]) >= {"id", "time", "title", "key", "html"}
    assert entries[0]["title"] is None and entries[0]["key"] is False
    assert entries[0]["time"] == "2026-05-06T13:24:00-07:00"
    # The HTML is the entry's element as the page shows it.
    page = run.page(LIVE_URL + "index.html")
    assert entries[0]["html"] in page
    assert len(data["ids"]) == 29  # every published entry, so a deleted one can go


def test_the_live_articles_own_feeds_have_one_item_per_entry_with_stable_ids(site, build):
    first = build(site)
    rss = feedparser.parse(first.page(LIVE_URL + "feed.xml"))
    atom = feedparser.parse(first.page(LIVE_URL + "atom.xml"))
    feed = json.loads(first.page(LIVE_URL + "feed.json"))
    for parsed in (rss, atom):
        assert not parsed.bozo, parsed.bozo_exception
        assert [e.title for e in parsed.entries] == [
            "What we know so far", "Update at 10:45 a.m.", "The judge is unimpressed",
            "Musk takes the stand",
        ]  # fmt: skip
        assert parsed.entries[-1].link == PAGE + "#stand"
    assert len(feed["items"]) == 4
    ids = [e.id for e in atom.entries]
    assert [e.id for e in rss.entries] == ids == [i["id"] for i in feed["items"]]
    assert ids[-1] == "tag:example.org,2026-05-06:day-6#stand"
    # Retitled and edited, the entry keeps its id: subscribers do not see it twice.
    path = site / entry_path("stand")
    text = path.read_text().replace("Musk takes the stand", "Musk is on the stand")
    path.write_text(text.replace("key: true", "key: true\nupdated: 2026-05-06T09:30:00-07:00"))
    again = feedparser.parse(build(site).page(LIVE_URL + "atom.xml"))
    stand = again.entries[-1]
    assert stand.title == "Musk is on the stand"
    assert [e.id for e in again.entries] == ids
    assert stand.updated.startswith("2026-05-06T09:30:00")


def test_site_section_and_case_feeds_carry_the_live_article_once_updated_at_its_newest_entry(
    run,
):
    for feed in ("feed.xml", "news/feed.xml", "cases/musk-v-openai/atom.xml"):
        parsed = feedparser.parse(run.page(feed))
        assert not parsed.bozo
        items = [e for e in parsed.entries if e.link == PAGE]
        assert len(items) == 1, feed
        assert len(parsed.entries) == 2  # the live article and the opening day
        assert items[0].updated.startswith("2026-05-06T12:00:00")  # feedparser: RSS atom:updated


def test_claims_and_quotes_in_entries_are_on_the_person_and_case_pages(run):
    musk = lxml_html.fromstring(run.page("people/elon-musk/index.html"))
    [claim] = [a for a in musk.iter("a") if a.get("href", "").startswith("/trial/" + LIVE_URL)]
    assert claim.get("href") == "/trial/" + LIVE_URL + "#stand"
    judge = run.page("people/yvonne-gonzalez-rogers/index.html")
    assert f'href="/trial/{LIVE_URL}#judge"' in judge and "future of humanity" in judge
    case = run.page("cases/musk-v-openai/index.html")
    assert f'href="/trial/{LIVE_URL}#stand"' in case
    assert f'href="/trial/{LIVE_URL}#judge"' in case
    # On the live page the quote is placed where the entry's text puts it.
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    body = doc.get_element_by_id("judge").find_class("entry-body")[0]
    assert [el.tag for el in body] == ["p", "figure", "p"]


def test_the_page_links_its_own_feeds(run):
    page = run.page(LIVE_URL + "index.html")
    for name in ("feed.xml", "atom.xml", "feed.json"):
        assert f'href="/trial/{LIVE_URL}{name}"' in page


def test_an_entry_places_an_exhibit_of_the_live_articles_case(site, build):
    case = site / "content/cases/musk-v-openai.yaml"
    case.write_text(
        case.read_text() + "exhibits:\n  - id: PX-14\n    title: Email from Sam Altman, 2017\n"
        "    party: plaintiff\n    admitted: 2026-05-01\n",
        encoding="utf-8",
    )
    (site / entry_path("exhibit")).write_text(
        entry("11:30", "Counsel shows the jury an email.\n\n{{< exhibit PX-14 >}}\n")
    )
    (site / entry_path("typo")).write_text(entry("11:40", "{{< exhibit PX-41 >}}\n"))
    run = build(site)
    assert run.code == 1
    [problem] = [p for p in run.problems if "typo.md" in p]
    assert problem.startswith("content/articles/2026/05/day-6/typo.md:4: error: embed:")
    assert "PX-41" in problem
    (site / entry_path("typo")).unlink()
    run = build(site)
    assert run.code == 0, run.stderr
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    card = doc.get_element_by_id("exhibit").find_class("exhibit-card")[0]
    assert "Email from Sam Altman, 2017" in card.text_content()
    update = json.loads(run.page(LIVE_URL + "updates.json"))["entries"][0]
    assert update["id"] == "exhibit" and "exhibit-card" in update["html"]


def test_headings_in_two_entries_are_two_anchors(site, build):
    for name, time in (("a", "12:00"), ("b", "12:30")):
        (site / entry_path(name)).write_text(entry(time, "## Background\n\nText.\n"))
    run = build(site)
    assert run.code == 0, run.stderr
    page = run.page(LIVE_URL + "index.html")
    assert 'id="a--background"' in page and 'id="b--background"' in page


def test_an_entrys_by_links_to_its_authors_page_and_puts_the_live_article_there(site, build):
    authors = "- name: Dana Whitfield\n  slug: dana-whitfield\n  role: Courts reporter\n"
    (site / "content/authors.yaml").write_text(authors, encoding="utf-8")
    (site / entry_path("typo")).write_text(entry("12:10", "Text.", extra="by: Dana Whitfeld\n"))
    run = build(site)
    assert run.code == 0, run.stderr
    assert run.problems == [
        "content/articles/2026/05/day-6/typo.md:3: warning: by: `Dana Whitfeld` is not in "
        "authors.yaml (did you mean `Dana Whitfield`?)"
    ]
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    [link] = doc.get_element_by_id("stand").xpath(".//span[@class='entry-by']/a")
    assert (link.get("href"), link.text) == ("/trial/authors/dana-whitfield/", "Dana Whitfield")
    # Someone with no author page is shown as written.
    assert doc.get_element_by_id("typo").xpath("string(.//span[@class='entry-by'])") == (
        "By Dana Whitfeld"
    )
    assert f'href="/trial/{LIVE_URL}"' in run.page("authors/dana-whitfield/index.html")
    updates = ld(run.page(LIVE_URL + "index.html"), "LiveBlogPosting")["liveBlogUpdate"]
    [stand] = [u for u in updates if u["url"].endswith("#stand")]
    assert stand["author"]["url"] == BASE + "authors/dana-whitfield/"
    atom = feedparser.parse(run.page(LIVE_URL + "atom.xml"))
    assert atom.entries[-1].author_detail.href == BASE + "authors/dana-whitfield/"


def test_an_entry_places_its_own_images_and_shows_markdown_images(site, build):
    from tests.support import photo

    photo(site / "content/images/sketch.png", (800, 500))
    photo(site / "content/images/door.jpg", (800, 500))
    text = entry(
        "12:20",
        "The sketch artist's view:\n\n{{< image sketch >}}\n\n![The courtroom door](/images/door.jpg)\n",
        extra="images:\n  - {id: sketch, src: images/sketch.png, alt: Musk on the stand}\n",
    )
    (site / entry_path("sketch")).write_text(text, encoding="utf-8")
    (site / entry_path("typo")).write_text(entry("12:30", "{{< image skech >}}\n"))
    run = build(site)
    assert run.code == 1
    [problem] = [p for p in run.problems if "typo.md" in p]
    assert problem.startswith("content/articles/2026/05/day-6/typo.md:4: error: embed: no image")
    (site / entry_path("typo")).unlink()
    run = build(site)
    assert run.code == 0, run.stderr
    doc = lxml_html.fromstring(run.page(LIVE_URL + "index.html"))
    sketch = doc.get_element_by_id("sketch")
    alts = [img.get("alt") for img in sketch.iter("img")]
    assert alts == ["Musk on the stand", "The courtroom door"]
    for img in sketch.iter("img"):
        assert (run.out / img.get("src").removeprefix("/trial/")).is_file()
    update = json.loads(run.page(LIVE_URL + "updates.json"))["entries"][0]
    assert update["id"] == "sketch" and update["html"].count("<img") == 2
