"""YAML read with positions and "as written" scalars.

PyYAML's `compose` gives every node its start mark but does not construct values,
so `status: false` stays the text "false" and `as_of: 2018` stays "2018". The schema
layer (`fields`) decides what a scalar means from the field it fills, which is how an
editor reads their own file. Only the safe node kinds exist here: no tags construct
Python objects, and aliases are expanded with a budget so a "billion laughs" document
is an error rather than an exhausted machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from sitegen.read.yamlhints import explain

# How many nodes one document may expand to (aliases included).
NODE_BUDGET = 200_000
# How deep lists and mappings may nest; an editor's file needs a handful of levels.
MAX_DEPTH = 100
_TOO_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} deep"
# Below this many `[`, `{`, `-`, `?` and `:` a document cannot nest deep enough to
# exhaust libyaml's composer, which recurses in C and crashes the process (no
# RecursionError) some ten thousand levels down; above it the depth is measured first.
_SAFE_INDICATORS = 1000
_RETRY_LIMIT = 256 * 1024  # characters
_C_LOADER = getattr(yaml, "CSafeLoader", None)


class _Untagged(_C_LOADER or yaml.SafeLoader):  # type: ignore[misc,valid-type]
    """libyaml's composer without tag resolution: the converter below types every value
    itself and never reads a tag, and resolving runs a Python regex per scalar."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        return ""

    def descend_resolver(self, current_node, current_index):  # noqa: ANN001, ANN201
        pass

    def ascend_resolver(self):  # noqa: ANN201
        pass


_FAST_LOADER = _Untagged if _C_LOADER is not None else None
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_TOP_KEY_RE = re.compile(r"([A-Za-z_][\w-]*)\s*:")
_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int  # 1-based line in the file
    quoted: bool  # written in quotes (or as a block scalar): always a string


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    line: int


@dataclass(frozen=True)
class Map:
    # key -> (line of the key, value); keys keep their written order
    entries: dict[str, tuple[int, Node]]
    line: int

    def line_of(self, key: str) -> int:
        entry = self.entries.get(key)
        return entry[0] if entry else self.line


Node = Scalar | Seq | Map


@dataclass(frozen=True)
class YamlProblem:
    line: int
    field: str
    message: str


