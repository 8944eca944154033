"""The case file's record as editors write it and readers meet it: the docket, exhibits and
witnesses of cases/<slug>.yaml, checked at their lines; the case page's "where things
stand", docket, exhibit list and witnesses; `{{< exhibit ID >}}` cards in articles; the
docket's Atom feed; and the days a witness testified on their person page."""

from __future__ import annotations

import textwrap

import feedparser
import pytest
from lxml import html as lxml_html

from sitegen.publish.headers import content_type, is_announcing
from tests.support import (
    LIVE_URL,
    article,
    axe_violations,
    broken_links,
    entry,
    entry_path,
    live_site,
    run_vnu,
    serve_folder,
)

PEOPLE = """\
- name: Elon Musk
  slug: elon-musk
  aliases: [Musk]
- name: Stuart Russell
  slug: stuart-russell
- name: OpenAI
  slug: openai
"""

CASE = """\
title: Musk v. OpenAI
court: U.S. District Court, Oakland
parties: {plaintiffs: [elon-musk], defendants: [openai]}
timeline:
  - date: 2015
    title: OpenAI founded
  - date: 2026-05-04
    title: Russell expected to testify
    upcoming: true
  - date: 2026-05-11
    title: Closing arguments
    upcoming: true
docket:
  - number: 398
    date: 2026-04-24
    title: Order on motions in limine
    url: https://court.example.com/398.pdf
  - date: 2026-05-01
    title: "Minute entry: Musk testifies"
  - number: 412
    date: 2026-05-01
    title: Transcript of proceedings
    documents: [{title: Morning session, url: "https://court.example.com/412-1.pdf"}]
  - number: 415
    date: 2026-05-01
    title: Witness schedule
    note: Example entry.
exhibits:
  - id: PX-14
    title: Email from Sam Altman to Elon Musk, March 2017
    party: plaintiff
    admitted: 2026-05-01
    url: https://court.example.com/px14.pdf
  - id: DX-203
    title: OpenAI terms of use
    party: defendant
  - id: PX-2
    title: Donation records
    party: plaintiff
    admitted: 2026-04-28
witnesses:
  - person: Musk
    called_by: plaintiff
    dates: [2026-05-01, 2026-04-30]
  - person: stuart-russell
    called_by: plaintiff
    expert: true
    dates: [2026-05-04]
"""

STORY = article(
    title="Musk testifies",
    date="2026-05-01",
    extra="case: musk-v-openai\n",
    body="""\
    Musk was shown an email.

    {{< exhibit PX-14 >}}

    And the terms of use.

    {{< exhibit DX-203 >}}
    """,
)


@pytest.fixture
def site(make_site):
    return make_site(
        {
            "content/people.yaml": PEOPLE,
            "content/cases/musk-v-openai.yaml": CASE,
            "content/articles/testimony.md": STORY,
        }
    )


@pytest.fixture
def built(site, build):
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    return run


def tree(run, path: str):
    return lxml_html.fromstring(run.page(path))


def texts(nodes) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


# -- Errors, each at its line ---------------------------------------------------------


BAD_CASE = """\
title: Musk v. OpenAI
docket:
  - number: 412
    date: 2026-05-01
    title: Transcript
  - numbr: 413
    date: 2026-05-01
    title: Order
  - number: 412
    date: 2026-5-2
    title: Another
  - date: 2026-05-03
  - number: two
    date: 2026-05-04
    title: Notice
    url: not a url
    documents: [{title: Exhibit A}]
exhibits:
  - id: PX-14
    title: Email
    party: plaintif
    admitted: 2026-05-06
  - id: px-14
    title: The same exhibit
  - id: PX 15
    title: Spaces
    admited: 2026-05-06
  - id: PX-16
    title: Admitted, but when?
    admitted: true
  - title: No id
witnesses:
  - person: Musk
    called_by: defense
    expert: maybe
    dates: [2026-05-04, 2026-13-01]
  - persn: Stuart Russell
exibits: []
"""


