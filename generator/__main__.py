"""``python -m generator``: the same as the ``dossier`` command."""

from generator.cli import run

run()
