"""Every image the published articles and pages show: found, processed once, published.

`uses` lists each image an article or page shows (its lead `image`, its `images`, its
Markdown images), with the line to report a problem at. `prepare` finds each local
file (under content/ first, then static/), processes the ones it has not seen with
these bytes and settings before (in the build's worker processes; see `imaging`), and
lists the files to publish. What it made is kept in the site's cache folder, keyed by
the source's bytes and the settings: a build with no new image decodes none.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.model.content import Article
from sitegen.model.images import CARD, ImageRef, Picture
from sitegen.model.outputs import Output
from sitegen.model.rendered import Rendered
from sitegen.render import imaging
from sitegen.shared import cachefile as cache
from sitegen.shared import parallel
from sitegen.shared.errors import Diagnostics
from sitegen.shared.folders import CONTENT, IMAGES, STATIC


@dataclass(frozen=True)
class Use:
    """One image shown by one file."""

    path: str  # the article or page, relative to the site
    field: str  # where it is written: `image.src`, `images[1].src`, `image` (Markdown)
    ref: ImageRef
    lead: bool = False  # the lead image: it also gets the social card


@dataclass(frozen=True)
class Prepared:
    pictures: dict[str, Picture]  # src as written -> its picture
    outputs: list[Output]  # the processed files to publish
    decoded: int  # images decoded by this build (0 when none is new)


# A file saved within this long of when its stamp was taken may have changed under the
# same stamp (the clock's resolution): it is known by its bytes instead.
RACY_NS = 2_000_000_000
Stamp = tuple[int, int]  # (size, mtime in ns)


@dataclass(frozen=True)
class _Entry:
    key: bytes  # the source's bytes and the settings
    picture: Picture
    stamp: Stamp = (0, 0)  # the file's, taken before its bytes were read
    seen_ns: int = 0  # when
    sha: bytes = b""  # the SHA-256 of the bytes read then


def _stamp(file: Path) -> tuple[Stamp, int]:
    """The file's stamp, and the time it was taken."""
    now = time.time_ns()
    try:
        st = os.stat(file)
    except OSError:
        return (0, 0), now
    return (st.st_size, st.st_mtime_ns), now


def uses(
    articles: Sequence[tuple[Article, Rendered]],
    texts: Sequence[tuple[str, Rendered]],
    listed: Sequence[tuple[str, tuple[ImageRef, ...]]] = (),
) -> list[Use]:
    """Every image shown: articles' lead images, `images` and Markdown images, and the
    Markdown images of other texts (pages, live entries), by file; `listed`: the
    `images` of other files (live entries)."""
    found = []
    for article, rendered in articles:
        if article.image is not None:
            field = "image" if article.image.alt is None else "image.src"
            found.append(Use(article.path, field, article.image, lead=True))
        for i, ref in enumerate(article.images):
            found.append(Use(article.path, f"images[{i}].src", ref))
        found.extend(_body_uses(article.path, rendered))
    for path, rendered in texts:
        found.extend(_body_uses(path, rendered))
    for path, refs in listed:
        found.extend(Use(path, f"images[{i}].src", ref) for i, ref in enumerate(refs))
    return found


def _body_uses(path: str, rendered: Rendered) -> list[Use]:
    return [Use(path, "image", e.image) for e in rendered.embeds if e.image is not None]


def locate(site_dir: Path, src: str) -> tuple[str, Path] | str:
    """(path relative to the site, file) of a local image, or what is wrong."""
    path = PurePosixPath(src.split("#", 1)[0].split("?", 1)[0].lstrip("/"))
    if any(part in ("..", ".") for part in path.parts) or not path.parts:
        return f"`{src}` must name a file in content/ or static/, without `..`"
    site = site_dir.resolve()
    for folder in (CONTENT, STATIC):
        file = site_dir / folder / path
        if file.is_file():
            if not file.resolve().is_relative_to(site):
                return f"`{src}` links to a file outside the site folder"
            return (f"{folder}/{path.as_posix()}", file)
    return f"no file `{src}` in content/ or static/"


def _index_path(site_dir: Path) -> Path:
    return cache.folder(site_dir) / "images.pickle"


def _folder(site_dir: Path) -> Path:
    return cache.folder(site_dir) / IMAGES


def _key_from(sha: bytes, card: bool) -> bytes:
    settings = repr((imaging.SETTINGS, card)).encode()
    return hashlib.sha256(sha + settings).digest()


def _key_of_digest(entry: _Entry, card: bool) -> bytes:
    """The key `entry`'s source would have now, from the digest kept with it."""
    return _key_from(entry.sha, card) if entry.sha else b""


_FOLDER: Path | None = None  # set before forking: where workers write


_Done = tuple[_Entry | None, str | None]


