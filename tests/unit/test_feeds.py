"""The small pieces behind feeds, sitemaps and search, each on its own.

How a link in an article is made absolute for a feed reader, how a site's language is
named to Google News, and how Pagefind's index is made the same bytes on every build.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sitegen.publish import search_canon
from sitegen.render.feeds import absolute_links
from sitegen.render.sitemaps import news_language

PAGE = "https://example.org/trial/news/opening/"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/trial/about/">', '<a href="https://example.org/trial/about/">'),
        ('<img src="sketch.png">', f'<img src="{PAGE}sketch.png">'),
        ('<a href="../../guides/">', '<a href="https://example.org/trial/guides/">'),
        ('<a href="#note">', f'<a href="{PAGE}#note">'),
        ("<a href='/x/'>", "<a href='https://example.org/x/'>"),
        ('<a href="https://other.example/a">', '<a href="https://other.example/a">'),
        ('<a href="mailto:desk@example.org">', '<a href="mailto:desk@example.org">'),
        (
            '<a class="term" href="#term-ipo">IPO</a>',
            f'<a class="term" href="{PAGE}#term-ipo">IPO</a>',
        ),
        ('<video poster="still.jpg">', f'<video poster="{PAGE}still.jpg">'),
        ('<blockquote cite="/trial/t/">', '<blockquote cite="https://example.org/trial/t/">'),
        (
            '<img srcset="a.png 1x, /b.png 2x">',
            f'<img srcset="{PAGE}a.png 1x, https://example.org/b.png 2x">',
        ),
    ],
)
def test_every_link_in_an_item_resolves_against_its_page(html, expected):
    assert absolute_links(html, PAGE) == expected


def test_text_that_looks_like_an_attribute_is_left_alone():
    text = "<p>Set href=&quot;x&quot; in the form.</p>"
    assert absolute_links(text, PAGE) == text


@pytest.mark.parametrize(
    ("language", "code"),
    [("en", "en"), ("en-GB", "en"), ("pt_BR", "pt"), ("zh-TW", "zh-tw"), ("zh-Hans", "zh-cn")],
)
def test_google_news_gets_an_iso_639_language(language, code):
    assert news_language(language) == code


# ---- Pagefind's index, made byte-stable ---------------------------------------------


def pf(value) -> bytes:
    return gzip.compress(search_canon.SIGNATURE + search_canon._encode(value), mtime=0)


def bundle(root: Path, news_first: bool) -> Path:
    """A Pagefind bundle as Pagefind writes it, its filter values in either order."""
    values = [["News", [0, 2]], ["Guides", [1]]]
    if not news_first:
        values.reverse()
    (root / "filter").mkdir(parents=True)
    (root / "filter" / ("en_aaaaaaa" if news_first else "en_bbbbbbb")).with_suffix(
        ".pf_filter"
    ).write_bytes(pf(["Section", values]))
    (root / "filter" / "en_ccccccc.pf_filter").write_bytes(pf(["Case", [["Doe v. Acme", [0]]]]))
    filters = [["Section", "en_aaaaaaa" if news_first else "en_bbbbbbb"], ["Case", "en_ccccccc"]]
    if not news_first:
        filters.reverse()
    meta = ["1.5.2", [["en_1111111", 300]], [["a", "z", "en_2222222"]], filters, [], ["title"]]
    (root / f"pagefind.en_{'3' * 10}.pf_meta").write_bytes(pf(meta))
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_" + "3" * 10, "page_count": 3}}}
    (root / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_same_index_in_any_order_becomes_the_same_bytes(tmp_path):
    one = bundle(tmp_path / "one", news_first=True)
    two = bundle(tmp_path / "two", news_first=False)
    assert snapshot(one) != snapshot(two)
    search_canon.canonicalize(one)
    search_canon.canonicalize(two)
    assert snapshot(one) == snapshot(two)


def test_a_canonical_index_still_names_its_files(tmp_path):
    root = bundle(tmp_path / "one", news_first=False)
    search_canon.canonicalize(root)
    entry = json.loads((root / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = root / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = search_canon.read(meta_path)
    assert [name for name, _ in meta[3]] == ["Case", "Section"]
    section = search_canon.read(root / "filter" / f"{meta[3][1][1]}.pf_filter")
    assert section == ["Section", [["Guides", [1]], ["News", [0, 2]]]]
    # Nothing else is left behind: one meta file, one file per filter.
    assert len(list(root.glob("*.pf_meta"))) == 1
    assert len(list((root / "filter").iterdir())) == 2


def test_an_index_in_an_unknown_layout_is_left_as_it_is(tmp_path):
    root = bundle(tmp_path / "one", news_first=True)
    meta = next(root.glob("*.pf_meta"))
    meta.write_bytes(pf({"a": "future layout"}))
    before = snapshot(root)
    with pytest.raises(search_canon.FormatError):
        search_canon.canonicalize(root)
    assert snapshot(root) == before


@pytest.mark.parametrize(
    "value",
    [0, 23, 24, 255, 256, 65536, 2**32, -1, -500, "", "Größe", b"\x00\x01", [], [1, [2, "x"]],
     {"k": [True, False, None]}],
)  # fmt: skip
def test_cbor_reads_back_what_it_writes(value):
    data = search_canon._encode(value)
    assert search_canon._decode(data) == (value, len(data))
