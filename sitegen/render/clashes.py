"""Two things that would be one: output paths claimed twice, paths sitegen keeps for
itself, and feed ids shared by two articles. Each is an error at the editor's line that
causes it (the second article, the section's key in site.yaml), naming the other by its
line too, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Page
from sitegen.model.outputs import Output
from sitegen.model.site import feed_id
from sitegen.render.plan import collisions
from sitegen.shared.errors import Problem
from sitegen.shared.folders import CONFIG_FILE, RESERVED

Place = tuple[str, int]  # (file, line), as a problem names it
# static/ folders that sitegen fills whole, outside the plan: nothing may be copied in.
_STATIC_RESERVED = ("pagefind",)


def places(
    articles: Iterable[Article], pages: Iterable[Page], section_lines: dict[str, int]
) -> dict[str, Place]:
    """The editor's line behind each origin an output can have: an article's `slug` (or
    its title, which gives the slug), a page's `slug`, a section's key in site.yaml."""
    found: dict[str, Place] = {}
    for article in articles:
        lines = article.lines
        found[article.path] = (article.path, lines.get("slug") or lines.get("title", 1))
    for page in pages:
        found[page.path] = (page.path, page.slug_line)
    for key, line in section_lines.items():
        found[f"section {key}"] = (CONFIG_FILE, line)
    return found


def _named(place: Place) -> str:
    return f"{place[0]}:{place[1]}" if place[1] else place[0]


def output_problems(outputs: list[Output], known: dict[str, Place]) -> list[Problem]:
    """An error at each editor's file (and line) that claims a path another output
    claims too, or a path sitegen keeps for itself."""
    problems = []

    def place(origin: str) -> Place | None:
        if origin in known:
            return known[origin]
        return (origin, 0) if origin.startswith(("content/", "static/")) else None

    for path, origins in collisions(outputs):
        mine = [(o, place(o)) for o in origins if place(o) is not None]
        for origin, where in mine or [(origins[0], None)]:
            others = ", ".join(_named(place(o)) if place(o) else o for o in origins if o != origin)
            file, line = where or ("--out", 0)
            problems.append(
                Problem(file, line, "error", "", f"output `{path}` is also produced by {others}")
            )
    for output in outputs:
        top = output.path.split("/", 1)[0]
        if output.origin.startswith("static/") and top in _STATIC_RESERVED and "/" in output.path:
            message = f"`{top}/` is where sitegen puts {RESERVED[top]}: move this file"
            problems.append(Problem(output.origin, 0, "error", "", message))
    return problems


def feed_id_problems(articles: Iterable[Article], config: SiteConfig) -> list[Problem]:
    """An error at every article whose feed id (its `id`, or the one derived from its date
    and slug) an earlier article already has: a feed reader would show one of them only,
    or replace one with the other. The earlier is the one published first."""
    first: dict[str, Article] = {}
    problems = []
    for article in sorted(articles, key=lambda a: (a.date, a.path)):
        ident = feed_id(article, config)
        if ident not in first:
            first[ident] = article
            continue
        other = first[ident]
        if (other.section, other.slug) == (article.section, article.slug):
            continue  # one address too: reported as two outputs at one path
        lines = article.lines
        where = f"{other.path}:{other.lines.get('id') or other.lines.get('date', 1)}"
        if article.id:
            line, field = lines.get("id", 1), "id"
            message = f"`{ident}` is already the feed id of {where}: every article needs its own"
        else:
            line, field = lines.get("slug") or lines.get("date", 1), "id"
            message = (
                f"this article's feed id `{ident}` (made from its date and slug) is already "
                f"the feed id of {where}: give one of them an `id` of its own"
            )
        problems.append(Problem(article.path, line, "error", field, message))
    return problems
