"""Faults: a build killed at any moment, a disk that fills, a folder that refuses writes,
a cache that lies. In every case the site a reader is served stays whole, and the next
build is exactly what a clean build of the same sources gives.

"Whole" is what `output.py` promises, checked file by file against the trees of the
previous build and of a clean build of the new sources, each in a fresh folder:

- a full build (first, `--clean`, or one that remakes the search index) swaps the whole
  output folder at once: at any moment it IS the previous build or the new one;
- an incremental build without a search index patches in place, one whole file per
  rename: every file is the previous build's bytes or the new build's, every file of
  the previous build that the new one keeps is present, new files arrive before any
  changed one, and files the new build drops go only once everything else is new.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.incremental import stale
from sitegen.incremental import state as build_state
from sitegen.pipeline.build import Options, state_key
from sitegen.pipeline.build import build as build_site
from sitegen.shared import cachefile
from tests.support import EPOCH, Tree, article, leftovers, to_version, tree, write_site


def sitegen(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitegen.commands.cli", "build", *args]


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def run_build(site: Path, out: Path, *flags: str) -> tuple[float, str]:
    """A whole build in a subprocess: (seconds, standard error); it must succeed."""
    started = time.perf_counter()
    done = subprocess.run(
        sitegen("--site", str(site), "--out", str(out), "-q", "--wait", "5", *flags),
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started, done.stderr


def assert_swapped(now: Tree, old: Tree, new: Tree) -> str:
    """A folder swapped whole: exactly the previous build or exactly the new one."""
    if now == old:
        return "previous"
    assert now == new, f"neither build: {_diff(now, old)} / {_diff(now, new)}"
    return "new"


def assert_patched(now: Tree, old: Tree, new: Tree) -> str:
    """Patched in place, in `output.Patch`'s order (see the module's docstring)."""
    for path, data in now.items():
        assert data in (old.get(path), new.get(path)), f"{path} is neither build's"
    kept = old.keys() & new.keys()
    assert kept <= now.keys(), f"kept files missing: {sorted(kept - now.keys())[:5]}"
    changed = {p for p in kept if old[p] != new[p]}
    added, dropped = new.keys() - old.keys(), old.keys() - new.keys()
    if any(now[p] == new[p] for p in changed):
        assert added <= now.keys(), "a changed page may link to a new one: it came first"
    if dropped - now.keys():
        assert all(now[p] == new[p] for p in kept | added), "removal is the last step"
    return "previous" if now == old else "new" if now == new else "part new"


def _diff(a: Tree, b: Tree) -> str:
    differ = sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))
    return f"{len(differ)} differ, e.g. {differ[:3]}"


def kill(command: list[str], delay: float | None, phase: str | None) -> bool:
    """Start a build and SIGKILL it `delay` seconds later, or as soon as it reports
    reaching `phase` (its SITEGEN_TIMINGS lines); True when it was still running."""
    proc = subprocess.Popen(
        command,
        env={**env(), "SITEGEN_TIMINGS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if phase is None:
            proc.wait(timeout=delay)
            return False  # it finished first
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith(f"  {phase}:"):
                break
        else:
            return False
    except subprocess.TimeoutExpired:
        pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    return proc.returncode == -signal.SIGKILL


def survivors(mention: Path, grace: float = 3.0) -> list[str]:
    """Processes still running whose command line names `mention` (render workers,
    the Pagefind indexer), after giving the kernel `grace` seconds to end them."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                line = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if str(mention) in line and int(proc.name) != os.getpid():
                found.append(f"{proc.name}: {line}")
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_is_clean(
    tmp_path,
):
    site = write_site(tmp_path / "site", articles=100)
    outs = tmp_path / "outs"
    searched, plain = outs / "searched", outs / "plain"  # with and without the search index
    # The trees of clean builds of each version, each in a fresh folder.
    run_build(site, searched)
    run_build(site, plain, "--no-search")
    v1 = {"searched": tree(searched), "plain": tree(plain)}
    to_version(site, 2)
    clean_seconds, _ = run_build(site, tmp_path / "fresh-2", "--clean")
    run_build(site, tmp_path / "fresh-2-plain", "--clean", "--no-search")
    v2 = {"searched": tree(tmp_path / "fresh-2"), "plain": tree(tmp_path / "fresh-2-plain")}
    assert v1["searched"].keys() != v2["searched"].keys()  # pages come and go
    # Uncut incremental builds, timed: kills are spread over each kind's own duration.
    incremental_seconds, _ = run_build(site, searched)
    patch_seconds, _ = run_build(site, plain, "--no-search")
    assert tree(searched) == v2["searched"] and tree(plain) == v2["plain"]

    kinds = {  # name: (output folder, flags, seconds uncut, the promise it keeps)
        "clean": (searched, ["--clean"], clean_seconds, assert_swapped),
        "incremental": (searched, [], incremental_seconds, assert_swapped),
        "patch": (plain, ["--no-search"], patch_seconds, assert_patched),
    }
    rng = random.Random(9)
    per_kind = 3
    # Random delays, stratified: kill i of each kind lands in the i-th third of its
    # uncut duration (the last may land after the end: then nothing was cut). And two
    # kills at moments a random delay rarely hits: as the build reports its pages
    # rendered (the search index and the commit follow) and its commit done (the state
    # that tells the next build what is on disk is not saved yet).
    schedule = [
        (name, (i + rng.random()) / per_kind * 1.05, None)
        for i in range(per_kind)
        for name in kinds
    ] + [(name, None, phase) for phase in ("rendered", "committed") for name in kinds]
    versions = {"searched": 2, "plain": 2}  # what each folder holds now
    seen = []
    for name, fraction, phase in schedule:
        out, flags, seconds, promise = kinds[name]
        key = out.name
        version = 3 - versions[key]  # each kill interrupts a change of version
        old, new = (v1, v2)[versions[key] - 1][key], (v1, v2)[version - 1][key]
        to_version(site, version)
        delay = None if fraction is None else round(fraction * seconds, 2)
        killed = kill(sitegen("--site", str(site), "--out", str(out), *flags), delay, phase)
        assert survivors(outs) == [], "no worker or indexer outlives the build"
        state = promise(tree(out), old, new)
        seen.append((name, delay or phase, killed, state))
        if phase == "committed":
            assert (killed, state) == (True, "new")
        # The next build, as an editor would run it, gives a clean build's bytes; it
        # does not wait (the lock died with the killed build) and leaves nothing behind.
        _, said = run_build(site, out, *[f for f in flags if f != "--clean"])
        assert "waiting" not in said
        assert tree(out) == new, (name, delay, _diff(tree(out), new))
        versions[key] = version
        assert leftovers(outs, site) == [], (name, delay)
    kills = [s for s in seen if s[2]]
    print(f"\nkills: {len(kills)} of {len(seen)}; (kind, delay s or phase, killed, output):")
    size = sum(map(len, v2["searched"].values())) / 1e6
    print(
        f"site: {len(v2['searched'])} files, {size:.1f} MB; uncut: clean {clean_seconds:.2f}s, "
        f"incremental {incremental_seconds:.2f}s, patch {patch_seconds:.2f}s"
    )
    for line in seen:
        print("  ", line)
    assert len(kills) >= 10, seen


