"""`sitegen check`: everything a build would report, plus internal links, writing nothing.

A build validates content, cross-references and templates; `check` runs the same
pipeline without writing (`Options(write=False)`) and then reads the Markdown bodies
of articles and pages for links to this site. A root-relative link (`/about/`) or a
relative one (`../corrections-policy/`) must name a file the build produces; one that
names an article only published with `--drafts` or `--future` is a warning, anything
else an error, each at the line of the link.
"""

from __future__ import annotations

import difflib
import html as html_text
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.pipeline.build import Options, Result, build
from sitegen.read import config as site_config
from sitegen.read.frontmatter import parse as parse_front_matter
from sitegen.read.yamldoc import YamlError
from sitegen.shared.errors import BuildError, Diagnostics, Problem
from sitegen.shared.files import read_text

_HTML_LINK_RE = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    target: str  # as written
    line: int  # file line


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files: int | None  # output files the build would write; None when it could not

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check(
    site_dir: Path, *, drafts: bool = False, future: bool = False, strict: bool = False
) -> Report:
    """Validate the site as `build` would and check its internal links."""
    options = Options(site_dir, site_dir / "public", drafts=drafts, future=future, write=False)
    try:
        result = build(options)
    except BuildError as exc:
        # Links are checked against the pages a build makes; with errors there is no
        # such list yet, so the editor fixes these first.
        return _report(exc.problems, None, strict)
    diag = Diagnostics()
    config = site_config.load(site_dir, diag)
    assert config is not None  # the build above read it without errors
    later = _unpublished_paths(options, result)
    _check_links(site_dir, config.base_path, result, later, diag)
    return _report([*result.warnings, *diag.problems], len(result.outputs), strict)


def _report(problems: list[Problem], files: int | None, strict: bool) -> Report:
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))
    return Report(tuple(ordered), files)


def _unpublished_paths(options: Options, result: Result) -> set[str]:
    """Output paths that only drafts and scheduled articles would add."""
    if options.drafts and options.future:
        return set()
    try:
        everything = build(replace(options, drafts=True, future=True))
    except BuildError:
        return set()  # a draft with errors: its links are reported as broken instead
    return {path for path, _ in everything.outputs} - {path for path, _ in result.outputs}


def _check_links(
    site_dir: Path, base: str, result: Result, later: set[str], diag: Diagnostics
) -> None:
    paths = {path for path, _ in result.outputs}
    pages = sorted(p.removesuffix("index.html") for p in paths if p.endswith(".html"))
    for path, origin in result.outputs:
        if not (origin.startswith("content/") and origin.endswith(".md")):
            continue
        page_url = base + path.removesuffix("index.html")
        for link in _links(site_dir / origin):
            target = _resolve(link.target, page_url, base)
            if target is None:
                continue
            if not target.startswith(base):
                message = f"`{link.target}` is outside the site (its base path is `{base}`)"
                diag.error(origin, link.line, "link", message)
                continue
            found = _output_for(unquote(target[len(base) :]), paths | later)
            if found is None:
                hint = _suggest(target[len(base) :], pages, base)
                message = f"`{link.target}`: no page at {target} on this site{hint}"
                diag.error(origin, link.line, "link", message)
            elif found in later:
                message = (
                    f"`{link.target}` is a draft or scheduled article: "
                    "the link is broken until it is published"
                )
                diag.warning(origin, link.line, "link", message)


def _suggest(rel: str, pages: list[str], base: str) -> str:
    # Stricter than `did_you_mean`: paths share many characters (`/`, `-`), and a
    # wrong suggestion for a link costs the editor more than none.
    close = difflib.get_close_matches(rel, pages, n=1, cutoff=0.8)
    return f" (did you mean `{base}{close[0]}`?)" if close else ""


def _resolve(link: str, page_url: str, base: str) -> str | None:
    """The site path a body link points to, or None for links to elsewhere."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None  # another site, mail, telephone
    if not parts.path:
        return None  # `#fragment` or `?query` on the same page
    path = parts.path
    # The Markdown renderer moves root-relative links under the base path.
    if path.startswith("/") and not path.startswith(base):
        path = base + path[1:]
    return urlsplit(urljoin(page_url, path)).path


def _output_for(rel: str, paths: set[str]) -> str | None:
    """The output file a site path is served from: `a/` and `a` both mean `a/index.html`."""
    if rel == "" or rel.endswith("/"):
        candidates = [rel + "index.html"]
    else:
        candidates = [rel, rel + "/index.html"]
    return next((c for c in candidates if c in paths), None)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The same block syntax the renderer uses, so a link is found where a reader sees it.
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
    )


def _links(file: Path) -> list[Link]:
    try:
        text = read_text(file)
        doc = parse_front_matter(text)
    except (OSError, UnicodeDecodeError, YamlError):
        return []  # the build has already reported the file
    return list(_body_links(doc.body, doc.body_line))


def _body_links(body: str, body_line: int) -> Iterator[Link]:
    for token in _parser().parse(body):
        if token.map is None:
            continue
        first = body_line + token.map[0]
        if token.type == "html_block":
            yield from _html_links(token.content, first)
        offset = 0
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
            elif child.type == "link_open" or child.type == "image":
                attr = "href" if child.type == "link_open" else "src"
                value = child.attrGet(attr)
                if isinstance(value, str):
                    yield Link(value, first + offset)
            elif child.type == "html_inline":
                yield from _html_links(child.content, first + offset)


def _html_links(html: str, line: int) -> Iterator[Link]:
    for match in _HTML_LINK_RE.finditer(html):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        yield Link(html_text.unescape(value), line + html.count("\n", 0, match.start()))
