"""Files copied as they are: the theme's assets and the site's static/ folder."""

from __future__ import annotations

from pathlib import Path

from .plan import Output
from .render import THEME


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def static_files(site_dir: Path) -> list[Output]:
    """Theme assets under assets/, then static/ at the root; a site file overrides the theme's."""
    site_static = site_dir / "static"
    ours = {p.relative_to(site_static).as_posix(): p for p in _files(site_static)}
    out = []
    for file in _files(THEME / "static"):
        path = "assets/" + file.relative_to(THEME / "static").as_posix()
        if path not in ours:
            out.append(Output(path, "theme", source=file))
    for path, file in ours.items():
        out.append(Output(path, f"static/{path}", source=file))
    return out
