"""Files copied as they are: the theme's assets and the site's static/ folder."""

from __future__ import annotations

from pathlib import Path

from sitegen.model.outputs import Output
from sitegen.read import entries
from sitegen.shared.errors import Problem
from sitegen.shared.folders import THEME


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
        if path not in ours:
            out.append(Output(path, "theme", source=file))
    for path, file in ours.items():
        out.append(Output(path, f"static/{path}", source=file))
    return out
