"""Search, as a reader uses it: a static page, no server but a plain file server.

The build indexes the articles (with Pagefind) after writing the site. A reader opens
/search/ under the site's base path, types words from a headline, a summary, the text,
a quote or a claim, and reaches the article; the results narrow by section and by case.
The index is part of the reproducible output, and is reused when no page changed.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from sitegen.publish import search, search_canon
from tests.support import AXE, article, axe_violations, serve_folder

BASE_PATH = "/trial/"  # the path of the test site's base_url

FILES = {
    "content/cases/musk-v-openai.yaml": "title: Musk v. OpenAI\n",
    "content/cases/doe-v-acme.yaml": "title: Doe v. Acme\n",
    "content/articles/verdict.md": article(
        "Jury weighs the founding emails",
        date="2026-05-04T10:00:00-07:00",
        summary="Deliberations begin once a quorum of jurors returns.",
        extra="""\
            slug: verdict-watch
            case: musk-v-openai
            quotes:
              - {text: I was flabbergasted by those emails., by: Ana Ruiz}
            claims:
              - {id: airship, text: The board met aboard a zeppelin., by: Ben Ode, status: false}
            """,
        body="The courtroom was quiet as the jurors filed out at noon.",
    ),
    "content/articles/primer.md": article(
        "How juries deliberate",
        date="2026-05-02",
        section="guides",
        summary="A primer for first-time readers.",
        extra="slug: primer\n",
        body="Jurors deliberate in private, and a foreperson speaks for them.",
    ),
    "content/articles/acme.md": article(
        "Acme jurors hear from the engineer",
        date="2026-05-03",
        summary="Day three in Doe v. Acme.",
        extra="slug: acme-engineer\ncase: doe-v-acme\n",
        body="The jurors heard about a marmalade factory.",
    ),
}


@pytest.fixture
def site_url(make_site, build, tmp_path) -> Iterator[str]:
    """The test site built into <www>/trial/ and served from <www>; yields its URL."""
    www = tmp_path / "www"
    run = build(make_site(FILES), out=www / BASE_PATH.strip("/"))
    assert run.code == 0, run.stderr
    with serve_folder(www, BASE_PATH) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


def results(page: Page):
    """The result links, one per article (not the links to headings inside them)."""
    return page.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title > a")


def search_for(page: Page, site_url: str, words: str) -> None:
    page.goto(site_url + "search/")
    page.locator(".pagefind-ui__search-input").fill(words)
    expect(results(page).first).to_be_visible(timeout=10_000)


# ---- In the browser ---------------------------------------------------------------


@pytest.mark.browser
def test_the_header_leads_to_search(page, site_url):
    page.goto(site_url)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Search").click()
    expect(page).to_have_url(site_url + "search/")
    expect(page.locator(".pagefind-ui__search-input")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize(
    "words",
    [
        "founding emails",  # the headline
        "quorum",  # the summary
        "courtroom quiet",  # the text
        "flabbergasted",  # a quote
        "zeppelin",  # a claim
    ],
)
def test_words_from_any_part_of_an_article_find_it(page, site_url, words):
    search_for(page, site_url, words)
    expect(results(page)).to_have_count(1)
    link = results(page).first
    expect(link).to_have_text("Jury weighs the founding emails")
    # The headline is the result's title, not also one of its sections.
    expect(page.locator(".pagefind-ui__results a[href$='#headline']")).to_have_count(0)
    link.click()
    expect(page).to_have_url(site_url + "news/verdict-watch/")
    expect(page.locator("h1")).to_have_text("Jury weighs the founding emails")


def choose_filter(page: Page, group: str, value: str) -> None:
    block = page.locator(".pagefind-ui__filter-block", has_text=group)
    block.locator("summary").click()
    block.get_by_label(value).check()


def result_urls(page: Page) -> list[str]:
    return sorted(a.get_attribute("href") for a in results(page).all())


@pytest.mark.browser
def test_results_narrow_by_section(page, site_url):
    search_for(page, site_url, "jurors")
    expect(results(page)).to_have_count(3)
    choose_filter(page, "Section", "Guides")
    expect(results(page)).to_have_count(1)
    assert result_urls(page) == [BASE_PATH + "guides/primer/"]


@pytest.mark.browser
def test_results_narrow_by_case(page, site_url):
    search_for(page, site_url, "jurors")
    expect(results(page)).to_have_count(3)
    choose_filter(page, "Case", "Doe v. Acme")
    expect(results(page)).to_have_count(1)
    assert result_urls(page) == [BASE_PATH + "news/acme-engineer/"]


@pytest.mark.browser
def test_a_search_address_can_be_shared(page, site_url):
    page.goto(site_url + "search/?q=marmalade")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_have_text("Acme jurors hear from the engineer")
    page.locator(".pagefind-ui__search-input").fill("zeppelin")
    expect(results(page).first).to_have_text("Jury weighs the founding emails")
    expect(page).to_have_url(site_url + "search/?q=zeppelin")


@pytest.mark.browser
def test_only_articles_are_found(page, site_url):
    # The case pages repeat the articles' titles; a reader wants the articles.
    search_for(page, site_url, "Acme")
    assert result_urls(page) == [BASE_PATH + "news/acme-engineer/"]


@pytest.mark.browser
def test_without_an_index_the_page_says_search_is_unavailable(page, make_site, build, tmp_path):
    www = tmp_path / "www"
    run = build(make_site(FILES), "--no-search", out=www / "trial")
    assert run.code == 0, run.stderr
    assert not (run.out / "pagefind").exists()
    with serve_folder(www, BASE_PATH) as url:
        page.goto(url + "search/")
        expect(page.get_by_text("Search is not available on this copy of the site")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_the_search_page_with_results_meets_wcag_2_1_aa(browser, site_url, scheme, width):
    assert AXE.is_file(), "axe-core is not installed: run `npm install` first"
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        search_for(page, site_url, "jurors")
        page.locator(".pagefind-ui__filter-block summary").first.click()
        assert axe_violations(page) == []
    finally:
        context.close()


# ---- The index, without a browser --------------------------------------------------


def test_the_index_holds_the_articles_only(make_site, build):
    run = build(make_site(FILES))
    assert run.code == 0, run.stderr
    entry = json.loads(run.page("pagefind/pagefind-entry.json"))
    assert [lang["page_count"] for lang in entry["languages"].values()] == [3]
    html = run.page("news/verdict-watch/index.html")
    assert "data-pagefind-body" in html
    assert 'data-pagefind-filter="Section">News</a>' in html
    assert 'data-pagefind-filter="Case">Musk v. OpenAI</a>' in html
    assert "data-pagefind-body" not in run.page("cases/musk-v-openai/index.html")


def indexed_text(out: Path) -> dict[str, str]:
    """URL -> the text Pagefind keeps of each page (its fragments: gzip, then JSON)."""
    found = {}
    for fragment in (out / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(search_canon.SIGNATURE)
        record = json.loads(data[len(search_canon.SIGNATURE) :])
        found[record["url"]] = record["content"]
    return found


def test_table_and_valuation_cells_are_indexed_as_words_apart(make_site, build):
    # Cells written back to back would reach the index (and the excerpts readers see)
    # as "WhoAmountAs ofWhat".
    extra = """\
        slug: numbers
        tables:
          - {id: t, columns: [Factor, Musk, OpenAI], rows: [[Valuation, $1.75T, $800B]]}
        valuations:
          - {entity: OpenAI, amount: 800B, as_of: 2026-05, label: Expected}
        """
    story = article("The numbers", date="2026-05-05", extra=extra, body="Money at stake.")
    run = build(make_site({**FILES, "content/articles/numbers.md": story}))
    assert run.code == 0, run.stderr
    text = indexed_text(run.out)["/news/numbers/"]
    assert "Factor Musk OpenAI Valuation $1.75T" in text
    assert "Who Amount As of What OpenAI" in text


def test_two_builds_give_the_same_index_byte_for_byte(make_site, build, tmp_path):
    site = make_site(FILES)
    one = build(site, out=tmp_path / "one")
    two = build(site, out=tmp_path / "two")
    assert one.code == two.code == 0

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file()}  # fmt: skip

    first, second = files(one.out / "pagefind"), files(two.out / "pagefind")
    assert any(name.startswith("filter/") for name in first), "the filters are indexed"
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[list[str]]:
    """Each Pagefind command run from now on."""
    runs: list[list[str]] = []
    real_popen = search.subprocess.Popen

    def counting_popen(command, *args, **kwargs):
        runs.append(command)
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(search.subprocess, "Popen", counting_popen)
    return runs


def test_an_unchanged_rebuild_reuses_the_index(make_site, build, pagefind_runs):
    runs = pagefind_runs
    site = make_site(FILES)
    first = build(site)
    before = (first.out / "pagefind" / "pagefind-entry.json").read_bytes()
    assert first.code == 0 and len(runs) == 1
    again = build(site)
    assert again.code == 0 and len(runs) == 1, "no page changed: Pagefind does not run"
    assert (again.out / "pagefind" / "pagefind-entry.json").read_bytes() == before
    edited = FILES["content/articles/primer.md"].replace("in private", "behind closed doors")
    (site / "content/articles/primer.md").write_text(edited, encoding="utf-8")
    changed = build(site)
    assert changed.code == 0 and len(runs) == 2, "a changed page is indexed again"


def test_pagefind_reads_the_article_pages_only(make_site, build, pagefind_runs):
    about = "content/pages/about.md"
    site = make_site({**FILES, about: "---\ntitle: About us\n---\nWho we are.\n"})
    assert build(site).code == 0
    [command] = pagefind_runs
    assert command[command.index("--glob") + 1] == "{news,guides}/*/index.html"
    # A page that is not an article changes: the index stays as it was.
    (site / about).write_text("---\ntitle: About us\n---\nWho we are now.\n", encoding="utf-8")
    run = build(site)
    assert run.code == 0 and "Who we are now." in run.page("about/index.html")
    assert len(pagefind_runs) == 1


def test_a_site_without_articles_has_no_index_and_no_warning(make_site, build):
    run = build(make_site({"content/pages/about.md": "---\ntitle: About us\n---\nWho.\n"}))
    assert run.code == 0, run.stderr
    assert ": warning:" not in run.stderr and "0 warning(s)" in run.stderr
    assert not (run.out / "pagefind").exists()
