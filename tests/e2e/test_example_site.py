"""The example site, built as an editor would, read as readers and checkers would."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, ROOT, broken_links, run_vnu


def _build(site: Path, out: Path) -> int:
    return main(["build", "--site", str(site), "--out", str(out), "-q"])


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example site copied and built once for this module."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = tmp_path_factory.mktemp("example")
    shutil.copy(ROOT / "site.yaml", site / "site.yaml")
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "static", site / "static")
    out = site / "public"
    assert _build(site, out) == 0
    yield site, out
    mp.undo()


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_page_type_is_built(example):
    _, out = example
    for path in [
        "index.html", "news/index.html", "guides/index.html", "get-started/index.html",
        "about/index.html", "tags/index.html", "tags/openai/index.html",
        "cases/musk-v-openai/index.html", "people/elon-musk/index.html",
        "glossary/index.html", "404.html", "robots.txt", "sitemap.xml",
        "feed.xml", "atom.xml", "news/feed.xml", "cases/musk-v-openai/atom.xml",
        "news/musk-testifies-live/index.html", "news/musk-testifies-live/updates.json",
        "news/musk-testifies-live/feed.xml", "news/musk-testifies-live/feed.json",
    ]:  # fmt: skip
        assert (out / path).is_file(), path


def test_html_passes_the_nu_html_checker(example):
    _, out = example
    result = run_vnu(out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_internal_link_resolves_under_the_base_path(example):
    _, out = example
    assert broken_links(out, "https://example.org/trial/") == []


def test_links_respect_the_base_path(example):
    _, out = example
    home = (out / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', home)
    internal = [h for h in hrefs if h.startswith("/")]
    assert internal and all(h.startswith("/trial/") for h in internal)


def test_drafts_are_not_published(example):
    site, out = example
    drafts = [p for p in (site / "content").rglob("*.md") if "draft: true" in p.read_text()]
    assert drafts
    for draft in drafts:
        title = re.search(r"^title: (.+)$", draft.read_text(), re.M).group(1).strip("'\"")
        assert title not in (out / "index.html").read_text(encoding="utf-8")


def test_an_article_page_carries_its_metadata(example):
    _, out = example
    page = (out / "news/musk-admits-xai-distills-openai/index.html").read_text(encoding="utf-8")
    assert page.count("<h1") == 1
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="' in page
    assert (
        '<link rel="canonical" href="https://example.org/trial/news/musk-admits-xai-distills-openai/">'
        in page
    )
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = [json.loads(b) for b in blocks]
    news = next(d for d in data if d["@type"] == "NewsArticle")
    assert re.search(r"[+-]\d\d:\d\d$", news["datePublished"])
    assert re.search(r"[+-]\d\d:\d\d$", news["dateModified"])


def test_two_builds_are_byte_identical(example, tmp_path, monkeypatch):
    site, first = example
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    second = tmp_path / "again"
    assert _build(site, second) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_the_live_page_covers_one_trial_day(example):
    _, out = example
    folder = out / "news/musk-testifies-live"
    data = json.loads((folder / "updates.json").read_text(encoding="utf-8"))
    assert data["status"] == "ended" and data["ended"] == "2026-05-01T16:45:00-07:00"
    assert data["entries"][0]["id"] == "1640-the-day-in-brief" and data["entries"][0]["pinned"]
    assert sum(e["key"] for e in data["entries"]) == 4
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '"@type": "LiveBlogPosting"' in page and "Coverage ended" in page
    # Claims and quotes from the entries are on the person and case pages.
    musk = (out / "people/elon-musk/index.html").read_text(encoding="utf-8")
    assert "/trial/news/musk-testifies-live/#1125-xai-distills" in musk
    judge = (out / "people/yvonne-gonzalez-rogers/index.html").read_text(encoding="utf-8")
    assert "/trial/news/musk-testifies-live/#1330-judge-remark" in judge
