"""Safe YAML reading with line numbers, the way an editor means it.

Plain scalars stay text: only ``true``/``false`` and ``null`` are resolved, so
``title: no``, ``time: 12:30`` and ``code: 010`` arrive as the strings the editor
typed (YAML 1.1 would turn them into False, 750 and 8). Dates are parsed by the
stage that knows what a date field is. Anchors and aliases are refused, which
also rules out "billion laughs" expansion.
"""

from __future__ import annotations

import re

import yaml

from .models import ContentError, ContentProblem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DossierLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader with YAML 1.2-style booleans and no implicit numbers or dates."""


DossierLoader.yaml_implicit_resolvers = {}
DossierLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
DossierLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse ``text``; return the data and the line of each top-level key.

    ``first_line`` is the file line where ``text`` starts, so that messages point
    into the file. Raises ContentProblem with ``path:line`` on any problem.
    """
    loader = DossierLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _refuse_aliases(node, path, first_line)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            problem = f"YAML tags such as {exc.problem.split()[-1] if exc.problem else ''} are not allowed"
        raise ContentProblem(ContentError(path, line, f"{_plain(problem)}; check the YAML syntax")) from None
    except yaml.YAMLError as exc:
        raise ContentProblem(ContentError(path, first_line, f"invalid YAML: {exc}")) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ContentProblem(ContentError(path, first_line, f"invalid YAML: {exc}")) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(key_node.value, first_line + key_node.start_mark.line)
    return data, lines


def _plain(problem: str) -> str:
    return problem.replace("\n", " ").strip()


def _refuse_aliases(root: yaml.Node, path: str, first_line: int) -> None:
    """Fail on a node reached twice: that is an alias (``*name``) of an anchor."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = first_line + node.start_mark.line
            raise ContentProblem(
                ContentError(
                    path, line, "anchors and aliases (&name, *name) are not supported; write the value out"
                )
            )
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
