"""Shared test helpers, in one place: small sites, builds, what a reader and a browser see.

- Sites: `SITE_YAML`, `article()`, `BuildRun` (the fixtures that use them are in conftest.py).
- Checkers: `broken_links` (every internal link resolves), the Nu HTML Checker (`run_vnu`).
- Browser: Debian's Chromium driven by Playwright (`launch`), `serve_folder`, axe-core.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import Browser, Page, Playwright

from sitegen.pipeline.build import Options, build
from sitegen.shared import cachefile
from sitegen.shared.errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
EPOCH = "1790000000"  # 2026-09-21: after every example article, fixed for reproducibility

SITE_YAML = """\
title: Test Tracker
base_url: https://example.org/trial/
timezone: America/Los_Angeles
sections:
  news: {title: News}
  guides: {title: Guides}
"""


def article(
    title: str = "A story",
    date: str = "2026-05-01",
    section: str = "news",
    summary: str = "What happened.",
    body: str = "Some text.",
    extra: str = "",
) -> str:
    """A valid article; `extra` is more front-matter YAML, written as is."""
    front = f"title: {title}\ndate: {date}\nsection: {section}\nsummary: {summary}\n"
    return f"---\n{front}{textwrap.dedent(extra)}---\n{textwrap.dedent(body)}\n"


@dataclass
class BuildRun:
    code: int
    stderr: str
    out: Path

    def page(self, path: str) -> str:
        """Text of an output file, such as `news/a-story/index.html`."""
        return (self.out / path).read_text(encoding="utf-8")

    @property
    def problems(self) -> list[str]:
        return [
            line
            for line in self.stderr.splitlines()
            if ": error: " in line or ": warning: " in line
        ]


def chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


def vnu_command() -> list[str] | None:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if jar.exists() and shutil.which("java"):
        return ["java", "-jar", str(jar), "--skip-non-html", "--errors-only"]
    return None


def run_vnu(folder: Path) -> subprocess.CompletedProcess:
    cmd = vnu_command()
    assert cmd, "the Nu HTML Checker is not installed: run `npm install` first"
    return subprocess.run([*cmd, str(folder)], capture_output=True, text=True, timeout=300)


def wait_until(condition, what: str, timeout: float = 60.0, every: float = 0.01) -> None:
    """Poll an observable condition until it holds; fail, saying `what`, at the deadline.
    For states with no event to wait on (a lock file's holder, a process's children)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up after {timeout} s waiting for {what}"
        time.sleep(every)


def build_outcome(site: Path, out: Path, clean: bool) -> tuple[list[str], dict[str, bytes]]:
    """A build without search, in this process: the problems it reports, and every file
    it leaves by path (for holding an incremental build to a clean one)."""
    try:
        result = build(Options(site, out, search=False, jobs=1, clean=clean))
        problems = [str(p) for p in result.warnings]
    except BuildError as exc:
        problems = [str(p) for p in exc.problems]
    files = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }
    return problems, files


# Link checking


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(file: Path) -> _Collector:
    collector = _Collector()
    collector.feed(file.read_text(encoding="utf-8"))
    return collector


def broken_links(out: Path, base_url: str) -> list[str]:
    """`page -> link` for every internal link that names no file (or no fragment)."""
    base = urlsplit(base_url)
    pages = {f: _parse(f) for f in sorted(out.rglob("*.html"))}
    broken = []
    for file, found in pages.items():
        rel = file.relative_to(out).as_posix()
        page_url = urljoin(base_url, rel.removesuffix("index.html"))
        for link in found.links:
            target = urlsplit(urljoin(page_url, link))
            if target.scheme not in ("http", "https") or target.netloc != base.netloc:
                continue
            if not target.path.startswith(base.path):
                broken.append(f"{rel} -> {link} (outside the base path)")
                continue
            path = unquote(target.path[len(base.path) :])
            local = out / path
            if path == "" or path.endswith("/"):
                local = local / "index.html"
            if not local.is_file():
                broken.append(f"{rel} -> {link}")
            elif target.fragment and local.suffix == ".html":
                ids = pages[local].ids if local in pages else _parse(local).ids
                if unquote(target.fragment) not in ids:
                    broken.append(f"{rel} -> {link} (no id {target.fragment})")
    return broken


