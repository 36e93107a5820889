"""Front matter YAML: the quick construction gives what PyYAML's constructor gives."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.models import ContentProblem
from generator.core.yamltext import DossierLoader, _construct, _Unusual, load_yaml

VALUES = ["x", "two words", "yes", "no", "true", "False", "~", "null", "", "'quoted'", '"010"', "12:30"]
VALUES += ["[a, true, ~]", "{k: v, n: null}", "\n  - item\n  - TRUE", "\n  k: v", "!!int 5", "!!bool yes"]
VALUES += [
    "!!str 010",
    "&anchor x",
    "*anchor",
    "[[a], {b: c}]",
    "2020-01-03",
    "!!map {a: b}",
    "!!pairs [{a: 1}]",
]
KEYS = ["a", "b", "title", "true", "~", "'k'", "? [k]\n", "<<", "!!int 1"]


def stock(text: str) -> object:
    loader = DossierLoader(text)
    try:
        return loader.get_data()
    finally:
        loader.dispose()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)), max_size=6))
def test_quick_construction_gives_what_pyyaml_gives(pairs):
    text = "".join(f"{key}: {value}\n" for key, value in pairs)
    try:
        expected = stock(text)
    except yaml.YAMLError:
        with pytest.raises(ContentProblem):
            load_yaml(text, "x.md")
        return
    loader = DossierLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    try:
        data = _construct(node) if node is not None else None
    except _Unusual:
        data = expected  # left to PyYAML
    assert data == expected
    assert type(data) is type(expected)
    if "*anchor" not in text:
        assert load_yaml(text, "x.md")[0] == expected


def test_unusual_nodes_are_left_to_pyyaml():
    assert load_yaml("a: !!int 5\nb: !!str 010\n", "x.md")[0] == {"a": 5, "b": "010"}
    with pytest.raises(ContentProblem, match="x.md:1: found unhashable key"):
        load_yaml("? [k]\n: v\n", "x.md")
