"""The package's layers: no module imports one that imports it back, and URLs are a leaf."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"


def imports_of(path: Path) -> set[str]:
    """The generator modules ``path`` imports when it runs (not those named for type checkers)."""
    module = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = module.split(".")[: len(module.split(".")) - node.level + (path.name == "__init__.py")]
        if node.module:
            found.add(".".join([*base, node.module]))
        else:
            found.update(".".join([*base, alias.name]) for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = imports_of(path)
    return {module: {d for d in deps if d in graph} for module, deps in graph.items()}


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    reached: dict[str, set[str]] = {}

    def reach(module: str) -> set[str]:
        if module not in reached:
            reached[module] = set()
            todo = list(graph[module])
            while todo:
                other = todo.pop()
                if other not in reached[module]:
                    reached[module].add(other)
                    todo += graph[other]
        return reached[module]

    cycles = sorted(module for module in graph if module in reach(module))
    assert cycles == []


def test_urls_are_decided_by_a_leaf_that_knows_only_the_records():
    assert import_graph()["generator.urls"] == {"generator.models"}
