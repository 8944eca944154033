"""Trial coverage as a reader meets it: claim cards, quotes, tables, valuations, the
corrections log and sources on an article; case pages and people pages that gather them."""

from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from tests.support import article

PEOPLE = """\
- name: Elon Musk
  slug: elon-musk
  role: CEO of xAI; plaintiff
  aliases: [Musk]
- name: OpenAI
  role: AI company; defendant
"""

CASE = """\
title: Musk v. OpenAI
court: U.S. District Court, Oakland
judge: Yvonne Gonzalez Rogers
status: Trial under way
summary: Musk asks the court to return OpenAI to its *nonprofit* roots.
parties:
  plaintiffs: [elon-musk]
  defendants:
    - openai
    - Sam Altman
timeline:
  - date: 2015
    title: OpenAI founded as a nonprofit
  - date: 2022-12
    title: Microsoft invests $10 billion
  - date: 2026-05-04
    title: Stuart Russell expected to testify
    upcoming: true
"""

TESTIMONY = """\
updated: 2026-05-02T09:15:00-07:00
case: musk-v-openai
people: [elon-musk]
updates:
  - date: 2026-05-01T21:00:00-07:00
    note: Added OpenAI's response.
  - date: 2026-05-02T09:15:00-07:00
    kind: correction
    note: An earlier version gave the wrong year for Musk's departure.
sources:
  - {title: Court transcript, url: "https://example.org/t/day-5", publisher: The court}
  - {title: Terms of use, url: "http://example.org/terms"}
claims:
  - id: distills
    text: xAI partly trains its models by **distilling** OpenAI's outputs.
    by: Musk
    status: admitted
    date: 2026-05-01
    context: Under cross-examination
    sources: [{title: Transcript, url: "https://example.org/t/day-5#p12"}]
  - id: funding
    text: Musk gave OpenAI $38 million.
    by: elon-musk
    status: verified
  - id: rumour
    text: The judge already ruled for OpenAI.
    by: Viral posts
    status: "false"
  - id: mission
    text: OpenAI abandoned its mission.
    by: Elon Musk
    status: alleged
quotes:
  - id: fool
    text: I was a fool who provided them free funding.
    by: elon-musk
    role: xAI chief executive
    date: 2026-05-01
    context: Testimony
  - id: funding-quote
    text: I gave them $38 million.
    by: Musk
    date: 2024-02
tables:
  - id: stakes
    caption: What each side has at *stake*
    columns: [Factor, Musk, OpenAI]
    rows:
      - [Valuation, "**$1.75 trillion**", "$800 billion"]
valuations:
  - {entity: OpenAI, low: 800B, high: 1T, as_of: 2026-05, label: Expected at IPO}
  - {entity: xAI, amount: 1.75T, as_of: 2026-06}
  - {entity: Elon Musk, amount: 38M, as_of: 2018, label: Contributions}
  - {entity: Mistral, amount: 11.7B, currency: EUR, as_of: 2025-09}
"""

TESTIMONY_BODY = """\
Musk took the stand.

{{< quote fool >}}

He was asked about xAI.

{{< claim distills >}}

## The money

{{< valuations >}}

The end.[^1]

[^1]: A footnote.
"""

PREVIEW = """\
case: musk-v-openai
people: [openai]
claims:
  - id: competitor
    text: Musk's suit is about competition.
    by: OpenAI
    status: disputed
quotes:
  - text: We will see him in court.
    by: openai
    date: 2026-04-01
  - id: earlier
    text: OpenAI was meant to be open.
    by: Musk
    date: 2026-04-10
valuations:
  - {entity: OpenAI, low: 800B, high: 1T, as_of: 2026-05, label: IPO (reported)}
  - {entity: Microsoft, amount: 10B, as_of: 2022-12}
"""


@pytest.fixture
def site(make_site, build):
    files = {
        "content/people.yaml": PEOPLE,
        "content/cases/musk-v-openai.yaml": CASE,
        "content/articles/testimony.md": article(
            title="Musk testifies", date="2026-05-01T18:30:00-07:00", extra=TESTIMONY,
            body=TESTIMONY_BODY,
        ),
        "content/articles/preview.md": article(
            title="Trial preview", date="2026-04-20", section="guides", extra=PREVIEW,
        ),
    }  # fmt: skip
    run = build(make_site(files))
    assert run.code == 0, run.stderr
    return run


