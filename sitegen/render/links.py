"""Links from the site's own bodies to its own pages, checked against what a build makes.

Every article and page body knows its links and their lines (`Rendered.links`, found by
the Markdown renderer in Markdown and raw HTML alike). A root-relative link (`/about/`)
or a relative one (`../corrections-policy/`) must name a file the build produces; one
that names a page only drafts or scheduled articles would add is a warning, anything
else a problem of the severity asked for, each at the line of the link.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from sitegen.model.rendered import Link
from sitegen.shared.errors import Diagnostics, Severity


@dataclass(frozen=True)
class Body:
    """One rendered body's links, and where the page it is on is served."""

    origin: str  # the editor's file, such as content/articles/a.md
    url: str  # the page's site path, such as /trial/news/a-story/
    links: tuple[Link, ...]


def check(
    bodies: Iterable[Body],
    base: str,
    paths: set[str],
    later: set[str],
    diag: Diagnostics,
    severity: Severity = "error",
) -> None:
    """Report every link to this site that names no output path; `later` holds the
    paths only drafts and scheduled articles would add."""
    pages = sorted(p.removesuffix("index.html") for p in paths if p.endswith(".html"))
    report = diag.error if severity == "error" else diag.warning
    hints: dict[str, str] = {}  # a page missed by many links is looked for once
    known = paths | later
    for body in bodies:
        for link in body.links:
            target = _resolve(link.target, body.url, base)
            if target is None:
                continue
            if not target.startswith(base):
                message = f"`{link.target}` is outside the site (its base path is `{base}`)"
                report(body.origin, link.line, "link", message)
                continue
            found = _output_for(unquote(target[len(base) :]), known)
            if found is None:
                rel = target[len(base) :]
                if rel not in hints:
                    hints[rel] = _suggest(rel, pages, base)
                hint = hints[rel]
                message = f"`{link.target}`: no page at {target} on this site{hint}"
                report(body.origin, link.line, "link", message)
            elif found in later:
                message = (
                    f"`{link.target}` is a draft or scheduled article: "
                    "the link is broken until it is published"
                )
                diag.warning(body.origin, link.line, "link", message)


def _suggest(rel: str, pages: list[str], base: str) -> str:
    # Stricter than `did_you_mean`: paths share many characters (`/`, `-`), and a
    # wrong suggestion for a link costs the editor more than none.
    close = difflib.get_close_matches(rel, pages, n=1, cutoff=0.8)
    return f" (did you mean `{base}{close[0]}`?)" if close else ""


_ELSEWHERE = ("http://", "https://", "mailto:", "tel:", "//", "#")


def _resolve(link: str, page_url: str, base: str) -> str | None:
    """The site path a body link points to, or None for links to elsewhere."""
    if link.startswith(_ELSEWHERE):  # most links; decided without parsing them
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None  # another site, mail, telephone
    if not parts.path:
        return None  # `#fragment` or `?query` on the same page
    path = parts.path
    # The Markdown renderer moves root-relative links under the base path.
    if path.startswith("/") and not path.startswith(base):
        path = base + path[1:]
    if path.startswith("/") and "/." not in path:
        return path  # nothing for urljoin to resolve (`..`, `.`), and it is slow
    return urlsplit(urljoin(page_url, path)).path


def _output_for(rel: str, paths: set[str]) -> str | None:
    """The output file a site path is served from: `a/` and `a` both mean `a/index.html`."""
    if rel == "" or rel.endswith("/"):
        candidates = [rel + "index.html"]
    else:
        candidates = [rel, rel + "/index.html"]
    return next((c for c in candidates if c in paths), None)
