"""The package type-checks with mypy, at the strictness pyproject.toml's [tool.mypy] sets."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, require_tool

pytestmark = pytest.mark.slow  # a cold run checks 80 modules in about 5 s


def mypy(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    require_tool(importlib.util.find_spec("mypy") is not None, "needs mypy (pip install -e '.[test]')")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_generator_package_has_no_type_errors() -> None:
    result = mypy()  # the configuration names the package
    assert result.returncode == 0, f"mypy reports errors:\n{result.stdout}{result.stderr}"


def test_configuration_checks_bodies_of_unannotated_functions(tmp_path: Path) -> None:
    """The check is live: an error inside a function without annotations is reported."""
    (tmp_path / "wrong.py").write_text(
        "def title(record):\n    name: str = None\n    return name\n",
        encoding="utf-8",
    )
    result = mypy(str(tmp_path / "wrong.py"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wrong.py:2: error:" in result.stdout and "[assignment]" in result.stdout, result.stdout
