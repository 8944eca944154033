"""The search index: Pagefind, run over the written site, after every page exists.

Pagefind reads the article pages (`SECTION/SLUG/index.html`, and in them only the
elements marked `data-pagefind-body`) and writes a static index to `pagefind/`, which
the search page loads in the reader's browser: no server. It is given those pages
alone: parsing the site's listings, tag, case and person pages only to find nothing
to index took a third of its time. Indexing a large site takes seconds, so it is
skipped when no article page changed since the index was made: a digest of them is
kept beside the index, and an unchanged site reuses the previous build's index.

`index` makes it inside a build's staging folder, before the site is put in place;
`refresh` brings the index of a site already in place up to date (`sitegen serve`,
which shows the edited pages first and indexes them after).
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sitegen.publish import lock, search_canon
from sitegen.shared.errors import Diagnostics
from sitegen.shared.files import link_or_copy

BUNDLE = "pagefind"  # the index folder, at the root of the output
DIGEST = ".sitegen-digest"  # inside BUNDLE: what the index was made from
NEXT = ".pagefind-next"  # beside BUNDLE while `refresh` makes a new one
TIMEOUT = 1800  # seconds: generous for a 10,000-article site on a small machine


@dataclass(frozen=True)
class Indexed:
    """What the search step did: `reused` means the previous index still fitted."""

    reused: bool
    seconds: float
    pages: int  # article pages in the output


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def article_glob(sections: Sequence[str]) -> str:
    """Pagefind's `--glob` for the article pages: `SECTION/SLUG/index.html` (a listing's
    later pages are `SECTION/page/N/index.html`, a level deeper). Section keys are slugs,
    so they need no quoting."""
    if len(sections) == 1:
        return f"{sections[0]}/{_IN_SECTION}"
    return "{" + ",".join(sections) + "}/" + _IN_SECTION


def article_pages(root: Path, sections: Sequence[str]) -> list[Path]:
    """The files `article_glob` names, in a stable order."""
    return sorted(p for key in sections for p in root.glob(f"{key}/{_IN_SECTION}") if p.is_file())


_IN_SECTION = "*/index.html"  # an article's page, under its section's folder


def html_digest(root: Path, sections: Sequence[str]) -> tuple[str, int]:
    """(sha256 of what Pagefind is given: each article page's path and bytes, page count)."""
    digest = hashlib.sha256(f"pagefind {pagefind_version()} {article_glob(sections)}\n".encode())
    pages = article_pages(root, sections)
    for page in pages:
        digest.update(page.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest(), len(pages)


def _stored(root: Path) -> str | None:
    try:
        return (root / BUNDLE / DIGEST).read_text(encoding="ascii").strip()
    except OSError:
        return None


def index(
    root: Path, previous: Path | None, sections: Sequence[str], diag: Diagnostics
) -> Indexed | None:
    """Give the site in `root` a search index: the one in `previous` (the last build's
    output) when it was made from the same pages, else a new one. A failure is a
    warning, not an error: the site is whole without search, and its search page says
    that search is unavailable, as it does on a site without articles."""
    started = time.perf_counter()
    digest, pages = html_digest(root, sections)
    bundle = root / BUNDLE
    if not pages:
        _remove(bundle)
        return None
    if _stored(root) == digest:
        return Indexed(True, time.perf_counter() - started, pages)
    if (
        previous is not None
        and previous.resolve() != root.resolve()
        and _stored(previous) == digest
    ):
        _remove(bundle)
        # Hard links where the file system allows: the index is never written in place.
        shutil.copytree(previous / BUNDLE, bundle, copy_function=link_or_copy)
        return Indexed(True, time.perf_counter() - started, pages)
    # A fresh folder: Pagefind names files by content, so old ones would linger, and
    # writing over a file that an earlier build hard-linked would change that build.
    _remove(bundle)
    if not _pagefind(root, bundle, article_glob(sections), diag):
        return None
    (bundle / DIGEST).write_text(digest + "\n", encoding="ascii")
    return Indexed(False, time.perf_counter() - started, pages)


def refresh(
    root: Path,
    sections: Sequence[str],
    diag: Diagnostics,
    started_pagefind: Callable[[subprocess.Popen], None] | None = None,
) -> Indexed | None:
    """Bring the index of the site in `root` up to date where the site stands: the new
    index is made beside the current one and then put in its place, so that searching
    works, on the previous index, while Pagefind runs. For a folder only this process
    writes to (`sitegen serve`'s preview); a build puts its index in place with the site.
    `started_pagefind` is given the Pagefind process, so that it can be ended early."""
    started = time.perf_counter()
    digest, pages = html_digest(root, sections)
    fresh, bundle, old = root / NEXT, root / BUNDLE, root / f"{NEXT}-old"
    if not pages:
        _remove(bundle)
        return None
    if _stored(root) == digest:
        return Indexed(True, time.perf_counter() - started, pages)
    _remove(fresh)
    if not _pagefind(root, fresh, article_glob(sections), diag, started_pagefind):
        _remove(fresh)
        return None
    (fresh / DIGEST).write_text(digest + "\n", encoding="ascii")
    _remove(old)
    if bundle.exists():
        bundle.rename(old)
    fresh.rename(bundle)
    _remove(old)
    return Indexed(False, time.perf_counter() - started, pages)


def _pagefind(
    root: Path,
    bundle: Path,
    glob: str,
    diag: Diagnostics,
    started: Callable[[subprocess.Popen], None] | None = None,
) -> bool:
    """Run Pagefind over the pages `glob` names in `root`, writing its index into `bundle`."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(root), "--glob", glob,
        "--output-path", str(bundle), "--silent",
    ]  # fmt: skip
    try:
        # Killed with the build (see `lock`): it writes into the build's staging folder.
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lock.child_setup(),  # noqa: PLW1509 - None in a threaded process
        ) as run:
            if started is not None:
                started(run)
            try:
                stdout, stderr = run.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                run.kill()
                raise
    except (OSError, subprocess.TimeoutExpired) as exc:
        diag.warning(BUNDLE, 0, "", f"search index not built: {exc}")
        return False
    if run.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (stderr or stdout).strip().splitlines()[-3:]
        diag.warning(BUNDLE, 0, "", "search index not built: " + " / ".join(detail))
        _remove(bundle)
        return False
    # A Pagefind release with another layout is left as is: it works, its bytes vary.
    with contextlib.suppress(search_canon.FormatError, KeyError, TypeError, ValueError):
        search_canon.canonicalize(bundle)
    return True


def _remove(folder: Path) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
