"""Writing the site without ever leaving the output folder half made.

Every build renders into a staging folder beside the output folder first; a build
that fails (a template error, a full disk) removes its staging folder and leaves the
output as it was. Then one of two commits:

- `Stage` (a first or `--clean` build, or when a step needs the whole site in one
  folder, such as the search index): the staging folder holds the complete site
  (unchanged files hard-linked from the current output, so that costs no copying)
  and takes the output folder's place by rename.
- `Patch` (an incremental build): the staging folder holds only the changed files.
  Commit renames each into place (a rename replaces a file whole, so no reader or
  crash ever sees half a page), new files first, then changed ones, then removes the
  outputs nothing produces any more: at every moment each page is complete and every
  link between pages resolves. The build forgets its state before a commit and saves
  it after, so a build killed in between is followed by a full one.

Paths are checked: none may leave the staging folder, and none may be written twice.
A file is never written in place: it is unlinked first, because it may be a hard
link shared with the previous output.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    pass


def refuse_reason(site_dir: Path, out_dir: Path) -> str | None:
    """Why `out_dir` must not be the output folder, or None when it is safe."""
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site:
        return "the output folder cannot be the site folder itself"
    if site.is_relative_to(out):
        return "the output folder contains the site; a build would replace it"
    for name in ("content", "templates", "static", "site.yaml", ".sitegen-cache"):
        if out.is_relative_to(site / name):
            return f"the output folder cannot be inside the site's `{name}`"
    if out.exists() and not out.is_dir():
        return "the output path exists and is not a folder"
    return None


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
    parent = target.parent
    if (root, parent) not in _CHECKED:
        parent.mkdir(parents=True, exist_ok=True)
        # resolve() follows any symlink an earlier step could have planted.
        if not parent.resolve().is_relative_to(root.resolve()):
            raise OutputError(f"refusing to write outside the output folder: {rel}")
        _CHECKED.add((root, parent))
    try:
        handle = open(target, "xb")  # noqa: SIM115 - closed below
    except FileExistsError:
        target.unlink()
        handle = open(target, "xb")  # noqa: SIM115
    with handle:
        handle.write(data)


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

    def copy_file(self, source: Path, path: str, origin: str) -> None:
        self.write(path, source.read_bytes(), origin)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Stage(_Staging):
    """A staging folder that becomes the whole output folder by `commit`."""

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
            shutil.copytree(source, self.root / name, copy_function=_link_or_copy)

    def commit(self) -> None:
        """Put the staged site in place of the output folder."""
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
        staged = sorted(self.written)
        # New files before changed ones, so that no changed page links to a missing one.
        new = [p for p in staged if not (self.out_dir / p).exists()]
        fresh = set(new)
        changed = [p for p in staged if p not in fresh]
        for rel in new + changed:
            target = self.out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(self.root / rel, target)
        for rel in sorted(removed):
            target = self.out_dir / safe_relative(rel)
            if target.is_file() or target.is_symlink():
                target.unlink()
                _prune(target.parent, self.out_dir)
        shutil.rmtree(self.root, ignore_errors=True)


def _prune(folder: Path, stop: Path) -> None:
    """Remove folders left empty by removed outputs, up to the output folder."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
