"""Markdown text to HTML, through Python-Markdown and the extensions we rely on."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import markdown

from .links import DossierLinks
from .mentions import MentionTable

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
MARKUP_VERSION = "2"


class MarkupError(Exception):
    """The text could not be converted (e.g. nesting too deep to process)."""


@lru_cache(maxsize=1)
def _converter() -> tuple[markdown.Markdown, DossierLinks]:
    links = DossierLinks()
    converter = markdown.Markdown(
        extensions=[*EXTENSIONS, links], extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    return converter, links


def to_html(text: str, mentions: MentionTable | None = None) -> str:
    """Convert one Markdown document; raises MarkupError on input it cannot process.

    With ``mentions``, the first mention of each figure links to its page.
    """
    converter, links = _converter()
    links.mentions = mentions
    try:
        return converter.reset().convert(text)
    except RecursionError:
        raise MarkupError("Markdown is nested too deeply to convert; flatten the lists or quotes") from None
    finally:
        links.mentions = None
        converter.reset()


def fingerprint(text: str, names: str = "-") -> str:
    """The cache key of ``text``'s HTML: its content, the converter's version, and ``names``:
    what the figure names it may link are (see ``workers.convert_all``)."""
    return hashlib.blake2b(f"{MARKUP_VERSION}\0{names}\0{text}".encode(), digest_size=16).hexdigest()
