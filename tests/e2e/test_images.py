"""Images as a newsroom publishes them: upright, stripped of metadata, at the widths a
reader's screen needs, with a social card, and every problem at its line.

Sites here are small: a story or two, photos drawn by `photo_bytes` (grey, with a red
block at the top left as stored; optionally with an EXIF orientation, GPS and XMP).
"""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html
from PIL import Image, ImageChops, ImageOps, ImageStat

from sitegen.pipeline.build import Options
from sitegen.pipeline.build import build as run_build
from tests.support import EPOCH, article, photo, photo_bytes, tree

BASE = "https://example.org/trial/"
STORY = "news/a-story/index.html"

LEAD = """\
image:
  src: images/court.jpg
  alt: The courthouse steps
  caption: Reporters line up before the doors open.
  credit: Dana Whitfield / Courtside
"""
IMAGES = """\
images:
  - id: sketch
    src: images/sketch.png
    alt: Courtroom sketch of the witness
    caption: The witness under cross-examination.
"""
BODY = """\
The day began early.

{{< image sketch >}}

![A chart of the figures](images/chart.png "What each side is worth.")

A small icon ![pin](images/icon.png) in a line.
"""


def site_files(**more: str | bytes) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "content/articles/a.md": article(extra=LEAD + IMAGES, body=BODY),
        "content/images/court.jpg": photo_bytes((2400, 1600), gps=True),
        "content/images/sketch.png": photo_bytes((1000, 700), "PNG"),
        "content/images/chart.png": photo_bytes((1300, 800), "PNG"),
        "content/images/icon.png": photo_bytes((40, 40), "PNG"),
    }
    files.update(more)
    return files


@pytest.fixture
def built(make_site, build):
    site = make_site(site_files())
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    return run


def page(run, path: str = STORY):
    return lxml_html.fromstring(run.page(path))


def srcset(value: str) -> list[tuple[str, int]]:
    out = []
    for candidate in value.split(","):
        url, width = candidate.split()
        out.append((url, int(width.removesuffix("w"))))
    return out


def published(out: Path, url: str) -> Image.Image:
    path = url.removeprefix(BASE).removeprefix("/trial/")
    return Image.open(out / path)


# ---- What a published file holds ---------------------------------------------------


def metadata(file: Path) -> list[str]:
    """Every metadata block Pillow finds in an image file."""
    im = Image.open(file)
    found = [key for key in ("exif", "xmp", "icc_profile", "XML:com.adobe.xmp") if key in im.info]
    if len(im.getexif()):
        found.append(f"EXIF tags {sorted(im.getexif())}")
    if im.format == "JPEG":
        # APP0 is JFIF, the format's own header; APP1 is EXIF or XMP, APP13 IPTC, APP2 ICC.
        found += [marker for marker, _ in im.applist if marker != "APP0"]
    if im.format == "PNG":
        found += [key for key in im.info if key not in ("dpi", "gamma", "transparency")]
    return found


def test_no_published_image_carries_exif_xmp_iptc_or_gps(built):
    source = Image.open(io.BytesIO(site_files()["content/images/court.jpg"]))
    assert 0x8825 in source.getexif() and "xmp" in source.info, "the source carries them"
    files = sorted((built.out / "images").iterdir())
    assert len(files) > 10
    assert {f.name: metadata(f) for f in files} == {f.name: [] for f in files}


def test_the_example_sites_photo_comes_out_upright_and_without_its_gps(copy_site, build):
    site = copy_site(".")
    source = Image.open(site / "content/images/courthouse.jpg")
    assert source.getexif()[0x0112] == 6 and 0x8825 in source.getexif()
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    files = sorted((run.out / "images").glob("courthouse-*"))
    assert files and all(metadata(f) == [] for f in files)
    upright = ImageOps.exif_transpose(source)
    for file in files:
        im = Image.open(file)
        if "card" not in file.name:
            assert im.width / im.height == pytest.approx(upright.width / upright.height, 0.01)


