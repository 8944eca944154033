"""What readers and subscribers see (issue 22, items 13 to 20), each as a small site in
and what a reader, a subscriber's feed reader or a browser gets out."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import feedparser
import pytest
from lxml import html as lxml_html
from playwright.sync_api import Page, expect

from sitegen.commands.cli import main
from tests.support import article, serve_folder

PEOPLE = """\
- name: Laura Brennan
  slug: laura-brennan
  role: Editor, The Ledger
- name: Corvid Labs
  slug: corvid-labs
- name: Ada Reyes
  slug: ada-reyes
  role: U.S. District Judge
"""
CASE = """\
title: Ledger v. Corvid Labs
court: U.S. District Court, Manhattan
judge: Ada Reyes
status: Trial under way
parties: {plaintiffs: [laura-brennan], defendants: [corvid-labs]}
"""


def page(run, path: str):
    return lxml_html.fromstring(run.page(path))


def text(element) -> str:
    return " ".join(element.text_content().split())


# -- 14. A claim card's attribution is worded by its status ------------------------------

ATTRIBUTIONS = {
    "admitted": "Admitted by",
    "alleged": "Alleged by",
    "disputed": "Contended by",
    "denied": "Denied by",
    "verified": "Said by",
    "false": "Claimed by",
    "unverified": "Claimed by",
}


def test_a_claim_card_words_who_by_the_claims_status(make_site, build):
    claims = "".join(
        f"  - {{id: c-{status}, text: Corvid copied the archive., by: corvid-labs, "
        f"status: {status}}}\n"
        for status in ATTRIBUTIONS
    )
    story = article("Day one", extra="claims:\n" + claims)
    run = build(make_site({"content/people.yaml": PEOPLE, "content/articles/a.md": story}))
    assert run.code == 0, run.stderr
    html = page(run, "news/day-one/index.html")
    for status, words in ATTRIBUTIONS.items():
        card = html.get_element_by_id(f"claim-{status}".replace("claim-", "claim-c-"))
        assert text(card.find_class("claim-by")[0]) == f"{words} Corvid Labs", status
        assert card.get("aria-label").endswith(f"{words} Corvid Labs"), status


# -- 13. Corrections reach feed subscribers --------------------------------------------

CORRECTED = article(
    "Verdict day",
    date="2026-05-01T09:00:00-07:00",
    extra="""\
        updates:
          - date: 2026-05-02T10:30:00-07:00
            kind: correction
            note: An earlier version misspelled **Corvid** Labs.
        """,
    body="The jury returned at noon.",
)


def test_a_correction_reaches_every_feeds_item_content(make_site, build):
    run = build(make_site({"content/articles/a.md": CORRECTED}), "--no-search")
    assert run.code == 0, run.stderr
    contents = {}
    for feed in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(run.page(feed))
        assert not parsed.bozo, parsed.bozo_exception
        contents[feed] = parsed.entries[0].content[0].value
    contents["feed.json"] = json.loads(run.page("feed.json"))["items"][0]["content_html"]
    for feed, content in contents.items():
        box = lxml_html.fromstring(content).find_class("updates")
        assert box, f"{feed}: no updates box"
        said = text(box[0])
        assert said.startswith("Updates and corrections Correction, May 2, 2026"), feed
        assert said.endswith(": An earlier version misspelled Corvid Labs."), feed
        # The box comes before the text, as on the page.
        assert content.index("Correction") < content.index("The jury returned"), feed


# -- 20. Small things --------------------------------------------------------------------

QUOTED = article(
    "Brennan testifies",
    extra="""\
        case: ledger-v-corvid-labs
        tags: [Copyright law, Fair use]
        quotes:
          - {text: We never agreed to this., by: laura-brennan}
        """,
)


@pytest.fixture
def coverage(make_site, build, tmp_path):
    """The site built into <www>/trial/, so that it can be served under its base path."""
    files = {
        "content/people.yaml": PEOPLE,
        "content/cases/ledger-v-corvid-labs.yaml": CASE,
        "content/articles/a.md": QUOTED,
    }
    run = build(make_site(files), "--no-search", out=tmp_path / "www" / "trial")
    assert run.code == 0, run.stderr
    return run


@contextlib.contextmanager
def browsing(run, browser, width: int) -> Iterator[tuple[str, Page]]:
    """A tab `width` wide and the URL of the site `run` built into <www>/trial/."""
    with serve_folder(run.out.parent, "/trial/") as url:
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            yield url, context.new_page()
        finally:
            context.close()


def test_the_judge_links_to_her_page_when_people_yaml_lists_her(coverage, make_site, build):
    facts = page(coverage, "cases/ledger-v-corvid-labs/index.html").find_class("case-facts")[0]
    judge = facts.xpath(".//div[dt='Judge']/dd")[0]
    assert [(a.text, a.get("href")) for a in judge.iter("a")] == [
        ("Ada Reyes", "/trial/people/ada-reyes/")
    ]
    # A judge named nowhere in people.yaml is plain text, not a link to a page of nobody.
    files = {"content/cases/c.yaml": "title: C v. D\njudge: Jo Park\n"}
    run = build(make_site(files), "--no-search")
    judge = page(run, "cases/c/index.html").xpath("//dl//div[dt='Judge']/dd")[0]
    assert (text(judge), list(judge.iter("a"))) == ("Jo Park", [])


def test_a_persons_page_never_links_to_itself(coverage):
    html = page(coverage, "people/laura-brennan/index.html")
    assert text(html.find_class("quote")[0].find(".//figcaption")).startswith("— Laura Brennan")
    own = [a for a in html.iter("a") if a.get("href") == "/trial/people/laura-brennan/"]
    assert own == []
    # Elsewhere the speaker still links to that page.
    story = page(coverage, "news/brennan-testifies/index.html")
    assert story.xpath("//figure[@class='quote']//a[@href='/trial/people/laura-brennan/']")


def test_atom_categories_are_names_as_in_rss(coverage):
    atom = feedparser.parse(coverage.page("atom.xml")).entries[0]
    rss = feedparser.parse(coverage.page("feed.xml")).entries[0]
    assert [t.term for t in atom.tags] == ["News", "Copyright law", "Fair use"]
    assert [t.term for t in atom.tags] == [t.term for t in rss.tags]


def test_check_with_an_error_does_not_speak_of_a_site_of_0_files(make_site, capsys):
    site = make_site({"content/articles/a.md": article(extra="titel: typo\n")})
    assert main(["check", "--site", str(site)]) == 1
    summary = capsys.readouterr().err.splitlines()[-1]
    assert "0 files" not in summary
    assert summary == (
        "check: 1 error(s), 0 warning(s); links are checked once these are fixed; nothing written"
    )


STRAIGHT = article(
    'Brennan\'s "bait and switch" -- day 5',
    summary="The editor's account, and Corvid's reply...",
    extra="""\
        quotes:
          - {text: "We didn't agree to this.", by: laura-brennan}
        """,
    body="""\
        ## Brennan's case

        "It's our archive," she said -- twice. Section 230(c) was not at issue.
        The flag is `--dry-run` and `"quoted"` code stays as written.
        """,
)


def test_headlines_and_text_get_typographic_quotes_and_dashes(make_site, build):
    files = {"content/people.yaml": PEOPLE, "content/articles/a.md": STRAIGHT}
    run = build(make_site(files), "--no-search")
    assert run.code == 0, run.stderr
    headline = "Brennan’s “bait and switch” – day 5"
    # The address keeps the headline as written.
    html = page(run, "news/brennan-s-bait-and-switch-day-5/index.html")
    assert text(html.get_element_by_id("headline")) == headline
    assert text(html.find_class("dek")[0]) == "The editor’s account, and Corvid’s reply…"
    prose = html.find_class("prose")[0]
    assert "“It’s our archive,” she said – twice." in text(prose)
    assert "Section 230(c)" in text(prose)  # not ©
    assert [c.text for c in prose.iter("code")] == ["--dry-run", '"quoted"']
    # A link to the section written before the quotes were curled still works.
    assert prose.xpath("//h2[@id='brennan-s-case']")
    assert text(html.find_class("quote")[0].find(".//blockquote")) == "We didn’t agree to this."
    assert html.find(".//title").text.startswith(headline)
    # Feeds too.
    assert feedparser.parse(run.page("feed.xml")).entries[0].title == headline
    assert feedparser.parse(run.page("atom.xml")).entries[0].title == headline
    assert json.loads(run.page("feed.json"))["items"][0]["title"] == headline


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 900, 1280])
def test_the_case_facts_grid_leaves_no_empty_cell(coverage, browser, width):
    with browsing(coverage, browser, width) as (url, tab):
        tab.goto(url + "cases/ledger-v-corvid-labs/")
        grid = tab.locator(".case-facts")
        inner = grid.evaluate(
            "g => { const r = g.getBoundingClientRect(), s = getComputedStyle(g);"
            " return [r.left + parseFloat(s.borderLeftWidth),"
            " r.right - parseFloat(s.borderRightWidth)]; }"
        )
        cells = [grid.locator(":scope > div").nth(i).bounding_box() for i in range(5)]
    rows: dict[float, list[dict]] = {}
    for cell in cells:
        rows.setdefault(round(cell["y"]), []).append(cell)
    for row in rows.values():
        left = min(c["x"] for c in row)
        right = max(c["x"] + c["width"] for c in row)
        # Every row runs from edge to edge: nothing of the grey behind shows as a cell.
        assert (round(left), round(right)) == (round(inner[0]), round(inner[1])), width


# -- 16. The valuations block: its caption, whole-word labels, bars the column's width ----

DAMAGES = article(
    "What the Ledger wants",
    extra="""\
        case: ledger-v-corvid-labs
        valuations_caption: Damages sought
        valuations:
          - {entity: The Ledger, amount: 930M, as_of: 2026-03, label: Damages sought for copying the archive}
          - {entity: Maximilian-Alexander Holdings, low: 12M, high: 40M, as_of: 2025, label: Statutory damages}
        """,
)
CASE_WITH_CAPTION = CASE + "valuations_caption: Damages claimed over time\n"


@pytest.fixture
def damages(make_site, build, tmp_path):
    files = {
        "content/people.yaml": PEOPLE,
        "content/cases/ledger-v-corvid-labs.yaml": CASE_WITH_CAPTION,
        "content/articles/a.md": DAMAGES,
    }
    run = build(make_site(files), "--no-search", out=tmp_path / "www" / "trial")
    assert run.code == 0, run.stderr
    return run


def test_the_valuations_block_takes_its_caption_from_the_article(damages):
    block = page(damages, "news/what-the-ledger-wants/index.html").get_element_by_id("valuations")
    assert text(block.find(".//caption")) == "Damages sought"
    assert text(block.find(".//svg/title")) == "Damages sought, drawn to scale"
    case = page(damages, "cases/ledger-v-corvid-labs/index.html")
    assert text(case.get_element_by_id("valuations-heading")) == "Damages claimed over time"
    # The caption is in the feed item too.
    item = json.loads(damages.page("feed.json"))["items"][0]["content_html"]
    assert "<caption" in item and "Damages sought</caption>" in item


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_largest_bar_spans_the_column_and_no_label_is_cut(damages, browser, width):
    with browsing(damages, browser, width) as (url, tab):
        tab.goto(url + "news/what-the-ledger-wants/")
        column = tab.locator(".prose").bounding_box()
        chart = tab.locator("svg.chart")
        box = chart.bounding_box()
        drawn = float(chart.get_attribute("height") or 0)
        widest = max(bar.bounding_box()["width"] for bar in chart.locator(".chart-bar").all())
        sizes = chart.locator("text").evaluate_all(
            "ts => ts.map(t => [getComputedStyle(t).fontSize, t.getBBox().x + t.getBBox().width])"
        )
    assert column and box
    assert abs(box["width"] - column["width"]) <= 1
    assert abs(box["height"] - drawn) <= 1  # as tall as drawn: no row cut off below
    assert abs(widest - column["width"]) <= 1
    # Text is drawn at its size (never scaled down) and every line fits inside the chart.
    assert {size for size, _ in sizes} == {"14px"}
    assert max(right for _, right in sizes) <= box["width"]


# -- 18. Search results: an excerpt and a date for every result, in the site's fonts -----

SEARCHED = {
    "content/articles/intro.md": article(
        "Marmalade at the jury room",
        date="2026-05-03",
        body="The jurors asked for marmalade before noon.",
    ),
    "content/articles/sections.md": article(
        "A long day in court",
        date="2026-05-02",
        extra="tags: [Marmalade]\nsources:\n  - {title: Transcript, url: 'https://example.org/t'}\n",
        body="""\
            The day began early.

            ## The breakfast order

            Counsel argued about marmalade for an hour.
            """,
    ),
}


@pytest.mark.browser
def test_every_search_result_shows_an_excerpt_and_its_date_in_the_sites_fonts(
    make_site, build, browser, tmp_path
):
    run = build(make_site(SEARCHED), out=tmp_path / "www" / "trial")
    assert run.code == 0, run.stderr
    with browsing(run, browser, 1280) as (url, tab):
        tab.goto(url + "search/?q=marmalade")
        results = tab.locator(".pagefind-ui__result")
        expect(results).to_have_count(2, timeout=10_000)
        expect(results.locator(".pagefind-ui__result-excerpt").first).to_be_visible()
        found = results.evaluate_all(
            """rs => rs.map(r => ({
                title: r.querySelector('.pagefind-ui__result-title').innerText.trim(),
                excerpts: [...r.querySelectorAll('.pagefind-ui__result-excerpt')]
                    .map(e => e.innerText.trim()),
                headings: [...r.querySelectorAll('.pagefind-ui__result-nested a')]
                    .map(a => a.innerText.replace(/^\\W+/, '').trim()),
                tags: [...r.querySelectorAll('.pagefind-ui__result-tag')]
                    .map(t => t.innerText.trim()),
            }))"""
        )
        fonts = tab.evaluate(
            """() => [
                getComputedStyle(document.querySelector('.pagefind-ui__result-title')).fontFamily,
                getComputedStyle(document.querySelector('h1')).fontFamily,
                getComputedStyle(document.querySelector('.pagefind-ui__result-excerpt')).fontFamily,
                getComputedStyle(document.body).fontFamily,
            ]"""
        )
    by_title = {r["title"]: r for r in found}
    # A match in the text before any heading shows as the result's own excerpt.
    intro = by_title["Marmalade at the jury room"]
    assert intro["excerpts"] and "marmalade" in intro["excerpts"][0].lower()
    assert intro["tags"] == ["Published: May 3, 2026"]
    # A match under a heading shows under that heading; the topics line is no section's.
    day = by_title["A long day in court"]
    assert day["headings"] == ["The breakfast order"]
    assert any("marmalade for an hour" in e for e in day["excerpts"])
    assert not any("Topics" in e for e in day["excerpts"])
    assert day["tags"] == ["Published: May 2, 2026"]
    # Headlines in the headlines' typeface, excerpts in the text's.
    assert fonts[0] == fonts[1] and fonts[2] == fonts[3]


# -- 17. Tables on a phone: stacked, never a figure cut off ------------------------------

TABLED = article(
    "The money at stake",
    extra="""\
        tables:
          - id: stakes
            caption: What each side says the archive is worth
            columns: [Claim, The Ledger says, Corvid Labs says]
            rows:
              - [Damages for copying the archive, "$930 million", "$0"]
              - [Licensing fees it would have paid, "$120 million a year", "$4 million once"]
        valuations:
          - {entity: The Ledger, amount: 930M, as_of: 2026-03, label: Damages sought}
        """,
)


@pytest.mark.browser
def test_a_table_too_wide_for_a_phone_stacks_and_shows_every_figure(
    make_site, build, browser, tmp_path
):
    run = build(
        make_site({"content/articles/a.md": TABLED}), "--no-search", out=tmp_path / "www" / "trial"
    )
    assert run.code == 0, run.stderr
    with browsing(run, browser, 390) as (url, tab):
        tab.goto(url + "news/the-money-at-stake/")
        page_width = tab.evaluate("document.scrollingElement.scrollWidth")
        tables = tab.locator(".data-table").evaluate_all(
            """ts => ts.map(t => {
                const box = t.closest('.table-scroll');
                return {
                    scrolls: box.scrollWidth > box.clientWidth + 1,
                    right: box.getBoundingClientRect().right,
                    cells: [...t.querySelectorAll('tbody th, tbody td')].map(c => ({
                        text: (getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')
                               .replace(/^none$/, '') + c.innerText).trim(),
                        right: c.getBoundingClientRect().right,
                        clipped: c.scrollWidth > c.clientWidth + 1,
                    })),
                };
            })"""
        )
    assert page_width <= 390
    assert len(tables) == 2
    for table in tables:
        assert not table["scrolls"], "nothing of the table is off to the side"
        for cell in table["cells"]:
            assert cell["right"] <= table["right"] + 0.5 and not cell["clipped"], cell
    figures = [c["text"] for t in tables for c in t["cells"]]
    # Each figure is shown whole, beside the name of its column.
    assert "The Ledger says: $930 million" in figures
    assert "Amount: $930 million" in figures
    assert any("$4 million once" in f for f in figures)


# -- 19. The home page is a news front ----------------------------------------------------


def front_files() -> dict[str, str]:
    files = {
        "content/people.yaml": PEOPLE,
        "content/cases/ledger-v-corvid-labs.yaml": CASE,
        "content/articles/live.md": article(
            "Verdict watch, live",
            date="2026-05-08T09:00:00-07:00",
            extra="case: ledger-v-corvid-labs\nlive: {status: live}\n",
        ),
    }
    for day in range(1, 8):
        files[f"content/articles/day-{day}.md"] = article(
            f"Day {day} of the Ledger trial",
            date=f"2026-05-0{day}T10:00:00-07:00",
            summary=f"What happened on day {day}.",
            extra="case: ledger-v-corvid-labs\n",
        )
    return files


@pytest.fixture
def front(make_site, build, tmp_path):
    run = build(make_site(front_files()), "--no-search", out=tmp_path / "www" / "trial")
    assert run.code == 0, run.stderr
    return run


def test_the_front_page_has_a_lead_the_latest_the_cases_and_a_live_banner(front):
    home = page(front, "index.html")
    banner = home.find_class("live-banner")[0]
    assert text(banner).startswith("Live")
    assert banner.find(".//a").get("href") == "/trial/news/verdict-watch-live/"
    lead = home.find_class("front-lead")[0]
    assert text(lead.find(".//h2")) == "Verdict watch, live"
    latest = home.get_element_by_id("latest-heading").getparent()
    assert [text(h) for h in latest.findall(".//h3")][:2] == [
        "Day 7 of the Ledger trial",
        "Day 6 of the Ledger trial",
    ]
    cases = home.get_element_by_id("cases-heading").getparent()
    link = cases.find(".//a")
    assert (text(link), link.get("href")) == (
        "Ledger v. Corvid Labs",
        "/trial/cases/ledger-v-corvid-labs/",
    )
    # Every article of the page is there once.
    headlines = [text(h) for h in home.xpath("//main//h2[a] | //main//h3[a]")]
    assert sorted(h for h in headlines if h.startswith(("Day", "Verdict"))) == sorted(
        ["Verdict watch, live", *(f"Day {d} of the Ledger trial" for d in range(1, 8))]
    )


@pytest.mark.browser
def test_the_front_page_uses_a_desktop_and_stays_one_column_on_a_phone(front, browser):
    boxes = {}
    for width in (1280, 390):
        with browsing(front, browser, width) as (url, tab):
            tab.goto(url)
            boxes[width] = {
                name: tab.locator(selector).first.bounding_box()
                for name, selector in {
                    "lead": ".front-lead",
                    "latest": ".front-latest",
                    "cases": ".front-cases",
                    "main": "main",
                }.items()
            }
            sizes = tab.evaluate(
                """() => [".front-lead h2", ".front-latest h3"].map(
                    s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
            )
            boxes[width]["sizes"] = sizes
            boxes[width]["scroll"] = tab.evaluate("document.scrollingElement.scrollWidth")
    desk, phone = boxes[1280], boxes[390]
    # Desktop: the lead beside the latest stories, together using the page's width.
    assert desk["latest"]["x"] >= desk["lead"]["x"] + desk["lead"]["width"]
    assert abs(desk["latest"]["y"] - desk["lead"]["y"]) < 40
    assert (
        desk["latest"]["x"] + desk["latest"]["width"]
        > desk["main"]["x"] + 0.9 * desk["main"]["width"]
    )
    assert desk["lead"]["width"] > 1.5 * desk["latest"]["width"]
    assert desk["sizes"][0] > 1.3 * desk["sizes"][1]  # the lead's headline is larger
    # Phone: one column, in reading order, nothing wider than the screen.
    assert phone["scroll"] <= 390
    assert phone["lead"]["y"] < phone["latest"]["y"] < phone["cases"]["y"]
    for name in ("lead", "latest", "cases"):
        assert phone[name]["width"] <= 390 and phone[name]["x"] >= 0


