"""`sitegen serve`: the preview an editor keeps open while writing.

Every server here listens on 127.0.0.1 on a free port and is stopped by the test.
Requests that try to leave the output folder are sent over a raw socket, so no client
normalises `..` or percent-escapes before the server sees them.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.commands.cli import main
from sitegen.commands.serve import Preview, ServeOptions
from sitegen.publish import search
from sitegen.shared.folders import OUTPUT_MARKER
from tests.support import EPOCH, ROOT, article

STORY = "content/articles/a.md"
STORY_URL = "/trial/news/a-story/"
SECRET = "TOP-SECRET-NOT-IN-THE-SITE"


@pytest.fixture
def site(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return make_site(
        {
            STORY: article(body="The first version of the story."),
            "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
            "static/files/brief.txt": "a court brief",
        }
    )


class Terminal(list[str]):
    """What `sitegen serve` would print, one line per item."""


@contextmanager
def serving(
    site: Path, out: Path | None = None, terminal: Terminal | None = None
) -> Iterator[Preview]:
    log = terminal.append if terminal is not None else (lambda line: None)
    preview = Preview(ServeOptions(site, out_dir=out, port=0, delay=0.1), log=log)
    try:
        preview.start()
        yield preview
    finally:
        preview.stop()


def raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    """Send one request line exactly as given; return the status and the whole response."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    return int(response.split(b" ", 2)[1]), response


def get(port: int, path: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    return conn.getresponse()


def test_the_root_redirects_to_the_base_path_and_pages_carry_the_reload_script(site, tmp_path):
    out = tmp_path / "out"
    with serving(site, out) as preview:
        root = get(preview.port, "/")
        assert (root.status, root.getheader("Location")) == (302, "/trial/")

        page = get(preview.port, STORY_URL)
        html = page.read().decode()
        assert page.status == 200
        assert page.getheader("Content-Type") == "text/html; charset=utf-8"
        assert "The first version of the story." in html
        assert '<script src="/__sitegen/livereload.js"' in html
        assert html.index("/__sitegen/livereload.js") < html.rindex("</body>")

        # The script is added to the response only: the built file has none.
        assert "__sitegen" not in (out / "news/a-story/index.html").read_text(encoding="utf-8")
        brief = get(preview.port, "/trial/files/brief.txt")
        assert (brief.status, brief.read()) == (200, b"a court brief")


def test_edited_pages_are_served_before_the_search_index_is_made_again(site, monkeypatch):
    # Pagefind takes half a minute on a big site: an open tab must not wait for it.
    gate = threading.Event()
    real_refresh = search.refresh

    def held_refresh(*args, **kwargs):
        gate.wait(60)
        return real_refresh(*args, **kwargs)

    monkeypatch.setattr(search, "refresh", held_refresh)
    terminal = Terminal()
    with serving(site, terminal=terminal) as preview:
        bundle = preview.out_dir / "pagefind"
        assert get(preview.port, STORY_URL).status == 200
        assert not bundle.exists() and not preview.indexer.done.is_set()

        gate.set()
        assert preview.indexer.done.wait(60)
        assert get(preview.port, "/trial/pagefind/pagefind-ui.js").status == 200
        made_from = (bundle / search.DIGEST).read_text(encoding="ascii")
        assert any(line.startswith("search index made in") for line in terminal)

        gate.clear()
        (site / STORY).write_text(article(body="The second version."), encoding="utf-8")
        assert preview.rebuild()
        assert "The second version." in get(preview.port, STORY_URL).read().decode()
        # The old index serves searches until the new one is in place.
        assert (bundle / search.DIGEST).read_text(encoding="ascii") == made_from
        assert get(preview.port, "/trial/pagefind/pagefind-ui.js").status == 200

        gate.set()
        assert preview.indexer.done.wait(60)
        assert (bundle / search.DIGEST).read_text(encoding="ascii") != made_from
        hidden = [p.name for p in preview.out_dir.iterdir() if p.name.startswith(".")]
        assert hidden == [OUTPUT_MARKER]  # no index left half made, only a build's mark


def test_serving_the_site_again_starts_from_the_last_preview(site):
    # A newsroom's site holds thousands of articles: building all of them each time
    # the preview starts would take minutes.
    first = Terminal()
    with serving(site, terminal=first) as preview:
        assert preview.out_dir == site / ".sitegen-cache" / "preview"
        assert preview.indexer.done.wait(60)
    assert (preview.out_dir / "news/a-story/index.html").is_file()
    assert (preview.out_dir / "pagefind/pagefind.js").is_file()
    again = Terminal()
    with serving(site, terminal=again) as preview:
        assert get(preview.port, STORY_URL).status == 200
        assert preview.indexer.done.wait(60)
    built = [line for line in again if line.startswith("built")]
    assert len(built) == 1 and "(0 written" in built[0], again
    assert not any(line.startswith("search index made") for line in again)


def test_a_folder_without_its_slash_redirects_and_unknown_paths_get_the_404_page(site):
    with serving(site) as preview:
        folder = get(preview.port, "/trial/about")
        assert (folder.status, folder.getheader("Location")) == (302, "/trial/about/")

        for path in ("/trial/no-such-page/", "/elsewhere/", "/trial/news/a-story/nope.html"):
            missing = get(preview.port, path)
            body = missing.read().decode()
            assert missing.status == 404, path
            assert "Page not found" in body
            assert "/__sitegen/livereload.js" in body


@pytest.mark.parametrize(
    "target",
    [
        b"/trial/../secret.txt",
        b"/trial/../../secret.txt",
        b"/../secret.txt",
        b"/trial/%2e%2e/secret.txt",
        b"/trial/%2E%2E/%2e%2E/secret.txt",
        b"/trial/.%2e/secret.txt",
        b"/trial/%2e%2e%2fsecret.txt",
        b"/trial/..%2F..%2Fsecret.txt",
        b"/trial/..%5csecret.txt",
        b"/trial/..\\secret.txt",
        b"/trial/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        b"//etc/passwd",
        b"/trial//etc/passwd",
        b"/trial/./../secret.txt",
        b"/trial/secret-link.txt",
        b"/trial/outside/secret.txt",
        b"/trial/outside/",
        b"/trial/%00/../secret.txt",
        b"http://127.0.0.1/trial/../secret.txt",
    ],
)
def test_nothing_outside_the_output_folder_is_ever_served(site, tmp_path, target):
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET)
    (outside / "secret.txt").write_text(SECRET)
    (outside / "index.html").write_text(SECRET)
    with serving(site, out) as preview:
        # Links an attacker (or a careless copy) could leave in the output folder.
        (out / "secret-link.txt").symlink_to(tmp_path / "secret.txt")
        (out / "outside").symlink_to(outside, target_is_directory=True)

        status, response = raw_get(preview.port, target)

    assert SECRET.encode() not in response
    assert b"root:" not in response
    assert status in (400, 404)