class YamlError(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse(text: str, first_line: int = 1) -> tuple[Node | None, list[YamlProblem]]:
    """Parse one YAML document; `first_line` is the file line where `text` starts.

    Returns the root node (None for an empty document) and non-fatal problems such
    as duplicate keys. A syntax error raises `YamlError` with the file line.
    """
    try:
        if sum(text.count(c) for c in "[{-?:") > _SAFE_INDICATORS:
            _check_depth(text, first_line)
        return _parse(text, first_line)
    except RecursionError:
        # PyYAML composes (and we convert) nested lists and mappings by recursion, so a
        # line of ten thousand `[` would exhaust the stack: it is the editor's error.
        problem = _too_deep(text, first_line) or YamlProblem(first_line, "", _TOO_DEEP)
        raise YamlError(problem) from None


def _check_depth(text: str, first_line: int) -> None:
    problem = _too_deep(text, first_line)
    if problem is not None:
        raise YamlError(problem)


def _too_deep(text: str, first_line: int) -> YamlProblem | None:
    """The line where nesting first passes MAX_DEPTH, found from the parser's events
    (a loop, not a recursion); None when it never does."""
    depth = 0
    index = None
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    index = event.start_mark.line
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # a syntax error before the nesting: composing will report it
    if index is None:
        return None
    # The field is the top-level key at or above that line.
    keys = (_TOP_KEY_RE.match(line) for line in reversed(text.split("\n")[: index + 1]))
    field = next((key.group(1) for key in keys if key), "")
    return YamlProblem(first_line + index, field, _TOO_DEEP)


def _parse(text: str, first_line: int) -> tuple[Node | None, list[YamlProblem]]:
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        hint = explain(text, exc, first_line)
        if hint is not None:
            raise YamlError(
                YamlProblem(first_line + hint.index, hint.field, hint.message)
            ) from None
        # The context mark is where the broken construct began (an unclosed quote or
        # list), which is the line an editor has to fix; the problem mark is where
        # the parser gave up, often lines later.
        mark = exc.context_mark or exc.problem_mark
        index = mark.line if mark else 0
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != index:
            what += f" (at line {first_line + exc.problem_mark.line})"
        problem = YamlProblem(first_line + index, _key_on(text, index), f"invalid YAML: {what}")
        raise YamlError(problem) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        line = first_line + getattr(getattr(exc, "mark", None), "line", 0)
        raise YamlError(YamlProblem(line, "", f"invalid YAML: {exc}")) from None
    if root is None:
        return None, []
    converter = _Converter(first_line)
    node = converter.convert(root, "")
    return node, converter.problems


def _compose(text: str) -> yaml.Node | None:
    """libyaml's composer when present (about 15x faster); on any error, the pure-Python
    one again, so that messages and lines are always the same whichever is installed.

    Except for a document over _RETRY_LIMIT: a second, pure-Python pass over megabytes
    would take many seconds (15 s for 2 MB here), so libyaml's message stands. Its lines
    are the same; only its wording differs ("did not find expected key")."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            if len(text) > _RETRY_LIMIT:
                raise
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _key_on(text: str, index: int) -> str:
    """The top-level key written on a line, to name the field of a syntax error."""
    lines = text.split("\n")
    match = _TOP_KEY_RE.match(lines[index]) if index < len(lines) else None
    return match.group(1) if match else ""


class _Converter:
    def __init__(self, first_line: int) -> None:
        self.offset = first_line
        self.budget = NODE_BUDGET
        self.problems: list[YamlProblem] = []

    def line(self, node: yaml.Node) -> int:
        return self.offset + node.start_mark.line

    def convert(self, node: yaml.Node, path: str, depth: int = 0) -> Node:
        self.budget -= 1
        if self.budget < 0:
            raise YamlError(
                YamlProblem(self.line(node), path, "document too large (aliases expand too far)")
            )
        if isinstance(node, yaml.ScalarNode):
            # libyaml marks a plain scalar with style "", PyYAML with None.
            return Scalar(self.text(node, path), self.line(node), bool(node.style))
        if depth >= MAX_DEPTH:  # the same bound as `_too_deep`, for nesting PyYAML survived
            field = path.split(".", 1)[0].split("[", 1)[0]  # the field, not 100 keys
            raise YamlError(YamlProblem(self.line(node), field, _TOO_DEEP))
        if isinstance(node, yaml.SequenceNode):
            items = tuple(
                self.convert(n, f"{path}[{i}]", depth + 1) for i, n in enumerate(node.value)
            )
            return Seq(items, self.line(node))
        assert isinstance(node, yaml.MappingNode)
        entries: dict[str, tuple[int, Node]] = {}
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(YamlProblem(key_line, path, "a key must be plain text"))
                continue
            key = self.text(key_node, path)
            child = f"{path}.{key}" if path else key
            if key in entries:
                self.problems.append(
                    YamlProblem(key_line, child, f"duplicate key (first at line {entries[key][0]})")
                )
                continue
            entries[key] = (key_line, self.convert(value_node, child, depth + 1))
        return Map(entries, self.line(node))

    def text(self, node: yaml.ScalarNode, path: str) -> str:
        """The scalar's text as real characters. A double-quoted `"\\ud83d\\ude00"` is
        written the way JSON writes an emoji: YAML reads each escape alone, as half a
        character that no UTF-8 file can hold, so the halves are joined here, and a
        half with no partner is a problem at its line rather than a crash at writing."""
        value = node.value
        if _SURROGATE_RE.search(value):
            value = _PAIR_RE.sub(
                lambda m: m[0].encode("utf-16", "surrogatepass").decode("utf-16"), value
            )
            half = _SURROGATE_RE.search(value)
            if half:
                message = (
                    f"`\\u{ord(half[0]):04x}` is half of a character: write the character "
                    "itself or its `\\U` escape (`\\U0001F600`)"
                )
                self.problems.append(YamlProblem(self.line(node), path, message))
                value = _SURROGATE_RE.sub("\ufffd", value)
        # YAML refuses these characters written as they are, but not as escapes ("\\0").
        bad = UNPRINTABLE_RE.search(value)
        if bad:
            self.problems.append(YamlProblem(self.line(node), path, unprintable(bad[0])))
        return value


# Characters no page can hold: controls other than tab and line ends, and noncharacters.
# A feed (XML) refuses them outright, HTML calls them parse errors, and a reader never
# sees them: pasted from old documents, they are always a mistake.
_BMP_UNPRINTABLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL_NONCHARS = "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(1, 17))
UNPRINTABLE_RE = re.compile(f"[{_BMP_UNPRINTABLE}{_ASTRAL_NONCHARS}]")
# The same set, found ten times faster: a class of scattered astral characters makes
# `re` test every character slowly, and almost no text holds any astral character.
_BMP_RE = re.compile(f"[{_BMP_UNPRINTABLE}]")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def find_unprintable(text: str) -> Iterator[re.Match[str]]:
    """Every character UNPRINTABLE_RE matches in `text`, in order."""
    if _ASTRAL_RE.search(text):
        return UNPRINTABLE_RE.finditer(text)
    return _BMP_RE.finditer(text)


def unprintable(char: str) -> str:
    """What to tell an editor about a character that UNPRINTABLE_RE found."""
    kind = "a control character" if ord(char) <= 0x9F else "not a character"
    return f"holds U+{ord(char):04X} ({kind}), which no page can show: remove it"
