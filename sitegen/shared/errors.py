"""Problems found in an editor's files, each with its place.

A build never stops at the first problem: every stage appends to a `Diagnostics`
collection and the pipeline fails once, at the end, listing them all in order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, printed as `FILE:LINE: error: FIELD: message`."""

    path: str  # relative to the site folder, with forward slashes
    line: int  # 1-based; 0 when the problem has no line (a missing file)
    severity: Severity
    field: str  # dotted path into the data, such as `claims[2].status`; may be empty
    message: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        subject = f"{self.field}: " if self.field else ""
        return f"{place}: {self.severity}: {subject}{self.message}"


@dataclass
class Diagnostics:
    """Collects problems from every stage of a build."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(path, line, "error", field, message))

    def warning(self, path: str, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(path, line, "warning", field, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def sorted(self) -> list[Problem]:
        # Sorted by file, then line, so an editor can walk them top to bottom;
        # duplicates (one bad value seen by two stages) are reported once.
        return sorted(set(self.problems), key=lambda p: (p.path, p.line, p.field, p.message))


class BuildError(Exception):
    """Raised by the pipeline when the collected problems include an error."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion suffix for an unknown name, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