def test_a_symlink_that_stays_inside_the_output_folder_is_served(site, tmp_path):
    out = tmp_path / "out"
    with serving(site, out) as preview:
        (out / "latest").symlink_to(out / "news", target_is_directory=True)
        page = get(preview.port, "/trial/latest/a-story/")
        assert page.status == 200
        assert "The first version of the story." in page.read().decode()


def read_event(stream: http.client.HTTPResponse) -> dict:
    """The data of the next `state` event on a Server-Sent Events stream."""
    data = None
    while True:
        line = stream.fp.readline().decode().rstrip("\n")
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and data is not None:
            return data


def wait_for(stream: http.client.HTTPResponse, accept: Callable[[dict], bool]) -> dict:
    """The first state `accept`s. A save can take more than one build (a file is
    truncated, then written), so tests wait for what they expect, not for a count."""
    seen = []
    for _ in range(20):
        state = read_event(stream)  # each read gives up after the connection's 10 s
        if accept(state):
            return state
        seen.append(state)
    raise AssertionError(f"never reached the expected state; saw {seen}")


def test_a_failed_rebuild_keeps_the_last_good_site_and_reports_file_and_line(site):
    terminal = Terminal()
    with serving(site, terminal=terminal) as preview:
        events = get(preview.port, "/__sitegen/events")
        assert events.getheader("Content-Type") == "text/event-stream"
        assert read_event(events) == {"build": 1, "problems": [], "warnings": []}

        (site / STORY).write_text(article(extra="status: [unclosed\n"), encoding="utf-8")
        failed = wait_for(events, lambda state: state["problems"])
        assert failed["build"] == 1
        [problem] = failed["problems"]
        assert (problem["path"], problem["line"], problem["severity"]) == (STORY, 6, "error")
        assert any(line.startswith(f"{STORY}:6: error:") for line in terminal)
        assert any("still serving the last good site" in line for line in terminal)
        page = get(preview.port, STORY_URL)
        assert page.status == 200
        assert "The first version of the story." in page.read().decode()

        (site / STORY).write_text(article(body="The second version."), encoding="utf-8")
        fixed = wait_for(events, lambda state: not state["problems"])
        assert fixed["build"] > 1
        assert "The second version." in get(preview.port, STORY_URL).read().decode()
        events.close()


