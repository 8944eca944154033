"""The build state: for each output, what it was made from, kept between builds.

Saved in the site's cache folder (one file per output folder and set of options), it
lets the next build

- stop at once when no input file changed (`unchanged`): every file the build reads
  is listed with its size and modification time, the output folder is checked file
  by file against what was written, and a scheduled article coming due counts as a
  change. A file modified within the clock's resolution of the build's start cannot
  be told apart by its stamp: it is known by its bytes' SHA-256 instead (`hashes`);
- otherwise re-render only outputs whose recorded inputs changed (`stale`): the
  digest of their context, the templates they loaded, the posts they read, the site
  values and site calls they read.

The state is a cachefile, not a record: when it is missing, corrupt (see `cache`), from
another version of sitegen, or says something the output folder contradicts, the
build does the work again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.incremental.track import CallKey
from sitegen.shared import cachefile
from sitegen.shared.errors import Problem
from sitegen.shared.files import Stamp, stamp
from sitegen.shared.folders import CACHE_FOLDER

Hashed = tuple[Stamp, bytes]  # a stamp, and the SHA-256 of the file's bytes under it
PACKAGE = Path(__file__).parent


@dataclass(frozen=True)
class OutputRecord:
    origin: str
    digest: bytes  # of the bytes written
    stamp: Stamp  # of the file in the output folder after the build
    context: bytes  # digest of what the plan gave it
    templates: tuple[str, ...] = ()
    posts: tuple[tuple[str, str], ...] = ()  # (post URL, attribute) read
    attrs: tuple[str, ...] = ()
    calls: tuple[CallKey, ...] = ()
    opaque: bool = False


@dataclass
class BuildState:
    key: str  # what this state is valid for: sitegen's code, options, output folder
    inputs: dict[str, Stamp] = field(default_factory=dict)
    # Recent files' stamps are recorded as (size, -1), which no file has, and their
    # stamps and bytes' SHA-256 at the build's start are here (see `hash_recent`).
    hashes: dict[str, Hashed] = field(default_factory=dict)
    valid_until: datetime | None = None  # the next scheduled article comes due then
    scheduled: list[tuple[str, datetime]] = field(default_factory=list)  # (path, date)
    problems: list[Problem] = field(default_factory=list)  # warnings to repeat
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    posts: dict[str, bytes] = field(default_factory=dict)  # URL -> digest of all of it
    post_reads: dict[tuple[str, str], bytes | None] = field(default_factory=dict)
    attrs: dict[str, bytes] = field(default_factory=dict)
    calls: dict[CallKey, bytes] = field(default_factory=dict)
    templates: dict[str, bytes] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)  # foreign folders kept, e.g. the search index


@dataclass
class Summary:
    """What a no-change build needs, apart from the rest (small, so it loads fast)."""

    key: str
    inputs: dict[str, Stamp]
    hashes: dict[str, Hashed]
    valid_until: datetime | None
    problems: list[Problem]
    outputs: dict[str, tuple[Stamp, str]]  # path -> (stamp, origin)
    extra: list[str]
    scheduled: list[tuple[str, datetime]] = field(default_factory=list)  # said again

    @classmethod
    def of(cls, state: BuildState) -> Summary:
        outputs = {p: (r.stamp, r.origin) for p, r in state.outputs.items()}
        return cls(
            state.key,
            state.inputs,
            state.hashes,
            state.valid_until,
            state.problems,
            outputs,
            state.extra,
            state.scheduled,
        )


def _entry_stamp(path: str) -> Stamp | None:
    """A file's stamp, or a link's: its target's while it leads somewhere, else its own
    (a link to nothing or a loop is an input too: a build reports it)."""
    try:
        st = os.stat(path)
    except OSError:
        try:
            st = os.lstat(path)
        except OSError:
            return None
    return (st.st_size, st.st_mtime_ns)


def _walk(root: Path, found: dict[str, Stamp], label: str) -> None:
    """Every entry under root that is not a folder (hidden ones too: a build may read
    them), with its stamp: files, links (to folders too, which os.walk does not enter),
    pipes and the like, so that a new entry of any kind is a change the next build sees
    (and reports, if it is refused: see `entries`)."""
    for folder, dirs, files in os.walk(root):
        linked = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        dirs[:] = sorted(
            d for d in dirs if d != CACHE_FOLDER and d != "__pycache__" and d not in linked
        )
        for name in (*files, *linked):
            path = os.path.join(folder, name)
            st = _entry_stamp(path)
            if st is not None:
                found[f"{label}/{os.path.relpath(path, root)}"] = st


def input_stamps(site_dir: Path) -> dict[str, Stamp]:
    """What a build reads: site.yaml, content/, templates/, static/, sitegen itself."""
    found: dict[str, Stamp] = {}
    config = _entry_stamp(str(site_dir / "site.yaml"))
    if config is not None:
        found["site.yaml"] = config
    for name in ("content", "templates", "static"):
        top = site_dir / name
        if top.is_symlink() or not top.is_dir():
            st = _entry_stamp(str(top))  # a link or a file where a folder belongs
            if st is not None:
                found[name] = st
        if top.is_dir():
            _walk(top, found, name)
    _walk(PACKAGE, found, "@sitegen")
    return found


@functools.cache
def code_version() -> str:
    """A digest of sitegen's own code: a new version trusts no cache made by an old one."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*.py")):
        digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()[:24]


