"""Safe YAML reading with line numbers, the way an editor means it.

Plain scalars stay text: only ``true``/``false`` and ``null`` are resolved, so
``title: no``, ``time: 12:30`` and ``code: 010`` arrive as the strings the editor
typed (YAML 1.1 would turn them into False, 750 and 8). Dates are parsed by the
stage that knows what a date field is. Anchors and aliases are refused, which
also rules out "billion laughs" expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from generator.core.models import ContentError, ContentProblem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DossierLoader(_Base):  # type: ignore[misc, valid-type]  # libyaml's when there: a base chosen at run time
    """A safe loader with YAML 1.2-style booleans and no implicit numbers or dates."""


DossierLoader.yaml_implicit_resolvers = {}
DossierLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
DossierLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


@dataclass(frozen=True, slots=True)
class Lines:
    """Where a YAML value sits in its file, and where the values inside it sit.

    For a mapping, ``inner`` maps each key to the line of the key; for a list,
    it holds one entry per item. Messages about nested data point at these lines.
    """

    line: int
    inner: dict[str, Lines] | tuple[Lines, ...] = field(default=())

    def key(self, name: str) -> Lines:
        """The lines of ``name`` in this mapping; this mapping's own line when it is absent."""
        found = self.inner.get(name) if isinstance(self.inner, dict) else None
        return found or Lines(self.line)

    def item(self, index: int) -> Lines:
        """The lines of item ``index`` of this list."""
        if isinstance(self.inner, tuple) and index < len(self.inner):
            return self.inner[index]
        return Lines(self.line)


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse ``text``; return the data and the line of each top-level key.

    ``first_line`` is the file line where ``text`` starts, so that messages point
    into the file. Raises ContentProblem with ``path:line`` on any problem.
    """
    data, node = _load(text, path, first_line)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(key_node.value, first_line + key_node.start_mark.line)
    return data, lines


def load_yaml_lines(text: str, path: str) -> tuple[object, Lines]:
    """Parse ``text``; return the data and the line of every key and list item in it."""
    data, node = _load(text, path, 1)
    return data, _lines(node, 1) if node is not None else Lines(1)


def _lines(node: yaml.Node, first_line: int) -> Lines:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.SequenceNode):
        return Lines(line, tuple(_lines(item, first_line) for item in node.value))
    if isinstance(node, yaml.MappingNode):
        inner: dict[str, Lines] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value not in inner:
                inner[key.value] = Lines(first_line + key.start_mark.line, _lines(value, first_line).inner)
        return Lines(line, inner)
    return Lines(line)


def _load(text: str, path: str, first_line: int) -> tuple[object, yaml.Node | None]:
    """Compose and construct one document, refusing aliases; errors become ContentProblem."""
    loader = DossierLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "*" in text:  # an alias is written `*name`: without a star there is none
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
    return data, node


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