def test_a_broken_link_saved_while_serving_is_shown_as_a_warning(site):
    # Issue 22, item 9: serve used to rebuild silently; only `check` said it.
    terminal = Terminal()
    with serving(site, terminal=terminal) as preview:
        events = get(preview.port, "/__sitegen/events")
        assert read_event(events)["warnings"] == []

        body = "See [about us](/about/) and\n[the ruling](/news/the-ruling/)."
        (site / STORY).write_text(article(body=body), encoding="utf-8")
        state = wait_for(events, lambda state: state["warnings"])

        assert not state["problems"]  # the site built: the page shows the new text
        [warning] = state["warnings"]
        assert (warning["path"], warning["line"], warning["field"]) == (STORY, 8, "link")
        assert warning["message"].startswith("`/news/the-ruling/`: no page at /trial/news/")
        assert f"{STORY}:8: warning: link: `/news/the-ruling/`" in "\n".join(terminal)
        assert "the ruling" in get(preview.port, STORY_URL).read().decode()

        (site / STORY).write_text(article(body="See [about us](/about/)."), encoding="utf-8")
        assert wait_for(events, lambda state: not state["warnings"])
        events.close()


def test_serve_says_which_article_is_scheduled(site):
    # Issue 22, item 7: a story dated later today used to 404 without a word.
    later = article(title="Verdict", date="2026-09-21T17:00:00-07:00")
    (site / "content/articles/later.md").write_text(later, encoding="utf-8")
    terminal = Terminal()
    with serving(site, terminal=terminal):
        assert (
            "1 article scheduled until 2026-09-21 17:00 PDT: content/articles/later.md "
            "(--future shows it now)"
        ) in terminal


def test_a_site_broken_from_the_start_is_served_once_fixed(site):
    story = (site / STORY).read_text(encoding="utf-8")
    (site / STORY).write_text(story.replace("section: news", "section: nwes"), encoding="utf-8")
    with serving(site) as preview:
        first = get(preview.port, STORY_URL)
        assert first.status == 404
        assert "/__sitegen/livereload.js" in first.read().decode()  # so the overlay shows
        events = get(preview.port, "/__sitegen/events")
        [problem] = read_event(events)["problems"]
        assert (problem["path"], problem["line"], problem["field"]) == (STORY, 4, "section")

        (site / STORY).write_text(story, encoding="utf-8")
        assert wait_for(events, lambda state: not state["problems"])["build"] >= 1
        assert get(preview.port, STORY_URL).status == 200
        events.close()


def test_a_templates_folder_made_while_serving_is_watched(site):
    with serving(site) as preview:
        events = get(preview.port, "/__sitegen/events")
        assert read_event(events)["build"] == 1
        (site / "templates").mkdir()
        assert wait_for(events, lambda state: state["build"] >= 2)
        (site / "templates/404.html").write_text(
            "{% extends 'base.html' %}{% block main %}<h1>Lost in court</h1>{% endblock %}",
            encoding="utf-8",
        )

        def lost(state: dict) -> bool:
            return "Lost in court" in get(preview.port, "/trial/nowhere/").read().decode()

        wait_for(events, lost)
        events.close()


