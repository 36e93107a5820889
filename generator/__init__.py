"""Dossier: a static site generator for curated news dossiers."""

__version__ = "0.1.0"
# The name on the package index (`pip install dossier-ssg`); "dossier" there is another project.
DISTRIBUTION = "dossier-ssg"