def _work(todo: Sequence[tuple[str, str, bool]]) -> list[_Done]:
    """Process each (source, file, card) in this worker: (entry, problem)."""
    assert _FOLDER is not None
    out: list[_Done] = []
    for source, file, card in todo:
        stamp, seen = _stamp(Path(file))
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            out.append((None, f"cannot be read: {exc.strerror or exc}"))
            continue
        try:
            picture = imaging.process(data, source, card, _FOLDER, IMAGES + "/")
            sha = hashlib.sha256(data).digest()
            out.append((_Entry(_key_from(sha, card), picture, stamp, seen, sha), None))
        except imaging.ImageProblem as exc:
            out.append((None, str(exc)))
        except MemoryError:
            out.append((None, "is too large to process in the memory available"))
        except Exception as exc:  # noqa: BLE001 - a decoder's own failure, in words
            out.append((None, f"cannot be processed: {type(exc).__name__}: {exc}"))
    return out


def prepare(
    found: list[Use], site_dir: Path, diag: Diagnostics, jobs: int, use_cache: bool = True
) -> Prepared:
    """Every local image found and processed (or taken from the cache); problems to diag."""
    global _FOLDER
    files: dict[str, Path] = {}  # site-relative source -> file
    source_of: dict[str, str] = {}  # src as written -> site-relative source
    for use in found:
        if use.field == "image" and use.ref.alt == "" and not use.lead:
            message = f"has no alt text: write it as ![what it shows]({use.ref.src})"
            diag.warning(use.path, use.ref.line, use.field, message)
        if use.ref.remote or use.ref.src in source_of:
            continue
        where = locate(site_dir, use.ref.src)
        if isinstance(where, str):
            diag.error(use.path, use.ref.line, use.field, where)
            continue
        source_of[use.ref.src] = where[0]
        files[where[0]] = where[1]
    cards = {source_of[u.ref.src] for u in found if u.lead and u.ref.src in source_of}

    index = cache.load(_index_path(site_dir)) if use_cache else None
    before: dict[str, _Entry] = index if isinstance(index, dict) else {}
    done: dict[str, _Entry] = {}
    problems: dict[str, str] = {}
    todo: list[tuple[str, str, bool]] = []
    folder = _folder(site_dir)
    for source, file in sorted(files.items()):
        card = source in cards
        entry = before.get(source)
        if entry is None or not all(
            (folder / PurePosixPath(v.path).name).is_file() for v in entry.picture.files
        ):
            todo.append((source, str(file), card))
            continue
        stamp, seen = _stamp(file)
        if entry.stamp == stamp and stamp[1] < entry.seen_ns - RACY_NS:
            # The same file as when it was processed (or last hashed), by its stamp:
            # its megabytes are not read again. The settings are checked all the same.
            same = entry.key == _key_of_digest(entry, card)
        else:
            try:
                data = file.read_bytes()
            except OSError as exc:
                problems[source] = f"cannot be read: {exc.strerror or exc}"
                continue
            sha = hashlib.sha256(data).digest()
            same = entry.key == _key_from(sha, card)
            if same:
                entry = _Entry(entry.key, entry.picture, stamp, seen, sha)
        if same:
            done[source] = entry
        else:
            todo.append((source, str(file), card))
    _FOLDER = folder
    try:
        results = parallel.map_chunks(_work, todo, jobs, min_items=2, size=1)
    finally:
        _FOLDER = None
    for (source, _, _), (made, problem) in zip(
        todo, (r for chunk in results for r in chunk), strict=True
    ):
        if made is None:
            problems[source] = problem or "cannot be processed"
        else:
            done[source] = made

    for use in found:
        source = source_of.get(use.ref.src)
        if source is None:
            continue
        if source in problems:
            diag.error(use.path, use.ref.line, use.field, f"`{use.ref.src}` {problems[source]}")
        elif use.lead and done[source].picture.width < CARD[0]:
            width = done[source].picture.width
            diag.warning(
                use.path,
                use.ref.line,
                use.field,
                f"`{use.ref.src}` is {width} px wide: a lead image should be at least "
                f"{CARD[0]} px wide to make a sharp social card",
            )
    _save(site_dir, before, done, use_cache)
    pictures = {src: done[s].picture for src, s in source_of.items() if s in done}
    outputs: dict[str, Output] = {}
    for source, entry in sorted(done.items()):
        for variant in entry.picture.files:
            name = PurePosixPath(variant.path).name
            outputs.setdefault(variant.path, Output(variant.path, source, source=folder / name))
    return Prepared(pictures, list(outputs.values()), len(todo))


def _save(site_dir: Path, before: dict[str, _Entry], done: dict[str, _Entry], used: bool) -> None:
    """Keep what this build made, and what other builds made of files that are still
    there (a draft's images); remove processed files nothing names any more."""
    kept = dict(done)
    for source, entry in before.items():
        if source not in kept and (site_dir / source).is_file():
            kept[source] = entry
    if kept != before or not used:
        cache.save(_index_path(site_dir), kept)
    folder = _folder(site_dir)
    if not folder.is_dir():
        return
    named = {PurePosixPath(v.path).name for e in kept.values() for v in e.picture.files}
    for file in folder.iterdir():
        if file.name not in named and not file.name.startswith("."):
            file.unlink(missing_ok=True)