def test_a_photo_turned_by_its_exif_orientation_comes_out_upright(make_site, build):
    # Stored 1000x600 with the red block at the top left; orientation 6 says "turn a
    # quarter clockwise", so a reader sees it 600x1000 with the block at the top right.
    stored = photo_bytes((1000, 600), orientation=6)
    site = make_site(site_files(**{"content/images/court.jpg": stored}))
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    img = page(run).find(".//figure[@class='lead-image']//img")
    assert (img.get("width"), img.get("height")) == ("480", "800")  # 600 wide: 480 only
    out = published(run.out, img.get("src")).convert("RGB")
    assert out.size == (480, 800)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(stored))).resize(out.size)
    diff = ImageChops.difference(out, expected.convert("RGB"))
    assert max(ImageStat.Stat(diff).mean) < 3, "the same pixels, upright"
    assert out.getpixel((460, 20))[0] > 180, "the red block is at the top right"
    assert out.getpixel((20, 20))[0] < 160


# ---- Widths, formats and markup ------------------------------------------------------


class _Pictures(HTMLParser):
    """Each <picture> of a page as (its <source> attributes, its <img> attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[dict, dict]] = []
        self.source: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "source":
            self.source = dict(attrs)
        elif tag == "img" and self.source is not None:
            self.found.append((self.source, dict(attrs)))
            self.source = None


def pictures(text: str) -> list[tuple[dict, dict]]:
    parser = _Pictures()
    parser.feed(text)
    return parser.found


def test_each_image_comes_at_the_promised_widths_in_webp_and_its_own_format(built):
    widths = {}
    for source, img in pictures(built.page(STORY)):
        webp, fallback = srcset(source["srcset"]), srcset(img["srcset"])
        assert source["type"] == "image/webp"
        assert all(url.endswith(".webp") for url, _ in webp)
        name = re.match(r"/trial/images/([a-z]+)-", img["src"]).group(1)
        widths[name] = ([w for _, w in webp], [w for _, w in fallback])
        ext = ".jpg" if name == "court" else ".png"
        assert all(url.endswith(ext) for url, _ in fallback)
        for url, width in (*webp, *fallback):
            assert published(built.out, url).width == width
        assert img["alt"] and img["sizes"] == source["sizes"]
    assert widths == {
        "court": ([480, 800, 1200, 1600], [480, 800, 1200, 1600]),
        "sketch": ([480, 800], [480, 800]),  # 1000 px wide: never upscaled
        "chart": ([480, 800, 1200], [480, 800, 1200]),
        "icon": ([40], [40]),  # narrower than 480: its own width
    }


def test_figures_carry_alt_size_caption_and_credit_and_only_body_images_load_lazily(built):
    doc = page(built)
    lead = doc.find(".//figure[@class='lead-image']")
    img = lead.find(".//img")
    assert img.get("alt") == "The courthouse steps"
    assert (img.get("width"), img.get("height")) == ("1600", "1067")
    assert img.get("loading") is None, "the lead image is in view at once"
    caption = lead.find("figcaption").text_content()
    assert "Reporters line up before the doors open." in caption
    assert "Dana Whitfield / Courtside" in caption
    body = doc.findall(".//div[@class='prose']//img")
    assert [i.get("alt") for i in body] == [
        "Courtroom sketch of the witness",
        "A chart of the figures",
        "pin",
    ]
    assert all(i.get("loading") == "lazy" and i.get("width") and i.get("height") for i in body)
    captions = [
        f.find("figcaption").text_content() for f in doc.findall(".//figure[@class='image']")
    ]
    assert captions == ["The witness under cross-examination.", "What each side is worth."]
    inline = doc.xpath("//div[@class='prose']//p[contains(., 'A small icon')]//img")
    assert len(inline) == 1, "an image within a line of text stays in it"


def test_an_unplaced_image_follows_the_text(make_site, build):
    body = "The day began early."
    site = make_site(site_files(**{"content/articles/a.md": article(extra=IMAGES, body=body)}))
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    text = run.page(STORY)
    assert text.index("The day began early.") < text.index('alt="Courtroom sketch of the witness"')


def test_the_social_card_is_1200_by_630_absolute_and_in_json_ld(built):
    doc = page(built)
    tags = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
    card = tags["og:image"]
    assert re.fullmatch(BASE + r"images/court-card-\w+\.jpg", card)
    assert published(built.out, card).size == (1200, 630)
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "The courthouse steps"
    assert tags["twitter:image"] == card and tags["twitter:card"] == "summary_large_image"
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert data["image"][0] == card
    assert all(url.startswith(BASE) for url in data["image"])


def test_a_narrow_lead_gives_the_largest_card_it_holds_and_a_warning(make_site, build):
    site = make_site(site_files(**{"content/images/court.jpg": photo_bytes((1000, 800))}))
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    assert run.problems == [
        "content/articles/a.md:7: warning: image.src: `images/court.jpg` is 800 px wide: "
        "a lead image should be at least 1200 px wide to make a sharp social card"
    ]
    tags = {m.get("property"): m.get("content") for m in page(run).iter("meta")}
    assert published(run.out, tags["og:image"]).size == (1000, 525)  # 1.91:1, not upscaled
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1000", "525")


def test_feeds_carry_the_images_with_absolute_urls_and_the_lead_as_enclosure(built):
    rss = feedparser.parse(built.page("feed.xml"))
    assert not rss.bozo
    (item,) = rss.entries
    (enclosure,) = item.enclosures
    assert re.fullmatch(BASE + r"images/court-1600-\w+\.jpg", enclosure.href)
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == (built.out / enclosure.href.removeprefix(BASE)).stat().st_size
    assert item.media_thumbnail[0]["url"] == enclosure.href
    raw = ET.fromstring(built.page("feed.xml").encode()).find("channel/item")
    html = raw.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    urls = re.findall(r'(?:src|srcset)="([^"]*)"', html)
    assert len(urls) == 8  # src and srcset of four images
    assert all(u.startswith(BASE) for url in urls for u in url.split(", "))
    assert "The courthouse steps" in html and "Courtroom sketch of the witness" in html
    data = json.loads(built.page("feed.json"))
    assert data["items"][0]["image"] == enclosure.href


def test_a_file_under_content_images_is_never_published_as_is(built):
    names = [Path(k).name for k in site_files() if k.startswith("content/images/")]
    assert [p for p in tree(built.out) if Path(p).name in names] == []
    court = site_files()["content/images/court.jpg"]
    assert [p for p, data in tree(built.out).items() if data == court] == []


def test_an_image_in_static_is_processed_and_its_original_still_copied(make_site, build):
    original = photo_bytes((900, 600))
    files = site_files(**{"static/photos/jury.jpg": original})
    files["content/articles/a.md"] = article(body="![The jury box](/photos/jury.jpg)")
    run = build(make_site(files), "--no-search")
    assert run.code == 0, run.stderr
    assert (run.out / "photos/jury.jpg").read_bytes() == original
    img = page(run).find(".//figure[@class='image']//img")
    assert re.fullmatch(r"/trial/images/jury-800-\w+\.jpg", img.get("src"))


def test_a_page_shows_its_markdown_images_processed(make_site, build):
    files = site_files(
        **{"content/pages/about.md": "---\ntitle: About\n---\n![Our newsroom](images/sketch.png)\n"}
    )
    run = build(make_site(files), "--no-search")
    assert run.code == 0, run.stderr
    img = page(run, "about/index.html").find(".//figure[@class='image']//img")
    assert img.get("alt") == "Our newsroom" and img.get("srcset")


# ---- Problems at their lines ---------------------------------------------------------


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG that declares `width` x `height` pixels (decoding it would take GBs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


BROKEN = """\
---
title: A story
date: 2026-05-01
section: news
summary: What happened.
image:
  src: images/missing.jpg
  alt: Not there
