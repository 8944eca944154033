"""`sitegen check`: everything a build would report, plus internal links, writing nothing.

A build validates content, cross-references and templates; `check` runs the same
pipeline without writing (`Options(write=False)`) and then checks the links of every
article and page body (`render.links`, with the links the renderer found in Markdown
and raw HTML, each at its line). A link that names an article only published with
`--drafts` or `--future` is a warning, a link to no page an error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.model.schedule import scheduled_note
from sitegen.pipeline.build import Options, Result, build
from sitegen.read import config as site_config
from sitegen.render import links
from sitegen.shared.errors import BuildError, Diagnostics, Problem


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files: int | None  # output files the build would write; None when it could not
    scheduled: str | None = None  # which articles are left out until their date

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
    paths = {path for path, _ in result.outputs}
    links.check(result.bodies, config.base_path, paths, later, diag)
    report = _report([*result.warnings, *diag.problems], len(result.outputs), strict)
    return replace(report, scheduled=scheduled_note(result.scheduled))


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
