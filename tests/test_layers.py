"""The package's layers: sub-packages in the order of the flow, no cycles, URLs a leaf."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"

# The flow, lowest first: a module may import its own package and those before it, never after.
LAYERS = ["core", "markup", "content", "wire", "index", "site", "render", "output", "commands", "cli"]
# Leaves a lower stage may still ask: they import nothing but core.
LEAVES = {
    "generator.site.urls",  # where a page lives: a body's picture links to its image
    "generator.content.images",  # the image table: a body's picture looks its image up
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    """The generator modules ``path`` imports when it runs (not those named for type checkers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom) or node.level:
            continue
        if node.module == "generator" or (node.module or "").startswith("generator."):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}
    return {m: {d for d in deps if d in graph and d not in ("generator", m)} for m, deps in graph.items()}


def layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_imports_are_absolute_so_a_reader_sees_where_each_name_lives():
    relative = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []


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


def test_a_stage_imports_only_the_stages_before_it():
    upward = sorted(
        f"{module} imports {other}"
        for module, deps in import_graph().items()
        if layer(module) in LAYERS
        for other in deps
        if layer(other) in LAYERS
        and LAYERS.index(layer(other)) > LAYERS.index(layer(module))
        and other not in LEAVES
    )
    assert upward == []


def test_urls_are_decided_by_a_leaf_that_knows_only_the_records():
    assert import_graph()["generator.site.urls"] == {"generator.core.models"}


def test_the_leaves_a_lower_stage_asks_import_only_core():
    graph = import_graph()
    assert {leaf: {d for d in graph[leaf] if layer(d) != "core"} for leaf in LEAVES} == {
        leaf: set() for leaf in LEAVES
    }


def test_every_sub_package_ships_in_the_wheel():
    declared = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {module_name(path.parent / "__init__.py") for path in PACKAGE.rglob("__init__.py")}
    assert found - declared == set()


def test_every_stage_is_a_package_named_in_the_flow():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == set(LAYERS) - {"cli"}
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py"]


def test_no_module_over_500_lines_and_no_function_over_80():
    """Sizes a reader takes in at once."""
    long_modules, long_functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 500:
            long_modules.append(str(path.relative_to(REPO)))
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.end_lineno - node.lineno >= 80
            ):
                long_functions.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    assert (long_modules, long_functions) == ([], [])