def test_the_lead_story_shows_its_image_on_the_front(make_site, build):
    files = front_files()
    files["content/articles/day-9.md"] = article(
        "Day 9 of the Ledger trial",
        date="2026-05-09T10:00:00-07:00",
        extra="image: https://images.example.org/court.jpg\n",
    )
    run = build(make_site(files), "--no-search")
    assert run.code == 0, run.stderr
    lead = page(run, "index.html").find_class("front-lead")[0]
    assert text(lead.find(".//h2")) == "Day 9 of the Ledger trial"
    assert lead.xpath(".//figure[@class='lead-image']//img/@src") == [
        "https://images.example.org/court.jpg"
    ]


def test_the_cases_sit_under_the_lead_beside_the_latest_and_the_policy_is_linked_once(
    copy_site, build
):
    run = build(copy_site("."), "--no-search")
    assert run.code == 0, run.stderr
    doc = lxml_html.fromstring(run.page("index.html"))
    # In the top block, in reading order: lead, latest, cases (a phone's single column);
    # on a desktop the cases fill the column under a lead with no image.
    top = doc.xpath("//div[@class='front-top']")[0]
    assert [el.get("class") for el in top] == ["front-lead", "front-latest", "front-cases"]
    footer = doc.xpath("//footer")[0]
    policy = [a for a in footer.iter("a") if a.text_content() == "Corrections policy"]
    assert len(policy) == 1
