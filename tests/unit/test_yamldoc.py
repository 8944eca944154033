"""Positioned YAML: every node knows its file line, and scalars stay as written."""

import pytest

from sitegen.read.yamldoc import Map, Scalar, Seq, YamlError, parse


def test_scalars_keep_the_text_as_written():
    root, problems = parse("status: false\nas_of: 2018\nwhen: 2026-05-01\nname: 'quoted'\n")
    assert problems == []
    assert isinstance(root, Map)
    texts = {k: v.text for k, (_, v) in root.entries.items()}
    assert texts == {"status": "false", "as_of": "2018", "when": "2026-05-01", "name": "quoted"}
    assert root.entries["name"][1].quoted and not root.entries["status"][1].quoted


def test_lines_are_file_lines_offset_by_where_the_yaml_starts():
    root, _ = parse("title: A\nclaims:\n  - id: one\n    status: alleged\n", first_line=2)
    claims = root.entries["claims"][1]
    assert root.line_of("title") == 2
    assert isinstance(claims, Seq) and claims.items[0].line == 4
    assert claims.items[0].line_of("status") == 5


def test_duplicate_keys_are_problems_at_the_second_key():
    _, problems = parse("title: A\nsummary: B\ntitle: C\n")
    assert [(p.line, p.field, p.message) for p in problems] == [
        (3, "title", "duplicate key (first at line 1)")
    ]


@pytest.mark.parametrize(
    "text, line, field",
    [
        ("title: A\nsummary: [open, list\nsection: news\n", 12, "summary"),
        ('title: "unclosed\nsection: news\n', 11, "title"),
        ("title: A\n\tsection: tab\n", 12, ""),
    ],
)
def test_syntax_errors_name_the_file_line(text, line, field):
    with pytest.raises(YamlError) as caught:
        parse(text, first_line=11)
    assert caught.value.problem.line == line
    assert caught.value.problem.field == field
    assert caught.value.problem.message.startswith("invalid YAML")


def test_an_indentation_mistake_is_explained_at_the_line_to_change():
    with pytest.raises(YamlError) as caught:
        parse("title: A\n  bad indent: x\n", first_line=11)
    assert caught.value.problem.line == 12
    assert caught.value.problem.field == "title"
    assert caught.value.problem.message.startswith("`bad indent:` is indented 2 spaces")


def test_python_tags_construct_nothing():
    root, _ = parse("x: !!python/object/apply:os.system ['echo hi']\n")
    node = root.entries["x"][1]
    assert isinstance(node, Seq) and isinstance(node.items[0], Scalar)


def test_alias_bombs_are_an_error_not_an_exhausted_machine():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]")
    with pytest.raises(YamlError) as caught:
        parse("\n".join(lines))
    assert "too large" in caught.value.problem.message


def test_an_empty_document_is_none():
    assert parse("") == (None, [])