# -- write errors: one line, the previous site as it was -------------------------------


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A site of 24 stories built once into `out`; the sources then at version 2."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = write_site(tmp_path / "site", articles=24)
    out = tmp_path / "outs" / "public"
    build_site(Options(site, out, search=False, jobs=1))
    to_version(site, 2)
    return site, out


def clean_tree(site: Path, folder: Path, search: bool = False) -> Tree:
    build_site(Options(site, folder, search=search, jobs=1, clean=True))
    return tree(folder)


def failing_after(count: int, code: int, real=stale.put):
    """`put` that writes `count` files, then fails as the disk or folder would."""
    calls = []

    def put(root: Path, path: str, data: bytes) -> None:
        calls.append(path)
        if len(calls) > count:
            raise OSError(code, os.strerror(code))
        real(root, path, data)

    return put


@pytest.mark.parametrize(
    "code, after, jobs, clean",
    [
        (errno.ENOSPC, 5, "1", False),  # the disk fills part way through
        (errno.ENOSPC, 5, "2", False),  # ... in forked render workers
        (errno.ENOSPC, 30, "2", True),  # ... in a full build
        (errno.EROFS, 0, "1", False),  # a read-only output folder
        (errno.EACCES, 0, "2", True),  # a folder the build may not write
    ],
)
def test_a_write_error_is_one_line_and_leaves_the_previous_site(
    small, build, monkeypatch, tmp_path, code, after, jobs, clean
):
    site, out = small
    before = tree(out)
    monkeypatch.setattr(stale, "put", failing_after(after, code))
    flags = ["--no-search", "-j", jobs, *(["--clean"] if clean else [])]
    run = build(site, *flags, out=out)
    assert run.code == 1
    assert run.stderr.splitlines() == [
        f"--out: error: cannot write {out}: {os.strerror(code)}",
        f"build failed: 1 error(s); {out} left as it was",
    ]
    assert tree(out) == before
    assert leftovers(out.parent, site) == []