def test_every_mistake_in_a_case_record_is_reported_at_its_line(make_site, build):
    site = make_site({"content/cases/musk-v-openai.yaml": BAD_CASE})
    run = build(site)
    assert run.code == 1
    where = "content/cases/musk-v-openai.yaml"
    assert run.problems == [
        f"{where}:6: error: docket[1].numbr: unknown field (did you mean `number`?)",
        f"{where}:9: error: docket[2].number: docket number 412 is used twice (first at line 3)",
        f"{where}:10: error: docket[2].date: `2026-5-2` is not a date: write YYYY-MM-DD",
        f"{where}:12: error: docket[3].title: is required",
        f"{where}:13: error: docket[4].number: must be a whole number",
        f"{where}:16: error: docket[4].url: `not a url` is not an http:// or https:// URL",
        f"{where}:17: error: docket[4].documents[0].url: is required",
        f"{where}:21: error: exhibits[0].party: `plaintif` is not one of: plaintiff, "
        "defendant, joint, court (did you mean `plaintiff`?)",
        f"{where}:23: error: exhibits[1].id: exhibit `px-14` is listed twice "
        "(first as `PX-14` at line 19)",
        f"{where}:25: error: exhibits[2].id: `PX 15` is not an exhibit id: use letters, "
        "digits, `-`, `.` and `_`, no spaces (try `PX-15`)",
        f"{where}:27: error: exhibits[2].admited: unknown field (did you mean `admitted`?)",
        f"{where}:30: error: exhibits[3].admitted: write the date it was admitted "
        "(YYYY-MM-DD), not `true`",
        f"{where}:31: error: exhibits[4].id: is required",
        f"{where}:34: error: witnesses[0].called_by: `defense` is not one of: plaintiff, "
        "defendant, court (did you mean `defendant`?)",
        f"{where}:35: error: witnesses[0].expert: must be true or false",
        f"{where}:36: error: witnesses[0].dates[1]: `2026-13-01` is not a valid date: "
        "month must be in 1..12",
        f"{where}:37: error: witnesses[1].persn: unknown field (did you mean `person`?)",
        f"{where}:38: error: exibits: unknown field (did you mean `exhibits`?)",
    ]


def test_an_unnumbered_entry_twice_on_one_day_is_an_error(make_site, build):
    case = "title: X\ndocket:\n  - {date: 2026-05-01, title: Minute entry}\n"
    case += "  - {date: 2026-05-01, title: Minute entry}\n"
    run = build(make_site({"content/cases/x.yaml": case}))
    assert run.problems == [
        "content/cases/x.yaml:4: error: docket[1]: an unnumbered entry of 2026-05-01 titled "
        "`Minute entry` is listed twice (first at line 3): give them `number`s"
    ]


def test_an_exhibit_embed_with_an_unknown_id_or_without_a_case_is_an_error(make_site, build):
    unknown = article(
        title="Unknown",
        extra="case: musk-v-openai\n",
        body="Text.\n\n{{< exhibit PX-41 >}}\n\n{{< exhibit px-14 >}}\n",
    )
    caseless = article(title="Caseless", body="Text.\n\n{{< exhibit PX-14 >}}\n")
    site = make_site(
        {
            "content/people.yaml": PEOPLE,
            "content/cases/musk-v-openai.yaml": CASE,
            "content/articles/unknown.md": unknown,
            "content/articles/caseless.md": caseless,
        }
    )
    run = build(site)
    assert run.code == 1
    # The body starts on line 7 of each file (after six lines of front matter).
    assert run.problems == [
        "content/articles/caseless.md:9: error: embed: `exhibit PX-14` needs the article's "
        "`case`: exhibits belong to a case",
        "content/articles/unknown.md:10: error: embed: no exhibit `PX-41` in "
        "cases/musk-v-openai.yaml (did you mean `PX-14`?)",
        "content/articles/unknown.md:12: error: embed: no exhibit `px-14` in "
        "cases/musk-v-openai.yaml (did you mean `PX-14`?)",
    ]
    assert not (site / "public").exists()


def test_a_witness_not_in_people_yaml_is_a_warning_and_gets_a_page(make_site, build):
    case = "title: X\nwitnesses:\n  - person: elon-musk\n  - person: Shivon Zilis\n"
    site = make_site({"content/people.yaml": PEOPLE, "content/cases/x.yaml": case})
    run = build(site, "--no-search")
    assert run.code == 0
    assert run.problems == [
        "content/cases/x.yaml:4: warning: witnesses[1].person: `Shivon Zilis` is not in "
        "people.yaml; they get a page of their own"
    ]
    assert "Shivon Zilis" in run.page("people/shivon-zilis/index.html")


