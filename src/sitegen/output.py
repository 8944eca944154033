"""Writing the site: into a staging folder, then swapped in whole.

The previous output stays as it was until a build succeeds: every file is written
to a sibling staging folder, and only then does the staging folder take the output
folder's place. Paths are checked twice over: none may leave the staging folder,
and none may be written twice.
"""

from __future__ import annotations

import os
import shutil
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
    for name in ("content", "templates", "static", "site.yaml"):
        if out.is_relative_to(site / name):
            return f"the output folder cannot be inside the site's `{name}`"
    if out.exists() and not out.is_dir():
        return "the output path exists and is not a folder"
    return None


def safe_relative(path: str) -> str:
    """Normalise an output path; refuse anything that could leave the output folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in path:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    if "\x00" in path:
        raise OutputError(f"refusing a path with a NUL byte: {path!r}")
    return pure.as_posix()


class Stage:
    """A staging folder beside the output folder, swapped in by `commit`."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.root = self.out_dir.parent / f".{self.out_dir.name}.staging-{os.getpid()}"
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir()
        self.written: dict[str, str] = {}  # path -> what produced it

    def write(self, path: str, data: bytes, origin: str = "") -> None:
        rel = safe_relative(path)
        if rel in self.written:
            raise OutputError(f"{rel} is written twice: by {self.written[rel]} and by {origin}")
        self.written[rel] = origin
        target = self.root / rel
        # resolve() follows any symlink an earlier step could have planted.
        if not target.parent.resolve().is_relative_to(self.root):
            raise OutputError(f"refusing to write outside the output folder: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def copy_file(self, source: Path, path: str, origin: str) -> None:
        self.write(path, source.read_bytes(), origin)

    def commit(self) -> None:
        """Put the staged site in place of the output folder."""
        old = self.out_dir.parent / f".{self.out_dir.name}.old-{os.getpid()}"
        if self.out_dir.exists():
            os.rename(self.out_dir, old)
        os.rename(self.root, self.out_dir)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
