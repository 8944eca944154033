"""The package's layers: each imports only from the layers before it, and no module
imports itself back through others (a cycle).

The order is the pipeline's: shared, model, read, render, publish, incremental,
pipeline, commands. Imports inside functions count too: a lazy import is still a
dependency, only a hidden one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sitegen"
LAYERS = ("shared", "model", "read", "render", "publish", "incremental", "pipeline", "commands")


def module_name(file: Path, root: Path) -> str:
    parts = list(file.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(file: Path, root: Path) -> set[str]:
    """Every sitegen module the file imports, at any depth of its code."""
    here = module_name(file, root)
    package = here if file.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == root.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != root.name:
                continue
            # `from sitegen.x import y` names module x.y when y is one, else module x.
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if _is_module(candidate, root) else source)
    return found


def _is_module(name: str, root: Path) -> bool:
    path = root.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph(root: Path) -> dict[str, set[str]]:
    return {
        module_name(f, root): imports_of(f, root) - {module_name(f, root)}
        for f in sorted(root.rglob("*.py"))
    }


def layer_of(module: str) -> int | None:
    """The layer's index, or None for the package itself and modules outside the layers."""
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def back_edges(edges: dict[str, set[str]]) -> list[str]:
    """Every import of a later layer from an earlier one, as 'a -> b'."""
    bad = []
    for source, targets in edges.items():
        mine = layer_of(source)
        for target in sorted(targets):
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                bad.append(f"{source} -> {target}")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_layer():
    stray = [
        m
        for m in graph(PACKAGE)
        if m not in ("sitegen", "sitegen.__main__") and layer_of(m) is None
    ]
    assert stray == [], f"modules outside the layers {LAYERS}: {stray}"


def test_each_layer_imports_only_the_layers_before_it():
    assert back_edges(graph(PACKAGE)) == []


def test_no_module_imports_itself_through_others():
    assert cycles(graph(PACKAGE)) == []


def test_the_walk_sees_imports_at_every_depth():
    # The checker must know the real dependencies, or it proves nothing.
    edges = graph(PACKAGE)
    assert "sitegen.shared.clock" in edges["sitegen.commands.new"]
    assert "sitegen.pipeline.build" in edges["sitegen.commands.cli"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # a lazy import of a later layer, hidden in a function
            {"shared/a.py": "def f():\n    from sitegen.pipeline import b\n", "pipeline/b.py": ""},
            ["sitegen.shared.a -> sitegen.pipeline.b"],
        ),
        (  # a relative import that climbs into a later layer
            {"model/a.py": "from ..render.b import x\n", "render/b.py": "x = 1\n"},
            ["sitegen.model.a -> sitegen.render.b"],
        ),
        (  # imports downward are fine
            {"render/a.py": "from sitegen.model import b\n", "model/b.py": ""},
            [],
        ),
    ],
)
def test_the_checker_fails_on_a_back_edge(tmp_path, files, expected):
    root = _package(tmp_path, files)
    assert back_edges(graph(root)) == expected


def test_the_checker_fails_on_a_cycle(tmp_path):
    root = _package(
        tmp_path,
        {"render/a.py": "from sitegen.render import b\n", "render/b.py": "from . import a\n"},
    )
    assert cycles(graph(root)) == [["sitegen.render.a", "sitegen.render.b"]]


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "sitegen"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root