# -- The case page --------------------------------------------------------------------


def test_where_things_stand_shows_the_latest_filing_the_next_event_and_admitted_exhibits(
    built,
):
    page = tree(built, "cases/musk-v-openai/index.html")
    (box,) = page.xpath("//section[@aria-labelledby='standing-heading']")
    facts = dict(zip(texts(box.xpath(".//dt")), texts(box.xpath(".//dd")), strict=True))
    assert facts == {
        "Latest filing": "May 1, 2026 · No. 415 Witness schedule",
        "Next": "May 4, 2026 Russell expected to testify",
        "Exhibits admitted": "2 of 3",
        "Witnesses": "2",
    }
    assert box.xpath(".//dd/a/@href")[:2] == ["#docket-415", "#exhibits-heading"]


def test_the_docket_is_newest_first_higher_number_first_on_a_day_unnumbered_last(built):
    page = tree(built, "cases/musk-v-openai/index.html")
    entries = page.xpath("//ol[@class='docket']/li")
    assert [e.get("id") for e in entries] == [
        "docket-415",
        "docket-412",
        "docket-2026-05-01-minute-entry-musk-testifies",
        "docket-398",
    ]
    assert texts(entries[0].xpath(".//p"))[:2] == ["May 1, 2026 · No. 415", "Witness schedule"]
    assert entries[1].xpath(".//ul/li/a/@href") == ["https://court.example.com/412-1.pdf"]
    assert entries[3].xpath(".//a/@href") == ["https://court.example.com/398.pdf"]


def test_exhibits_are_listed_admitted_or_not_in_number_order_with_the_articles_citing_them(
    built,
):
    page = tree(built, "cases/musk-v-openai/index.html")
    items = page.xpath("//ol[@class='exhibit-list']/li")
    assert [i.get("id") for i in items] == ["exhibit-dx-203", "exhibit-px-2", "exhibit-px-14"]
    assert texts(items[0].xpath(".//p[@class='exhibit-meta']")) == [
        "Not admitted · Defendant’s exhibit"
    ]
    assert texts(items[2].xpath(".//p[@class='exhibit-meta']")) == [
        "Admitted May 1, 2026 · Plaintiff’s exhibit"
    ]
    assert items[2].xpath(".//p[@class='exhibit-cited']/a/@href") == ["/trial/news/musk-testifies/"]
    assert items[1].xpath(".//p[@class='exhibit-cited']") == []


def test_witnesses_link_to_their_person_pages_with_their_days_on_the_stand(built):
    page = tree(built, "cases/musk-v-openai/index.html")
    items = page.xpath("//ul[@class='witness-list']/li")
    assert [i.xpath(".//a/@href")[0] for i in items] == [
        "/trial/people/elon-musk/",
        "/trial/people/stuart-russell/",
    ]
    assert texts(items) == [
        "Elon Musk Called by the plaintiff · On the stand April 30, 2026; May 1, 2026",
        "Stuart Russell Expert Called by the plaintiff · On the stand May 4, 2026",
    ]


def test_the_case_page_links_its_docket_feed(built):
    page = tree(built, "cases/musk-v-openai/index.html")
    links = page.xpath("//link[@rel='alternate'][contains(@href, 'docket.xml')]")
    assert [(link.get("type"), link.get("href")) for link in links] == [
        ("application/atom+xml", "/trial/cases/musk-v-openai/docket.xml")
    ]


def test_a_long_docket_shows_the_newest_ten_and_the_rest_behind_a_disclosure(make_site, build):
    entries = "".join(
        f"  - {{number: {n}, date: 2026-04-{n:02d}, title: Filing {n}}}\n" for n in range(1, 26)
    )
    site = make_site({"content/cases/x.yaml": f"title: X\ndocket:\n{entries}"})
    run = build(site, "--no-search")
    page = tree(run, "cases/x/index.html")
    shown = page.xpath("//section[@aria-labelledby='docket-heading']/ol/li/@id")
    assert shown == [f"docket-{n}" for n in range(25, 15, -1)]
    (earlier,) = page.xpath("//details[@class='docket-earlier']")
    assert texts(earlier.xpath("summary")) == ["Earlier entries (15)"]
    assert earlier.xpath("ol/li/@id") == [f"docket-{n}" for n in range(15, 0, -1)]