def state_key(site_dir: Path, out_dir: Path, options: tuple) -> str:
    """`FILE:CODE:OPTIONS`: one state file per output folder, valid for one version of
    sitegen and one set of options (a build with other options starts afresh, so that
    nothing the other options produced, such as drafts, stays behind)."""
    text = f"{site_dir.resolve()}\0{out_dir.resolve()}"
    options_digest = hashlib.sha256(repr(options).encode()).hexdigest()[:12]
    return f"{hashlib.sha256(text.encode()).hexdigest()[:24]}:{code_version()}:{options_digest}"


def recorded(site_dir: Path, out_dir: Path) -> bool:
    """Whether this site's cache holds a build state for `out_dir` from any version of
    sitegen: the folder is one a build of this site made (see `output.refuse_reason`)."""
    key = state_key(site_dir, out_dir, ())
    return any(path(site_dir, key, kind).is_file() for kind in ("state", "summary"))


def path(site_dir: Path, key: str, kind: str = "state") -> Path:
    return cachefile.folder(site_dir) / f"{kind}-{key.split(':')[0]}.pickle"


def load(site_dir: Path, key: str) -> BuildState | None:
    state = cachefile.load(path(site_dir, key))
    if not isinstance(state, BuildState) or state.key != key:
        return None
    return state


def load_summary(site_dir: Path, key: str) -> Summary | None:
    summary = cachefile.load(path(site_dir, key, "summary"))
    if not isinstance(summary, Summary) or summary.key != key:
        return None
    return summary


def save(site_dir: Path, state: BuildState) -> bool:
    """The state, then its summary: a summary never describes a state not saved."""
    if not cachefile.save(path(site_dir, state.key), state):
        return False
    return cachefile.save(path(site_dir, state.key, "summary"), Summary.of(state))


def forget(site_dir: Path, key: str) -> None:
    """Drop the state before touching the output, so a crash cannot leave it lying."""
    cachefile.remove(path(site_dir, key, "summary"))
    cachefile.remove(path(site_dir, key))


def output_intact(out_dir: Path, summary: Summary) -> bool:
    """Whether every recorded output is on disk as the last build left it."""
    root = str(out_dir)
    for rel, (recorded, _) in summary.outputs.items():
        if stamp(os.path.join(root, rel)) != recorded:
            return False
    return True


def _file(site_dir: Path, rel: str) -> Path:
    """The file an entry of `input_stamps` names."""
    if rel.startswith("@sitegen/"):
        return PACKAGE / rel.removeprefix("@sitegen/")
    return site_dir / rel


# How far apart a file's modification stamp and the write it records can be (file
# systems with coarse clocks, a save in the same tick as a read). Within that of a
# moment, two versions of a file can carry one stamp.
RACY_NS = 2_000_000_000


def stamp_trusted(stamp: Stamp, moment_ns: int) -> bool:
    """Whether a file's stamp alone tells which version of it was seen at `moment_ns`:
    the one rule for trusting stamps, used by the build state and the parse cache."""
    return stamp[1] < moment_ns - RACY_NS


def file_sha256(file: Path) -> bytes | None:
    """The SHA-256 of a file's bytes; None when it cannot be read or is not a file (a
    named pipe is never opened: reading one waits for a writer forever)."""
    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            return None
        return hashlib.sha256(file.read_bytes()).digest()
    except OSError:
        return None


def hash_recent(site_dir: Path, inputs: dict[str, Stamp], moment_ns: int) -> dict[str, Hashed]:
    """The stamp and SHA-256 of each input whose stamp is not trusted at `moment_ns`
    (see `stamp_trusted`). Hashed
    before the build reads them, the bytes are never newer than what it built from:
    a later save under the same stamp shows as other bytes, and the next build checks.
    (Right after a corpus of 100,000 files is written, some 10,000 are recent: 50 MB.)"""
    found = {}
    for rel, st in inputs.items():
        if not stamp_trusted(st, moment_ns):
            sha = file_sha256(_file(site_dir, rel))
            if sha is not None:
                found[rel] = (st, sha)
    return found


def same_inputs(summary: Summary, inputs: dict[str, Stamp], site_dir: Path) -> bool:
    """Whether every input file is as the last build found it: by its stamp, or for
    a recent one, by its stamp and bytes."""
    if summary.inputs == inputs:
        return True
    if summary.inputs.keys() != inputs.keys():
        return False
    for rel, now in inputs.items():
        if summary.inputs[rel] == now:
            continue
        hashed = summary.hashes.get(rel)
        if hashed is None or hashed[0] != now or file_sha256(_file(site_dir, rel)) != hashed[1]:
            return False
    return True


def unchanged(
    summary: Summary | None,
    inputs: dict[str, Stamp],
    now: datetime,
    out_dir: Path,
    site_dir: Path,
) -> bool:
    """True when a build would write nothing: the fast path of a no-change build."""
    if summary is None or not same_inputs(summary, inputs, site_dir):
        return False
    if summary.valid_until is not None and now >= summary.valid_until:
        return False
    return output_intact(out_dir, summary)