def doc(run, path: str):
    return lxml_html.fromstring(run.page(path))


def text(element) -> str:
    return " ".join(element.text_content().split())


def read_testimony(run):
    return doc(run, "news/musk-testifies/index.html")


# -- claims ------------------------------------------------------------------


def test_a_claim_card_says_what_who_when_where_and_its_status_in_words(site):
    # Straight quotes in front matter are shown typographic (issue 22, item 20).
    card = read_testimony(site).get_element_by_id("claim-distills")
    assert text(card.find_class("claim-text")[0]) == (
        "xAI partly trains its models by distilling OpenAI’s outputs."
    )
    assert card.find_class("claim-text")[0].find(".//strong").text == "distilling"
    assert text(card.find_class("claim-status")[0]) == (
        "Admitted: the person it concerns has acknowledged it"
    )
    byline = card.find_class("claim-by")[0]
    assert text(byline) == "Admitted by Elon Musk, May 1, 2026 · Under cross-examination"
    assert byline.find(".//a").get("href") == "/trial/people/elon-musk/"
    assert byline.find(".//time").get("datetime") == "2026-05-01"
    source = card.find_class("claim-sources")[0].find(".//a")
    assert (source.text, source.get("href")) == ("Transcript", "https://example.org/t/day-5#p12")


@pytest.mark.parametrize(
    ("claim", "badge", "speaker"),
    [("distills", "Admitted", "Elon Musk"), ("funding", "Verified", "Elon Musk"),
     ("rumour", "False", "Viral posts"), ("mission", "Alleged", "Elon Musk")],
)  # fmt: skip
def test_every_status_is_a_word_and_every_speaker_a_display_name(site, claim, badge, speaker):
    card = read_testimony(site).get_element_by_id(f"claim-{claim}")
    assert text(card.find_class("badge")[0]) == badge
    assert text(card.find_class("claim-by")[0].find(".//a")) == speaker


def json_ld(page) -> list[dict]:
    return [json.loads(s.text) for s in page.xpath('//script[@type="application/ld+json"]')]


def test_only_checked_claims_carry_a_claim_review(site):
    reviews = [d for d in json_ld(read_testimony(site)) if d["@type"] == "ClaimReview"]
    assert [r["claimReviewed"] for r in reviews] == [
        "Musk gave OpenAI $38 million.",
        "The judge already ruled for OpenAI.",
    ]
    verified, false = reviews
    assert verified["reviewRating"]["alternateName"] == "True"
    assert false["reviewRating"]["alternateName"] == "False"
    assert verified["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Elon Musk"},
    }
    assert false["itemReviewed"]["author"]["name"] == "Viral posts"
    assert verified["url"] == "https://example.org/trial/news/musk-testifies/#claim-funding"
    assert false["url"].endswith("#claim-rumour")


def test_an_article_without_checked_claims_has_no_claim_review(site):
    types = [d["@type"] for d in json_ld(doc(site, "guides/trial-preview/index.html"))]
    assert types == ["NewsArticle"]


# -- quotes and tables ---------------------------------------------------------


def test_a_quote_is_a_figure_that_names_speaker_role_date_and_context(site):
    figure = read_testimony(site).get_element_by_id("quote-fool")
    assert figure.tag == "figure"
    assert text(figure.find("blockquote")) == "I was a fool who provided them free funding."
    assert text(figure.find("figcaption")) == (
        "— Elon Musk, xAI chief executive, May 1, 2026 · Testimony"
    )


def test_a_quote_without_a_role_takes_the_persons_role(site):
    figure = read_testimony(site).get_element_by_id("quote-funding-quote")
    assert text(figure.find("figcaption")) == "— Elon Musk, CEO of xAI; plaintiff, February 2024"


def test_a_table_has_a_caption_header_scopes_and_inline_markdown(site):
    table = read_testimony(site).get_element_by_id("table-stakes").find(".//table")
    assert text(table.find("caption")) == "What each side has at stake"
    assert table.find("caption/em").text == "stake"
    assert [(th.text, th.get("scope")) for th in table.findall("thead/tr/th")] == [
        ("Factor", "col"), ("Musk", "col"), ("OpenAI", "col"),
    ]  # fmt: skip
    row = table.find("tbody/tr")
    assert (row[0].tag, row[0].get("scope"), row[0].text) == ("th", "row", "Valuation")
    assert row[1].find("strong").text == "$1.75 trillion"


