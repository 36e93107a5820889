"""``python -m generator``: the same as the ``dossier`` command."""

from .cli import run

run()
