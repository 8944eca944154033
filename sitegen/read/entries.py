"""Which entries of a site's input folders a build may read, decided without opening any.

A build reads `site.yaml` and what is under `content/`, `templates/` and `static/`.
Every entry there is looked at with `lstat` first, and only files and folders are read:

- a symbolic link is followed only when it leads to a file inside the site folder (the
  build then reads that file). A link that leads outside the site (`/proc/self/environ`,
  a deploy key, in a contributed change), a link to a folder (never followed, so its
  files would silently be missing), a link to nothing and a loop of links are each an
  error at the link's path, and the link is never read;
- a named pipe, socket or device is an error at its path and is never opened (reading a
  pipe waits for a writer forever).

Entries sitegen never reads are not looked at: hidden ones (`.git`, editor swap files),
and in `content/` also `_draft.md` and `#backup#` (see `sources.discover`).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sitegen.shared.errors import Problem
from sitegen.shared.folders import CONFIG_FILE, CONTENT, STATIC, TEMPLATES

# The input folders, each with the name prefixes it never reads.
FOLDERS = {CONTENT: (".", "_", "#"), TEMPLATES: (".",), STATIC: (".",)}

_SPECIAL = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def _kind(mode: int) -> str:
    return _SPECIAL.get(stat.S_IFMT(mode), "not a file or folder")


def _problem(rel: str, message: str) -> Problem:
    return Problem(rel, 0, "error", "", message)


def _link(path: Path, rel: str, site: Path) -> Problem | None:
    """The problem with a link, or None when it leads to a file inside the site."""
    written = os.readlink(path)
    try:
        mode = os.stat(path).st_mode  # follows the link: never opens what it leads to
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            why = "which leads back to itself (a loop of links)"
        else:
            why = "which does not exist"
        return _problem(rel, f"is a link to `{written}`, {why}")
    if not path.resolve().is_relative_to(site):
        why = "outside the site folder: copy what it links to into the site instead"
    elif stat.S_ISDIR(mode):
        why = "a folder, which is not followed: link its files instead"
    elif not stat.S_ISREG(mode):
        why = f"{_kind(mode)}, which is never read: link a file instead"
    else:
        return None
    return _problem(rel, f"is a link to `{written}`, {why}")


def _entry(path: Path, rel: str, site: Path, skip: tuple[str, ...], out: list[Problem]) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return  # gone while we looked: nothing to read
    if stat.S_ISLNK(mode):
        problem = _link(path, rel, site)
        if problem is not None:
            out.append(problem)
    elif stat.S_ISDIR(mode):
        try:
            names = sorted(os.listdir(path))
        except OSError:
            return  # an unreadable folder is reported where a file in it is read
        for name in names:
            if not name.startswith(skip):
                _entry(path / name, f"{rel}/{name}", site, skip, out)
    elif not stat.S_ISREG(mode):
        out.append(_problem(rel, f"is {_kind(mode)}, not a file: sitegen reads only files"))


def problems(site_dir: Path) -> list[Problem]:
    """Every entry of the site's inputs that must not be read, each as an error at its
    path, in path order; an empty list when every entry is a file, a folder or a link
    to a file inside the site."""
    site = site_dir.resolve()
    out: list[Problem] = []
    _entry(site_dir / CONFIG_FILE, CONFIG_FILE, site, (".",), out)
    for folder, skip in FOLDERS.items():
        _entry(site_dir / folder, folder, site, skip, out)
    return sorted(out)


def refused(problems: list[Problem], rel: str) -> bool:
    """Whether the entry `rel` (relative to the site) is, or is inside, a refused one."""
    return any(rel == p.path or rel.startswith(p.path + "/") for p in problems)