# -- valuations ----------------------------------------------------------------


def test_valuations_are_amounts_as_said_and_a_chart_without_script(site):
    block = read_testimony(site).get_element_by_id("valuations")
    amounts = [text(td) for td in block.find_class("amount")]
    assert amounts == ["$800 billion–$1 trillion", "$1.75 trillion", "$38 million", "€11.7 billion"]
    svg = block.find(".//svg")
    assert svg.get("role") == "img"
    assert text(svg.find("title")) == "Valuations compared"
    desc = text(svg.find("desc"))
    assert "OpenAI (May 2026): $800 billion–$1 trillion" in desc
    assert "Elon Musk (2018): $38 million" in desc
    assert "same currency only" in desc  # euros are not drawn against dollars
    assert svg.get("aria-labelledby") == "valuations-chart-title valuations-chart-desc"
    # A range is a solid bar and a dashed outline: its shape, not a colour, says "range".
    assert len(svg.find_class("chart-range")) == 1
    assert svg.find_class("chart-range")[0].get("stroke-dasharray")
    assert not block.xpath(".//script")


# -- placement ---------------------------------------------------------------


def body_order(run) -> list[str]:
    """What the article's text column shows, in order: paragraphs and items by id."""
    prose = read_testimony(run).find_class("prose")[0]
    out = []
    for child in prose:
        if child.get("id"):
            out.append(child.get("id"))
        elif child.tag in ("p", "h2"):
            out.append(text(child)[:20])
        elif child.tag == "section" and child.get("class") == "footnotes":
            out.append("footnotes")
    return out


def test_embedded_items_sit_where_placed_and_the_rest_follow_the_text(site):
    assert body_order(site) == [
        "Musk took the stand.", "quote-fool", "He was asked about x", "claim-distills",
        "the-money", "valuations", "The end.[1]",
        "claim-funding", "claim-rumour", "claim-mission", "quote-funding-quote", "table-stakes",
        "footnotes",
    ]  # fmt: skip


def test_every_item_appears_exactly_once(site):
    page = site.page("news/musk-testifies/index.html")
    for item_id in ("claim-distills", "claim-funding", "claim-rumour", "claim-mission",
                    "quote-fool", "quote-funding-quote", "table-stakes", "valuations"):  # fmt: skip
        assert page.count(f'id="{item_id}"') == 1, item_id
    assert page.count("I was a fool who provided them free funding.") == 1


def test_embedding_an_item_that_does_not_exist_is_an_error_at_its_line(make_site, build):
    body = "Text.\n\n{{< claim nope >}}\n"
    run = build(make_site({"content/articles/a.md": article(body=body)}))
    assert run.code == 1
    assert "content/articles/a.md:9: error: embed: no claim with id `nope`" in run.stderr


# -- updates, dates and sources ------------------------------------------------


def test_the_updates_log_comes_first_newest_first_with_corrections_marked(site):
    page = read_testimony(site)
    log = page.find_class("updates")[0]
    assert log.getnext().get("class") == "prose"  # before the text
    entries = log.findall(".//li")
    assert [text(li) for li in entries] == [
        "Correction, May 2, 2026, 9:15 a.m.: An earlier version gave the wrong year for Musk’s departure.",
        "Update, May 1, 2026, 9 p.m.: Added OpenAI’s response.",
    ]
    assert "update-correction" in entries[0].get("class")


def test_modified_time_comes_from_updated(site):
    page = read_testimony(site)
    meta = page.xpath('//meta[@property="article:modified_time"]')[0]
    assert meta.get("content") == "2026-05-02T09:15:00-07:00"
    news = next(d for d in json_ld(page) if d["@type"] == "NewsArticle")
    assert news["dateModified"] == "2026-05-02T09:15:00-07:00"
    assert news["datePublished"] == "2026-05-01T18:30:00-07:00"


