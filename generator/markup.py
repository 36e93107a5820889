"""Markdown text to HTML, through Python-Markdown and the extensions we rely on."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.treeprocessors import InlineProcessor

from .links import DossierLinks
from .mentions import MentionTable
from .pictures import BodyImages, ResponsiveImages

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
PASSES = {"inline": 20, "smarty": 6}  # Python-Markdown's inline passes, where they are registered
TOC_PRIORITY = 5  # where the toc extension registers its pass
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


# What each inline pattern needs in a text before it can match there: any one of these
# strings. Python-Markdown tries every pattern on every text, by name here; a pattern not
# named is always tried. Matching only ever cuts text out (into a placeholder of its own
# characters, none of these), so what a text lacks it lacks to the end of the pass.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),  # this one and the next: the names of Python-Markdown before 3.11
    "not_strong": ("*", "_"),
    "smarty-em-dashes": ("--",),
    "smarty-en-dashes": ("--",),
    "smarty-ellipses": ("...",),
    **{f"smarty-quotes-{n}": ("'", '"') for n in range(15)},
}


class QuickInline(InlineProcessor):
    """Python-Markdown's inline pass, trying on each text only the patterns it may hold.

    The stock pass tries every pattern on every text (list items, headings, the
    text between two links): twenty regex searches, each through several Python
    calls, nearly all of which find nothing. This pass first checks, with a plain
    ``in``, that the text holds a pattern's ``TRIGGERS``; the HTML is the same.
    """

    def __init__(self, md: markdown.Markdown, patterns: util.Registry):
        super().__init__(md)
        self.inlinePatterns = patterns
        names = {id(patterns[name]): name for name in TRIGGERS if name in patterns}
        self._patterns = list(patterns)  # the registry's lookup by index is slow
        self._needs = [TRIGGERS.get(names.get(id(pattern))) for pattern in self._patterns]
        self._marks = sorted({mark for needs in self._needs if needs for mark in needs})
        self._plans: dict[tuple[bool, ...], list[int]] = {}
        self._always = any(needs is None for needs in self._needs)  # a pattern tried on any text
        self.document = ""  # the Markdown being converted, set by to_html

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        """The pass; none at all over a document holding none of the marks the patterns need
        (no quotes, dashes or ellipses for the smarty pass), since no text of its tree does."""
        if not self._always and not any(mark in self.document for mark in self._marks):
            return tree
        return super().run(tree, ancestors)

    def _plan(self, present: tuple[bool, ...]) -> list[int]:
        """The patterns to try on a text holding the marks flagged in ``present``."""
        held = {mark for mark, there in zip(self._marks, present, strict=True) if there}
        return [i for i, needs in enumerate(self._needs) if needs is None or held.intersection(needs)]

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        present = tuple([mark in data for mark in self._marks])
        plan = self._plans.get(present)
        if plan is None:
            plan = self._plans[present] = self._plan(present)
        patterns, apply, start = self._patterns, self._InlineProcessor__applyPattern, 0
        for index in plan:
            if index >= patternIndex:
                matched = True
                while matched:  # a pattern that matched is tried again, from past its match
                    data, matched, start = apply(patterns[index], data, index, start)
        return data


# What each block processor needs in a block before its test can pass (or, for those
# whose test always passes, before its run does anything but put the block back): any
# one of these strings. Processors not named (the empty block, indented code and list
# items, list starts and the paragraph, whose tests are quick) are always tried.
BLOCK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "table": ("|",),
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),
    "hr": ("--", "- -", "-  -", "__", "_ _", "_  _", "**", "* *", "*  *"),  # three marks, two spaces apart
    "deflist": (": ",),
    "quote": (">",),
    "footnote": ("[^",),
    "abbr": ("*[",),
    "reference": ("]:",),
}


class QuickBlocks:
    """Python-Markdown's block loop, trying on each block only the processors it may hold.

    The stock loop asks every processor about every block: for a plain paragraph,
    fourteen tests and runs, most of them regex searches, before the paragraph
    processor takes it. This loop first checks, with a plain ``in``, that the
    block holds a processor's ``BLOCK_TRIGGERS``; the tree is the same. It is
    installed as the parser's ``parseBlocks``, which processors call for nested
    blocks too.
    """

    def __init__(self, parser: BlockParser):
        registry = parser.blockprocessors
        names = {id(registry[name]): name for name in BLOCK_TRIGGERS if name in registry}
        self._processors = list(registry)  # in priority order; iterating the registry makes a list each time
        self._needs = [BLOCK_TRIGGERS.get(names.get(id(p))) for p in self._processors]
        self._marks = sorted({mark for needs in self._needs if needs for mark in needs})
        self._plans: dict[tuple[bool, ...], list[tuple[int, BlockProcessor]]] = {}

    def _plan(self, block: str) -> list[tuple[int, BlockProcessor]]:
        """The processors (with their place in priority order) that may take ``block``."""
        present = tuple([mark in block for mark in self._marks])
        plan = self._plans.get(present)
        if plan is None:
            held = {mark for mark, there in zip(self._marks, present, strict=True) if there}
            plan = self._plans[present] = [
                (i, p)
                for i, (p, needs) in enumerate(zip(self._processors, self._needs, strict=True))
                if needs is None or held.intersection(needs)
            ]
        return plan

    def parse_blocks(self, parent: Element, blocks: list[str]) -> None:
        while blocks:
            block = blocks[0]
            plan, at = self._plan(block), 0
            while at < len(plan):
                index, processor = plan[at]
                at += 1
                if processor.test(parent, block):
                    if processor.run(parent, blocks) is not False:
                        break
                    if blocks and blocks[0] is not block:  # declined, but changed the block: plan again
                        block = blocks[0]
                        plan, at = [item for item in self._plan(block) if item[0] > index], 0


class QuickToc(TocTreeprocessor):
    """The ``toc`` extension's pass, which gives headings their ids, making its table of
    contents only for a text that places one (``[TOC]``): nothing else reads it."""

    def run(self, doc) -> None:
        marker = self.marker
        self.wanted = bool(marker) and any(el.text and el.text.strip() == marker for el in doc.iter())
        super().run(doc)

    def build_toc_div(self, toc_list: list):
        return super().build_toc_div(toc_list) if self.wanted else Element("div")

    def replace_marker(self, root, elem) -> None:
        if self.wanted:
            super().replace_marker(root, elem)


@lru_cache(maxsize=1)
def _converter() -> tuple[markdown.Markdown, DossierLinks, ResponsiveImages]:
    links, images = DossierLinks(), ResponsiveImages()
    converter = markdown.Markdown(
        extensions=[*EXTENSIONS, links, images], extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    for name, priority in PASSES.items():  # each inline pass, with its own patterns
        quick = QuickInline(converter, converter.treeprocessors[name].inlinePatterns)
        converter.treeprocessors.register(quick, name, priority)
    converter.parser.parseBlocks = QuickBlocks(converter.parser).parse_blocks
    settings = TocExtension(**EXTENSION_CONFIGS["toc"]).getConfigs()
    converter.treeprocessors.register(QuickToc(converter, settings), "toc", TOC_PRIORITY)
    return converter, links, images


def to_html(text: str, mentions: MentionTable | None = None, images: BodyImages | None = None) -> str:
    """Convert one Markdown document; raises MarkupError on input it cannot process.

    With ``mentions``, the first mention of each figure links to its page. With
    ``images``, local images become responsive ``<picture>`` markup and their
    problems are added to ``images.problems``.
    """
    check_nesting(text)
    check_brackets(text)
    converter, links, pictures = _converter()
    links.mentions, pictures.current = mentions, images
    for name in PASSES:
        converter.treeprocessors[name].document = text
    try:
        return converter.reset().convert(text)
    except RecursionError:
        raise MarkupError("Markdown is nested too deeply to convert; flatten the lists or quotes") from None
    finally:
        links.mentions, pictures.current = None, None
        for name in PASSES:
            converter.treeprocessors[name].document = ""
        converter.reset()


def shows_images(text: str) -> bool:
    """Whether the text may hold a Markdown image (``![alt](path)`` or ``![alt][ref]``)."""
    return "![" in text


def fingerprint(text: str, names: str = "-") -> str:
    """The cache key of ``text``'s HTML: its content, the converter's version, and ``names``:
    what the figure names it may link are (see ``workers.convert_all``)."""
    return hashlib.blake2b(f"{MARKUP_VERSION}\0{names}\0{text}".encode(), digest_size=16).hexdigest()
