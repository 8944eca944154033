"""Finding the editor's files in a site folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["article", "page", "glossary", "people", "authors", "case"]


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the site, forward slashes: used in every message
    file: Path  # absolute
    kind: Kind


def _visible(path: Path, root: Path) -> bool:
    # Hidden files and folders (editor swap files, .DS_Store) are never content.
    return not any(part.startswith((".", "_", "#")) for part in path.relative_to(root).parts)


def discover(site_dir: Path) -> list[SourceFile]:
    """Every content file, in a stable order so builds are reproducible."""
    content = site_dir / "content"
    found: list[SourceFile] = []

    def add(file: Path, kind: Kind) -> None:
        if file.is_file() and _visible(file, site_dir):
            found.append(SourceFile(file.relative_to(site_dir).as_posix(), file, kind))

    for file in sorted((content / "articles").rglob("*.md")):
        add(file, "article")
    for file in sorted((content / "pages").glob("*.md")):
        add(file, "page")
    add(content / "glossary.yaml", "glossary")
    add(content / "people.yaml", "people")
    add(content / "authors.yaml", "authors")
    for file in sorted((content / "cases").glob("*.yaml")):
        add(file, "case")
    return found


def read_text(source: SourceFile) -> str:
    """File text with a byte-order mark and Windows line ends removed."""
    text = source.file.read_bytes().decode("utf-8")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
