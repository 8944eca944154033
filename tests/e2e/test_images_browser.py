"""Images in a browser: the example site's article with a lead photo and a placed sketch,
and its guide with a Markdown chart, on a 390 px phone and a 1280 px desktop.

The browser picks the copy its screen needs (`currentSrc`), and no image moves the page
when it arrives: every image's box is the same before its file loads as after, and the
browser reports no layout shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support import AXE, axe_violations, serve_folder

pytestmark = pytest.mark.browser

BASE_PATH = "/trial/"
ARTICLE = "news/musk-admits-xai-distills-openai/"  # a lead photo and a placed sketch
GUIDE = "guides/follow-the-money-the-numbers-behind-musk-v-openai/"  # a Markdown chart
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Sum of the layout shifts the browser reports, watched from before the page's first byte.
WATCH_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""
ALL_LOADED = """() => [...document.querySelectorAll('figure img, .prose img')]
  .every((img) => img.complete && img.naturalWidth > 0)"""
BOXES = """() => [...document.querySelectorAll('figure img, .prose img')].map((img) => {
  const box = img.getBoundingClientRect();
  return [img.alt, Math.round(box.top + window.scrollY), Math.round(box.width), Math.round(box.height)];
})"""


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Iterator[str]:
    """The example site built into <www>/trial/ and served: the URL of the site."""
    import os
    import shutil

    from sitegen.commands.cli import main
    from tests.support import EPOCH, ROOT

    work = tmp_path_factory.mktemp("images-browser")
    site = work / "site"
    site.mkdir()
    shutil.copy(ROOT / "site.yaml", site / "site.yaml")
    for folder in ("content", "templates", "static"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, site / folder)
    out = work / "www" / BASE_PATH.strip("/")
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        assert main(["build", "--site", str(site), "--out", str(out), "--no-search"]) == 0
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    with serve_folder(work / "www", BASE_PATH) as url:
        yield url


def open_page(browser: Browser, url: str, viewport: dict, images: bool = True) -> Page:
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    context.add_init_script(WATCH_SHIFTS)

    def route(r):
        blocked = not images and r.request.resource_type == "image"
        return r.abort() if blocked else r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def load_every_image(page: Page) -> None:
    """Scroll each lazy image into view and wait until every image has arrived."""
    for img in page.locator("figure img, .prose img").all():
        img.scroll_into_view_if_needed()
    page.wait_for_function(ALL_LOADED)
    page.evaluate("window.scrollTo(0, 0)")


@pytest.mark.parametrize(
    ("viewport", "width"), [(PHONE, 480), (DESKTOP, 800)], ids=["phone", "desktop"]
)
def test_the_browser_picks_the_copy_its_screen_needs(browser, example, viewport, width):
    page = open_page(browser, example + ARTICLE, viewport)
    load_every_image(page)
    lead = page.evaluate("document.querySelector('.lead-image img').currentSrc")
    assert re.search(rf"{BASE_PATH}images/courthouse-{width}-\w+\.webp$", lead), lead
    sketch = page.evaluate("document.querySelector('figure.image img').currentSrc")
    assert re.search(rf"{BASE_PATH}images/day5-sketch-{width}-\w+\.webp$", sketch), sketch
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", [ARTICLE, GUIDE], ids=["article", "guide"])
def test_no_image_shifts_the_layout_when_it_loads(browser, example, viewport, path):
    # Without their files, the images' boxes are where the theme keeps room for them.
    empty = open_page(browser, example + path, viewport, images=False)
    reserved = empty.evaluate(BOXES)
    empty.context.close()
    page = open_page(browser, example + path, viewport)
    load_every_image(page)
    assert page.evaluate(BOXES) == reserved
    assert all(height > 50 for _, _, _, height in reserved), reserved
    assert page.evaluate("window.__shift") == 0
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_with_images_have_no_wcag_violations(browser, example, viewport):
    assert AXE.is_file(), "axe-core is not installed: run `npm install` first"
    found = {}
    for path in (ARTICLE, GUIDE):
        page = open_page(browser, example + path, viewport)
        load_every_image(page)
        if problems := axe_violations(page):
            found[path] = problems
        page.context.close()
    assert found == {}


def test_pages_with_images_are_valid_html(example, tmp_path):
    """The Nu HTML Checker on the built article and guide (see test_example_site for all)."""
    from urllib.request import urlopen

    from tests.support import run_vnu

    for name, path in (("article", ARTICLE), ("guide", GUIDE)):
        with urlopen(example + path) as response:  # noqa: S310 - our own loopback server
            (tmp_path / f"{name}.html").write_bytes(response.read())
    result = run_vnu(Path(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
