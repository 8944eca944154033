"""The build pipeline, top to bottom, and nothing else."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from . import config as site_config
from . import content, markdown, related, render, search, sources
from .errors import BuildError, Diagnostics, Problem
from .glossary import GlossaryIndex
from .output import OutputError, Stage, refuse_reason
from .plan import Output, collisions, plan
from .site import Inputs, assemble, is_published
from .statics import static_files


@dataclass(frozen=True)
class Options:
    site_dir: Path
    out_dir: Path
    drafts: bool = False
    future: bool = False
    write: bool = True  # False: check and render everything, write nothing (`sitegen check`)
    search: bool = True  # False: no search index (`--no-search`)


@dataclass(frozen=True)
class Result:
    written: int
    warnings: list[Problem]
    seconds: float
    # (output path, what produced it) for every planned file: `check` tests links with it.
    outputs: tuple[tuple[str, str], ...] = ()


def build_time() -> datetime:
    """ "Now" for scheduling: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def build(options: Options) -> Result:
    """Build the site; raise BuildError listing every problem, leaving the output as it was."""
    started = time.perf_counter()
    diag = Diagnostics()
    site_dir = options.site_dir
    reason = refuse_reason(site_dir, options.out_dir) if options.write else None
    if reason:
        raise BuildError([Problem("--out", 0, "error", "", reason)])
    config = site_config.load(site_dir, diag)
    if config is None:
        raise BuildError(diag.sorted())

    loaded = content.load(sources.discover(site_dir), config, diag)
    now = build_time()
    glossary = GlossaryIndex.build(loaded.glossary)

    def rendered(body: str, line: int) -> markdown.Rendered:
        return markdown.render(
            body,
            body_line=line,
            glossary=glossary,
            raw_html=config.raw_html,
            base_path=config.base_path,
        )

    published = [a for a in loaded.articles if is_published(a, now, options.drafts, options.future)]
    inputs = Inputs(
        config=config,
        articles=tuple((a, rendered(a.body, a.body_line)) for a in published),
        pages=tuple(
            (
                p,
                markdown.render(
                    p.body,
                    raw_html=config.raw_html,
                    base_path=config.base_path,
                    body_line=p.body_line,
                ),
            )
            for p in loaded.pages
        ),
        glossary=loaded.glossary,
        people=loaded.people,
        cases=loaded.cases,
    )
    site = assemble(inputs, diag)
    site = replace(site, related=related.index(site.posts, config.related))

    outputs = plan(site) + static_files(site_dir)
    for path, origins in collisions(outputs):
        # Report at each editor's file involved, naming everything else that claims it.
        files = [o for o in origins if o.startswith(("content/", "static/"))] or origins[:1]
        for origin in files:
            others = ", ".join(o for o in origins if o != origin)
            diag.error(origin, 0, "", f"output `{path}` is also produced by {others}")
    if diag.has_errors():
        raise BuildError(diag.sorted())

    env = render.environment(site_dir)
    planned = tuple((o.path, o.origin) for o in outputs)
    if not options.write:
        for output in outputs:
            _render(output, env, site, diag)
        if diag.has_errors():
            raise BuildError(diag.sorted())
        return Result(0, diag.warnings, time.perf_counter() - started, planned)
    stage = Stage(options.out_dir)
    try:
        for output in outputs:
            stage.write(output.path, _render(output, env, site, diag), output.origin)
        if diag.has_errors():
            raise BuildError(diag.sorted())
        if options.search:
            # After every page is written; reuses the last index when no page changed.
            search.index(stage.root, options.out_dir, diag)
        stage.commit()
    except OutputError as exc:
        stage.abort()
        raise BuildError([Problem("--out", 0, "error", "", str(exc))]) from None
    except BaseException:
        stage.abort()
        raise
    return Result(len(outputs), diag.warnings, time.perf_counter() - started, planned)


def _render(output: Output, env, site, diag: Diagnostics) -> bytes:
    try:
        if output.data is not None:
            return output.data(env)
        if output.source is not None:
            return output.source.read_bytes()
        template = env.get_template(output.template)
        page = site.url(output.path.removesuffix("index.html"))
        context = {"canonical": site.absolute(page), "current_section": None, **output.context}
        return template.render(site=site, **context).encode("utf-8")
    except TemplateSyntaxError as exc:
        diag.error(_template_path(exc.filename), exc.lineno, "", f"template error: {exc.message}")
    except TemplateError as exc:
        diag.error(f"templates/{output.template}", 0, "", f"template error: {exc}")
    return b""


def _template_path(filename: str | None) -> str:
    if not filename:
        return "templates"
    path = Path(filename)
    return f"templates/{path.name}" if path.is_absolute() else filename