# The browser

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling hosts this machine
# cannot reach; the rest make a headless run as root behave.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def launch(pw: Playwright) -> Browser:
    assert Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM} (CI installs it)"
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@contextlib.contextmanager
def serve_folder(www: Path, path: str = "/") -> Iterator[str]:
    """Serve `www` on a free loopback port; yields the URL of `path` on it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


# A bigger site, for faults and concurrency: a case, people, a glossary, N stories

Tree = dict[str, bytes]

CASE = """\
title: State v. Doe
parties: {plaintiffs: [the-state], defendants: [jane-doe]}
"""
PEOPLE = """\
- name: The State
  slug: the-state
- name: Jane Doe
  slug: jane-doe
"""
GLOSSARY = """\
- term: Voir dire
  definition: Questioning of prospective jurors.
- term: Hearsay
  definition: A statement made out of court, offered for its truth.
"""
_VOCABULARY = """court witness testimony jury counsel exhibit ruling motion objection
record evidence judge hearing verdict appeal filing deposition transcript settlement
damages hearsay the a of and to in that it was for on with as by at from"""
WORDS = _VOCABULARY.split()
TAGS = [f"topic {n}" for n in range(24)]


def story(i: int, title: str | None = None, extra_text: str = "") -> str:
    """Article i of the big site: a few hundred words, tags, a case, people, a claim."""
    rng = random.Random(i)
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(70)).capitalize() + "." for _ in range(5)
    ]
    if i % 7 == 0:
        paragraphs.append("The lawyers argued over voir dire.")
    tags = ", ".join(sorted(set(rng.sample(TAGS, 3))))
    front = (
        f"tags: [{tags}]\ncase: state-v-doe\npeople: [jane-doe]\n"
        "claims:\n  - {id: c1, text: The exhibit was altered., by: the-state, status: alleged}\n"
    )
    return article(
        title=title or f"Day {i} of the trial",
        date=f"2026-{1 + i % 8:02}-{1 + i % 28:02}T{8 + i % 10:02}:{i % 60:02}:00",
        section="news" if i % 3 else "guides",
        summary=f"What happened on day {i}.",
        body="\n\n".join(paragraphs) + extra_text,
        extra=front,
    )


def write_site(root: Path, articles: int) -> Path:
    files = {
        "site.yaml": SITE_YAML,
        "content/cases/state-v-doe.yaml": CASE,
        "content/people.yaml": PEOPLE,
        "content/glossary.yaml": GLOSSARY,
        "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
        "static/files/brief.txt": "a court brief\n",
    }
    files |= {f"content/articles/day-{i:04}.md": story(i) for i in range(articles)}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def to_version(site: Path, version: int) -> None:
    """Version 1 is the site as written; version 2 renames one story (a new page, a page
    gone, every listing and feed that carries it changed), edits another's body and
    adds a story."""
    renamed = "Day 1 of the trial" if version == 1 else "Day 1, the jury is chosen"
    (site / "content/articles/day-0001.md").write_text(story(1, renamed), encoding="utf-8")
    more = "" if version == 1 else "\n\nThe judge denied the motion."
    (site / "content/articles/day-0002.md").write_text(story(2, extra_text=more), "utf-8")
    added = site / "content/articles/new-witness.md"
    if version == 1:
        added.unlink(missing_ok=True)
    else:
        added.write_text(story(9999, "A new witness"), encoding="utf-8")


def tree(out: Path) -> Tree:
    """Every file under `out`, read whole (so every one is also readable)."""
    found = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder) / name
            found[path.relative_to(out).as_posix()] = path.read_bytes()
    return found


def leftovers(folder: Path, site: Path) -> list[str]:
    beside = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    in_cache = [p.name for p in cachefile.folder(site).glob(".*")]
    return beside + in_cache


# Images


def photo_bytes(
    size: tuple[int, int] = (1600, 1000),
    fmt: str = "JPEG",
    *,
    orientation: int | None = None,
    gps: bool = False,
) -> bytes:
    """A JPEG or PNG drawn with Pillow: grey, with a red block at the top left as it is
    stored. With `orientation` the EXIF tag says how to turn it; with `gps`, EXIF
    carries a position and camera details, and (in a JPEG) an XMP packet rides along."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (128, 128, 128))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill=(220, 0, 0))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif[0x010F] = "Camera Maker"
        exif[0x0110] = "Camera Model"
        exif[0x0132] = "2026:05:04 09:00:00"
        exif[0x8825] = {1: "N", 2: (37.0, 48.0, 18.0), 3: "W", 4: (122.0, 16.0, 15.0)}
    extra: dict[str, bytes] = {"exif": exif.tobytes()} if len(exif) else {}
    if gps and fmt == "JPEG":
        extra["xmp"] = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    buffer = io.BytesIO()
    image.save(buffer, fmt, **extra)
    return buffer.getvalue()


