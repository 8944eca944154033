"""Finding the editor's files in a site folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sitegen.read import entries
from sitegen.shared import files
from sitegen.shared.errors import Problem

Kind = Literal["article", "entry", "page", "glossary", "people", "authors", "case"]


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the site, forward slashes: used in every message
    file: Path  # absolute
    kind: Kind


def _visible(path: Path, root: Path) -> bool:
    # Hidden files and folders (editor swap files, .DS_Store) are never content.
    return not any(part.startswith((".", "_", "#")) for part in path.relative_to(root).parts)


def discover(site_dir: Path, refused: list[Problem] | None = None) -> list[SourceFile]:
    """Every content file, in a stable order so builds are reproducible; entries that
    `entries.problems` refused (given, or looked for here) are left out, never read."""
    content = site_dir / "content"
    found: list[SourceFile] = []
    if refused is None:
        refused = entries.problems(site_dir)
    if entries.refused(refused, "content"):
        return found

    def add(file: Path, kind: Kind) -> None:
        # is_file follows a link: `entries` refused every link but those to a site file.
        rel = file.relative_to(site_dir).as_posix()
        if file.is_file() and _visible(file, site_dir) and not entries.refused(refused, rel):
            found.append(SourceFile(rel, file, kind))

    articles = content / "articles"
    for file in sorted(articles.rglob("*.md")):
        add(file, "entry" if live_owner(file, articles) else "article")
    for file in sorted((content / "pages").glob("*.md")):
        add(file, "page")
    add(content / "glossary.yaml", "glossary")
    add(content / "people.yaml", "people")
    add(content / "authors.yaml", "authors")
    for file in sorted((content / "cases").glob("*.yaml")):
        add(file, "case")
    return found


def live_owner(file: Path, articles: Path) -> Path | None:
    """The article whose entries folder holds `file` (`day-6/x.md` -> `day-6.md`), if any.

    Any folder beside an article with its name is an entries folder: its files are
    never articles (deeper files are entries in the wrong place, reported as such)."""
    folder = file.parent
    while folder != articles and folder.is_relative_to(articles):
        owner = folder.with_name(folder.name + ".md")
        if owner.is_file():
            return owner
        folder = folder.parent
    return None


def read_text(source: SourceFile) -> str:
    """The source's text as the build reads it (see `shared.files.read_text`)."""
    return files.read_text(source.file)