def test_sources_are_listed_after_the_text(site):
    page = read_testimony(site)
    sources = page.find_class("sources")[0]
    assert sources.getprevious().get("class") == "prose"
    assert [text(li) for li in sources.findall(".//li")] == [
        "Court transcript, The court",
        "Terms of use",
    ]
    assert sources.find(".//a").get("href") == "https://example.org/t/day-5"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "/local/path"])
def test_a_source_must_be_an_http_or_https_url(make_site, build, url):
    extra = f'sources:\n  - title: Bad\n    url: "{url}"\n'
    run = build(make_site({"content/articles/a.md": article(extra=extra)}))
    assert run.code == 1
    assert f"content/articles/a.md:8: error: sources[0].url: `{url}` is not an http" in run.stderr


def test_a_currency_must_be_a_three_letter_code(make_site, build):
    extra = "valuations:\n  - {entity: X, amount: 5M, currency: dollars, as_of: 2026}\n"
    run = build(make_site({"content/articles/a.md": article(extra=extra)}))
    assert run.code == 1
    assert "a.md:7: error: valuations[0].currency: `DOLLARS` is not a three-letter" in run.stderr


# -- case pages --------------------------------------------------------------


def case_page(run):
    return doc(run, "cases/musk-v-openai/index.html")


def test_a_case_page_states_the_facts_and_links_the_parties(site):
    page = case_page(site)
    facts = {text(d.find("dt")): d.find("dd") for d in page.find_class("case-facts")[0]}
    assert text(facts["Court"]) == "U.S. District Court, Oakland"
    assert text(facts["Judge"]) == "Yvonne Gonzalez Rogers"
    assert text(facts["Status"]) == "Trial under way"
    links = [(a.text, a.get("href")) for a in facts["Defendants"].findall("a")]
    assert links == [
        ("OpenAI", "/trial/people/openai/"),
        ("Sam Altman", "/trial/people/sam-altman/"),
    ]
    assert [a.text for a in facts["Plaintiffs"].findall("a")] == ["Elon Musk"]
    assert page.find_class("dek")[0].find("em").text == "nonprofit"


def test_the_timeline_merges_events_and_articles_by_date(site):
    entries = case_page(site).find_class("timeline")[0].findall("li")
    assert [text(li) for li in entries] == [
        "2015 OpenAI founded as a nonprofit",
        "December 2022 Microsoft invests $10 billion",
        "April 20, 2026 Our coverage: Trial preview",
        "May 1, 2026 Our coverage: Musk testifies",
        "May 4, 2026 Upcoming Stuart Russell expected to testify",
    ]
    assert entries[0].find("time").get("datetime") == "2015"
    assert entries[1].find("time").get("datetime") == "2022-12"
    assert entries[3].find("a").get("href") == "/trial/news/musk-testifies/"
    assert "upcoming" in entries[4].get("class")


def test_a_case_page_gathers_every_claim_by_status_with_a_link_back(site):
    page = case_page(site)
    groups = {}
    for heading in page.xpath('//h3[starts-with(@id, "claims-")]'):
        items = heading.getnext().findall("li")
        groups[text(heading.find_class("badge")[0])] = [text(li.find("q")) for li in items]
    assert groups == {
        "Admitted": ["xAI partly trains its models by distilling OpenAI’s outputs."],
        "Alleged": ["OpenAI abandoned its mission."],
        "Disputed": ["Musk’s suit is about competition."],
        "Verified": ["Musk gave OpenAI $38 million."],
        "False": ["The judge already ruled for OpenAI."],
    }
    link = page.xpath('//a[@href="/trial/news/musk-testifies/#claim-funding"]')
    assert [a.text for a in link] == ["Musk testifies"]


def test_a_case_page_gathers_quotes_without_repeating_ids(site):
    page = case_page(site)
    quotes = page.get_element_by_id("quotes-heading").getparent().findall(".//blockquote")
    assert len(quotes) == 4  # two from each article
    assert page.xpath('//figure[@id="quote-fool"]') == []
    assert "We will see him in court." in text(page)


