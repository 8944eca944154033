"""The built-in theme in a browser: every page type, on a phone and a desktop, light and dark.

The example site is built and served on 127.0.0.1 under its base path (/trial/, as in
https://example.org/trial/), then read in headless Chromium: axe-core finds no WCAG 2.1 A or
AA violation, nothing is wider than a phone, no request leaves the machine, an article
weighs under 60 KB, and the layout does what a reader expects on screen and on paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.support import AXE, ROOT, axe_violations, serve_folder

pytestmark = pytest.mark.browser

BASE_PATH = "/trial/"  # the path of the example site's base_url
ARTICLE = "news/musk-admits-xai-distills-openai/"  # claims, quotes, a table, a chart, terms
PAGE_TYPES = {
    "home": "",
    "article": ARTICLE,
    "live": "news/musk-testifies-live/",  # a live page: key events, a pinned entry, a feed
    "page": "about/",
    "section": "news/",
    "tag": "tags/openai/",
    "case": "cases/musk-v-openai/",
    "person": "people/elon-musk/",
    "glossary": "glossary/",
    "authors": "authors/",
    "author": "authors/dana-whitfield/",
    "corrections": "corrections/",
    "archive": "archive/",
    "archive month": "archive/2026/05/",
    "not found": "404.html",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BUDGET = 60 * 1024  # an article's HTML, CSS and JS, uncompressed


@pytest.fixture
def example(copy_site, build, tmp_path) -> Iterator[tuple[str, Path]]:
    """The example site built into <www>/trial/ and served: (URL of the site, output folder)."""
    www = tmp_path / "www"
    run = build(copy_site("."), out=www / BASE_PATH.strip("/"))
    assert run.code == 0, run.stderr
    with serve_folder(www, BASE_PATH) as url:
        yield url, run.out


def open_page(browser: Browser, url: str, viewport: dict, scheme: str = "light") -> Page:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    # The example's lead image lives on another host: refuse it, as a reader offline would.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(PHONE, "light"), (DESKTOP, "light"), (PHONE, "dark"), (DESKTOP, "dark")],
    ids=["phone-light", "desktop-light", "phone-dark", "desktop-dark"],
)
def test_every_page_type_has_no_wcag_violations(browser, example, viewport, scheme):
    assert AXE.is_file(), "axe-core is not installed: run `npm install` first"
    site, _ = example
    found = {}
    for name, path in PAGE_TYPES.items():
        page = open_page(browser, site + path, viewport, scheme)
        if problems := axe_violations(page):
            found[name] = problems
        page.context.close()
    assert found == {}


def test_no_page_is_wider_than_a_phone(browser, example):
    site, _ = example
    too_wide = {}
    for name, path in PAGE_TYPES.items():
        page = open_page(browser, site + path, PHONE)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
        page.context.close()
    assert too_wide == {}


def test_a_wide_table_stacks_on_a_phone_and_hides_no_figure(browser, example):
    site, _ = example
    page = open_page(browser, site + ARTICLE, PHONE)
    boxes = page.locator(".table-scroll", has=page.locator("caption"))
    assert boxes.count() >= 1
    for box in boxes.all():
        sizes = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert sizes[0] <= sizes[1] + 1, "nothing of the table is off to the side"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_the_style_sheet_closes_every_rule():
    # One lost brace nests every later rule in the one before it, and browsers drop them.
    css = (ROOT / "sitegen/theme/static/sitegen.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth = 0
    for line_number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"an extra closing brace at line {line_number}"
    assert depth == 0, "a rule is not closed"


def test_the_chart_fits_the_column(browser, example):
    site, _ = example
    for viewport in (PHONE, DESKTOP):
        page = open_page(browser, site + ARTICLE, viewport)
        chart = page.locator("svg.chart").first.bounding_box()
        column = page.locator(".prose").bounding_box()
        assert chart and column
        assert chart["x"] >= column["x"] - 0.5
        assert chart["x"] + chart["width"] <= column["x"] + column["width"] + 0.5
        page.context.close()


def test_the_glossary_sidebar_is_beside_the_text_on_a_desktop_and_after_it_on_a_phone(
    browser, example
):
    site, _ = example
    page = open_page(browser, site + ARTICLE, DESKTOP)
    text = page.locator("article.article").bounding_box()
    sidebar = page.locator("aside.glossary-sidebar").bounding_box()
    assert text and sidebar
    assert sidebar["x"] >= text["x"] + text["width"]
    assert sidebar["y"] < text["y"] + 200  # starts at the top, not below the article
    page.context.close()

    page = open_page(browser, site + ARTICLE, PHONE)
    text = page.locator("article.article").bounding_box()
    sidebar = page.locator("aside.glossary-sidebar").bounding_box()
    assert text and sidebar
    assert sidebar["y"] >= text["y"] + text["height"]
    page.context.close()


def test_every_claim_shows_its_status_in_words(browser, example):
    site, _ = example
    page = open_page(browser, site + ARTICLE, PHONE)
    claims = page.locator(".claim")
    assert claims.count() >= 3
    for i in range(claims.count()):
        claim = claims.nth(i)
        status = re.search(r"\bclaim-([a-z]+)\b", claim.get_attribute("class") or "")
        assert status, "a claim card names its status in a class"
        badge = claim.locator(f".badge-{status.group(1)}")
        assert badge.is_visible()
        assert badge.inner_text().strip().lower() == status.group(1)
    page.context.close()


def test_no_request_leaves_the_machine(browser, example):
    """Fonts, styles, scripts and icons all come from the site; only editors' images may not."""
    site, _ = example
    editors_images = set(
        re.findall(
            r"^image:\s*['\"]?(https?://[^'\"\s]+)",
            "\n".join(p.read_text() for p in (ROOT / "content").rglob("*.md")),
            flags=re.MULTILINE,
        )
    )
    offsite = []
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)

        def record(route, request):
            if urlsplit(request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                offsite.append((request.url, request.resource_type))
                route.abort()

        context.route("**/*", record)
        page = context.new_page()
        for path in PAGE_TYPES.values():
            page.goto(site + path, wait_until="load")
        context.close()
    assert [(url, kind) for url, kind in offsite if url not in editors_images] == []
    assert all(kind == "image" for _, kind in offsite)


class _Assets(HTMLParser):
    """The style sheets and scripts an HTML page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.styles.append(a["href"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])


def _article_pages(out: Path) -> list[Path]:
    return [
        p
        for p in sorted(out.rglob("index.html"))
        if '<meta property="og:type" content="article">' in p.read_text(encoding="utf-8")
    ]


def _asset(out: Path, url: str) -> Path:
    path = urlsplit(url).path
    assert path.startswith(BASE_PATH), f"{url} is not on this site"
    return out / path[len(BASE_PATH) :]


def test_every_article_weighs_under_60_kb_with_its_css_and_js(example):
    _, out = example
    articles = _article_pages(out)
    assert len(articles) >= 5
    heavy = {}
    for page in articles:
        assets = _Assets()
        assets.feed(page.read_text(encoding="utf-8"))
        files = [page] + [_asset(out, u) for u in assets.styles + assets.scripts]
        total = sum(f.stat().st_size for f in files)
        if total >= BUDGET:
            heavy[page.relative_to(out).as_posix()] = total
    assert heavy == {}


def test_an_article_runs_no_script_but_the_glossarys(example):
    _, out = example
    for page in _article_pages(out):
        html = page.read_text(encoding="utf-8")
        assets = _Assets()
        assets.feed(html)
        uses_terms = 'class="term"' in html
        expected = [BASE_PATH + "assets/glossary.js"] if uses_terms else []
        assert assets.scripts == expected, page
        assert re.findall(r"<script(?![^>]*application/ld\+json)(?![^>]*\bsrc=)", html) == []
    assert (out / "assets" / "glossary.js").stat().st_size < 8 * 1024


def test_printed_article_has_no_navigation_shows_link_addresses_and_sidebar_after_text(
    browser, example
):
    site, _ = example
    page = open_page(browser, site + ARTICLE, DESKTOP)
    page.emulate_media(media="print")
    assert page.locator("nav").evaluate_all("ns => ns.every(n => n.offsetParent === null)")
    source = page.locator(".sources a").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert source.get_attribute("href") in after
    text = page.locator("article.article").bounding_box()
    sidebar = page.locator("aside.glossary-sidebar").bounding_box()
    assert text and sidebar
    assert sidebar["y"] >= text["y"] + text["height"]
    page.context.close()


def test_reduced_motion_turns_off_smooth_scrolling_and_animation(browser, example):
    site, _ = example
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site + ARTICLE)
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    page.locator("a.term").first.click()
    tip = page.locator(".term-tip")
    tip.wait_for()
    assert tip.evaluate("t => getComputedStyle(t).animationName") == "none"
    context.close()


def test_the_skip_link_is_first_shows_on_focus_and_leads_to_the_content(browser, example):
    site, _ = example
    page = open_page(browser, site + ARTICLE, PHONE)
    skip = page.locator("a.skip")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip')")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    page.context.close()
