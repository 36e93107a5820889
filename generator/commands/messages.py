"""The theme's messages: every string the default theme and the generator show a reader, found
in the templates and the code by Babel's extractors, as the catalogue template ``messages.pot``.

``python -m generator.commands.messages`` writes ``themes/default/locales/messages.pot`` and brings every
``.po`` beside it up to date (new messages added untranslated, gone ones marked obsolete).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po, write_po

from generator.core.locales import DOMAIN, LOCALES, TEMPLATE
from generator.core.resources import PACKAGE, shipped

# ``plurals(singular, plural)`` in a template gives a script every plural form of a message.
KEYWORDS = {**DEFAULT_KEYWORDS, "plurals": (1, 2)}
HEADER = "# The messages of Dossier's default theme. Made by `python -m generator.commands.messages`."
UNSTABLE = (b'"POT-Creation-Date', b'"PO-Revision-Date', b'"Generated-By')  # dates and versions: left out
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def theme_messages(theme: Path) -> list[tuple[str, int, str | tuple[str, ...]]]:
    """(file, line, message) of every message in a theme's templates, file by file."""
    found = []
    for path in sorted((theme / "templates").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json"):
            with path.open("rb") as file:
                for line, message, _comments, _context in extract(
                    "jinja2.ext:babel_extract", file, KEYWORDS, options=JINJA_OPTIONS
                ):
                    found.append(
                        (f"templates/{path.relative_to(theme / 'templates').as_posix()}", line, message)
                    )
    return found


def code_messages(package: Path = PACKAGE) -> list[tuple[str, int, str | tuple[str, ...]]]:
    """(file, line, message) of every message the generator's code marks."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if "_data" in path.parts:
            continue
        with path.open("rb") as file:
            for line, message, _comments, _context in extract("python", file, KEYWORDS):
                found.append((f"generator/{path.relative_to(package).as_posix()}", line, message))
    return found


def template_catalogue(theme: Path, package: Path = PACKAGE) -> Catalog:
    """The catalogue template: every message, with where it is used."""
    catalogue = Catalog(project="Dossier", domain=DOMAIN, fuzzy=False, header_comment=HEADER)
    for where, line, message in [*theme_messages(theme), *code_messages(package)]:
        catalogue.add(message, locations=[(where, line)])
    return catalogue


def catalogue_text(catalogue: Catalog) -> bytes:
    """A ``.pot`` or ``.po`` file, without dates and versions (same messages, same bytes); obsolete
    messages are left out."""
    out = io.BytesIO()
    write_po(out, catalogue, width=100, sort_output=False, ignore_obsolete=True)
    return b"\n".join(line for line in out.getvalue().split(b"\n") if not line.startswith(UNSTABLE))


def update(theme: Path) -> list[Path]:
    """Write the theme's ``messages.pot`` and bring its catalogues up to date; returns what was written."""
    catalogue = template_catalogue(theme)
    folder = theme / LOCALES
    folder.mkdir(exist_ok=True)
    (folder / TEMPLATE).write_bytes(catalogue_text(catalogue))
    written = [folder / TEMPLATE]
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with path.open("rb") as file:
            translated = read_po(file)
        translated.update(catalogue, no_fuzzy_matching=True)
        path.write_bytes(catalogue_text(translated))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in update(shipped("themes") / "default"):
        print(path)
    sys.exit(0)
