"""What the ``dossier`` command does: the build recipe, check, new, init, import, serve, deploy."""