images:
  - id: notes
    src: images/notes.jpg
    alt: A text file named like a photo
  - id: cut
    src: images/cut.jpg
    alt: Half a photo
  - id: huge
    src: images/bomb.png
    alt: A decompression bomb
  - id: big
    src: images/big.png
    alt: Over the limit
---
{{< image sketchh >}}

![](images/court.jpg)

![Gone](images/gone.png)
"""


def test_every_image_problem_is_reported_at_its_line(make_site, build):
    court = photo_bytes((2400, 1600))
    files = {
        "content/articles/a.md": BROKEN,
        "content/articles/c.md": article(
            title="No alt",
            extra="images:\n  - id: nodesc\n    src: images/court.jpg\n    caption: No alt text\n",
        ),
        "content/articles/b.md": article(
            title="Bare",
            extra="image: images/court.jpg\nimages:\n  - {id: sketch, src: images/court.jpg, alt: x}\n",
        ),
        "content/images/court.jpg": court,
        "content/images/notes.jpg": "These are my notes, not a photo.\n",
        "content/images/cut.jpg": court[: len(court) // 2],
        "content/images/bomb.png": bomb_png(40_000, 40_000),
        "content/images/big.png": bomb_png(12_000, 9_000),
    }
    run = build(make_site(files), "--no-search")
    assert run.code == 1
    assert run.problems == [
        "content/articles/a.md:7: error: image.src: no file `images/missing.jpg` in content/ or static/",
        "content/articles/a.md:11: error: images[0].src: `images/notes.jpg` is not an image sitegen can publish (JPEG, PNG, WebP, GIF or TIFF)",
        "content/articles/a.md:14: error: images[1].src: `images/cut.jpg` is incomplete: the file ends before the image does",
        "content/articles/a.md:17: error: images[2].src: `images/bomb.png` declares more than the 100 megapixels sitegen decodes: it is refused as a possible decompression bomb",
        "content/articles/a.md:20: error: images[3].src: `images/big.png` declares 12000×9000 pixels, more than the 100 megapixels sitegen decodes: it is refused as a possible decompression bomb",
        "content/articles/a.md:23: error: embed: no image with id `sketchh` in this article's `images`",
        "content/articles/a.md:25: warning: image: has no alt text: write it as ![what it shows](images/court.jpg)",
        "content/articles/a.md:27: error: image: no file `images/gone.png` in content/ or static/",
        'content/articles/b.md:6: warning: image: has no alt text: write it as a mapping with `src` and `alt` (`alt: ""` marks an image as decorative)',
        'content/articles/c.md:7: error: images[0].alt: is required: describe the image for readers who cannot see it (`alt: ""` if it is decorative)',
    ]


def test_alt_can_be_empty_to_mark_an_image_decorative(make_site, build):
    lead = 'image: {src: images/court.jpg, alt: ""}\n'
    files = site_files(**{"content/articles/a.md": article(extra=lead)})
    run = build(make_site(files), "--no-search")
    assert run.code == 0 and run.problems == [], run.stderr
    assert page(run).find(".//figure[@class='lead-image']//img").get("alt") == ""


# ---- Cached: a build with no new image decodes none ----------------------------------


def build_counted(site: Path, out: Path, **options) -> tuple[int, int]:
    """(images decoded, files written) by one build."""
    result = run_build(Options(site, out, search=False, **options))
    return result.images, result.written


def test_a_second_build_decodes_no_image_and_writes_nothing(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site(site_files())
    out = site / "public"
    assert build_counted(site, out)[0] == 4
    # Touched, not changed: the build reads the site again but takes every image (and
    # every page) from what it made before.
    for file in (site / "content").rglob("*.*"):
        file.touch()
    assert build_counted(site, out) == (0, 0)
    # A story edited: its page is written again, its images are not decoded.
    story = site / "content/articles/a.md"
    story.write_text(story.read_text().replace("began early", "began at dawn"))
    decoded, written = build_counted(site, out)
    assert decoded == 0 and written >= 1
    assert build_counted(site, out, clean=True)[0] == 4, "a clean build starts afresh"


def test_adding_or_replacing_an_image_rebuilds_as_a_clean_build_would(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site(site_files())
    out = site / "public"
    build_counted(site, out)
    photo(site / "content/images/court.jpg", (2000, 1500), orientation=3)  # replaced
    story = site / "content/articles/b.md"  # added, with a new image
    story.write_text(article(title="Another", extra="image: {src: images/new.png, alt: New}\n"))
    photo(site / "content/images/new.png", (1300, 700))
    assert build_counted(site, out)[0] == 2, "only the new and the replaced image"
    build_counted(site, site / "clean", clean=True)
    assert tree(out) == tree(site / "clean")
    # And back: an image removed, its files go with it.
    story.unlink()
    build_counted(site, out)
    build_counted(site, site / "clean2", clean=True)
    assert tree(out) == tree(site / "clean2")
    assert not list((out / "images").glob("new-*"))
