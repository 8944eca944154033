"""Reading an editor's text files and copying files: one way each, used everywhere."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

Stamp = tuple[int, int]  # a file's (size, mtime in ns): how builds tell its versions apart


def stamp(path: Path | str) -> Stamp | None:
    """The file's stamp, or None when it cannot be looked at."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def read_text(path: Path) -> str:
    """A file's UTF-8 text as the build reads it: byte-order mark dropped, Windows and old
    Mac line ends made `\\n`, so that lines count the same on every editor's machine.
    Raises OSError, and UnicodeDecodeError (see `undecodable_line`)."""
    text = path.read_bytes().decode("utf-8")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def not_utf8(exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for a file whose bytes stop being UTF-8: the line where an
    editor can look, and what is wrong there."""
    line = exc.object[: exc.start].count(b"\n") + 1
    return line, f"is not UTF-8 text ({exc.reason} at byte {exc.start})"


def link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows (no bytes copied), else a copy.
    Callers never write into the target afterwards: that would change the source too."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