def test_a_case_page_gathers_valuations_into_one_table_over_time(site):
    block = case_page(site).get_element_by_id("case-valuations")
    rows = [[text(c) for c in tr] for tr in block.findall(".//tbody/tr")]
    assert [row[:3] for row in rows] == [
        ["Elon Musk", "$38 million", "2018"],
        ["Microsoft", "$10 billion", "December 2022"],
        ["Mistral", "€11.7 billion", "September 2025"],
        ["OpenAI", "$800 billion–$1 trillion", "May 2026"],
        ["xAI", "$1.75 trillion", "June 2026"],
    ]
    # The OpenAI figure appears in both articles: one row, crediting both.
    assert rows[3][4] == "Musk testifies; Trial preview"
    assert len(block.findall(".//svg")) == 1


def test_a_case_page_links_its_own_feeds(site):
    page = case_page(site)
    follow = page.find_class("follow")[0]
    assert text(follow) == "Follow this case: RSS · Atom"
    assert [a.get("href") for a in follow.findall("a")] == [
        "/trial/cases/musk-v-openai/feed.xml",
        "/trial/cases/musk-v-openai/atom.xml",
    ]
    alternates = page.xpath('//link[@rel="alternate"]/@href')
    assert "/trial/cases/musk-v-openai/feed.xml" in alternates
    assert "Musk testifies" in site.page("cases/musk-v-openai/feed.xml")


# -- people pages ------------------------------------------------------------


def test_a_person_page_gathers_quotes_newest_first_and_claims_and_articles(site):
    page = doc(site, "people/elon-musk/index.html")
    assert text(page.find(".//h1")) == "Elon Musk"
    assert text(page.find_class("dek")[0]) == "CEO of xAI; plaintiff"
    quotes = page.get_element_by_id("quotes-heading").getparent()
    assert [text(b) for b in quotes.findall(".//blockquote")] == [
        "I was a fool who provided them free funding.",  # May 1, 2026
        "OpenAI was meant to be open.",  # April 10, 2026
        "I gave them $38 million.",  # February 2024
    ]
    assert [a.text for a in quotes.find_class("from-article")[0].findall("a")] == ["Musk testifies"]
    claims = page.get_element_by_id("claims-heading").getparent()
    assert [text(q) for q in claims.findall(".//q")] == [
        "xAI partly trains its models by distilling OpenAI’s outputs.",
        "Musk gave OpenAI $38 million.",
        "OpenAI abandoned its mission.",
    ]
    assert [text(b) for b in claims.find_class("badge")] == ["Admitted", "Verified", "Alleged"]
    about = page.get_element_by_id("coverage-heading").getparent()
    assert [a.text for a in about.xpath(".//h3/a")] == ["Musk testifies"]


def test_someone_named_nowhere_gets_a_page_and_a_warning_at_the_line(site):
    page = doc(site, "people/viral-posts/index.html")
    assert text(page.find(".//h1")) == "Viral posts"
    assert "The judge already ruled for OpenAI." in text(page)
    assert (
        "content/articles/testimony.md:32: warning: claims[2].by: `Viral posts` is not in "
        "people.yaml; they get a page of their own"
    ) in site.problems


def test_a_case_party_named_nowhere_is_a_warning_at_its_own_line(site):
    assert (
        "content/cases/musk-v-openai.yaml:10: warning: parties.defendants[1]: `Sam Altman` is "
        "not in people.yaml; they get a page of their own"
    ) in site.problems
    assert text(doc(site, "people/sam-altman/index.html").find(".//h1")) == "Sam Altman"


def test_names_slugs_and_aliases_all_reach_one_person(site):
    warned = " ".join(site.problems)
    assert "`Musk`" not in warned and "`elon-musk`" not in warned
    assert not (site.out / "people/musk/index.html").exists()
    people = re.findall(r'href="/trial/people/([a-z-]+)/"', site.page("people/index.html"))
    assert people.count("elon-musk") == 1


def test_a_claim_review_cannot_close_its_script_element(make_site, build):
    extra = (
        'claims:\n  - id: x\n    text: "</script><script>alert(1)</script> & more"\n'
        '    by: Someone\n    status: "false"\n'
    )
    run = build(make_site({"content/articles/a.md": article(extra=extra)}))
    assert run.code == 0, run.stderr
    page = run.page("news/a-story/index.html")
    assert "<script>alert(1)" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page
    reviews = [d for d in json_ld(lxml_html.fromstring(page)) if d["@type"] == "ClaimReview"]
    assert reviews[0]["claimReviewed"] == "</script><script>alert(1)</script> & more"
