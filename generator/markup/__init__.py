"""Markdown text to HTML, through Python-Markdown and the extensions we rely on."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import markdown

from generator.markup import fastpath
from generator.markup.links import DossierLinks
from generator.markup.mentions import MentionTable
from generator.markup.pictures import BodyImages, ResponsiveImages

EXTENSIONS = [
    "tables",
    "footnotes",
    "smarty",
    "toc",  # made a QuickToc in _converter
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
MARKUP_VERSION = "4"
# Python-Markdown looks for the end of a link from every `[` of a paragraph, so its
# time grows with the square of their number: 2,000 in one paragraph take seconds.
# The sum of the squares over a text is bounded (500 in one paragraph is fine).
MAX_BRACKET_WORK = 250_000
# Lists and quotes nested hundreds deep take Python-Markdown minutes (its time grows
# faster than the square of the depth) before it gives up; 400 columns of indentation
# and `>` (100 levels of lists) convert in well under a second.
MAX_NESTING_COLUMNS = 400
_DEEP = re.compile(f"^[ \t>]{{{MAX_NESTING_COLUMNS + 1}}}", re.MULTILINE)  # a line that starts too deep


class MarkupError(Exception):
    """The text could not be converted (e.g. nesting too deep to process).

    ``line`` counts from the first line of the text, 0 when the whole text is meant.
    """

    def __init__(self, message: str, line: int = 0):
        super().__init__(message, line)  # both in args, so the error survives pickling from a worker
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


def check_nesting(text: str) -> None:
    """Refuse a text nested deeper than Python-Markdown converts in reasonable time."""
    if not _DEEP.search(text):  # the line is looked for only in a text that has one
        return
    for number, line in enumerate(text.split("\n")):
        prefix = len(line) - len(line.lstrip(" \t>"))
        if prefix > MAX_NESTING_COLUMNS:
            columns = len(line[:prefix].expandtabs(4))
            raise MarkupError(
                f"this line starts with {columns} columns of indentation and `>`: lists or quotes "
                "nested this deep are too many to convert; flatten them",
                number,
            )


def check_brackets(text: str) -> None:
    """Refuse a text whose `[`s would take Python-Markdown minutes; name the worst paragraph."""
    if text.count("[") ** 2 <= MAX_BRACKET_WORK:  # then no paragraph can hold too many
        return
    work, worst, worst_line = 0, 0, 0
    count, start = 0, 0
    for number, line in enumerate([*text.split("\n"), ""]):
        if line.strip():
            if not count:
                start = number
            count += line.count("[") - line.count("\\[")
            continue
        work += count * count
        if count > worst:
            worst, worst_line = count, start
        count = 0
    if work > MAX_BRACKET_WORK:
        raise MarkupError(
            f"{worst} `[` in one paragraph are too many to convert in reasonable time; "
            "write them as `\\[` or split the paragraph",
            worst_line,
        )


@lru_cache(maxsize=1)
def _converter() -> tuple[markdown.Markdown, DossierLinks, ResponsiveImages, list]:
    """The converter, its two extensions of ours, and its steps that read the document
    being converted (``document``, set by ``to_html``) to tell what they may skip: the
    quick passes of ``fastpath``, or none where they cannot be installed."""
    links, images = DossierLinks(), ResponsiveImages()
    converter = markdown.Markdown(
        extensions=[*EXTENSIONS, links, images], extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    readers = fastpath.install(converter, EXTENSION_CONFIGS["toc"]) if fastpath.ACTIVE else []
    return converter, links, images, readers


def to_html(text: str, mentions: MentionTable | None = None, images: BodyImages | None = None) -> str:
    """Convert one Markdown document; raises MarkupError on input it cannot process.

    With ``mentions``, the first mention of each figure links to its page. With
    ``images``, local images become responsive ``<picture>`` markup and their
    problems are added to ``images.problems``.
    """
    check_nesting(text)
    check_brackets(text)
    converter, links, pictures, readers = _converter()
    links.mentions, pictures.current = mentions, images
    for step in readers:
        step.document = text
    try:
        return converter.reset().convert(text)
    except RecursionError:
        raise MarkupError("Markdown is nested too deeply to convert; flatten the lists or quotes") from None
    finally:
        links.mentions, pictures.current = None, None
        for step in readers:
            step.document = ""
        converter.reset()


def shows_images(text: str) -> bool:
    """Whether the text may hold a Markdown image (``![alt](path)`` or ``![alt][ref]``)."""
    return "![" in text


def fingerprint(source: str, names: str = "-") -> str:
    """The cache key of a body's HTML: what the body is (``source``, its digest and
    what else its HTML depends on), the converter's version, and ``names``: what
    the figure names it may link are (see ``workers.convert_all``)."""
    return hashlib.blake2b(f"{MARKUP_VERSION}\0{names}\0{source}".encode(), digest_size=16).hexdigest()
