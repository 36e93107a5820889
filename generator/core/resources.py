"""Where the files that ship with Dossier are: the default theme and the JSON Schemas.

They live at the top of the repository (``themes/``, ``schemas/``), where theme authors
and data users find them; a wheel carries them inside the package, as ``generator/_data/``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # generator/


def shipped(folder: str) -> Path:
    """``themes`` or ``schemas``: the installed package's copy, else the source checkout's."""
    installed = PACKAGE / "_data" / folder
    return installed if installed.is_dir() else PACKAGE.parent / folder


def schema_path(name: str) -> Path:
    """The JSON Schema of ``data/<name>.json`` ("articles", "timelinejs", …)."""
    return shipped("schemas") / f"{name}.schema.json"
