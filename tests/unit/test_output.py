"""Writing the output folder: where a build may write, and how it swaps files in.

A build writes into a staging folder and only then touches the output folder: a whole
new site swapped in (`Stage`), or the changed files moved in one by one (`Patch`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.publish.output import OutputError, Patch, Stage, put, refuse_reason, safe_relative
from sitegen.shared import cachefile
from sitegen.shared.folders import OUTPUT_MARKER


def tree(folder: Path) -> dict[str, bytes]:
    """Every file but the marker every build leaves (see `refuse_reason`)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != OUTPUT_MARKER
    }


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "public"
    (folder / "news/old-story").mkdir(parents=True)
    (folder / "index.html").write_bytes(b"home v1")
    (folder / "news/old-story/index.html").write_bytes(b"old story")
    (folder / "about/index.html").parent.mkdir()
    (folder / "about/index.html").write_bytes(b"about")
    return folder


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        (".", "the site folder itself"),
        ("..", "contains the site"),
        ("content/public", "inside the site's `content`"),
        (".sitegen-cache", "inside the site's `.sitegen-cache`"),
        (".sitegen-cache/out", "inside the site's `.sitegen-cache`"),
        (".sitegen-cache/preview/news", "inside the site's `.sitegen-cache`"),
        ("site.yaml", "inside the site's `site.yaml`"),
    ],
)
def test_an_output_folder_that_would_harm_the_site_is_refused(tmp_path, out, reason):
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yaml").write_text("title: x\n", encoding="utf-8")
    assert reason in (refuse_reason(site, site / out) or "")


def test_a_sibling_output_folder_is_fine(tmp_path):
    (tmp_path / "site").mkdir()
    assert refuse_reason(tmp_path / "site", tmp_path / "public") is None


def test_the_previews_own_folders_in_the_cache_are_fine(tmp_path):
    # `sitegen serve` keeps its output there between runs (`cachefile.preview_folder`).
    site = tmp_path / "site"
    site.mkdir()
    for drafts, future in ((False, False), (True, False), (True, True)):
        assert refuse_reason(site, cachefile.preview_folder(site, drafts, future)) is None


@pytest.mark.parametrize("path", ["../x.html", "/etc/passwd", "a/../../b", "a\\b", "a\x00b", ""])
def test_no_output_path_can_leave_the_output_folder(path):
    with pytest.raises(OutputError):
        safe_relative(path)


def test_a_file_is_replaced_never_written_through_a_hard_link(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "page.html").write_bytes(b"published")
    os.link(old / "page.html", new / "page.html")
    put(new, "page.html", b"draft")
    assert (old / "page.html").read_bytes() == b"published"
    assert (new / "page.html").read_bytes() == b"draft"


def test_writing_through_a_planted_symlink_is_refused(tmp_path):
    root, elsewhere = tmp_path / "stage", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "news").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError):
        put(root, "news/story.html", b"x")
    assert list(elsewhere.iterdir()) == []


def test_a_patch_moves_changed_files_in_and_removes_what_is_gone(out):
    untouched = (out / "about/index.html").stat().st_ino
    patch = Patch(out)
    patch.write("index.html", b"home v2")
    patch.write("news/new-story/index.html", b"new story")
    patch.commit(removed=["news/old-story/index.html"])
    assert tree(out) == {
        "about/index.html": b"about",
        "index.html": b"home v2",
        "news/new-story/index.html": b"new story",
    }
    assert (out / "about/index.html").stat().st_ino == untouched
    assert not (out / "news/old-story").exists()  # its folder went with it
    assert not patch.root.exists()


def test_an_aborted_patch_leaves_the_output_as_it_was(out):
    before = tree(out)
    patch = Patch(out)
    patch.write("index.html", b"home v2")
    patch.abort()
    assert tree(out) == before and not patch.root.exists()


def test_a_file_written_twice_in_one_build_is_an_error(out):
    patch = Patch(out)
    patch.write("index.html", b"one", "home")
    with pytest.raises(OutputError, match="written twice"):
        patch.write("index.html", b"two", "a page")
    patch.abort()


def test_a_stage_replaces_the_whole_folder(out):
    stage = Stage(out)
    stage.write("index.html", b"home v2")
    stage.link_from(out, ["about/index.html"])
    stage.commit()
    assert tree(out) == {"about/index.html": b"about", "index.html": b"home v2"}
    assert [p.name for p in out.parent.iterdir()] == ["public"]  # no staging left over


def test_an_aborted_stage_leaves_the_output_as_it_was(out):
    before = tree(out)
    stage = Stage(out)
    stage.write("index.html", b"home v2")
    stage.abort()
    assert tree(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["public"]
