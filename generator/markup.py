"""Markdown text to HTML, through Python-Markdown and the extensions we rely on."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import markdown

EXTENSIONS = [
    "tables",
    "footnotes",
    "smarty",
    "toc",
    "attr_list",
    "fenced_code",
    "def_list",
    "abbr",
    "sane_lists",
]
EXTENSION_CONFIGS = {
    "smarty": {"smart_angled_quotes": False},
    "toc": {"permalink": False},
    "footnotes": {"UNIQUE_IDS": False},
}
# Bumped whenever the conversion changes, so cached HTML from older versions is ignored.
MARKUP_VERSION = "1"


class MarkupError(Exception):
    """The text could not be converted (e.g. nesting too deep to process)."""


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def to_html(text: str) -> str:
    """Convert one Markdown document; raises MarkupError on input it cannot process."""
    converter = _converter()
    try:
        return converter.reset().convert(text)
    except RecursionError:
        raise MarkupError("Markdown is nested too deeply to convert; flatten the lists or quotes") from None
    finally:
        converter.reset()


def fingerprint(text: str) -> str:
    """The cache key of ``text``'s HTML: its content and the converter's version."""
    return hashlib.blake2b(f"{MARKUP_VERSION}\0{text}".encode(), digest_size=16).hexdigest()
