"""YAML syntax errors in an editor's words, at the line the editor has to change.

PyYAML says what its parser expected ("mapping values are not allowed here",
"expected <block end>, but found '<block mapping start>'"), which names no mistake
an editor makes. The two mistakes behind almost all of them are a value with a
colon in it, written without quotes, and a line indented by a space too many or too
few. Both can be recognised from the line PyYAML stopped at and the lines above it;
anything else keeps PyYAML's own words (see `yamldoc`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# `key: value` or `- key: value`, with the column where the key's colon is.
_KEY_LINE_RE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\[{][^:#]*?):(?:\s|$)")
_ITEM_RE = re.compile(r"^(?P<indent> *)- ")
_TOP_KEY_RE = re.compile(r"([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class Hint:
    index: int  # 0-based line in the YAML text
    field: str
    message: str


def explain(text: str, exc: yaml.MarkedYAMLError, first_line: int = 1) -> Hint | None:
    """An editor's explanation of a syntax error, or None to keep PyYAML's;
    `first_line` is the file line where `text` starts, to name other lines."""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    problem = exc.problem or ""
    if problem == "mapping values are not allowed here":
        return _colon(lines, mark.line, mark.column)
    if problem.startswith("expected <block end>, but found"):
        return _misaligned(lines, mark.line, first_line)
    if problem == "could not find expected ':'" and exc.context_mark is not None:
        return _no_colon(lines, exc.context_mark.line)
    return None


def top_key(lines: list[str], index: int) -> str:
    """The top-level key at or above a line: the field the line belongs to."""
    for line in reversed(lines[: index + 1]):
        match = _TOP_KEY_RE.match(line)
        if match:
            return match.group(1)
    return ""


def _colon(lines: list[str], index: int, column: int) -> Hint | None:
    line = lines[index]
    match = _KEY_LINE_RE.match(line)
    if match is None:
        return None
    key_colon = match.end("key")
    if column > key_colon:
        # The colon PyYAML stopped at is in the value: `title: Day five: the verdict`.
        value = line[match.end() :].strip()
        fixed = line[: key_colon + 1] + " " + _quoted(value)
        message = (
            f"the value `{value}` has a colon in it, so it must be in quotes: "
            f"write `{fixed.strip()}`"
        )
        return Hint(index, top_key(lines, index), message)
    # The key's own colon: the line is indented under a line whose value is written.
    above = _previous(lines, index)
    if above is None:
        return None
    here = len(match.group("indent"))
    there = _content_column(lines[above])
    if here <= there:
        return None
    message = (
        f"`{match.group('key')}:` is indented {_spaces(here)}, more than "
        f"`{_label(lines[above])}` on the line above ({_spaces(there)}), so YAML reads it "
        f"as part of that line's value: line it up with `{_label(lines[above])}`"
    )
    return Hint(index, top_key(lines, index), message)


def _misaligned(lines: list[str], index: int, first_line: int) -> Hint | None:
    line = lines[index]
    here = len(line) - len(line.lstrip(" "))
    is_item = bool(_ITEM_RE.match(line))
    best: tuple[int, int, int] | None = None  # (distance, order, line index)
    for order, above in enumerate(_lines_above(lines, index)):
        for column in _columns(lines[above], is_item):
            candidate = (abs(column - here), order, above)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None
    _, _, above = best
    column = next(c for c in _columns(lines[above], is_item) if abs(c - here) == best[0])
    what = "this list item" if is_item else f"`{_label(line)}`"
    message = (
        f"{what} is indented {_spaces(here)}, which lines up with nothing above it: "
        f"line it up with `{_label(lines[above], dash=is_item)}` on line {first_line + above} "
        f"({_spaces(column)})"
    )
    return Hint(index, top_key(lines, index), message)


def _no_colon(lines: list[str], index: int) -> Hint | None:
    if index >= len(lines) or index == 0:
        return None
    above = _previous(lines, index)
    if above is None:
        return None
    message = (
        "this line is not `key: value`: if it goes on with the value above it, "
        f"indent it by {_spaces(_content_column(lines[above]) + 2)} "
        "(or put the whole value in quotes)"
    )
    return Hint(index, top_key(lines, index), message)


def _quoted(value: str) -> str:
    # Double quotes read everything literally but `\` and `"`; single quotes would
    # need an apostrophe doubled, which editors write far more often.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spaces(count: int) -> str:
    return "no indent" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def _label(line: str, dash: bool = True) -> str:
    """How to name a line in a message: its key (`text:`) or its list item (`- a`);
    without the `- ` of a list item when what lines up is its key."""
    match = _KEY_LINE_RE.match(line)
    if match:
        return f"{(match.group('dash') or '') if dash else ''}{match.group('key')}:"
    return line.strip()[:40]


def _content_column(line: str) -> int:
    """Where a line's key starts (after `- ` for a list item)."""
    match = _KEY_LINE_RE.match(line)
    if match:
        return match.start("key")
    return len(line) - len(line.lstrip(" "))


def _columns(line: str, is_item: bool) -> list[int]:
    """The columns a misplaced line could have meant to line up with on this line."""
    indent = len(line) - len(line.lstrip(" "))
    item = _ITEM_RE.match(line)
    if is_item:
        return [indent] if item else []
    match = _KEY_LINE_RE.match(line)
    if match is None:
        return []
    return [match.start("key")]


def _previous(lines: list[str], index: int) -> int | None:
    return next(iter(_lines_above(lines, index)), None)


def _lines_above(lines: list[str], index: int):
    """Indexes of the written lines above `index`, nearest first (blank and comment
    lines are not lines an editor lines things up with)."""
    for above in range(index - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            yield above
