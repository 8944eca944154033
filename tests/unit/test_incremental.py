"""Incremental builds: a build after an edit writes what the edit changed, and nothing else.

Every test compares an incremental build with what a clean build of the same sources
gives: the output folders must be the same byte for byte. "Written" is what an editor's
deploy would upload: a file is written when it is new or replaced (a new inode).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.incremental import parse_cache
from sitegen.incremental import state as build_state
from sitegen.pipeline.build import Options, build
from sitegen.shared import cachefile
from sitegen.shared.errors import BuildError
from sitegen.shared.files import stamp as file_stamp
from sitegen.shared.folders import OUTPUT_MARKER
from tests.support import EPOCH, article

CASE = """\
title: Musk v. OpenAI
parties: {plaintiffs: [elon-musk], defendants: [openai]}
"""
PEOPLE = """\
- name: Elon Musk
  slug: elon-musk
- name: OpenAI
  slug: openai
"""
GLOSSARY = """\
- term: Distillation
  definition: Training a small model on a big one's answers.
"""


def _story(title: str, date: str, tags: str, body: str, section: str = "news") -> str:
    extra = f"tags: [{tags}]\ncase: musk-v-openai\npeople: [elon-musk]\n"
    extra += "claims:\n  - {id: c1, text: It was a gift., by: elon-musk, status: alleged}\n"
    return article(title=title, date=date, section=section, body=body, extra=extra)


FILES = {
    "content/articles/opening.md": _story("Opening day", "2026-04-28", "OpenAI, Trial", "Day one."),
    "content/articles/musk.md": _story("Musk testifies", "2026-05-01", "OpenAI", "He spoke."),
    "content/articles/guide.md": _story(
        "What is distillation", "2026-04-20", "Explainer", "About distillation.", "guides"
    ),
    "content/articles/other.md": article(title="Unrelated", date="2026-03-01", body="Other."),
    "content/cases/musk-v-openai.yaml": CASE,
    "content/people.yaml": PEOPLE,
    "content/glossary.yaml": GLOSSARY,
}


@pytest.fixture
def site(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return make_site(FILES)


def run(site: Path, out: Path, **options) -> object:
    return build(Options(site, out, search=False, **options))


def files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every output file: (inode, bytes)."""
    found = {}
    for folder, _, names in os.walk(out):
        for name in names:
            if name == OUTPUT_MARKER and folder == str(out):
                continue  # not an output: the mark of a folder a build made
            path = Path(folder) / name
            found[path.relative_to(out).as_posix()] = (path.stat().st_ino, path.read_bytes())
    return found


def written(before: dict, after: dict) -> set[str]:
    return {p for p, (ino, _) in after.items() if p not in before or before[p][0] != ino}


