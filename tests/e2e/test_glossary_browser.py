"""Glossary terms in an article, used the way readers use them, in headless Chromium.

A reader who meets a term can open its definition where they are reading: by keyboard
(Tab to it, Enter), by click or by tap. The definition is shown next to the term and
announced to screen readers through a live region; Escape closes it and puts focus back on
the term. Without JavaScript the same term is a link to its entry in the sidebar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import AXE, axe_violations, serve_folder

pytestmark = pytest.mark.browser

BASE_PATH = "/trial/"  # the path of the example site's base_url
ARTICLE = "news/musk-admits-xai-distills-openai/"


@pytest.fixture
def site(copy_site, build, tmp_path) -> Iterator[str]:
    """The example site built into <www>/trial/, served on 127.0.0.1; yields its URL."""
    www = tmp_path / "www"
    run = build(copy_site("."), out=www / BASE_PATH.strip("/"))
    assert run.code == 0, run.stderr
    with serve_folder(www, BASE_PATH) as url:
        yield url


def new_page(browser: Browser, *, javascript: bool = True, width: int = 1280) -> Page:
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
        has_touch=phone,
        is_mobile=phone,
    )
    context.route(
        "**/*",
        lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort(),
    )
    return context.new_page()


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def sidebar_definition(page: Page, slug: str) -> str:
    return page.locator(f"#def-{slug}").inner_text().strip()


def test_a_term_opens_by_keyboard_is_announced_and_closes_with_escape(browser, site):
    page = new_page(browser)
    page.goto(site + ARTICLE)
    first = page.locator("a.term").first
    slug = first.get_attribute("data-term")
    definition = sidebar_definition(page, slug)
    tip = page.locator(".term-tip")

    tab_to(page, "a.term")
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(tip).to_have_count(0)

    page.keyboard.press("Enter")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(definition)
    # Announced: written into a live region, and it describes the term while open.
    expect(page.get_by_role("status").filter(has_text=definition)).to_have_count(1)
    expect(first).to_have_attribute("aria-expanded", "true")
    expect(first).to_have_accessible_description(
        re.compile(rf"^{re.escape(_term_name(page, slug))}\b.*{re.escape(definition)}$")
    )
    assert page.url == site + ARTICLE, "opening a definition does not leave the text"
    expect(first).to_be_focused()

    page.keyboard.press("Escape")
    expect(tip).to_have_count(0)
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(first).to_be_focused()
    page.context.close()


def _term_name(page: Page, slug: str) -> str:
    return page.locator(f"#term-{slug} dfn").inner_text().strip()


def test_a_tap_toggles_the_definition_and_only_one_is_open(browser, site):
    page = new_page(browser, width=390)
    page.goto(site + ARTICLE)
    terms = page.locator("a.term")
    tip = page.locator(".term-tip")

    last = terms.last
    terms.first.tap()
    expect(tip).to_have_count(1)
    last.tap()  # a term further down, not under the open definition
    expect(tip).to_have_count(1)
    expect(tip).to_contain_text(sidebar_definition(page, last.get_attribute("data-term")))
    # The open definition stays on a phone's screen.
    box = tip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    last.tap()
    expect(tip).to_have_count(0)
    expect(last).to_have_attribute("aria-expanded", "false")

    last.tap()
    expect(tip).to_have_count(1)
    page.locator("h1").tap()  # anywhere else closes it
    expect(tip).to_have_count(0)
    page.context.close()


def test_hovering_alone_opens_nothing(browser, site):
    page = new_page(browser)
    page.goto(site + ARTICLE)
    term = page.locator("a.term").first
    term.hover()
    # Two frames: every handler the hover could run has run, and painted.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".term-tip")).to_have_count(0)
    # The same term opens on a click, so the hover was seen by a working page.
    term.click()
    expect(page.locator(".term-tip")).to_have_count(1)
    page.context.close()


def test_an_open_definition_passes_axe(browser, site):
    assert AXE.is_file(), "axe-core is not installed: run `npm install` first"
    page = new_page(browser)
    page.goto(site + ARTICLE)
    page.locator("a.term").first.click()
    expect(page.locator(".term-tip")).to_be_visible()
    assert axe_violations(page) == []
    page.context.close()


def test_without_javascript_a_term_leads_to_its_sidebar_entry(browser, site):
    page = new_page(browser, javascript=False)
    page.goto(site + ARTICLE)
    first = page.locator("a.term").first
    slug = first.get_attribute("data-term")
    assert first.get_attribute("href") == f"#term-{slug}"

    tab_to(page, "a.term")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#term-{slug}")
    entry = page.locator(f"aside.glossary-sidebar #term-{slug}")
    expect(entry).to_be_in_viewport()
    expect(entry.locator(f"#def-{slug}")).to_be_visible()
    assert entry.evaluate("e => e.matches(':target')")
    page.context.close()