def photo(path: Path, size: tuple[int, int] = (1600, 1000), **options) -> Path:
    """`photo_bytes` written to `path` (PNG for a .png, else JPEG)."""
    fmt = "PNG" if path.suffix.lower() == ".png" else "JPEG"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(photo_bytes(size, fmt, **options))
    return path


# A live article (`live:`) with entries in the folder beside it

LIVE_PATH = "content/articles/2026/05/day-6.md"
LIVE_URL = "news/day-6/"  # its page, under the base path


def live_article(status: str = "live", ended: str = "", body: str = "", extra: str = "") -> str:
    """A live article dated 2026-05-06 08:30 in Oakland; `extra`: more front matter."""
    live = f"live:\n  status: {status}\n" + (f"  ended: {ended}\n" if ended else "")
    return article(
        '"Day 6: Musk on the stand"',
        date="2026-05-06T08:30:00-07:00",
        summary="Live from the courtroom in Oakland.",
        extra="slug: day-6\n" + live + textwrap.dedent(extra),
        body=body or "We are in the courtroom in Oakland for the sixth day of the trial.",
    )


def entry(time: str = "09:14", body: str = "Something happened.", extra: str = "") -> str:
    """An entry file: `time` as written, more front matter in `extra`."""
    return f"---\ntime: {time}\n{textwrap.dedent(extra)}---\n{textwrap.dedent(body)}\n"


def entry_path(name: str) -> str:
    return f"content/articles/2026/05/day-6/{name}.md"


LIVE_PEOPLE = (
    "- name: Elon Musk\n  slug: elon-musk\n  aliases: [Musk]\n- name: Yvonne Gonzalez Rogers\n"
)
LIVE_CASE = (
    "title: Musk v. OpenAI\nsummary: Musk asks the court to undo OpenAI's for-profit turn.\n"
)
LIVE_GLOSSARY = """\
- term: Distillation
  aliases: [distills, distilling]
  definition: Training a smaller model on the outputs of a larger one.
"""


def live_site() -> dict[str, str]:
    """A case, people, a glossary, an earlier article and a live article with four
    entries: two key events, a pinned summary, a claim and a placed quote."""
    return {
        "content/people.yaml": LIVE_PEOPLE,
        "content/cases/musk-v-openai.yaml": LIVE_CASE,
        "content/glossary.yaml": LIVE_GLOSSARY,
        "content/articles/earlier.md": article(
            "Opening day", date="2026-05-01T09:00:00-07:00", extra="case: musk-v-openai\n"
        ),
        LIVE_PATH: live_article(extra="case: musk-v-openai\n"),
        entry_path("stand"): entry(
            "09:14",
            "Musk is sworn in and says xAI distills models.\n",
            extra="""\
            title: Musk takes the stand
            key: true
            by: Dana Whitfield
            claims:
              - {id: xai-distills, text: xAI partly distills OpenAI's models., by: Musk, status: admitted}
            """,
        ),
        entry_path("judge"): entry(
            "10:02",
            "From the bench:\n\n{{< quote hands >}}\n\nThe courtroom is quiet.\n",
            extra="""\
            title: The judge is unimpressed
            key: true
            quotes:
              - id: hands
                text: I suspect there's plenty of people who don't want to put the future of humanity in Mr. Musk's hands.
                by: Yvonne Gonzalez Rogers
            """,
        ),
        entry_path("recess"): entry(
            "10:45", "A short recess. Distilling is the word of the day.\n"
        ),
        entry_path("summary"): entry(
            "11:00",
            "**The day so far:** Musk admitted the practice.\n",
            extra="title: What we know so far\npinned: true\nupdated: 2026-05-06T12:00:00-07:00\n",
        ),
    }
