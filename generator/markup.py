"""Markdown text to HTML, through Python-Markdown and the extensions we rely on."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import markdown

from .links import DossierLinks
from .mentions import MentionTable
from .pictures import BodyImages, ResponsiveImages

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
MARKUP_VERSION = "3"


class MarkupError(Exception):
    """The text could not be converted (e.g. nesting too deep to process)."""


@lru_cache(maxsize=1)
def _converter() -> tuple[markdown.Markdown, DossierLinks, ResponsiveImages]:
    links, images = DossierLinks(), ResponsiveImages()
    converter = markdown.Markdown(
        extensions=[*EXTENSIONS, links, images], extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    return converter, links, images


def to_html(text: str, mentions: MentionTable | None = None, images: BodyImages | None = None) -> str:
    """Convert one Markdown document; raises MarkupError on input it cannot process.

    With ``mentions``, the first mention of each figure links to its page. With
    ``images``, local images become responsive ``<picture>`` markup and their
    problems are added to ``images.problems``.
    """
    converter, links, pictures = _converter()
    links.mentions, pictures.current = mentions, images
    try:
        return converter.reset().convert(text)
    except RecursionError:
        raise MarkupError("Markdown is nested too deeply to convert; flatten the lists or quotes") from None
    finally:
        links.mentions, pictures.current = None, None
        converter.reset()


def shows_images(text: str) -> bool:
    """Whether the text may hold a Markdown image (``![alt](path)`` or ``![alt][ref]``)."""
    return "![" in text


def fingerprint(text: str, names: str = "-") -> str:
    """The cache key of ``text``'s HTML: its content, the converter's version, and ``names``:
    what the figure names it may link are (see ``workers.convert_all``)."""
    return hashlib.blake2b(f"{MARKUP_VERSION}\0{names}\0{text}".encode(), digest_size=16).hexdigest()
