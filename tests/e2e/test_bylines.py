"""Bylines, corrections and archives, as a reader and a search engine meet them.

A small newsroom in: authors.yaml, a few stories with bylines and a corrections log, a
corrections policy page. Out: bylines that read like a sentence and link to author
pages (bio, photo, articles, feeds, ProfilePage data), a /corrections/ page and feeds,
schema.org CorrectionComment on each corrected story, and an /archive/ by month.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import html as lxml_html
from PIL import Image

from tests.support import (
    LIVE_PATH,
    LIVE_URL,
    SITE_YAML,
    article,
    broken_links,
    entry,
    entry_path,
    live_article,
    run_vnu,
    tree,
)

BASE = "https://example.org/trial/"
SITE = SITE_YAML + "corrections_policy: corrections-policy\npagination: {per_page: 2}\n"

AUTHORS = """\
- name: Dana Whitfield
  role: Courts reporter
  bio: Covers *technology trials* from Oakland.
  email: dana@example.org
  links: [https://example.social/@dana]
  image: {src: images/dana.jpg, alt: Dana Whitfield at the courthouse}
- name: Marcus Ode
  slug: marcus
  role: Business correspondent
- name: Priya Natarajan
"""

OPENING = article(
    "Opening statements begin",
    date="2026-04-28T09:00:00-07:00",
    extra="""\
        slug: opening
        authors: [Dana Whitfield, marcus]
        updates:
          - {date: "2026-04-29T10:00:00-07:00", kind: correction, note: We misspelled a *name*.}
          - {date: "2026-04-30T10:00:00-07:00", kind: update, note: Added a response.}
        """,
)
MONEY = article(
    "Who pays for the trial",
    date="2026-05-01T09:00:00-07:00",
    extra="""\
        slug: money
        authors:
          - dana-whitfield
          - Marcus Ode
          - Ann Freelance
        updates:
          - {date: "2026-05-02T08:00:00-07:00", kind: correction, note: The fee was $5 million.}
        """,
)
VERDICT = article(
    "A verdict is near",
    date="2026-05-03T09:00:00-07:00",
    extra="slug: verdict\nauthors: [Dana Whitfield]\n",
)
UNSIGNED = article(
    "Court is closed Monday", date="2026-05-02T12:00:00-07:00", extra="slug: closed\n"
)
POLICY = "---\ntitle: Corrections policy\n---\nWe correct errors openly.\n"


def portrait() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (40, 40), (10, 83, 160)).save(data, "JPEG")
    return data.getvalue()


FILES = {
    "content/authors.yaml": AUTHORS,
    "content/articles/opening.md": OPENING,
    "content/articles/money.md": MONEY,
    "content/articles/verdict.md": VERDICT,
    "content/articles/closed.md": UNSIGNED,
    "content/pages/corrections-policy.md": POLICY,
}


@pytest.fixture
def newsroom(make_site):
    site = make_site(FILES, SITE)
    (site / "static/images").mkdir(parents=True)
    (site / "static/images/dana.jpg").write_bytes(portrait())
    return site


@pytest.fixture
def built(newsroom, build):
    run = build(newsroom)
    assert run.code == 0, run.stderr
    return run


def doc(run, path: str):
    return lxml_html.fromstring(run.page(path))


def C(name: str) -> str:
    """An XPath test for an element with the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text(element) -> str:
    return " ".join(element.text_content().split())


def json_ld(run, path: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', run.page(path), re.S)
    return [json.loads(b) for b in blocks]


def output_of(url: str) -> str:
    """The output file an absolute URL of the site names."""
    path = urlsplit(url).path.removeprefix(urlsplit(BASE).path)
    return path + "index.html" if path == "" or path.endswith("/") else path


# Bylines


def test_bylines_read_like_a_sentence_and_link_each_author(built):
    def byline(path):
        (span,) = doc(built, path).xpath(f"//header//span[{C('byline')}]")
        links = [(a.text, a.get("href")) for a in span.xpath(".//a")]
        return text(span), links

    assert byline("news/verdict/index.html") == (
        "By Dana Whitfield",
        [("Dana Whitfield", "/trial/authors/dana-whitfield/")],
    )
    assert byline("news/opening/index.html")[0] == "By Dana Whitfield and Marcus Ode"
    said, links = byline("news/money/index.html")
    assert said == "By Dana Whitfield, Marcus Ode and Ann Freelance"
    assert [href for _, href in links] == [
        "/trial/authors/dana-whitfield/",
        "/trial/authors/marcus/",
        "/trial/authors/ann-freelance/",
    ]
    assert doc(built, "news/closed/index.html").xpath(f"//span[{C('byline')}]") == []


def test_an_author_page_has_the_bio_photo_contacts_articles_and_feeds(built):
    page = doc(built, "authors/dana-whitfield/index.html")
    assert text(page.xpath("//h1")[0]) == "Dana Whitfield"
    assert (
        text(page.xpath(f"//header[{C('author-header')}]//p[{C('dek')}]")[0]) == "Courts reporter"
    )
    (bio,) = page.xpath(f"//p[{C('bio')}]")
    assert lxml_html.tostring(bio, encoding="unicode").count("<em>technology trials</em>") == 1
    # The photo is processed like any image: resized copies, named by their content.
    (photo,) = page.xpath(f"//span[{C('author-photo')}]//img")
    assert re.fullmatch(r"/trial/images/dana-40-[0-9a-f]+\.jpg", photo.get("src"))
    assert (built.out / photo.get("src").removeprefix("/trial/")).is_file()
    assert photo.get("alt") == "Dana Whitfield at the courthouse"
    assert (photo.get("width"), photo.get("height")) == ("40", "40")
    hrefs = [a.get("href") for a in page.xpath(f"//ul[{C('author-links')}]//a")]
    assert hrefs == ["mailto:dana@example.org", "https://example.social/@dana"]
    # Newest first, two to a page (per_page: 2): the third is on page 2.
    titles = [a.text for a in page.xpath(f"//ol[{C('post-list')}]//h3/a")]
    assert titles == ["A verdict is near", "Who pays for the trial"]
    feeds = {link.get("type"): link.get("href") for link in page.xpath("//link[@rel='alternate']")}
    assert feeds["application/feed+json"] == "/trial/authors/dana-whitfield/feed.json"
    for name in ("feed.xml", "atom.xml", "feed.json"):
        assert (built.out / "authors/dana-whitfield" / name).is_file()


def test_an_authors_articles_go_on_to_page_two(built):
    first = doc(built, "authors/dana-whitfield/index.html")
    (older,) = first.xpath("//a[@rel='next']")
    assert older.get("href") == "/trial/authors/dana-whitfield/page/2/"
    second = doc(built, "authors/dana-whitfield/page/2/index.html")
    assert [a.text for a in second.xpath(f"//ol[{C('post-list')}]//h3/a")] == [
        "Opening statements begin"
    ]
    assert "page 2" in text(second.xpath("//h1")[0])
    # The profile's data is on the first page only: the second is a listing.
    assert not [d for d in json_ld(built, "authors/dana-whitfield/page/2/index.html")]


def test_the_authors_index_lists_everyone_with_a_page(built):
    page = doc(built, "authors/index.html")
    entries = [text(li) for li in page.xpath(f"//ul[{C('author-list')}]/li")]
    assert entries == [
        "Dana Whitfield — Courts reporter (3 articles)",
        "Marcus Ode — Business correspondent (2 articles)",
        "Priya Natarajan (0 articles)",
        "Ann Freelance (1 article)",
    ]
    assert "Nothing published here yet." in text(doc(built, "authors/priya-natarajan/index.html"))


def test_an_author_missing_from_authors_yaml_is_a_warning_at_its_line_and_gets_a_page(
    make_site, build
):
    misspelled = article(extra="authors: [Dana Whitfeld]\n")
    site = make_site(FILES | {"content/articles/typo.md": misspelled}, SITE)
    (site / "static/images").mkdir(parents=True)
    (site / "static/images/dana.jpg").write_bytes(portrait())
    run = build(site)
    assert run.code == 0, run.stderr
    assert run.problems == [
        "content/articles/money.md:10: warning: authors[2]: `Ann Freelance` is not in "
        "authors.yaml; they get a page of their own",
        "content/articles/typo.md:6: warning: authors[0]: `Dana Whitfeld` is not in "
        "authors.yaml (did you mean `Dana Whitfield`?)",
    ]
    assert "Ann Freelance" in text(doc(run, "authors/ann-freelance/index.html").xpath("//h1")[0])
    assert (run.out / "authors/dana-whitfeld/index.html").is_file()


def test_without_authors_yaml_bylines_still_get_pages_and_no_warnings(make_site, build):
    site = make_site({"content/articles/a.md": article(extra="authors: [Ana Ruiz, Ben Ode]\n")})
    run = build(site)
    assert run.code == 0 and run.problems == []
    assert text(doc(run, "news/a-story/index.html").xpath(f"//span[{C('byline')}]")[0]) == (
        "By Ana Ruiz and Ben Ode"
    )
    assert (run.out / "authors/ben-ode/index.html").is_file()


def test_a_site_with_no_bylines_has_no_author_pages(make_site, build):
    run = build(make_site({"content/articles/a.md": article()}))
    assert run.code == 0
    assert not (run.out / "authors").exists()
    assert "/trial/authors/" not in run.page("index.html")


BAD_AUTHORS = """\
- name: Dana Whitfield
  rol: Courts reporter
  email: dana at example
  links: [example.social/@dana]
  image: {src: images/dana.jpg}
- name: Marcus Ode
  slug: Marcus
- name: Priya
  slug: dana-whitfield
- role: No name
- name: Ann
  image: images/missing.jpg
"""


def test_every_mistake_in_authors_yaml_is_reported_at_its_line_and_the_output_is_kept(
    newsroom, build
):
    good = build(newsroom)
    assert good.code == 0
    before = tree(good.out)
    (newsroom / "content/authors.yaml").write_text(BAD_AUTHORS, encoding="utf-8")
    run = build(newsroom)
    assert run.code == 1
    errors = [p for p in run.problems if ": error: " in p]
    assert errors == [
        "content/authors.yaml:2: error: [0].rol: unknown field (did you mean `role`?)",
        "content/authors.yaml:3: error: [0].email: `dana at example` is not an e-mail address",
        "content/authors.yaml:4: error: [0].links[0]: `example.social/@dana` is not an "
        "http:// or https:// URL",
        "content/authors.yaml:5: error: [0].image.alt: is required: describe the photo, "
        'or write `alt: ""` if it is decorative',
        "content/authors.yaml:7: error: [1].slug: `Marcus` is not a slug: use lowercase "
        "letters, digits and single hyphens",
        "content/authors.yaml:8: error: [2].slug: slug `dana-whitfield` is used twice "
        "(first at line 1)",
        "content/authors.yaml:10: error: [3].name: is required",
        "content/authors.yaml:12: error: image: no file `images/missing.jpg` in content/ "
        "or static/",
    ]
    assert tree(run.out) == before


def test_a_live_entrys_by_names_an_author_like_a_byline(make_site, build):
    files = FILES | {
        LIVE_PATH: live_article(),
        entry_path("stand"): entry(
            "09:14", extra="title: Musk takes the stand\nby: dana-whitfield\n"
        ),
        entry_path("recess"): entry("10:30", extra="by: Dana Whitfeld\n"),
    }
    site = make_site(files, SITE)
    (site / "static/images").mkdir(parents=True)
    (site / "static/images/dana.jpg").write_bytes(portrait())
    run = build(site)
    assert run.code == 0, run.stderr
    assert (
        "content/articles/2026/05/day-6/recess.md:3: warning: by: `Dana Whitfeld` is not in "
        "authors.yaml (did you mean `Dana Whitfield`?)" in run.problems
    )
    page = doc(run, LIVE_URL + "index.html")
    (byline,) = page.xpath(f"//article[@id='stand']//span[{C('entry-by')}]")
    assert text(byline) == "By Dana Whitfield"
    assert byline.xpath(".//a")[0].get("href") == "/trial/authors/dana-whitfield/"
    (live,) = [d for d in json_ld(run, LIVE_URL + "index.html") if d["@type"] == "LiveBlogPosting"]
    (stand,) = [u for u in live["liveBlogUpdate"] if u["url"].endswith("#stand")]
    assert stand["author"]["url"] == BASE + "authors/dana-whitfield/"
    assert json_ld(run, output_of(stand["author"]["url"]))[0]["@type"] == "ProfilePage"
    # The live article is among the articles of the author who signed an entry.
    listed = doc(run, "authors/dana-whitfield/index.html").xpath(f"//ol[{C('post-list')}]//h3/a")
    assert listed[0].get("href") == "/trial/" + LIVE_URL
    assert not (run.out / "authors/dana-whitfeld").exists()  # shown as written, no page
    atom = feedparser.parse(run.page(LIVE_URL + "atom.xml"))
    stand_item = next(e for e in atom.entries if e.id.endswith("#stand"))
    assert stand_item.authors == [
        {"name": "Dana Whitfield", "href": BASE + "authors/dana-whitfield/"}
    ]


def test_an_authors_yaml_that_does_not_read_is_reported_once_not_at_every_byline(newsroom, build):
    (newsroom / "content/authors.yaml").write_text("- name: [Dana\n", encoding="utf-8")
    run = build(newsroom)
    assert run.code == 1
    assert [p for p in run.problems if "content/articles/" in p] == []
    assert any(p.startswith("content/authors.yaml:1: error: ") for p in run.problems)
    assert (
        "content/authors.yaml:1: warning: bylines in articles and live entries are not "
        "checked until this file reads without errors" in run.problems
    )


# Structured data


def test_article_data_names_each_author_as_a_person_whose_url_is_their_page(built):
    (news,) = [d for d in json_ld(built, "news/money/index.html") if d["@type"] == "NewsArticle"]
    authors = news["author"]
    assert [a["@type"] for a in authors] == ["Person"] * 3
    assert [a["name"] for a in authors] == ["Dana Whitfield", "Marcus Ode", "Ann Freelance"]
    assert authors[0]["sameAs"] == ["https://example.social/@dana"]
    for author in authors:
        assert author["url"].startswith(BASE)
        (profile,) = json_ld(built, output_of(author["url"]))
        assert profile["@type"] == "ProfilePage"
        assert profile["mainEntity"]["@type"] == "Person"
        assert profile["mainEntity"]["url"] == author["url"]
        assert profile["mainEntity"]["name"] == author["name"]


def test_the_profile_page_data_says_what_the_page_does(built):
    (profile,) = json_ld(built, "authors/dana-whitfield/index.html")
    assert profile["url"] == BASE + "authors/dana-whitfield/"
    person = profile["mainEntity"]
    assert re.fullmatch(re.escape(BASE) + r"images/dana-40-[0-9a-f]+\.jpg", person.pop("image"))
    assert person == {
        "@type": "Person",
        "name": "Dana Whitfield",
        "url": BASE + "authors/dana-whitfield/",
        "sameAs": ["https://example.social/@dana"],
        "jobTitle": "Courts reporter",
        "description": "Covers *technology trials* from Oakland.",
        "email": "dana@example.org",
    }


def test_a_corrected_article_carries_each_correction_as_a_correction_comment(built):
    (news,) = [d for d in json_ld(built, "news/opening/index.html") if d["@type"] == "NewsArticle"]
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "We misspelled a *name*.",
            "datePublished": "2026-04-29T10:00:00-07:00",
        }
    ]
    (plain,) = [d for d in json_ld(built, "news/verdict/index.html") if d["@type"] == "NewsArticle"]
    assert "correction" not in plain


