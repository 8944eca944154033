"""Writing the site without ever leaving the output folder half made.

Every build renders into a staging folder beside the output folder first; a build
that fails (a template error, a full disk) removes its staging folder and leaves the
output as it was. Then one of two commits:

- `Stage` (a first or `--clean` build, or when a step needs the whole site in one
  folder, such as the search index): the staging folder holds the complete site
  (unchanged files hard-linked from the current output, so that costs no copying)
  and takes the output folder's place in one atomic exchange of names: at every
  moment the output folder is the whole previous site or the whole new one.
- `Patch` (an incremental build): the staging folder holds only the changed files.
  Commit renames each into place (a rename replaces a file whole, so no reader or
  crash ever sees half a page), new files first, then changed ones, then removes the
  outputs nothing produces any more: at every moment each page is complete and every
  link between pages resolves. An error while adding the new files (a full disk)
  takes them back out, leaving the output as it was. The build forgets its state
  before a commit and saves it after, so a build killed in between is followed by a
  full one.

A killed build leaves its staging folder behind; the next build removes it (`sweep`).
Paths are checked: none may leave the staging folder, and none may be written twice.
A file is never written in place: it is unlinked first, because it may be a hard
link shared with the previous output.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from sitegen.shared.files import link_or_copy
from sitegen.shared.folders import CACHE_FOLDER, OUTPUT_MARKER, PREVIEW_PREFIX


class OutputError(Exception):
    pass


MARKER_TEXT = b"This folder was made by sitegen: the next build may replace everything in it.\n"


def refuse_reason(site_dir: Path, out_dir: Path, recorded: bool = False) -> str | None:
    """Why `out_dir` must not be the output folder, or None when it is safe.

    A build replaces its output folder whole, so it only ever takes one that is new,
    empty, or made by a sitegen build: one with the marker file every build writes, or,
    for a folder an older sitegen made before there was a marker, one this site's cache
    has a build state for (`recorded`). Anything else (a mistyped `--out ~`, a folder of
    other work) is refused and named, never emptied."""
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site:
        return "the output folder cannot be the site folder itself"
    if site.is_relative_to(out):
        return "the output folder contains the site; a build would replace it"
    for name in ("content", "templates", "static", "site.yaml", CACHE_FOLDER):
        if out.is_relative_to(site / name) and not _preview(site, out):
            return f"the output folder cannot be inside the site's `{name}`"
    if out.exists() and not out.is_dir():
        return "the output path exists and is not a folder"
    if out.is_dir() and not (recorded or _preview(site, out) or _ours_or_empty(out)):
        return (
            f"{out} is not empty and was not made by sitegen (it has no {OUTPUT_MARKER} "
            "file): a build replaces everything in its output folder, so it will not use "
            "this one. Choose a new or empty folder for --out"
        )
    return None


def _ours_or_empty(out: Path) -> bool:
    """Whether a folder holds sitegen's marker (as a file, not a link) or nothing at all."""
    marker = out / OUTPUT_MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    try:
        return not any(os.scandir(out))
    except OSError:
        return False  # unreadable: not known to be empty


def _preview(site: Path, out: Path) -> bool:
    """Whether `out` is one of `sitegen serve`'s own folders (`cache.preview_folder`)."""
    return out.parent == site / CACHE_FOLDER and out.name.startswith(PREVIEW_PREFIX)


def safe_relative(path: str) -> str:
    """Normalise an output path; refuse anything that could leave the output folder."""
    pure = PurePosixPath(path)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    if "\x00" in path:
        raise OutputError(f"refusing a path with a NUL byte: {path!r}")
    return pure.as_posix()


def put(root: Path, path: str, data: bytes) -> None:
    """Write one file under `root` as a new file (never through an existing link)."""
    rel = safe_relative(path)
    target = root / rel
    _folder(root, target.parent, rel)
    try:
        handle = open(target, "xb")  # noqa: SIM115 - closed below
    except FileExistsError:
        target.unlink()
        handle = open(target, "xb")  # noqa: SIM115
    with handle:
        handle.write(data)


def _folder(root: Path, folder: Path, rel: str) -> None:
    """Make `folder` and the folders above it up to `root`, each a real folder: a
    symbolic link on the way (planted by an earlier step) could lead outside."""
    if folder == root or (root, folder) in _CHECKED:
        return
    _folder(root, folder.parent, rel)
    try:
        os.mkdir(folder)
    except FileExistsError:
        mode = os.lstat(folder).st_mode  # lstat: a link to a folder is not a folder
        if stat.S_ISLNK(mode):
            raise OutputError(f"refusing to write outside the output folder: {rel}") from None
        if not stat.S_ISDIR(mode):
            raise
    _CHECKED.add((root, folder))


# Folders already created and checked, per staging root (a staging folder is new each
# build and named by process, so an entry never outlives what it vouches for).
_CHECKED: set[tuple[Path, Path]] = set()


