"""Files in the site's cache folder: versioned, checksummed, never trusted blindly.

Each file is `MAGIC`, a format version, the SHA-256 of the payload, then the payload
(a pickle). A file that is truncated, edited, written by another version of sitegen or
that fails to unpickle reads as missing: the build then does the work again, which is
always correct. Writes go to a temporary file renamed into place, so a build killed
while saving leaves the old file or the new one, never half of one.

The cache folder is the site's own (`SITE/.sitegen-cache/`, listed in .gitignore);
nothing in it is needed, and deleting it is always safe.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, BinaryIO

from sitegen.shared.folders import CACHE_FOLDER, PREVIEW_PREFIX

MAGIC = b"SITEGEN-CACHE\n"
# Bump when anything pickled here changes shape; older files are then ignored.
FORMAT = 5


def folder(site_dir: Path) -> Path:
    return site_dir / CACHE_FOLDER


def preview_folder(site_dir: Path, drafts: bool, future: bool) -> Path:
    """Where `sitegen serve` builds, kept between runs so that starting it again is an
    incremental build: one folder per set of options, as a build with other options
    starts afresh (see `state.state_key`)."""
    name = PREVIEW_PREFIX + ("-drafts" if drafts else "") + ("-future" if future else "")
    return folder(site_dir) / name


def _header() -> bytes:
    return MAGIC + f"sitegen {FORMAT}\n".encode()


# The last values loaded or saved in this process, by file, with the file's stamp then:
# a process that builds again (`sitegen serve`) skips reading and unpickling a file
# that has not changed since. One cache folder at a time, so memory stays bounded.
_WARM: dict[Path, tuple[tuple[int, int, int], Any]] = {}


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _remember(path: Path, value: Any) -> None:
    stamp = _stamp(path)
    if any(p.parent != path.parent for p in _WARM):
        _WARM.clear()
    if stamp is not None:
        _WARM[path] = (stamp, value)


def load(path: Path) -> Any | None:
    """The value saved at `path`, or None when it is missing or cannot be trusted."""
    warm = _WARM.get(path)
    if warm is not None and warm[0] == _stamp(path):
        return warm[1]
    value = _read(path)
    if value is not None:
        _remember(path, value)
    return value


def _read(path: Path) -> Any | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _header()
    if not data.startswith(header) or len(data) < len(header) + 32:
        return None
    checksum = data[len(header) : len(header) + 32]
    payload = memoryview(data)[len(header) + 32 :]  # not a copy: shards are megabytes
    if hashlib.sha256(payload).digest() != checksum:
        return None
    # Unpickling makes only new objects, no garbage, and at 10,000 articles 1.6 million
    # of them that live as long as the build: the collector would walk them as they
    # come and twice more as they age (0.3 s). They are set aside from it instead; a
    # build hands them back when it ends (`build.build`), as forking does (`parallel`).
    enabled = gc.isenabled()
    gc.disable()
    try:
        value = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unpickling failure means "not cached"
        return None
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return value


def save(path: Path, value: Any) -> bool:
    """Save atomically; False (and nothing changed) when the folder is not writable."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as out:
            # Pickled straight into the file, the checksum filled in after: the state
            # of a large site is never held as bytes too (about 20 MB at 10,000).
            out.write(_header())
            out.write(bytes(32))
            hashing = _Hashing(out)
            pickle.Pickler(hashing, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            out.seek(len(_header()))
            out.write(hashing.sha.digest())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    _remember(path, value)
    return True


class _Hashing:
    """A file that hashes what is written to it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.sha = out, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.out.write(data)


def sweep(folder: Path) -> None:
    """Remove temporary files that a killed process left half written (`save`)."""
    if not folder.is_dir():
        return
    for tmp in folder.glob(".*.tmp"):
        pid = tmp.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove(path: Path) -> None:
    _WARM.pop(path, None)
    path.unlink(missing_ok=True)