# Corrections


def test_the_corrections_page_lists_every_correction_newest_first_with_its_article(built):
    page = doc(built, "corrections/index.html")
    items = page.xpath(f"//ol[{C('corrections-list')}]/li")
    assert [text(li) for li in items] == [
        "May 2, 2026 · Who pays for the trial The fee was $5 million.",
        "April 29, 2026 · Opening statements begin We misspelled a name.",
    ]
    assert [li.xpath(".//a")[0].get("href") for li in items] == [
        "/trial/news/money/",
        "/trial/news/opening/",
    ]
    assert [li.xpath(".//time")[0].get("datetime") for li in items] == [
        "2026-05-02T08:00:00-07:00",
        "2026-04-29T10:00:00-07:00",
    ]
    policy = [a.get("href") for a in page.xpath(f"//p[{C('lede')}]//a")]
    assert policy == ["/trial/corrections-policy/"]


def test_the_corrections_feeds_carry_one_item_per_correction(built):
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse(built.page(f"corrections/{name}"))
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert [e.title for e in feed.entries] == [
            "Correction: Who pays for the trial",
            "Correction: Opening statements begin",
        ]
        assert [e.link for e in feed.entries] == [BASE + "news/money/", BASE + "news/opening/"]
        assert feed.entries[1].id == "tag:example.org,2026-04-28:opening#correction-1"
        assert "<em>name</em>" in feed.entries[1].content[0].value
    data = json.loads(built.page("corrections/feed.json"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == BASE + "corrections/feed.json"
    assert [i["id"] for i in data["items"]] == [
        "tag:example.org,2026-05-01:money#correction-1",
        "tag:example.org,2026-04-28:opening#correction-1",
    ]
    assert data["items"][0]["date_published"] == "2026-05-02T08:00:00-07:00"


def test_an_author_feed_carries_their_articles(built):
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse(built.page(f"authors/marcus/{name}"))
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert [e.link for e in feed.entries] == [BASE + "news/money/", BASE + "news/opening/"]
    atom = feedparser.parse(built.page("authors/marcus/atom.xml"))
    assert {"name": "Marcus Ode", "href": BASE + "authors/marcus/"} in atom.entries[0].authors
    data = json.loads(built.page("authors/marcus/feed.json"))
    assert data["home_page_url"] == BASE + "authors/marcus/"
    assert [i["url"] for i in data["items"]] == [BASE + "news/money/", BASE + "news/opening/"]


def test_the_footer_links_corrections_the_policy_the_archive_and_the_authors(built):
    (footer,) = doc(built, "news/verdict/index.html").xpath(f"//footer//p[{C('trust')}]")
    assert [(a.text, a.get("href")) for a in footer.xpath(".//a")] == [
        ("Corrections", "/trial/corrections/"),
        ("Corrections policy", "/trial/corrections-policy/"),
        ("Archive", "/trial/archive/"),
        ("Authors", "/trial/authors/"),
    ]


def test_a_policy_setting_that_names_no_page_is_an_error_at_its_line(make_site, build):
    site = make_site(
        {"content/pages/corrections-policy.md": POLICY},
        SITE_YAML + "corrections_policy: correction-policy\n",
    )
    run = build(site)
    assert run.code == 1
    assert run.problems == [
        "site.yaml:7: error: corrections_policy: no page with slug `correction-policy` in "
        "content/pages/ (did you mean `corrections-policy`?)"
    ]


def test_a_site_without_corrections_says_so(make_site, build):
    run = build(make_site({"content/articles/a.md": article()}))
    assert "No corrections so far." in run.page("corrections/index.html")
    assert feedparser.parse(run.page("corrections/feed.xml")).entries == []
    footer = doc(run, "index.html").xpath(f"//footer//p[{C('trust')}]//a")
    assert [a.text for a in footer] == ["Corrections", "Archive"]


# Archives


def test_the_archive_lists_years_and_months_with_their_counts(built):
    page = doc(built, "archive/index.html")
    assert [text(h) for h in page.xpath("//main//h2")] == ["2026"]
    months = page.xpath(f"//ul[{C('archive-months')}]/li")
    assert [text(li) for li in months] == ["May (3 articles)", "April (1 article)"]
    assert [li.xpath(".//a")[0].get("href") for li in months] == [
        "/trial/archive/2026/05/",
        "/trial/archive/2026/04/",
    ]


def test_a_month_lists_every_article_oldest_first_beyond_a_page(built):
    page = doc(built, "archive/2026/05/index.html")
    assert text(page.xpath("//h1")[0]) == "May 2026"
    titles = [a.text for a in page.xpath(f"//ol[{C('post-list')}]//h2/a")]
    assert titles == ["Who pays for the trial", "Court is closed Monday", "A verdict is near"]
    (previous,) = page.xpath(f"//nav[{C('pager')}]/a[@rel='prev']")
    assert previous.get("href") == "/trial/archive/2026/04/"
    assert page.xpath(f"//nav[{C('pager')}]/a[@rel='next']") == []


def test_the_sitemap_lists_the_new_pages_with_their_last_change(built):
    sitemap = built.page("sitemap.xml")
    entries = dict(re.findall(r"<loc>(.*?)</loc>\s*(?:<lastmod>(.*?)</lastmod>)?", sitemap))
    assert entries[BASE + "archive/2026/04/"] == "2026-04-30T10:00:00-07:00"
    assert entries[BASE + "archive/2026/05/"] == "2026-05-03T09:00:00-07:00"
    assert entries[BASE + "corrections/"] == "2026-05-02T08:00:00-07:00"
    assert entries[BASE + "authors/marcus/"] == "2026-05-02T08:00:00-07:00"
    for page in ("archive/", "authors/", "authors/dana-whitfield/page/2/"):
        assert BASE + page in entries


# Reserved names


def test_a_page_cannot_take_a_reserved_folder(make_site, build):
    site = make_site(
        {
            "content/pages/authors.md": "---\ntitle: Our authors\n---\nText.\n",
            "content/pages/old.md": "---\ntitle: Old\nslug: archive\n---\nText.\n",
        }
    )
    run = build(site)
    assert run.code == 1
    assert run.problems == [
        "content/pages/authors.md:2: error: slug: `authors` is reserved: /authors/ holds "
        "the author pages; choose another",
        "content/pages/old.md:3: error: slug: `archive` is reserved: /archive/ holds the "
        "archive; choose another",
    ]


def test_a_section_cannot_take_a_reserved_folder(make_site, build):
    run = build(make_site({}, SITE_YAML + "  corrections: {title: Corrections}\n"))
    assert run.code == 1
    assert run.problems == [
        "site.yaml:7: error: sections.corrections: `corrections` is reserved: /corrections/ "
        "holds the corrections page; choose another",
    ]


# What every reader gets


def test_every_internal_link_resolves(built):
    assert broken_links(built.out, BASE) == []


def test_author_corrections_and_archive_pages_pass_the_nu_html_checker(built, tmp_path):
    pages = tmp_path / "pages"
    for path in (
        "authors/index.html",
        "authors/dana-whitfield/index.html",
        "authors/dana-whitfield/page/2/index.html",
        "corrections/index.html",
        "archive/index.html",
        "archive/2026/05/index.html",
        "news/money/index.html",
    ):
        target = pages / path.replace("/", "_")
        target.parent.mkdir(exist_ok=True)
        target.write_text(built.page(path), encoding="utf-8")
    result = run_vnu(pages)
    assert result.returncode == 0, result.stdout + result.stderr


# Incremental builds equal clean ones


def _rebuilt_equals_clean(site: Path, build, tmp_path: Path, edit) -> dict[str, bytes]:
    out = tmp_path / "incremental"
    assert build(site, out=out).code == 0
    edit(site)
    again = build(site, out=out)
    assert again.code == 0, again.stderr
    clean = build(site, "--clean", out=tmp_path / "clean")
    assert clean.code == 0
    got, expected = tree(out), tree(clean.out)
    assert sorted(got) == sorted(expected)
    assert [p for p in got if got[p] != expected[p]] == []
    return got


def _replace(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new), encoding="utf-8")


def test_renaming_an_author_rebuilds_like_a_clean_build(newsroom, build, tmp_path):
    def rename(site):
        _replace(
            site,
            "content/authors.yaml",
            "- name: Marcus Ode\n  slug: marcus",
            "- name: Marcus A. Ode\n  slug: marcus-ode",
        )
        _replace(site, "content/articles/money.md", "- Marcus Ode", "- marcus-ode")
        _replace(site, "content/articles/opening.md", "marcus]", "Marcus A. Ode]")

    got = _rebuilt_equals_clean(newsroom, build, tmp_path, rename)
    assert "authors/marcus/index.html" not in got
    assert b"By Dana Whitfield and Marcus A. Ode" in re.sub(
        rb"<[^>]+>", b"", got["news/opening/index.html"]
    )


def test_adding_a_correction_rebuilds_like_a_clean_build(newsroom, build, tmp_path):
    def correct(site):
        _replace(
            site,
            "content/articles/verdict.md",
            "authors: [Dana Whitfield]\n",
            "authors: [Dana Whitfield]\nupdates:\n"
            "  - {date: '2026-05-04T09:00:00-07:00', kind: correction, note: The jury is out.}\n",
        )

    got = _rebuilt_equals_clean(newsroom, build, tmp_path, correct)
    assert b"The jury is out." in got["corrections/index.html"]
    assert b"The jury is out." in got["corrections/feed.json"]


def test_moving_an_article_to_another_month_rebuilds_like_a_clean_build(newsroom, build, tmp_path):
    def move(site):
        _replace(site, "content/articles/opening.md", "2026-04-28T09:00", "2026-03-28T09:00")

    got = _rebuilt_equals_clean(newsroom, build, tmp_path, move)
    assert "archive/2026/04/index.html" not in got
    assert b"Opening statements begin" in got["archive/2026/03/index.html"]
    assert b"/trial/archive/2026/03/" in got["archive/index.html"]
