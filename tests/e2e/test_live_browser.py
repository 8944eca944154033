"""A live page in headless Chromium, as a reader follows a trial day.

The site is built and served; while the page is open an editor adds an entry and the
site is built again. A reader at the top sees it appear; a reader further down is
offered "1 new update" and sees the entry when they press it, without a reload. Once
the coverage ends, the page stops asking for updates (counted, not waited for). The
page is valid HTML and has no axe-core violations on a phone and a desktop, light and
dark.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import (
    AXE,
    LIVE_PATH,
    LIVE_URL,
    axe_violations,
    entry,
    entry_path,
    live_article,
    live_site,
    run_vnu,
    serve_folder,
)

pytestmark = pytest.mark.browser

BASE_PATH = "/trial/"
POLL = 100  # ms between polls (`?live-poll=`), instead of the 15 s a reader gets
LONG_BODY = "\n\n".join(f"Paragraph {n} of the morning's background." for n in range(30))


class Live:
    """A live site built into <www>/trial/ and served; `add` and `end` rebuild it."""

    def __init__(self, site: Path, build, www: Path, url: str) -> None:
        self.site, self.build, self.www, self.url = site, build, www, url

    def rebuild(self) -> None:
        run = self.build(self.site, out=self.www / BASE_PATH.strip("/"))
        assert run.code == 0, run.stderr

    def add(self, name: str, text: str) -> None:
        path = self.site / entry_path(name)
        path.parent.mkdir(exist_ok=True)  # the first entry makes the folder
        path.write_text(text, encoding="utf-8")
        self.rebuild()

    def end(self) -> None:
        ended = live_article("ended", ended="2026-05-06T17:10:00-07:00", body=LONG_BODY)
        (self.site / LIVE_PATH).write_text(ended, encoding="utf-8")
        self.rebuild()


@pytest.fixture
def live(make_site, build, tmp_path) -> Iterator[Live]:
    files = live_site()
    files[LIVE_PATH] = live_article(body=LONG_BODY, extra="case: musk-v-openai\n")
    for n in range(8):  # enough entries that the feed is taller than the window
        files[entry_path(f"more-{n}")] = entry(f"13:{n:02d}", f"Afternoon update {n}.\n" * 8)
    site = make_site(files)
    www = tmp_path / "www"
    with serve_folder(www, BASE_PATH) as url:
        live = Live(site, build, www, url)
        live.rebuild()
        yield live


def open_live(browser: Browser, live: Live, viewport=None, scheme="light", poll=True) -> Page:
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, color_scheme=scheme
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else route.abort()
        ),
    )
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda r: page.requests.append(r.url) if "updates.json" in r.url else None,  # type: ignore[attr-defined]
    )
    query = f"?live-poll={POLL}" if poll else ""
    page.goto(live.url + LIVE_URL + query, wait_until="load")
    # Marked, so that a reload (which would lose the mark) fails the test.
    page.evaluate("window.notReloaded = true")
    return page


NEW = entry("16:00", "The defence rests.\n", extra="title: The defence rests\nkey: true\n")


def test_a_reader_further_down_is_offered_the_new_update(browser, live):
    page = open_live(browser, live)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    live.add("rests", NEW)
    button = page.get_by_role("button", name="1 new update")
    expect(button).to_be_visible()
    expect(page.locator("#rests")).to_have_count(0)  # the text being read did not move
    button.click()
    expect(page.locator("#rests")).to_be_visible()
    expect(page.locator("#rests")).to_be_focused()
    expect(button).to_be_hidden()
    # It is the newest under the pinned entry, and is listed with the key events.
    ids = page.locator(".live-feed > article").evaluate_all("els => els.map(e => e.id)")
    assert ids[:2] == ["summary", "rests"]
    expect(page.locator("[data-key-events] a").first).to_have_text("4:00 p.m. The defence rests")
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


def test_a_reader_at_the_top_sees_the_entry_appear_and_hears_it_politely(browser, live):
    page = open_live(browser, live)
    live.add("rests", NEW)
    expect(page.locator("#rests")).to_be_attached()
    expect(page.get_by_role("button", name="1 new update")).to_be_hidden()
    expect(page.locator("[data-live-announcer]")).to_have_text("New update: The defence rests")
    assert page.locator("[data-live-announcer]").get_attribute("role") == "status"  # polite
    assert page.evaluate("document.activeElement === document.body")  # focus never taken
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


def test_an_edited_entry_is_replaced_in_place_and_a_deleted_one_disappears(browser, live):
    page = open_live(browser, live)
    path = live.site / entry_path("recess")
    path.write_text(path.read_text().replace("A short recess.", "A long recess."))
    (live.site / entry_path("judge")).unlink()
    live.rebuild()
    expect(page.locator("#recess")).to_contain_text("A long recess.")
    expect(page.locator("#judge")).to_have_count(0)
    expect(page.locator("[data-key-events] a[href='#judge']")).to_have_count(0)
    ids = page.locator(".live-feed > article").evaluate_all("els => els.map(e => e.id)")
    assert ids.index("recess") == ids.index("more-0") + 1  # where it was
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


def test_polling_stops_once_the_coverage_ends(browser, live):
    page = open_live(browser, live)
    page.wait_for_function("window.sitegenLive.state().polls >= 2")
    live.end()
    expect(page.locator("[data-live-badge]")).to_contain_text("Coverage ended")
    page.wait_for_function("!window.sitegenLive.state().busy")
    state = page.evaluate("window.sitegenLive.state()")
    # Stopped: no timer is set and no request is under way, so none can follow.
    assert state["stopped"] is True and state["scheduled"] is False
    assert len(page.requests) == state["polls"]  # type: ignore[attr-defined]
    # Hidden and shown again, an ended page still does not ask.
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    assert page.evaluate("window.sitegenLive.state()")["polls"] == state["polls"]
    page.context.close()


def test_an_ended_page_never_polls(browser, live):
    live.end()
    page = open_live(browser, live)
    assert page.evaluate("typeof window.sitegenLive") == "undefined"  # no script at all
    assert page.requests == []  # type: ignore[attr-defined]
    page.context.close()


def test_without_javascript_every_entry_is_on_the_page(browser, live):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live.url + LIVE_URL)
    expect(page.locator(".live-feed > article")).to_have_count(12)
    expect(page.locator(".live-new")).to_be_hidden()
    context.close()


@pytest.mark.parametrize(
    ("width", "scheme"),
    [(390, "light"), (1280, "light"), (390, "dark"), (1280, "dark")],
    ids=["phone-light", "desktop-light", "phone-dark", "desktop-dark"],
)
def test_the_live_page_has_no_wcag_violations(browser, live, width, scheme):
    assert AXE.is_file(), "axe-core is not installed: run `npm install` first"
    page = open_live(browser, live, {"width": width, "height": 844}, scheme, poll=False)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    live.add("rests", NEW)
    # With the "new updates" button showing too: it is checked along with the rest.
    button = page.locator(".live-new")
    page.evaluate("window.sitegenLive.refresh()")
    expect(button).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.context.close()


def test_the_live_page_is_valid_html(live):
    result = run_vnu(live.www / BASE_PATH.strip("/") / LIVE_URL)
    assert result.returncode == 0, result.stderr


def test_the_first_entry_of_a_page_without_any_appears_with_its_key_event(
    browser, make_site, build, tmp_path
):
    site = make_site({LIVE_PATH: live_article()})
    www = tmp_path / "www"
    with serve_folder(www, BASE_PATH) as url:
        live = Live(site, build, www, url)
        live.rebuild()
        page = open_live(browser, live)
        expect(page.locator(".live-empty")).to_have_text("No updates yet.")
        expect(page.locator("nav.key-events")).to_be_hidden()
        live.add("rests", NEW)
        expect(page.locator("#rests")).to_be_visible()
        expect(page.locator(".live-empty")).to_have_count(0)
        expect(page.locator("nav.key-events")).to_be_visible()
        expect(page.locator("[data-key-events] a")).to_have_text(["4:00 p.m. The defence rests"])
        page.context.close()
