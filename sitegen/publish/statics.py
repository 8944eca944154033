"""Files copied as they are: the theme's assets and the site's static/ folder."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.model.outputs import Output
from sitegen.shared.errors import BuildError, Diagnostics, Problem
from sitegen.shared.folders import THEME


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _linked(site_dir: Path, static: Path) -> list[Problem]:
    """Links in static/ that would publish what is not in the site folder.

    A link is followed only to a file inside the site. One to anywhere else could put
    the build machine's files on the web (`static/env.txt -> /proc/self/environ` in a
    contributed change); a linked folder is not followed (and so would be lost) and a
    dangling link has nothing to copy: each is an error, never a silent skip.
    """
    site = site_dir.resolve()
    links = [static] if static.is_symlink() else []
    if static.is_dir():
        # Hidden entries are never copied (see `_files`), so their links do not matter.
        links += [
            p
            for p in static.rglob("*")
            if p.is_symlink() and not any(x.startswith(".") for x in p.relative_to(static).parts)
        ]
    problems = []
    for link in sorted(links):
        where = link.relative_to(site_dir).as_posix()
        target = link.resolve()
        if not link.exists():
            why = "which does not exist"
        elif not target.is_relative_to(site):
            why = "outside the site folder: copy what it links to into the site instead"
        elif target.is_dir():
            why = "a folder, which is not followed: link its files instead"
        else:
            continue
        message = f"is a link to `{os.readlink(link)}`, {why}"
        problems.append(Problem(where, 0, "error", "", message))
    return problems


def static_files(site_dir: Path, diag: Diagnostics | None = None) -> list[Output]:
    """Theme assets under assets/, then static/ at the root; a site file overrides the theme's.

    Problems with links in static/ go to `diag`, or without one are raised as a
    BuildError (before anything is written either way)."""
    site_static = site_dir / "static"
    problems = _linked(site_dir, site_static)
    if problems and diag is None:
        raise BuildError(problems)
    if diag is not None:
        diag.extend(problems)
    if any(p.path == "static" for p in problems):
        return []
    ours = {p.relative_to(site_static).as_posix(): p for p in _files(site_static)}
    out = []
    for file in _files(THEME / "static"):
        path = "assets/" + file.relative_to(THEME / "static").as_posix()
        if path not in ours:
            out.append(Output(path, "theme", source=file))
    for path, file in ours.items():
        out.append(Output(path, f"static/{path}", source=file))
    return out
