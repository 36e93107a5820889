"""Front matter YAML: explicit tags and keys that cannot be keys, as PyYAML reads them."""

from __future__ import annotations

import pytest

from generator.core.models import ContentProblem
from generator.core.yamltext import load_yaml


def test_explicit_tags_are_read_and_a_list_as_a_key_is_a_line():
    assert load_yaml("a: !!int 5\nb: !!str 010\n", "x.md")[0] == {"a": 5, "b": "010"}
    with pytest.raises(ContentProblem, match="x.md:1: found unhashable key"):
        load_yaml("? [k]\n: v\n", "x.md")