def test_a_case_without_a_record_has_no_record_sections_and_no_docket_feed(make_site, build):
    run = build(make_site({"content/cases/x.yaml": "title: X\n"}), "--no-search")
    page = run.page("cases/x/index.html")
    for absent in ("Where things stand", "docket-heading", "exhibits-heading", "docket.xml"):
        assert absent not in page
    assert not (run.out / "cases/x/docket.xml").exists()


# -- Embeds ---------------------------------------------------------------------------


def test_an_exhibit_embed_is_a_card_where_it_is_placed(built):
    page = tree(built, "news/musk-testifies/index.html")
    cards = page.xpath("//article[@class='exhibit-card']")
    assert [c.get("aria-label") for c in cards] == ["Exhibit PX-14", "Exhibit DX-203"]
    first, second = cards
    assert texts(first.xpath("p")) == [
        "PX-14 Email from Sam Altman to Elon Musk, March 2017",
        "Admitted May 1, 2026 · Plaintiff’s exhibit",
        "Read PX-14 · All exhibits in Musk v. OpenAI",
    ]
    assert first.xpath(".//a/@href") == [
        "https://court.example.com/px14.pdf",
        "/trial/cases/musk-v-openai/#exhibit-px-14",
    ]
    assert texts(second.xpath("p"))[1] == "Not admitted · Defendant’s exhibit"
    # In the text where the editor put it: after the paragraph before it.
    previous = first.getprevious()
    assert previous.tag == "p" and previous.text_content() == "Musk was shown an email."
    # (Built without the search index, which the search page links.)
    broken = broken_links(built.out, "https://example.org/trial/")
    assert [link for link in broken if "/pagefind/" not in link] == []


def test_an_exhibit_card_is_in_the_feeds_with_absolute_links(built):
    feed = feedparser.parse(built.page("atom.xml"))
    content = feed.entries[0].content[0].value
    assert "Email from Sam Altman to Elon Musk" in content
    assert 'href="https://example.org/trial/cases/musk-v-openai/#exhibit-px-14"' in content


def test_an_exhibit_placed_in_a_live_entry_is_cited_at_that_entry(make_site, build):
    files = live_site()
    files["content/cases/musk-v-openai.yaml"] += (
        "exhibits:\n  - {id: PX-14, title: Email from Sam Altman, party: plaintiff}\n"
    )
    files[entry_path("email")] = entry(
        "11:30", "Counsel shows an email.\n\n{{< exhibit PX-14 >}}\n"
    )
    files[entry_path("again")] = entry("11:45", "{{< exhibit PX-14 >}}\n")
    run = build(make_site(files), "--no-search")
    assert run.code == 0, run.stderr
    page = tree(run, "cases/musk-v-openai/index.html")
    cited = page.xpath("//li[@id='exhibit-px-14']/p[@class='exhibit-cited']/a")
    # Once per article, at the first entry that places it.
    assert [a.get("href") for a in cited] == [f"/trial/{LIVE_URL}#email"]
    live = tree(run, LIVE_URL + "index.html")
    assert live.xpath("//*[@id='email']//article[@class='exhibit-card']/@aria-label") == [
        "Exhibit PX-14"
    ]


# -- The docket feed ------------------------------------------------------------------


def test_the_docket_feed_has_one_item_per_entry_newest_first(built):
    feed = feedparser.parse(built.page("cases/musk-v-openai/docket.xml"))
    assert not feed.bozo, feed.bozo_exception
    base = "https://example.org/trial/cases/musk-v-openai/"
    assert [e.id for e in feed.entries] == [
        base + "#docket-415",
        base + "#docket-412",
        base + "#docket-2026-05-01-minute-entry-musk-testifies",
        base + "#docket-398",
    ]
    assert [e.title for e in feed.entries] == [
        "No. 415: Witness schedule",
        "No. 412: Transcript of proceedings",
        "Minute entry: Musk testifies",
        "No. 398: Order on motions in limine",
    ]
    assert feed.entries[0].link == base + "#docket-415"
    assert feed.entries[0].published == "2026-05-01T00:00:00-07:00"
    assert feed.feed.updated == "2026-05-01T00:00:00-07:00"
    assert "https://court.example.com/412-1.pdf" in feed.entries[1].content[0].value


