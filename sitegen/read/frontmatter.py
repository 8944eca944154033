"""Splitting a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.read.yamldoc import Node, YamlError, YamlProblem
from sitegen.read.yamldoc import parse as parse_yaml


@dataclass(frozen=True)
class Document:
    data: Node | None  # the front matter, positioned with file lines
    body: str
    body_line: int  # file line on which the body starts
    problems: tuple[YamlProblem, ...] = ()


def parse(text: str) -> Document:
    """Split and parse; raises YamlError (with a file line) for broken front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise YamlError(YamlProblem(1, "", "must begin with front matter between two `---` lines"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise YamlError(YamlProblem(1, "", "front matter is not closed by a `---` line"))
    yaml_text = "\n".join(lines[1:index])
    # Line 1 is the opening `---`, so the YAML starts on file line 2.
    data, problems = parse_yaml(yaml_text, first_line=2)
    body = "\n".join(lines[index + 1 :])
    return Document(data, body, index + 2, tuple(problems))