def test_a_port_in_use_is_reported_not_raised(site, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--site", str(site), "--port", str(port), "-q"])
    assert code == 1
    assert f"error: cannot listen on 127.0.0.1:{port}: " in capsys.readouterr().err


def test_ctrl_c_stops_the_server_cleanly(site):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "sitegen.commands.cli",
        "serve",
        "--site",
        str(site),
        "--port",
        "0",
    ]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = server.stderr.readline()
            assert line, "the server exited before serving"
            if match := re.match(r"serving http://127\.0\.0\.1:(\d+)/trial/ ", line):
                port = int(match.group(1))
        assert port, "the server never said where it serves"
        assert get(port, STORY_URL).status == 200
        events = get(port, "/__sitegen/events")  # an open stream must not hold up shutdown
        assert read_event(events)["build"] == 1

        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=15)
        rest = server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert code == 0
    assert "stopped" in rest
    assert "Traceback" not in rest
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


@pytest.mark.browser
def test_the_browser_follows_edits_and_shows_a_broken_file_until_it_is_fixed(
    site, tmp_path, browser
):
    from playwright.sync_api import expect

    with serving(site) as preview:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{preview.port}{STORY_URL}")
            main = page.locator("main")
            expect(main).to_contain_text("The first version of the story.")
            overlay = page.locator("#sitegen-overlay")

            # 1. An edit shows up without touching the browser.
            story = site / STORY
            story.write_text(article(body="Breaking: the jury is back."), encoding="utf-8")
            expect(main).to_contain_text("Breaking: the jury is back.", timeout=15_000)

            # 2. Broken front matter: the overlay names the file and the line.
            story.write_text(article(extra="tags: [unclosed\n"), encoding="utf-8")
            expect(overlay).to_contain_text(f"{STORY}:6", timeout=15_000)
            expect(overlay).to_contain_text("error")
            expect(main).to_contain_text("Breaking: the jury is back.")  # the last good page
            page.screenshot(path=str(tmp_path / "overlay.png"))

            # 3. Fixed: the overlay goes and the page shows the new text.
            story.write_text(article(body="The verdict is in."), encoding="utf-8")
            expect(main).to_contain_text("The verdict is in.", timeout=15_000)
            expect(overlay).to_have_count(0)
        finally:
            context.close()


def test_a_saved_entry_shows_in_the_open_live_page_without_a_reload(make_site, browser):
    from playwright.sync_api import expect

    from tests.support import LIVE_PATH, LIVE_URL, entry, entry_path, live_article

    site = make_site({LIVE_PATH: live_article(), entry_path("first"): entry("09:00", "First.")})
    with serving(site) as preview:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{preview.port}/trial/{LIVE_URL}")
            expect(page.locator("#first")).to_be_visible()
            page.evaluate("window.notReloaded = true")
            text = entry("10:00", "The jury is back.", extra="title: Verdict\n")
            (site / entry_path("verdict")).write_text(text, encoding="utf-8")
            expect(page.locator("#verdict")).to_contain_text("The jury is back.", timeout=15_000)
            assert page.evaluate("window.notReloaded") is True
            # The polling file has it too.
            data = json.loads(get(preview.port, f"/trial/{LIVE_URL}updates.json").read())
            assert [e["id"] for e in data["entries"]] == ["verdict", "first"]
            # An edit of the article's own text reloads the page instead.
            (site / LIVE_PATH).write_text(live_article(body="New background."), encoding="utf-8")
            expect(page.locator(".prose").first).to_contain_text("New background.", timeout=15_000)
            assert page.evaluate("window.notReloaded ?? null") is None
        finally:
            context.close()


@pytest.mark.browser
def test_the_browser_shows_a_broken_link_as_a_warning_over_the_new_page(site, tmp_path, browser):
    from playwright.sync_api import expect

    with serving(site) as preview:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{preview.port}{STORY_URL}")
            main = page.locator("main")
            overlay = page.locator("#sitegen-overlay")
            expect(main).to_contain_text("The first version of the story.")
            expect(overlay).to_have_count(0)

            body = "Read [the ruling](/news/the-ruling/)."
            (site / STORY).write_text(article(body=body), encoding="utf-8")
            expect(main).to_contain_text("Read the ruling.", timeout=15_000)  # the new page
            expect(overlay).to_contain_text("1 warning", timeout=15_000)
            expect(overlay).to_contain_text(f"{STORY}:7")
            expect(overlay).to_contain_text("`/news/the-ruling/`: no page at /trial/news/")
            page.screenshot(path=str(tmp_path / "warning.png"))

            overlay.get_by_role("button", name="Hide").click()
            expect(overlay).to_have_count(0)
        finally:
            context.close()
