"""The record of the last build into an output folder: whether it finished, and what
it left there, so that a deploy never publishes a folder from a failed or partial build.

A build marks the folder as being built (`begin`) before it reads anything, and only
once the output is committed and the build state saved does it write the listing of
every file it left, with each file's stamp (`finish`). A build that fails (an editor's
error, a full disk) or is killed leaves the mark, and `check` then refuses the folder,
even though the folder itself holds the previous whole site: the editor is deploying
what they just built, and that build did not happen. A file changed or removed since
the build (by hand, by another tool) shows in its stamp, and is refused too.

Both files live in the site's cache folder (`cachefile`), named by the output folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.shared import cachefile as cache
from sitegen.shared.files import Stamp, stamp


@dataclass(frozen=True)
class Listing:
    """What a finished build left in the output folder."""

    out_dir: str  # resolved
    drafts: bool
    future: bool
    files: dict[str, Stamp]  # output path -> stamp after the build


class NotDeployable(Exception):
    """The output folder is not the whole result of a finished build; says why."""


def _name(out_dir: Path) -> str:
    return hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:24]


def _listing_path(site_dir: Path, out_dir: Path) -> Path:
    return cache.folder(site_dir) / f"finished-{_name(out_dir)}.pickle"


def _mark_path(site_dir: Path, out_dir: Path) -> Path:
    return cache.folder(site_dir) / f"building-{_name(out_dir)}"


def begin(site_dir: Path, out_dir: Path) -> None:
    """Say that a build into `out_dir` has started (and has not finished)."""
    mark = _mark_path(site_dir, out_dir)
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    except OSError:
        # No cache folder to write to: no listing can be saved either, so a deploy
        # refuses the folder anyway; the build itself goes on.
        cache.remove(_listing_path(site_dir, out_dir))


def finish(site_dir: Path, out_dir: Path, listing: Listing | None) -> None:
    """The build finished: save its listing (None: the last one still holds, as after
    a build that found nothing changed) and lift the mark."""
    path = _listing_path(site_dir, out_dir)
    if listing is not None and not cache.save(path, listing):
        return
    if listing is None and not isinstance(cache.load(path), Listing):
        return  # nothing to vouch for the folder: leave the mark, a deploy refuses
    _mark_path(site_dir, out_dir).unlink(missing_ok=True)


def stamps(out_dir: Path, paths: Iterable[str], folders: Iterable[str] = ()) -> dict[str, Stamp]:
    """The stamps of `paths` and of every file under `folders` (such as the search
    index, which the build does not list file by file)."""
    root = out_dir.resolve()
    found: dict[str, Stamp] = {}
    for rel in paths:
        st = stamp(root / rel)
        if st is not None:
            found[rel] = st
    for name in folders:
        for folder, dirs, files in os.walk(root / name):
            dirs.sort()
            for file in files:
                full = os.path.join(folder, file)
                st = stamp(full)
                if st is not None:
                    found[Path(os.path.relpath(full, root)).as_posix()] = st
    return found


def check(site_dir: Path, out_dir: Path) -> Listing:
    """The listing of a whole output folder; raise NotDeployable saying why not."""
    shown = out_dir.as_posix()
    if not out_dir.is_dir():
        raise NotDeployable(f"{shown} does not exist: build the site first (sitegen build)")
    if _mark_path(site_dir, out_dir).exists():
        raise NotDeployable(
            f"the last build into {shown} failed or did not finish: "
            "build again, and deploy once the build succeeds"
        )
    listing = cache.load(_listing_path(site_dir, out_dir))
    if not isinstance(listing, Listing) or listing.out_dir != str(out_dir.resolve()):
        raise NotDeployable(
            f"no finished build of {shown} is recorded: build the site first (sitegen build)"
        )
    if listing.drafts or listing.future:
        what = "drafts" if listing.drafts else "articles dated later"
        raise NotDeployable(
            f"{shown} was built with {what}: build it without --drafts and --future to deploy"
        )
    root = out_dir.resolve()
    changed = [rel for rel, st in listing.files.items() if stamp(root / rel) != st]
    if changed:
        raise NotDeployable(
            f"{len(changed)} file(s) in {shown} changed since the build, such as "
            f"{sorted(changed)[0]}: build again before deploying"
        )
    return listing