def test_docket_feed_ids_stay_when_a_numbered_entry_is_retitled_or_an_entry_added(site, build):
    first = feedparser.parse(build(site, "--no-search").page("cases/musk-v-openai/docket.xml"))
    case = site / "content/cases/musk-v-openai.yaml"
    text = case.read_text().replace("title: Witness schedule", "title: Witness schedule (v2)")
    text = text.replace(
        "docket:\n", "docket:\n  - {number: 420, date: 2026-05-04, title: Verdict form}\n"
    )
    case.write_text(text)
    again = feedparser.parse(build(site, "--no-search").page("cases/musk-v-openai/docket.xml"))
    assert not again.bozo
    ids = [e.id for e in again.entries]
    assert ids[0].endswith("#docket-420")
    assert ids[1:] == [e.id for e in first.entries]
    assert again.entries[1].title == "No. 415: Witness schedule (v2)"


# -- Person pages ---------------------------------------------------------------------


def test_a_person_page_lists_the_days_they_testified_and_the_case(built):
    page = tree(built, "people/elon-musk/index.html")
    (section,) = page.xpath("//section[@aria-labelledby='testimony-heading']")
    assert texts(section.xpath(".//li")) == [
        "Musk v. OpenAI · Called by the plaintiff Testified April 30, 2026; May 1, 2026"
    ]
    assert section.xpath(".//a/@href") == ["/trial/cases/musk-v-openai/"]
    expert = tree(built, "people/stuart-russell/index.html")
    assert texts(expert.xpath("//ul[@class='testimony-list']/li/p[1]")) == [
        "Musk v. OpenAI, as an expert witness · Called by the plaintiff"
    ]


def test_a_person_who_is_no_witness_has_no_testimony_section(built):
    assert "testimony-heading" not in built.page("people/openai/index.html")


# -- Incremental ----------------------------------------------------------------------


