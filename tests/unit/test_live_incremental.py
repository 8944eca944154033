"""Incremental builds of a live page: adding, editing and deleting an entry gives what a
clean build gives, byte for byte, and rewrites only what the entry is part of."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.pipeline.build import Options, build
from tests.support import EPOCH, LIVE_PATH, LIVE_URL, article, entry, entry_path, live_article

GLOSSARY = "- term: Distillation\n  aliases: [distills]\n  definition: Learning from outputs.\n"
FILES = {
    "content/glossary.yaml": GLOSSARY,
    "content/people.yaml": "- name: Elon Musk\n  slug: elon-musk\n",
    "content/cases/musk-v-openai.yaml": "title: Musk v. OpenAI\n",
    "content/articles/other.md": article("Other", date="2026-05-01", body="Unrelated."),
    LIVE_PATH: live_article(extra="case: musk-v-openai\n"),
    entry_path("first"): entry("09:00", "Musk distills nothing yet.", extra="key: true\n"),
    entry_path("second"): entry(
        "10:00",
        "Testimony.",
        extra="claims:\n  - {id: c1, text: It is standard., by: elon-musk, status: admitted}\n",
    ),
}


@pytest.fixture
def site(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return make_site(FILES)


def run(site: Path, out: Path, **options):
    return build(Options(site, out, search=False, jobs=1, **options))


def tree(out: Path) -> dict[str, bytes]:
    found = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder) / name
            found[path.relative_to(out).as_posix()] = path.read_bytes()
    return found


def rebuilt(site: Path, tmp_path: Path, change) -> tuple[set[str], dict[str, bytes]]:
    """Build, change the site, build again: the output must equal a clean build's.
    Returns the files whose bytes changed and the output."""
    out = tmp_path / "out"
    run(site, out)
    before = tree(out)
    change(site)
    result = run(site, out)
    after = tree(out)
    clean = tree(_clean(site, tmp_path))
    assert sorted(after) == sorted(clean)
    assert [p for p in after if after[p] != clean[p]] == []
    assert result.written == len({p for p in after if before.get(p) != after[p]})
    return {p for p in after if before.get(p) != after[p]}, after


def _clean(site: Path, tmp_path: Path) -> Path:
    out = tmp_path / "clean"
    run(site, out, clean=True)
    return out


def test_adding_an_entry_equals_a_clean_build(site, tmp_path):
    def add(site: Path) -> None:
        text = entry("11:00", "Musk distills again.", extra="title: A new one\nkey: true\n")
        (site / entry_path("third")).write_text(text, encoding="utf-8")

    changed, after = rebuilt(site, tmp_path, add)
    assert {LIVE_URL + name for name in ("index.html", "updates.json", "feed.xml")} <= changed
    assert "A new one" in after[LIVE_URL + "updates.json"].decode()
    # Its newest entry dates the live article in the listings' feeds.
    assert {"feed.xml", "news/feed.xml", "cases/musk-v-openai/feed.xml"} <= changed
    assert "news/other/index.html" not in changed


def test_editing_an_entry_equals_a_clean_build(site, tmp_path):
    def edit(site: Path) -> None:
        path = site / entry_path("second")
        path.write_text(path.read_text().replace("It is standard.", "It is routine."))

    changed, after = rebuilt(site, tmp_path, edit)
    assert "people/elon-musk/index.html" in changed  # the claim is on the person page
    assert "It is routine." in after["people/elon-musk/index.html"].decode()


def test_an_entry_that_takes_the_first_use_of_a_term_moves_its_link(site, tmp_path):
    def add(site: Path) -> None:
        (site / entry_path("third")).write_text(entry("11:00", "Distillation again."))

    _, after = rebuilt(site, tmp_path, add)
    page = after[LIVE_URL + "index.html"].decode()
    assert page.count('class="term"') == 1
    assert page.index('class="term"') < page.index('id="first"')


def test_deleting_an_entry_equals_a_clean_build(site, tmp_path):
    changed, after = rebuilt(site, tmp_path, lambda s: (s / entry_path("second")).unlink())
    assert 'id="second"' not in after[LIVE_URL + "index.html"].decode()
    assert "people/elon-musk/index.html" in changed


def test_ending_the_coverage_equals_a_clean_build(site, tmp_path):
    def end(site: Path) -> None:
        ended = live_article(
            "ended", ended="2026-05-06T17:00:00-07:00", extra="case: musk-v-openai\n"
        )
        (site / LIVE_PATH).write_text(ended, encoding="utf-8")

    _, after = rebuilt(site, tmp_path, end)
    assert b'"status": "ended"' in after[LIVE_URL + "updates.json"]


def test_a_scheduled_entry_appears_once_its_time_comes(site, tmp_path, monkeypatch):
    (site / entry_path("later")).write_text(entry("2026-12-01T09:00:00-08:00", "Later."))
    out = tmp_path / "out"
    run(site, out)
    assert b'id="later"' not in (out / LIVE_URL / "index.html").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796144400")  # 2026-12-01T09:00:00-08:00
    run(site, out)  # no file changed: only the clock did
    assert b'id="later"' in (out / LIVE_URL / "index.html").read_bytes()
    assert tree(out) == tree(_clean(site, tmp_path))
