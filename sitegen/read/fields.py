"""Reading typed values out of positioned YAML, reporting every problem with its line.

Each reader returns the value or None, and on None it has already reported why.
Field names in messages are data paths such as `claims[2].status`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from sitegen.model.content import PartialDate
from sitegen.read.sources import SourceFile, read_text
from sitegen.read.yamldoc import Map, Node, Scalar, Seq, YamlError
from sitegen.shared.errors import Diagnostics, did_you_mean
from sitegen.shared.files import not_utf8

T = TypeVar("T")

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "on"}
_FALSE = {"false", "False", "FALSE", "no", "No", "off"}
# The dates a `date`, `updated` or update's date may hold (see `Reader.moment`).
EARLIEST_YEAR, LATEST_YEAR = 2, 9998
_PARTIAL_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, Scalar) and not node.quoted and node.text in _NULLS)


def child(name: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{name}[{key}]"
    return f"{name}.{key}" if name else key


class Reader:
    """Reads values from one file, reporting problems against it."""

    def __init__(self, path: str, diag: Diagnostics) -> None:
        self.path = path
        self.diag = diag

    def load(self, source: SourceFile, parse: Callable[[str], T]) -> T | None:
        """Read and parse a file; bytes that are not UTF-8 and YAML syntax errors are
        reported at their line, and give None."""
        try:
            return parse(read_text(source))
        except UnicodeDecodeError as exc:
            line, message = not_utf8(exc)
            self.error(line, "", message)
        except YamlError as exc:
            self.error(exc.problem.line, exc.problem.field, exc.problem.message)
        return None

    def error(self, line: int, field: str, message: str) -> None:
        self.diag.error(self.path, line, field, message)

    def warning(self, line: int, field: str, message: str) -> None:
        self.diag.warning(self.path, line, field, message)

    # -- structure -------------------------------------------------------

    def mapping(
        self,
        node: Node | None,
        field: str,
        known: Iterable[str],
        required: Iterable[str] = (),
        line: int = 1,
    ) -> Map | None:
        """Check a mapping's keys: unknown keys suggest the nearest known one."""
        if not isinstance(node, Map):
            where = node.line if node is not None else line
            self.error(where, field, "must be a mapping of `key: value` lines")
            return None
        known = list(known)
        suggested = set()
        for key, (key_line, _) in node.entries.items():
            if key not in known:
                hint = did_you_mean(key, known)
                suggested.add(hint)
                self.error(key_line, child(field, key), "unknown field" + hint)
        for key in required:
            missing = key not in node.entries
            if missing and suggested and did_you_mean(key, [key]) in suggested:
                continue  # already reported as the misspelling that stands for it
            if is_null(node.entries.get(key, (0, None))[1]):
                if not missing:
                    self.error(node.line_of(key), child(field, key), "is required but empty")
                else:
                    self.error(node.line, child(field, key), "is required")
        return node

    def seq(self, node: Node | None, field: str) -> tuple[Node, ...]:
        if is_null(node):
            return ()
        if not isinstance(node, Seq):
            self.error(node.line, field, "must be a list")  # type: ignore[union-attr]
            return ()
        return node.items

    # -- scalars ----------------------------------------------------------

    def text(self, node: Node | None, field: str, *, required: bool = False) -> str | None:
        if is_null(node):
            return None
        if not isinstance(node, Scalar):
            self.error(node.line, field, "must be text")  # type: ignore[union-attr]
            return None
        value = node.text.strip()
        if not value:
            if required:
                self.error(node.line, field, "must not be empty")
            return None
        return value

    def boolean(self, node: Node | None, field: str) -> bool | None:
        if is_null(node):
            return None
        if isinstance(node, Scalar) and not node.quoted:
            if node.text in _TRUE:
                return True
            if node.text in _FALSE:
                return False
        self.error(node.line, field, "must be true or false")  # type: ignore[union-attr]
        return None

    def integer(self, node: Node | None, field: str, minimum: int = 0) -> int | None:
        if is_null(node):
            return None
        if isinstance(node, Scalar) and re.fullmatch(r"-?\d+", node.text.strip()):
            value = int(node.text)
            if value >= minimum:
                return value
            self.error(node.line, field, f"must be at least {minimum}")
            return None
        self.error(node.line, field, "must be a whole number")  # type: ignore[union-attr]
        return None

    def number(
        self, node: Node | None, field: str, low: float | None = None, high: float | None = None
    ) -> Decimal | None:
        """A finite number, within [low, high] when those are given."""
        if is_null(node):
            return None
        value = self._number(node, field)
        if value is None:
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(node.line, field, f"must be between {low:g} and {high:g}")  # type: ignore[union-attr]
            return None
        return value

    def _number(self, node: Node | None, field: str) -> Decimal | None:
        if isinstance(node, Scalar):
            try:
                value = Decimal(node.text.strip().replace(",", ""))
            except InvalidOperation:
                value = None
            # NaN, Infinity and 1e999 are Decimals, but no setting means them, and as the
            # floats the settings are used as they break the arithmetic (related scores).
            if value is not None and math.isfinite(float(value)):
                return value
        self.error(node.line, field, "must be a number")  # type: ignore[union-attr]
        return None

    def slug(self, node: Node | None, field: str) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        if not SLUG_RE.fullmatch(value):
            self.error(
                node.line,  # type: ignore[union-attr]
                field,
                f"`{value}` is not a slug: use lowercase letters, digits and single hyphens",
            )
            return None
        return value

    def texts(self, node: Node | None, field: str) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a list of one."""
        if isinstance(node, Scalar) and not is_null(node):
            value = self.text(node, field)
            return (value,) if value else ()
        out = []
        for i, item in enumerate(self.seq(node, field)):
            value = self.text(item, child(field, i), required=True)
            if value is not None:
                out.append(value)
        return tuple(out)

    def url(self, node: Node | None, field: str, *, allow_path: bool = False) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        if re.match(r"https?://[^\s/]+", value) and not re.search(r"\s", value):
            return value
        if allow_path and re.fullmatch(r"/?[^\s:]+", value) and not value.startswith("//"):
            return value
        what = "an http(s) URL or a path" if allow_path else "an http:// or https:// URL"
        self.error(node.line, field, f"`{value}` is not {what}")  # type: ignore[union-attr]
        return None

    def moment(self, node: Node | None, field: str, zone: tzinfo) -> datetime | None:
        """A date or date-time; without an offset it is local time in `zone`."""
        value = self.text(node, field)
        if value is None:
            return None
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                moment = datetime.combine(date.fromisoformat(value), time(0), zone)
            else:
                moment = datetime.fromisoformat(value)
        except ValueError as exc:
            self.error(node.line, field, f"`{value}` is not a valid date: {exc}")  # type: ignore[union-attr]
            return None
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            # Python's dates end at years 1 and 9999: a moment in their first or last
            # days cannot be moved to another time zone, or two days on (the news
            # sitemap), without overflowing. No newsroom needs them.
            message = (
                f"`{value}` is out of range: a date must be from {EARLIEST_YEAR:04}-01-01 "
                f"to {LATEST_YEAR}-12-31"
            )
            self.error(node.line, field, message)  # type: ignore[union-attr]
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return moment

    def day(self, node: Node | None, field: str) -> date | None:
        """A calendar day, YYYY-MM-DD (a court's docket date, a day on the stand)."""
        value = self.text(node, field)
        if value is None:
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError as exc:
                self.error(node.line, field, f"`{value}` is not a valid date: {exc}")  # type: ignore[union-attr]
                return None
        self.error(node.line, field, f"`{value}` is not a date: write YYYY-MM-DD")  # type: ignore[union-attr]
        return None

    def partial_date(self, node: Node | None, field: str) -> PartialDate | None:
        """YYYY, YYYY-MM or YYYY-MM-DD, kept at the precision written."""
        value = self.text(node, field)
        if value is None:
            return None
        match = _PARTIAL_RE.fullmatch(value)
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            try:
                date(year, month or 1, day or 1)  # type: ignore[arg-type]
                return PartialDate(year, month, day)  # type: ignore[arg-type]
            except ValueError as exc:
                self.error(node.line, field, f"`{value}` is not a valid date: {exc}")  # type: ignore[union-attr]
                return None
        self.error(node.line, field, f"`{value}` is not YYYY, YYYY-MM or YYYY-MM-DD")  # type: ignore[union-attr]
        return None

    def choice(self, node: Node | None, field: str, choices: Iterable[str]) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        choices = list(choices)
        if value not in choices:
            allowed = ", ".join(choices)
            self.error(
                node.line,  # type: ignore[union-attr]
                field,
                f"`{value}` is not one of: {allowed}" + did_you_mean(value, choices),
            )
            return None
        return value


def has_time(node: Node | None) -> bool:
    """Whether a date was written with its time of day (`2026-05-02T14:30`)."""
    return isinstance(node, Scalar) and not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", node.text)


def get(node: Map | None, key: str) -> Node | None:
    if node is None:
        return None
    entry = node.entries.get(key)
    return entry[1] if entry else None


def line_of(node: Node | None, default: int) -> int:
    return node.line if node is not None else default
