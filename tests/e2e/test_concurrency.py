"""Builds at the same time: of one output folder, one at a time, never interleaved.

A build holds a lock on its output folder (`lock.py`: a `flock` on `.NAME.lock` beside
it) while it writes; another build of the same folder says that it waits, for whom, and
goes on when the lock is free, or gives up after `--wait SECONDS` (default 600). Each
rebuild of `sitegen serve` takes the same lock. Everything here runs real `sitegen`
processes, except where a test holds the lock itself.
"""

from __future__ import annotations

import fcntl
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.pipeline.build import Options
from sitegen.pipeline.build import build as build_site
from sitegen.publish import lock
from tests.support import EPOCH, leftovers, story, to_version, tree, wait_until, write_site

WAITING = re.compile(r"waiting for another build of this site \(pid (\d+)\) to finish")


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def start(site: Path, out: Path, *flags: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "sitegen.commands.cli", "build", "--site", str(site)]
    return subprocess.Popen(
        [*command, "--out", str(out), "-q", *flags],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def clean(site: Path, folder: Path, search: bool = True) -> dict[str, bytes]:
    build_site(Options(site, folder, search=search, clean=True))
    return tree(folder)


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@contextmanager
def held(out: Path, site: Path) -> Iterator[None]:
    """The output folder's lock, held by this test as another build of `site` would."""
    file = lock.path(out)
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n{site.resolve()}\n")
        handle.flush()
        yield
        os.unlink(file)


def tree_text(out: Path) -> str:
    """Every page of the output as one text, for a look for a headline."""
    return "".join(p.read_text(errors="replace") for p in out.rglob("*.html"))


def holder(out: Path) -> str:
    """The pid written in the output folder's lock file, if any."""
    try:
        return lock.path(out).read_text().split("\n")[0]
    except OSError:
        return ""


class Lines:
    """A process's standard error, line by line, read by a thread (so waits can end)."""

    def __init__(self, stream) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put("")

    def until(self, done, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            assert line, f"ended without that; said: {''.join(self.seen)}"
            self.seen.append(line)
            if done(line):
                return line


def test_two_builds_started_at_once_take_turns(tmp_path):
    site = write_site(tmp_path / "site", articles=60)
    out = tmp_path / "outs" / "public"
    first, second = start(site, out), start(site, out)
    errors = [proc.communicate(timeout=120)[1] for proc in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], errors
    waits = [WAITING.findall(text) for text in errors]
    # One of them waited, for the other; the other never waited.
    assert sorted(map(len, waits)) == [0, 1], errors
    waiter, other = (0, 1) if waits[0] else (1, 0)
    assert int(waits[waiter][0]) == (first, second)[other].pid
    assert tree(out) == clean(site, tmp_path / "clean")
    assert leftovers(out.parent, site) == []  # the lock file went with the last build


def test_a_build_waits_while_the_lock_is_held_and_goes_on_once_it_is_free(tmp_path):
    site = write_site(tmp_path / "site", articles=12)
    out = tmp_path / "outs" / "public"
    with held(out, site):
        proc = start(site, out, "--wait", "60")
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert WAITING.search(line), line
        assert WAITING.search(line)[1] == str(os.getpid())
        # It said it waits, so it has read the lock as held; we still hold it, so it
        # can have written nothing, and it is still there, waiting.
        assert proc.poll() is None and not out.exists(), "nothing written while waiting"
    _, rest = proc.communicate(timeout=60)
    assert proc.returncode == 0, rest
    assert tree(out) == clean(site, tmp_path / "clean")


@pytest.mark.parametrize("wait", ["0", "0.5"])
def test_a_build_gives_up_after_wait_seconds_leaving_the_output_as_it_was(tmp_path, wait):
    site = write_site(tmp_path / "site", articles=12)
    out = tmp_path / "outs" / "public"
    build_site(Options(site, out, search=False))
    before = tree(out)
    to_version(site, 2)
    with held(out, site):
        started = time.perf_counter()
        proc = start(site, out, "--wait", wait, "--no-search")
        _, said = proc.communicate(timeout=60)
        seconds = time.perf_counter() - started
    assert proc.returncode == 1
    pid = os.getpid()
    assert said.splitlines() == [
        f"waiting for another build of this site (pid {pid}) to finish (up to {wait} s; see "
        "--wait)",
        f"--out: error: another build of this site (pid {pid}) is still writing {out} after "
        f"{wait} s; not building (try again, or give --wait more seconds)",
        f"build failed: 1 error(s); {out} left as it was",
    ]
    # Gave up, and not before its time; the slack is for a loaded machine starting Python
    # (the default wait, 600 s, is far beyond it).
    assert float(wait) <= seconds < float(wait) + 30
    assert tree(out) == before


def test_a_killed_build_leaves_no_lock_behind(tmp_path):
    site = write_site(tmp_path / "site", articles=40)
    out = tmp_path / "outs" / "public"
    proc = start(site, out)

    def holding() -> bool:
        assert proc.poll() is None, "the build ended before it was killed"
        return holder(out) == str(proc.pid)

    wait_until(holding, "the build to take the lock")  # killed while it holds the lock
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    again = start(site, out, "--wait", "0")
    _, said = again.communicate(timeout=120)
    assert again.returncode == 0 and "waiting" not in said, said
    assert tree(out) == clean(site, tmp_path / "clean")
    assert leftovers(out.parent, site) == []


def test_serve_and_build_of_one_folder_take_turns(tmp_path):
    site = write_site(tmp_path / "site", articles=120)
    out = tmp_path / "outs" / "public"
    command = [sys.executable, "-m", "sitegen.commands.cli", "serve", "--site", str(site)]
    serve = subprocess.Popen(
        [*command, "--out", str(out), "--port", "0"],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    said = Lines(serve.stderr)
    try:
        said.until(lambda line: line.startswith("serving "))  # after its first build
        # The lock held as a build holds it, for as long as the test says: no race
        # between a real build finishing and the preview noticing the edit.
        with held(out, site):
            edited = site / "content/articles/day-0003.md"
            edited.write_text(story(3, "Day 3, a witness recants"), encoding="utf-8")
            waited = said.until(lambda line: "waiting" in line)
            assert WAITING.search(waited)[1] == str(os.getpid())
            assert "Day 3, a witness recants" not in tree_text(out), "written while waiting"
        said.until(lambda line: line.startswith("built "))
        # And a build started while the preview is idle goes ahead without waiting.
        building = start(site, out, "--clean")
        _, built = building.communicate(timeout=120)
        assert building.returncode == 0, built
        assert "waiting" not in built
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
    assert serve.returncode == 0, "".join(said.seen)
    site_now = tree(out)
    assert any(b"Day 3, a witness recants" in data for data in site_now.values())
    assert site_now == clean(site, tmp_path / "clean")
