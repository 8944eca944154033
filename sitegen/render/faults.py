"""A fault while rendering a template, as a problem at `templates/FILE:LINE`.

Templates are code (see SECURITY.md), and code fails in many ways: a syntax error, an
undefined attribute, a division by zero, a template that includes itself, a file that is
not UTF-8. Each is reported at the template file and line where it happened, named as the
editor knows it (`templates/partials/x.html`, not `x.html`), never as a traceback.

Jinja compiles a template to Python whose frames carry the template's file name, and on
an error rewrites the traceback so those frames carry its lines too: the innermost such
frame is where it went wrong. A fault in the built-in theme's file is reported at the
site's template that uses it when there is one, naming the theme's file and line too.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateNotFound, TemplatesNotFound, TemplateSyntaxError

from sitegen.shared.errors import Problem
from sitegen.shared.folders import TEMPLATES, THEME

_THEME_TEMPLATES = (THEME / "templates").resolve()


def _name(filename: str, site_templates: Path | None) -> tuple[str, bool] | None:
    """(name under templates/, whether it is the site's own) of a template file, or None
    when the file is not a template."""
    path = Path(filename).resolve()
    if site_templates is not None and path.is_relative_to(site_templates):
        return path.relative_to(site_templates).as_posix(), True
    if path.is_relative_to(_THEME_TEMPLATES):
        return path.relative_to(_THEME_TEMPLATES).as_posix(), False
    return None


def _frames(exc: BaseException, site_templates: Path | None) -> list[tuple[str, bool, int]]:
    """(name, the site's own, line) of each template frame, outermost first."""
    found = []
    for frame in traceback.extract_tb(exc.__traceback__):
        named = _name(frame.filename, site_templates)
        if named is not None:
            found.append((*named, frame.lineno or 0))
    return found


def _what(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return (
            "templates include, extend or call each other without end "
            "(a template that includes itself?)"
        )
    if isinstance(exc, TemplatesNotFound):
        names = ", ".join(f"`{n}`" for n in exc.templates)
        return f"none of {names} is a template in templates/ or the theme"
    if isinstance(exc, TemplateNotFound):
        return f"no template `{exc.name}` in templates/ or the theme"
    return str(exc) or type(exc).__name__


def template_problem(
    exc: BaseException, site_templates: Path | None, rendering: str
) -> Problem | None:
    """The problem to report for an exception raised while rendering the template
    `rendering` (a name under templates/); None when no template is to blame (then it is
    sitegen's own fault, and should be seen as one)."""
    if isinstance(exc, TemplateSyntaxError):
        named = _name(exc.filename, site_templates) if exc.filename else None
        name, own = named or (exc.name or rendering, True)
        where = "" if own else " (in the built-in theme)"
        return Problem(f"{TEMPLATES}/{name}", exc.lineno or 0, "error", "", _syntax(exc) + where)
    frames = _frames(exc, site_templates)
    if not frames:
        if not isinstance(exc, TemplateNotFound):
            return None
        frames = [(rendering, True, 0)]
    name, own, line = frames[-1]
    message = f"template error: {_what(exc)}"
    if not own:
        theirs = f"the built-in theme's templates/{name}:{line}"
        mine = [f for f in frames if f[1]]
        if mine:
            name, _, line = mine[-1]
            message += f" (in {theirs}, which this line uses)"
        else:
            message += f" (in {theirs})"
    return Problem(f"{TEMPLATES}/{name}", line, "error", "", message)


def _syntax(exc: TemplateSyntaxError) -> str:
    return f"template error: {exc.message}"
