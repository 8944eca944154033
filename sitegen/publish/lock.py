"""One build at a time into an output folder, with a lock that dies with its build.

Two builds writing the same output folder at once (a deploy job started twice, `sitegen
build` beside `sitegen serve --out` the same folder) would mix their files. Each build
therefore holds an exclusive `flock` on `.NAME.lock` beside the output folder `NAME` (the
folder where the build stages its files anyway, so it is writable) while it writes. A
second build waits for it, saying so once on standard error, and gives up after `wait`
seconds (`Busy`).

The kernel drops a `flock` when the last descriptor of its file closes, so a build that
is killed (even by SIGKILL) never leaves a stale lock. Forked render workers would
inherit that descriptor and could outlive a killed build, holding the lock and writing
into its staging folder: a child forked while a lock is held closes its copy and asks
the kernel (Linux's PR_SET_PDEATHSIG) to be killed along with the build.

The lock file holds the holder's pid and site folder, for the waiting message. It is
removed on release; a waiter that locked a file since removed tries again (the classic
flock-and-unlink race), so removing it is safe.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Long enough for a full build of a large site queued behind another; bounded so that a
# deploy job behind a hung build fails rather than waits for ever. `--wait` overrides.
DEFAULT_WAIT = 600.0
POLL = 0.05  # seconds between attempts while waiting


class Busy(Exception):
    """Another build kept the lock longer than this one would wait."""


@dataclass(frozen=True)
class Holder:
    pid: int | None
    site: str

    def describe(self, site_dir: Path, out_dir: Path) -> str:
        pid = f"pid {self.pid}" if self.pid else "pid unknown"
        if not self.site or self.site == str(site_dir.resolve()):
            return f"another build of this site ({pid})"
        return f"another build into {out_dir} ({pid}, site {self.site})"


def path(out_dir: Path) -> Path:
    out = out_dir.resolve()
    return out.parent / f".{out.name}.lock"


class Lock:
    """A held lock; `release` ends it (and so does the process ending, however)."""

    def __init__(self, file: Path, fd: int) -> None:
        self.file = file
        self.fd = fd

    def release(self) -> None:
        if self.fd < 0:
            return
        _HELD.discard(self.fd)
        # Unlink while still holding it, so no one can lock this file after us and
        # believe it is the current one (see `_open_locked`).
        with contextlib.suppress(OSError):
            if _same_file(self.fd, self.file):
                self.file.unlink()
        os.close(self.fd)  # drops the flock
        self.fd = -1


def acquire(
    out_dir: Path, site_dir: Path, wait: float, notify: Callable[[str], None] | None = None
) -> Lock:
    """Lock `out_dir` for one build; wait up to `wait` seconds (0: not at all).

    Raise `Busy` when the lock is still held after that, OSError when the lock file
    cannot be made (the output folder's parent is not writable)."""
    file = path(out_dir)
    file.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        fd = _open_locked(file)
        if fd is not None:
            break
        holder = _holder(file)
        if not told:
            message = f"waiting for {holder.describe(site_dir, out_dir)} to finish"
            (notify or _say)(message + f" (up to {wait:g} s; see --wait)")
            told = True
        if time.monotonic() >= deadline:
            raise Busy(
                f"{holder.describe(site_dir, out_dir)} is still writing {out_dir} "
                f"after {wait:g} s; not building (try again, or give --wait more seconds)"
            )
        time.sleep(POLL)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n{site_dir.resolve()}\n".encode(), 0)
    _HELD.add(fd)
    _OWNER[0] = os.getpid()
    return Lock(file, fd)


def _open_locked(file: Path) -> int | None:
    """A descriptor of `file` holding its flock, or None while another process holds it."""
    while True:
        fd = os.open(file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                return None
            raise
        if _same_file(fd, file):
            return fd
        os.close(fd)  # the holder removed it as we opened it: lock the new one


def _same_file(fd: int, file: Path) -> bool:
    try:
        st = os.stat(file)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(file: Path) -> Holder:
    # The holder writes its pid just after locking: a moment's retry covers that gap.
    for _ in range(10):
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        if lines and lines[0].strip().isdigit():
            return Holder(int(lines[0]), lines[1] if len(lines) > 1 else "")
        time.sleep(0.02)
    return Holder(None, "")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Descriptors of locks held by this process: a forked child closes its copies.
_HELD: set[int] = set()
_OWNER = [0]  # the pid that holds them (a child's parent)


def _prctl() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


_PRCTL = _prctl()
_PR_SET_PDEATHSIG = 1


def _die_with_build() -> None:
    """In a child of the build: be killed when the build ends, however it ends."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)  # kept across exec
    if os.getppid() != _OWNER[0]:
        os._exit(1)  # the build died before the line above took effect


def _after_fork_in_child() -> None:
    if not _HELD:
        return
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)  # this copy only: the build keeps its lock
    _HELD.clear()
    _die_with_build()


def child_setup() -> Callable[[], None] | None:
    """`preexec_fn` for a program the build runs that writes into its staging folder
    (Pagefind), so that it does not outlive a killed build. None in a process with
    threads (`sitegen serve`), where code between fork and exec is not safe to run, and
    when no lock is held."""
    if not _HELD or threading.active_count() != 1:
        return None
    return _die_with_build


os.register_at_fork(after_in_child=_after_fork_in_child)