def test_a_site_file_that_cannot_be_read_is_reported_at_that_file(small, build, monkeypatch):
    site, out = small
    before = tree(out)
    brief = site / "static/files/brief.txt"
    brief.write_text("a new court brief\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == brief:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    run = build(site, "--no-search", "-j", "1", out=out)
    assert run.code == 1
    assert run.problems == ["static/files/brief.txt: error: cannot read: Permission denied"]
    assert tree(out) == before


def test_a_disk_that_fills_while_new_pages_go_in_takes_them_back_out(
    small, build, monkeypatch, tmp_path
):
    site, out = small
    before = tree(out)
    real = os.replace
    moved: list[str] = []
    refused: list[str] = []

    def replace(source, target) -> None:
        if Path(target).is_relative_to(out):
            if len(moved) == 1:  # two new pages: the first went in, the second cannot
                refused.append(str(target))
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
            moved.append(str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    run = build(site, "--no-search", "-j", "1", out=out)
    monkeypatch.setattr(os, "replace", real)
    assert run.code == 1 and "Traceback" not in run.stderr
    assert run.problems == [f"--out: error: cannot write {refused[0]}: No space left on device"]
    new = [Path(p).relative_to(out).as_posix() for p in (*moved, *refused)]
    assert [p for p in new if p in before] == [], "both were new pages"
    assert tree(out) == before  # the new page that went in came out again
    assert build(site, "--no-search", out=out).code == 0
    assert tree(out) == clean_tree(site, tmp_path / "clean")


def test_a_build_interrupted_part_way_through_its_commit_leaves_whole_files(
    small, monkeypatch, tmp_path
):
    """Between renames, in-process (a random kill rarely lands there): the promise of
    a patch holds, and the next build, which finds no state, is a clean one."""
    site, out = small
    old = tree(out)
    new = clean_tree(site, tmp_path / "clean")
    real = os.replace
    moved: list[str] = []

    def replace(source, target) -> None:
        if Path(target).is_relative_to(out):
            if len(moved) == 6:
                raise KeyboardInterrupt  # as Ctrl-C would, or a kill
            moved.append(str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        build_site(Options(site, out, search=False, jobs=1))
    monkeypatch.setattr(os, "replace", real)
    assert assert_patched(tree(out), old, new) == "part new"
    build_site(Options(site, out, search=False, jobs=1))
    assert tree(out) == new
    assert leftovers(out.parent, site) == []


# -- a cache that lies is never trusted --------------------------------------------------


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    return data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:]


def _other_version(data: bytes) -> bytes:
    # A whole, well-formed file, checksum and all, from another cache format.
    header = cachefile.MAGIC + f"sitegen {cachefile.FORMAT}\n".encode()
    return cachefile.MAGIC + f"sitegen {cachefile.FORMAT + 1}\n".encode() + data[len(header) :]


CORRUPTIONS = {
    "empty": lambda data: b"",
    "truncated": _truncated,
    "garbage": lambda data: b"\x00\xff not a cache" * 100,
    "checksum mismatch": _flipped,
    "another format version": _other_version,
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_corrupt_cache_is_rebuilt_never_trusted(small, tmp_path, kind):
    site, out = small
    folder = cachefile.folder(site)
    names = sorted(p.name for p in folder.iterdir())
    assert any(n.startswith("state-") for n in names) and any(
        n.startswith("parsed-") for n in names
    )
    for path in folder.iterdir():
        path.write_bytes(CORRUPTIONS[kind](path.read_bytes()))
    cachefile._WARM.clear()  # as in a new process
    build_site(Options(site, out, search=False, jobs=1))
    assert tree(out) == clean_tree(site, tmp_path / "clean")
    # Rebuilt: every cache file reads again.
    cachefile._WARM.clear()
    assert all(cachefile.load(folder / n) is not None for n in names)


def test_a_cache_from_another_version_of_sitegen_is_not_used(small, tmp_path, monkeypatch):
    """Well-formed and checksummed, but made by other code (or for other options): the
    state is keyed by a digest of sitegen's code, and a key that differs reads as none."""
    site, out = small
    key = state_key(Options(site, out, search=False, jobs=1))
    state = build_state.load(site, key)
    assert state is not None
    state.key = key.replace(build_state.code_version(), "0" * 24)
    state.outputs = {}  # were it trusted, nothing would be rebuilt
    cachefile.save(build_state.path(site, key), state)
    cachefile.remove(build_state.path(site, key, "summary"))
    build_site(Options(site, out, search=False, jobs=1))
    assert tree(out) == clean_tree(site, tmp_path / "clean")


# -- broken input is reported at its file, with all the other problems -----------------


def test_a_bad_static_link_is_listed_with_every_other_problem(make_site, build, tmp_path):
    site = make_site(
        {
            "content/articles/a.md": article(extra="sectoin: news\n"),
            "static/ok.txt": "fine",
        }
    )
    (site / "static/gone.png").symlink_to("nothing-here.png")
    run = build(site, "--no-search")
    assert run.code == 1
    assert run.problems == [
        "content/articles/a.md:6: error: sectoin: unknown field (did you mean `section`?)",
        "static/gone.png: error: is a link to `nothing-here.png`, which does not exist",
    ]


def test_a_static_file_whose_name_would_leave_the_output_folder_is_named(make_site, build):
    name = "a\\..\\..\\evil.txt"
    site = make_site({"content/articles/a.md": article(), f"static/{name}": "x"})
    run = build(site, "--no-search")
    assert run.code == 1
    assert run.problems == [
        f"static/{name}: error: refusing to write outside the output folder: {name!r}"
    ]


@pytest.mark.parametrize(
    "name",
    ["site.yaml", "content/people.yaml", "content/glossary.yaml", "content/cases/x.yaml"],
)
def test_a_data_file_that_is_not_utf8_is_a_problem_at_its_line(make_site, build, name):
    site = make_site({"content/articles/a.md": article()})
    text = (site / name).read_bytes() if name == "site.yaml" else b"- name: A\n  slug: a\n"
    if name.endswith("glossary.yaml"):
        text = b"- term: A\n  definition: B\n"
    elif name.endswith("x.yaml"):
        text = b"title: X\n"
    data = text + b"# caf\xe9\n"
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)
    run = build(site, "--no-search")
    line = data.count(b"\n")
    at = data.index(b"\xe9")
    assert run.code == 1
    error = f"{name}:{line}: error: is not UTF-8 text (invalid continuation byte at byte {at})"
    # The one error, and for a glossary or people file the note of what goes unchecked
    # meanwhile (reported once, at the file, never at every article).
    notes = [p for p in run.problems if p.startswith(f"{name}:1: warning: ")]
    assert run.problems == [*notes, error]
    assert len(notes) == (1 if name in ("content/people.yaml", "content/glossary.yaml") else 0)
