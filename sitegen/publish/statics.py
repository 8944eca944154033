"""The theme's assets and the site's static/ folder: the site's files copied as they are,
the theme's style sheet and scripts minified (every page loads them on a phone)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin
from jinja2 import Environment

from sitegen.model.outputs import Output
from sitegen.read import entries
from sitegen.shared.errors import Problem
from sitegen.shared.files import stamp
from sitegen.shared.folders import THEME

# Comments and indentation are for the theme's readers, not for a phone's download:
# minifying takes the style sheet from 32 KB to 23 KB and the live script from 8 KB to 5 KB.
MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def _minified(file: Path) -> Callable[[Environment], bytes]:
    """The file's text minified, as an output's `data`. The file's stamp is one of the
    function's defaults, so the output's digest changes when the file does."""

    def data(env: Environment, file: Path = file, stamp: object = stamp(file)) -> bytes:
        return MINIFIERS[file.suffix](file.read_text(encoding="utf-8")).encode("utf-8")

    return data


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    # is_file follows a link: `entries` has refused every link but those to a site file.
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def static_files(site_dir: Path, problems: list[Problem] | None = None) -> list[Output]:
    """Theme assets under assets/, then static/ at the root; a site file overrides the theme's.

    Entries of static/ that `entries.problems` refused (given as `problems`; looked for
    here without them) are left out: the build reports them and writes nothing."""
    site_static = site_dir / "static"
    if problems is None:
        problems = entries.problems(site_dir)
    listed = [] if entries.refused(problems, "static") else _files(site_static)
    ours = {
        p.relative_to(site_static).as_posix(): p
        for p in listed
        if not entries.refused(problems, f"static/{p.relative_to(site_static).as_posix()}")
    }
    out = []
    for file in _files(THEME / "static"):
        path = "assets/" + file.relative_to(THEME / "static").as_posix()
        if path in ours:
            continue
        if file.suffix in MINIFIERS:
            out.append(Output(path, "theme", data=_minified(file)))
        else:
            out.append(Output(path, "theme", source=file))
    for path, file in ours.items():
        out.append(Output(path, f"static/{path}", source=file))
    return out
