"""`sitegen init`: a new site folder that builds as it is.

The starting files ship inside the package (`sitegen/commands/scaffold/`): an installed
sitegen needs nothing from a source checkout. The theme stays package data: the new
site's templates/ holds only its README, because a copy of a theme file there would
stop receiving the theme's fixes; a site adds the files it changes, best as a file that
extends the theme's (`{% extends "@theme/base.html" %}`) and overrides one block.
"""

from __future__ import annotations

import json
import uuid
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from sitegen.shared.clock import build_time
from sitegen.shared.slugs import slugify


class InitError(Exception):
    pass


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """(relative path, file) for every file under a package folder, in a stable order."""
    out: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            out.extend(_walk(entry, rel + "/"))
        else:
            out.append((rel, entry))
    return out


def _title(site_dir: Path) -> str:
    words = slugify(site_dir.resolve().name).replace("-", " ")
    return words.title() if words != "untitled" else "Trial Tracker"


def new_site_files(site_dir: Path) -> dict[str, bytes]:
    """Every file of the new site, by relative path."""
    package = files("sitegen")
    now = build_time().replace(microsecond=0)
    fill = {
        "__TITLE__": json.dumps(_title(site_dir), ensure_ascii=False),
        "__DATE__": now.isoformat(),
        "__ID__": f"urn:uuid:{uuid.uuid4()}",
    }
    out: dict[str, bytes] = {}
    for rel, entry in _walk(package / "commands" / "scaffold"):
        text = entry.read_text(encoding="utf-8")
        for key, value in fill.items():
            text = text.replace(key, value)
        out[rel] = text.encode("utf-8")
    # The build output and the build cache (see sitegen.shared.cachefile) are never committed.
    out[".gitignore"] = b"public/\n.sitegen-cache/\n"
    return out


def init(site_dir: Path) -> list[str]:
    """Write a new site into `site_dir` (created if missing, else it must be empty)."""
    if site_dir.exists() and not site_dir.is_dir():
        raise InitError(f"{site_dir} exists and is not a folder")
    if site_dir.is_dir() and any(site_dir.iterdir()):
        raise InitError(f"{site_dir} is not empty; choose a new folder or an empty one")
    created = new_site_files(site_dir)
    for rel, data in created.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (site_dir / "static").mkdir(exist_ok=True)
    return sorted(created)