def differing(before: dict, after: dict) -> set[str]:
    return {p for p, (_, data) in after.items() if p not in before or before[p][1] != data}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def assert_same_as_clean(site: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    run(site, clean, clean=True, jobs=1)
    got, expected = files(out), files(clean)
    assert sorted(got) == sorted(expected)
    assert [p for p in got if got[p][1] != expected[p][1]] == []


def rebuilt_after(site: Path, tmp_path: Path, *edits: tuple[str, str, str]):
    """Build, make each edit (file, old, new), build again. Returns the files written,
    the output after, and its folder; what was written must be exactly what a clean
    build of the edited site has that a clean build before the edits did not."""
    out, clean_before = tmp_path / "out", tmp_path / "clean-before"
    run(site, out)
    run(site, clean_before, clean=True)
    before = files(out)
    for path, old, new in edits:
        edit(site / path, old, new)
    run(site, out)
    after = files(out)
    changed = written(before, after)
    assert changed == differing(files(clean_before), after)
    return changed, after, out


def test_a_second_build_writes_nothing(site, tmp_path):
    out = tmp_path / "out"
    first = run(site, out)
    before = files(out)
    second = run(site, out)
    assert second.written == 0 and second.removed == 0
    assert written(before, files(out)) == set()
    assert sorted(second.outputs) == sorted(first.outputs)


def test_a_second_build_after_touching_every_file_writes_nothing(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    before = files(out)
    for path in (site / "content").rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())
    assert run(site, out).written == 0
    assert written(before, files(out)) == set()


def test_editing_a_body_rewrites_its_page_and_the_feeds_that_carry_it(site, tmp_path):
    story = "content/articles/musk.md"
    changed, _, out = rebuilt_after(site, tmp_path, (story, "He spoke.", "He spoke at length."))
    assert "news/musk-testifies/index.html" in changed
    assert {"feed.xml", "atom.xml", "feed.json", "news/feed.xml"} <= changed
    assert {"cases/musk-v-openai/feed.xml", "cases/musk-v-openai/atom.xml"} <= changed
    # Listings show headlines, not bodies: they stay as they were.
    assert not changed & {"index.html", "news/index.html", "tags/openai/index.html"}
    assert "news/opening-day/index.html" not in changed
    assert_same_as_clean(site, out, tmp_path)


def test_editing_a_claim_rewrites_the_case_and_person_pages_that_gather_it(site, tmp_path):
    story = "content/articles/musk.md"
    changed, _, out = rebuilt_after(site, tmp_path, (story, "It was a gift.", "It was a loan."))
    assert {
        "news/musk-testifies/index.html",
        "cases/musk-v-openai/index.html",
        "people/elon-musk/index.html",
    } <= changed
    assert not changed & {"index.html", "news/index.html", "news/opening-day/index.html"}
    assert_same_as_clean(site, out, tmp_path)


def test_editing_a_title_also_rewrites_listings_related_lists_and_feeds(site, tmp_path):
    story = "content/articles/musk.md"
    changed, after, out = rebuilt_after(
        site,
        tmp_path,
        (story, "title: Musk testifies", "title: Musk testifies\nslug: musk-testifies"),
        (story, "title: Musk testifies", "title: Musk takes the stand"),
    )
    assert {"index.html", "news/index.html", "tags/openai/index.html"} <= changed
    assert {"cases/musk-v-openai/index.html", "people/elon-musk/index.html"} <= changed
    assert {"feed.xml", "atom.xml", "feed.json"} <= changed
    # The other story about the same case lists it as related, by its new title.
    assert "news/opening-day/index.html" in changed
    assert "Musk takes the stand" in after["news/opening-day/index.html"][1].decode()
    assert "news/unrelated/index.html" not in changed
    assert_same_as_clean(site, out, tmp_path)


def test_a_template_edit_rewrites_the_pages_that_load_it(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    before = files(out)
    template = site / "templates/partials/related.html"
    template.parent.mkdir(parents=True)
    template.write_text(
        "{% if related %}<ul class='see-also'>{% for other in related %}"
        "<li>{{ other.title }}</li>{% endfor %}</ul>{% endif %}\n",
        encoding="utf-8",
    )
    run(site, out)
    after = files(out)
    changed = written(before, after)
    pages = {p for p, (_, data) in after.items() if b"class='see-also'" in data}
    # Every article with a related list, and nothing else.
    assert pages and changed == pages
    assert "news/musk-testifies/index.html" in pages and "index.html" not in changed
    assert_same_as_clean(site, out, tmp_path)


def test_deleting_an_article_removes_its_page_and_every_link_to_it(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    assert (out / "news/musk-testifies/index.html").is_file()
    (site / "content/articles/musk.md").unlink()
    result = run(site, out)
    assert result.removed == 2  # its page, and May's archive page: it was May's only article
    assert not (out / "news/musk-testifies").exists()
    assert not (out / "archive/2026/05").exists()
    linking = [p for p, (_, data) in files(out).items() if b"musk-testifies" in data]
    assert linking == []
    assert_same_as_clean(site, out, tmp_path)


def test_adding_an_article_puts_it_in_every_listing(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    (site / "content/articles/new.md").write_text(
        _story("Closing arguments", "2026-05-20", "OpenAI", "The end."), encoding="utf-8"
    )
    run(site, out)
    for page in ("index.html", "news/index.html", "tags/openai/index.html", "feed.xml"):
        assert "Closing arguments" in (out / page).read_text(encoding="utf-8")
    assert_same_as_clean(site, out, tmp_path)


def test_editing_the_glossary_and_the_config_is_seen(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    edit(site / "content/glossary.yaml", "a big one's answers", "a larger model's answers")
    run(site, out)
    assert "a larger model" in (out / "guides/what-is-distillation/index.html").read_text()
    edit(site / "site.yaml", "title: Test Tracker", "title: Trial Desk")
    run(site, out)
    assert "Trial Desk" in (out / "news/unrelated/index.html").read_text(encoding="utf-8")
    assert_same_as_clean(site, out, tmp_path)


def test_a_websub_hub_rewrites_the_feeds_and_a_deploy_target_rewrites_nothing(site, tmp_path):
    (site / "site.yaml").write_text(
        (site / "site.yaml").read_text(encoding="utf-8")
        + "deploy:\n  targets:\n    production: {url: s3://news-site/trial}\n",
        encoding="utf-8",
    )
    changed, after, out = rebuilt_after(
        site,
        tmp_path,
        ("site.yaml", "deploy:\n", "deploy:\n  websub_hub: https://hub.example.org/\n"),
    )
    assert {"feed.xml", "atom.xml", "feed.json", "news/feed.xml"} <= changed
    assert b'rel="hub"' in after["feed.xml"][1]
    assert_same_as_clean(site, out, tmp_path)
    before = files(out)
    edit(site / "site.yaml", "s3://news-site/trial", "s3://news-site/desk")
    run(site, out)
    assert written(before, files(out)) == set()


def test_a_scheduled_article_appears_once_its_time_comes(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    (site / "content/articles/later.md").write_text(
        article(title="Verdict day", date="2026-10-01"), encoding="utf-8"
    )
    run(site, out)
    assert not (out / "news/verdict-day").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 30 * 86400))
    run(site, out)
    assert (out / "news/verdict-day/index.html").is_file()
    assert "Verdict day" in (out / "index.html").read_text(encoding="utf-8")


def test_parallel_and_serial_builds_are_byte_identical(site, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    run(site, serial, jobs=1, clean=True)
    run(site, parallel, jobs=2, clean=True)
    assert files(serial).keys() == files(parallel).keys()
    assert all(files(serial)[p][1] == data for p, (_, data) in files(parallel).items())


def test_a_corrupt_or_foreign_cache_is_ignored(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    edit(site / "content/articles/musk.md", "He spoke.", "He spoke again.")
    folder = cachefile.folder(site)
    for path in folder.iterdir():
        data = bytearray(path.read_bytes())
        data[-5] ^= 0xFF  # one flipped bit in the payload: the checksum no longer holds
        path.write_bytes(bytes(data))
    (folder / "parsed-00.pickle").write_bytes(b"not a cache at all")
    run(site, out)
    assert "He spoke again." in (out / "news/musk-testifies/index.html").read_text()
    assert_same_as_clean(site, out, tmp_path)


def test_a_changed_output_folder_is_repaired(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    (out / "index.html").write_text("defaced", encoding="utf-8")
    (out / "news/musk-testifies/index.html").unlink()
    run(site, out)
    assert_same_as_clean(site, out, tmp_path)


def test_a_failed_build_leaves_the_previous_output_and_the_next_build_is_right(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    before = files(out)
    edit(site / "content/articles/musk.md", "He spoke.", "He spoke.\n\n{{< claim nope >}}")
    edit(site / "content/articles/opening.md", "Day one.", "Day one, revised.")
    with pytest.raises(BuildError):
        run(site, out)
    assert files(out) == before
    edit(site / "content/articles/musk.md", "He spoke.\n\n{{< claim nope >}}", "He spoke.")
    run(site, out)
    assert "Day one, revised." in (out / "news/opening-day/index.html").read_text()
    assert_same_as_clean(site, out, tmp_path)


def test_a_build_killed_while_writing_leaves_the_previous_output(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(site, out)
    before = files(out)
    edit(site / "content/articles/musk.md", "title: Musk testifies", "title: Musk speaks")
    calls = []

    def dies(root, path, data):
        calls.append(path)
        if len(calls) > 3:
            raise KeyboardInterrupt  # as a kill would, part way through
        real_put(root, path, data)

    from sitegen.incremental import stale

    real_put = stale.put
    monkeypatch.setattr(stale, "put", dies)
    with pytest.raises(KeyboardInterrupt):
        run(site, out, jobs=1)
    assert files(out) == before
    monkeypatch.setattr(stale, "put", real_put)
    run(site, out)
    assert_same_as_clean(site, out, tmp_path)


def test_clean_ignores_the_state_and_rewrites_everything(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    before = files(out)
    result = run(site, out, clean=True)
    assert result.written == len(before)
    assert written(before, files(out)) == set(before)


def test_a_file_saved_right_after_a_build_is_read_again(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    story = site / "content/articles/musk.md"
    stamp = os.stat(story)
    # Same size, same modification time: only the bytes tell the versions apart.
    edit(story, "He spoke.", "He spoka.")
    os.utime(story, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert os.stat(story).st_size == stamp.st_size
    run(site, out)
    assert "He spoka." in (out / "news/musk-testifies/index.html").read_text()


def _age(site: Path) -> None:
    """Every file of the site saved an hour ago, beyond any clock's resolution."""
    for path in site.rglob("*"):
        if path.is_file():
            then = path.stat().st_mtime_ns - 3600 * 10**9
            os.utime(path, ns=(then, then))


def test_nothing_changed_after_an_edit_saved_just_before_a_build_takes_the_fast_path(
    site, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    _age(site)
    run(site, out)
    edit(site / "content/articles/musk.md", "He spoke.", "He spoke again.")
    assert run(site, out).written > 0
    # The edit is too recent for its stamp to be trusted; its bytes are the same, so the
    # next build stops after comparing them, without reading the site.
    monkeypatch.setattr(
        "sitegen.pipeline.build._plan", lambda *a, **k: pytest.fail("site read again")
    )
    assert run(site, out).written == 0


def test_a_recent_file_saved_again_under_the_same_stamp_is_read_again(site, tmp_path):
    out = tmp_path / "out"
    _age(site)
    run(site, out)
    story = site / "content/articles/musk.md"
    edit(story, "He spoke.", "He spoka.")
    stamp = os.stat(story)
    run(site, out)
    # Saved again within the clock's resolution: same size, same time, other bytes.
    edit(story, "He spoka.", "He spoke.")
    os.utime(story, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert file_stamp(story) == (stamp.st_size, stamp.st_mtime_ns)
    run(site, out)
    assert "He spoke." in (out / "news/musk-testifies/index.html").read_text()
    assert_same_as_clean(site, out, tmp_path)


def test_the_cache_lives_in_the_site_and_is_versioned(site, tmp_path):
    out = tmp_path / "out"
    run(site, out)
    names = sorted(p.name for p in cachefile.folder(site).iterdir())
    assert any(n.startswith("state-") for n in names)
    assert any(n.startswith("parsed-") for n in names)
    data = next(cachefile.folder(site).glob("state-*")).read_bytes()
    assert data.startswith(cachefile.MAGIC + f"sitegen {cachefile.FORMAT}\n".encode())
    assert parse_cache.SHARDS >= 1 and build_state.PACKAGE.is_dir()


def test_building_without_drafts_after_with_them_leaves_no_draft_behind(site, tmp_path):
    out = tmp_path / "out"
    (site / "content/articles/draft.md").write_text(
        article(title="Not yet", extra="draft: true\n"), encoding="utf-8"
    )
    run(site, out, drafts=True)
    assert (out / "news/not-yet/index.html").is_file()
    run(site, out)
    assert not (out / "news/not-yet").exists()
    assert_same_as_clean(site, out, tmp_path)


def test_a_story_leaves_the_news_sitemap_when_its_two_days_are_up(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    (site / "content/articles/fresh.md").write_text(
        article(title="Breaking", date="2026-09-20"), encoding="utf-8"
    )
    run(site, out)
    assert "Breaking" in (out / "news-sitemap.xml").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 3 * 86400))
    run(site, out)
    assert "Breaking" not in (out / "news-sitemap.xml").read_text(encoding="utf-8")
    assert_same_as_clean(site, out, tmp_path)


def test_the_search_index_is_kept_when_nothing_changed_and_remade_after_an_edit(site, tmp_path):
    out = tmp_path / "out"
    build(Options(site, out))
    digest = out / "pagefind/.sitegen-digest"
    first = digest.read_text(encoding="ascii")
    before = files(out)
    build(Options(site, out))
    assert written(before, files(out)) == set()
    edit(site / "content/articles/musk.md", "He spoke.", "He spoke about compute.")
    build(Options(site, out))
    assert digest.read_text(encoding="ascii") != first
    clean = tmp_path / "clean"
    build(Options(site, clean, clean=True))
    pages = {p: data for p, (_, data) in files(out).items() if not p.startswith("pagefind/")}
    expected = {p: d for p, (_, d) in files(clean).items() if not p.startswith("pagefind/")}
    assert pages == expected
    assert digest.read_text(encoding="ascii") == (clean / "pagefind/.sitegen-digest").read_text()