def _files(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_editing_the_case_record_then_rebuilding_equals_a_clean_build(site, build, tmp_path):
    out = tmp_path / "out"
    assert build(site, "--no-search", out=out).code == 0
    case = site / "content/cases/musk-v-openai.yaml"
    text = case.read_text()
    text = text.replace(
        "    party: defendant\n", "    party: defendant\n    admitted: 2026-05-02\n"
    )
    text = text.replace("title: Email from Sam Altman", "title: Letter from Sam Altman")
    text = text.replace("dates: [2026-05-04]", "dates: [2026-05-04, 2026-05-05]")
    text = text.replace(
        "docket:\n", "docket:\n  - {number: 420, date: 2026-05-04, title: Verdict form}\n"
    )
    case.write_text(text)
    story = site / "content/articles/testimony.md"
    story.write_text(story.read_text().replace("{{< exhibit DX-203 >}}", "{{< exhibit PX-2 >}}"))
    assert build(site, "--no-search", out=out).code == 0
    clean = tmp_path / "clean"
    assert build(site, "--no-search", "--clean", out=clean).code == 0
    got, expected = _files(out), _files(clean)
    assert sorted(got) == sorted(expected)
    assert [p for p in got if got[p] != expected[p]] == []
    # And the edit is what a reader sees.
    assert "Letter from Sam Altman" in got["news/musk-testifies/index.html"].decode()
    assert "May 5, 2026" in got["people/stuart-russell/index.html"].decode()
    assert "3 of 3" in got["cases/musk-v-openai/index.html"].decode()


def test_removing_the_record_then_rebuilding_equals_a_clean_build(site, build, tmp_path):
    """The docket feed goes, and so do the testimony of witnesses and the page of one
    who was only a witness."""
    case = site / "content/cases/musk-v-openai.yaml"
    case.write_text(case.read_text() + "  - person: Shivon Zilis\n")
    out = tmp_path / "out"
    assert build(site, "--no-search", out=out).code == 0
    assert (out / "people/shivon-zilis/index.html").is_file()
    story = site / "content/articles/testimony.md"
    story.write_text(
        story.read_text().replace("{{< exhibit PX-14 >}}", "").replace("{{< exhibit DX-203 >}}", "")
    )
    case.write_text(CASE.split("docket:")[0])
    assert build(site, "--no-search", out=out).code == 0
    clean = tmp_path / "clean"
    assert build(site, "--no-search", "--clean", out=clean).code == 0
    got, expected = _files(out), _files(clean)
    assert sorted(got) == sorted(expected)
    assert [p for p in got if got[p] != expected[p]] == []
    assert "cases/musk-v-openai/docket.xml" not in got
    assert "people/shivon-zilis/index.html" not in got
    assert "testimony-heading" not in got["people/elon-musk/index.html"].decode()


# -- Valid HTML, accessible, usable on a phone ----------------------------------------


def test_the_case_page_article_and_person_pages_are_valid_html(built):
    result = run_vnu(built.out)
    assert result.returncode == 0, result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_case_page_has_no_wcag_violations_and_fits_the_screen(
    browser, make_site, build, tmp_path, width, scheme
):
    entries = "".join(
        textwrap.dedent(f"""\
          - number: {n}
            date: 2026-04-{n:02d}
            title: Declaration of a witness in support of a motion with a long title {n}
            documents: [{{title: Exhibit {n}, url: "https://court.example.com/{n}.pdf"}}]
        """)
        for n in range(1, 16)
    )
    exhibits = "".join(
        f"  - {{id: PX-{100 + n}, title: A very long exhibit title about emails {n}, "
        f"party: plaintiff{', admitted: 2026-05-01' if n % 2 else ''}}}\n"
        for n in range(1, 40)
    )
    case = CASE.replace("docket:\n", "docket:\n" + textwrap.indent(entries, "  ")).replace(
        "exhibits:\n", "exhibits:\n" + exhibits
    )
    site = make_site(
        {
            "content/people.yaml": PEOPLE,
            "content/cases/musk-v-openai.yaml": case,
            "content/articles/testimony.md": STORY,
        }
    )
    www = tmp_path / "www"
    run = build(site, "--no-search", out=www / "trial")
    assert run.code == 0, run.stderr
    viewport = {"width": width, "height": 900}
    with serve_folder(www, "/trial/") as url:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            found = {}
            for path in ("cases/musk-v-openai/", "news/musk-testifies/", "people/elon-musk/"):
                page = context.new_page()
                page.goto(url + path, wait_until="load")
                if problems := axe_violations(page):
                    found[path] = problems
                width_now = page.evaluate("document.scrollingElement.scrollWidth")
                if width_now > width:
                    found[path] = [f"{width_now} px wide on a {width} px screen"]
            assert found == {}
            # The earlier docket opens on a tap, without JavaScript.
            page = context.new_page()
            page.goto(url + "cases/musk-v-openai/", wait_until="load")
            earlier = page.locator("details.docket-earlier")
            assert not earlier.locator("li").first.is_visible()
            earlier.locator("summary").click()
            assert earlier.locator("li").first.is_visible()
        finally:
            context.close()


def test_the_docket_feed_is_served_as_atom_announced_last_and_names_the_websub_hub(
    make_site, build
):
    site_yaml = "title: T\nbase_url: https://example.org/\ndeploy:\n"
    site_yaml += "  websub_hub: https://hub.example.com/\n"
    case = "title: X\ndocket:\n  - {number: 1, date: 2026-05-01, title: Complaint}\n"
    run = build(make_site({"content/cases/x.yaml": case}, site_yaml), "--no-search")
    assert run.code == 0, run.stderr
    feed = feedparser.parse(run.page("cases/x/docket.xml"))
    assert not feed.bozo
    assert [(link.rel, link.href) for link in feed.feed.links if link.rel == "hub"] == [
        ("hub", "https://hub.example.com/")
    ]
    assert content_type("cases/x/docket.xml") == "application/atom+xml; charset=utf-8"
    assert is_announcing("cases/x/docket.xml")