class _Staging:
    kind = "staging"

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.root = self.out_dir.parent / f".{self.out_dir.name}.{self.kind}-{os.getpid()}"
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir()
        _CHECKED.clear()
        self.written: dict[str, str] = {}  # path -> what produced it

    def write(self, path: str, data: bytes, origin: str = "") -> None:
        rel = safe_relative(path)
        if rel in self.written:
            raise OutputError(f"{rel} is written twice: by {self.written[rel]} and by {origin}")
        self.written[rel] = origin
        put(self.root, rel, data)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Stage(_Staging):
    """A staging folder that becomes the whole output folder by `commit`."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(out_dir)
        put(self.root, OUTPUT_MARKER, MARKER_TEXT)  # see `refuse_reason`

    def link_from(self, folder: Path, paths: Iterable[str]) -> None:
        """Hard-link files of an earlier output in (copy where links are refused)."""
        made: set[str] = set()
        for path in paths:
            rel = safe_relative(path)
            target = self.root / rel
            if target.exists():
                continue
            parent = os.path.dirname(rel)
            if parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(parent)
            try:
                os.link(folder / rel, target)
            except OSError:
                shutil.copy2(folder / rel, target)

    def link_tree(self, folder: Path, name: str) -> None:
        """A whole folder of an earlier output (such as the search index), linked in."""
        source = folder / name
        if source.is_dir() and not (self.root / name).exists():
            shutil.copytree(source, self.root / name, copy_function=link_or_copy)

    def commit(self) -> None:
        """Put the staged site in place of the output folder.

        One atomic exchange where the system has it (Linux), so that no moment, and no
        kill, finds the output folder missing; the previous site, now in the staging
        folder, is then removed (or, after a kill, by the next build's `sweep`)."""
        if self.out_dir.exists() and _exchange(self.root, self.out_dir):
            shutil.rmtree(self.root, ignore_errors=True)
            return
        old = self.out_dir.parent / f".{self.out_dir.name}.old-{os.getpid()}"
        if self.out_dir.exists():
            os.rename(self.out_dir, old)
        os.rename(self.root, self.out_dir)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)


class Patch(_Staging):
    """A staging folder of changed files, moved into the output folder by `commit`."""

    kind = "patch"

    def commit(self, removed: Iterable[str]) -> None:
        if not (self.out_dir / OUTPUT_MARKER).is_file():  # see `refuse_reason`
            put(self.out_dir, OUTPUT_MARKER, MARKER_TEXT)
        staged = sorted(self.written)
        # New files before changed ones, so that no changed page links to a missing one.
        new = [p for p in staged if not (self.out_dir / p).exists()]
        fresh = set(new)
        changed = [p for p in staged if p not in fresh]
        placed: list[str] = []
        try:
            for rel in new:
                self._place(rel)
                placed.append(rel)
        except OSError:
            # A full disk (a new folder needs room) or a folder that refuses: take the
            # new files back out, so that the output is as it was before the build.
            for rel in reversed(placed):
                (self.out_dir / rel).unlink(missing_ok=True)
                _prune((self.out_dir / rel).parent, self.out_dir)
            raise
        for rel in changed:  # renames over files that are there: no new room needed
            self._place(rel)
        for rel in sorted(removed):
            target = self.out_dir / safe_relative(rel)
            if target.is_file() or target.is_symlink():
                target.unlink()
                _prune(target.parent, self.out_dir)
        shutil.rmtree(self.root, ignore_errors=True)

    def _place(self, rel: str) -> None:
        target = self.out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(self.root / rel, target)


def _prune(folder: Path, stop: Path) -> None:
    """Remove folders left empty by removed outputs, up to the output folder."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def leftovers(out_dir: Path) -> list[Path]:
    """Staging folders beside `out_dir` left by builds that were killed (see `sweep`)."""
    out = out_dir.resolve()
    if not out.parent.is_dir():
        return []
    ours = {f".{out.name}.{kind}-{os.getpid()}" for kind in ("staging", "patch", "old")}
    return sorted(
        p
        for kind in ("staging", "patch", "old")
        for p in out.parent.glob(f".{out.name}.{kind}-*")
        if p.name not in ours and p.name.rsplit("-", 1)[1].isdigit()
    )


def sweep(out_dir: Path) -> None:
    """Remove what killed builds left beside `out_dir`. Only call it holding the build
    lock (see `lock`): no other build of this folder is running then."""
    for folder in leftovers(out_dir):
        shutil.rmtree(folder, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return None


_RENAMEAT2 = _renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders' names at once; False when the system cannot (then nothing moved)."""
    if _RENAMEAT2 is None:
        return False
    done = _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # a file system without exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


def full_stage(patch: Patch, out_dir: Path, unchanged: list[str]) -> Stage:
    """The changed files plus the rest of the current output, as one staging folder."""
    stage = Stage(out_dir)
    for rel in sorted(patch.written):
        target = stage.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(patch.root / rel, target)
        stage.written[rel] = patch.written[rel]
    patch.abort()
    stage.link_from(out_dir, [p for p in unchanged if p not in stage.written])
    return stage
