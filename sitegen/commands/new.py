"""`sitegen new`: a new article file with its front matter ready to fill in, and
`sitegen new entry`: a new entry of a live article, timed now.

The file is a draft with a permanent `id` (a UUID URN), so a later change of slug or
title never makes feed subscribers see the item twice, and a date of "now" in the
site's time zone, written with its offset so it means one instant wherever it is read.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.read import config as site_config
from sitegen.read.articles import read_article
from sitegen.read.fields import SLUG_RE
from sitegen.read.placeholders import BODY_PLACEHOLDER, ENTRY_PLACEHOLDER, SUMMARY_PLACEHOLDER
from sitegen.read.sources import SourceFile
from sitegen.shared.clock import build_time
from sitegen.shared.errors import Diagnostics, Problem, did_you_mean
from sitegen.shared.files import read_text
from sitegen.shared.folders import CONFIG_FILE
from sitegen.shared.slugs import slugify


@dataclass(frozen=True)
class NewArticle:
    site_dir: Path
    section: str
    title: str
    case: str | None = None
    slug: str | None = None


class NewError(Exception):
    """Why no file was written, as problems in the usual `file:line: error:` form."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: colons, `#` and quotes
    # in a headline stay text.
    return json.dumps(text, ensure_ascii=False)


def front_matter(request: NewArticle, moment: datetime, ident: str) -> str:
    lines = [
        "---",
        f"title: {_quoted(request.title)}",
        f"date: {moment.isoformat()}",
        f"section: {request.section}",
        f"summary: {_quoted(SUMMARY_PLACEHOLDER)}",
        f"id: {_quoted(ident)}",
        "draft: true  # remove this line (or write `false`) to publish",
    ]
    if request.slug:
        lines.append(f"slug: {request.slug}")
    if request.case:
        lines.append(f"case: {request.case}")
    lines += [
        "authors: []",
        "tags: []",
        "# people: [person-slug]      # who the article is about (see content/people.yaml)",
        "# glossary: [term-slug]      # terms to list in the sidebar",
        "---",
        "",
        BODY_PLACEHOLDER,
        "",
    ]
    return "\n".join(lines)


def create(request: NewArticle, now: datetime | None = None) -> Path:
    """Write the new article and return its path; raise NewError and write nothing
    when the section or case is unknown or the file already exists."""
    diag = Diagnostics()
    config = site_config.load(request.site_dir, diag)
    if config is None:
        raise NewError(diag.sorted())
    keys = [s.key for s in config.sections]
    if request.section not in keys:
        hint = did_you_mean(request.section, keys) or f" (sections: {', '.join(keys)})"
        line = _section_line(request.site_dir)
        message = f"no section `{request.section}` in site.yaml{hint}"
        raise NewError([Problem("site.yaml", line, "error", "sections", message)])
    if request.slug is not None and not SLUG_RE.fullmatch(request.slug):
        message = f"`{request.slug}` is not a slug: use lowercase letters, digits and hyphens"
        raise NewError([Problem("--slug", 0, "error", "", message)])
    if request.case:
        cases = sorted(p.stem for p in (request.site_dir / "content" / "cases").glob("*.yaml"))
        if request.case not in cases:
            hint = did_you_mean(request.case, cases)
            message = f"no case `{request.case}` in content/cases/{hint}"
            raise NewError([Problem("--case", 0, "error", "", message)])

    moment = (now or build_time()).astimezone(config.zone).replace(microsecond=0)
    slug = request.slug or slugify(request.title)
    relative = Path("content", "articles", request.section, f"{moment.year:04d}", f"{slug}.md")
    target = request.site_dir / relative
    text = front_matter(request, moment, f"urn:uuid:{uuid.uuid4()}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" mode: never replace an editor's file, even one created a moment ago.
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        message = "already exists; not overwritten (pass --slug to choose another name)"
        raise NewError([Problem(relative.as_posix(), 0, "error", "", message)]) from None
    return target


def _section_line(site_dir: Path) -> int:
    """The line of `sections:` in site.yaml, so the message points where to add one."""
    try:
        lines = read_text(site_dir / CONFIG_FILE).splitlines()
    except OSError:
        return 0
    return next((i for i, line in enumerate(lines, 1) if line.startswith("sections:")), 0)


@dataclass(frozen=True)
class NewEntry:
    site_dir: Path
    article: str  # the live article's .md path, relative to the site
    title: str


def entry_text(title: str, moment: datetime, ident: str) -> str:
    lines = [
        "---",
        f"time: {moment.isoformat()}",
        f"title: {_quoted(title)}",
        f"id: {ident}",
        "# key: true        # a key event, listed at the top of the page",
        "# pinned: true     # shown first, above the newest (one entry at most)",
        "---",
        "",
        ENTRY_PLACEHOLDER,
        "",
    ]
    return "\n".join(lines)


def create_entry(request: NewEntry, now: datetime | None = None) -> Path:
    """Write a new entry of a live article, timed now in the site's zone; raise NewError
    and write nothing when the article is not a live one of this site."""
    diag = Diagnostics()
    site_dir = request.site_dir
    config = site_config.load(site_dir, diag)
    if config is None:
        raise NewError(diag.sorted())
    written = request.article.replace("\\", "/").removeprefix("./")
    articles = (site_dir / "content" / "articles").resolve()
    file = (site_dir / written).resolve()
    if not written.endswith(".md") or not file.is_relative_to(articles) or not file.is_file():
        message = "is not an article of this site: give the live article's .md file, such as "
        message += "content/articles/2026/05/day-6.md"
        raise NewError([Problem(written, 0, "error", "", message)])
    relative = file.relative_to(site_dir.resolve()).as_posix()
    article = read_article(SourceFile(relative, file, "article"), config, diag)
    if article is None:
        raise NewError(diag.sorted())
    if article.live is None:
        message = "has no `live` field: add `live: {status: live}` to its front matter first"
        raise NewError([Problem(relative, 1, "error", "live", message)])
    if article.live.status == "ended":
        message = "the coverage has ended: set `status: live` again to add an entry"
        raise NewError([Problem(relative, article.live.line, "error", "live", message)])
    moment = (now or build_time()).astimezone(config.zone).replace(microsecond=0)
    folder = file.with_suffix("")
    base = slugify(request.title) or "update"
    ident, n = base, 1
    while (folder / f"{moment:%H%M}-{ident}.md").exists() or (folder / f"{ident}.md").exists():
        n += 1
        ident = f"{base}-{n}"
    target = folder / f"{moment:%H%M}-{ident}.md"
    folder.mkdir(exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(entry_text(request.title, moment, ident))
    return target
