"""Quicker inner loops for Python-Markdown, giving the same HTML: the only code that touches
its internals.

Python-Markdown tries every inline pattern on every piece of text and every block
processor on every block, nearly always in vain; these replacements first check,
with a plain ``in``, that a text holds what an item needs (measured: they halve the
time of converting the benchmark corpus by five, see benchmarks/README.md). They override private
methods (the name-mangled ``InlineProcessor.__handleInline``) and re-register stock
steps by name and priority, so they hold only for the versions they were checked
with: at import this module checks that what it needs is there (``REASON`` says what
is not), and where it is not, ``ACTIVE`` is False and conversion takes the stock path.
The tests fail when the fast path is off in the versions ``pyproject.toml`` allows,
and compare both paths' HTML.
"""

from __future__ import annotations

from typing import Any, cast
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.blockparser import BlockParser
from markdown.extensions import smarty
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

# Python-Markdown versions these loops are checked with (pyproject.toml caps it below the last).
CHECKED = ((3, 11), (3, 12))
PASSES = {"inline": 20, "smarty": 6}  # Python-Markdown's inline passes, where they are registered
# Processors that leave a document as it is unless it holds one of these marks (raw HTML
# starts with `<` or is an entity, a fence is three backticks or tildes, attributes are in
# braces, an escape starts with a backslash), by registry, and where they are registered.
SKIPPABLE: dict[str, dict[str, tuple[int, tuple[str, ...]]]] = {
    "preprocessors": {"fenced_code_block": (25, ("```", "~~~")), "html_block": (20, ("<", "&"))},
    "treeprocessors": {"attr_list": (8, ("{",)), "unescape": (0, ("\\",))},
}
TOC_PRIORITY = 5  # where the toc extension registers its pass
PRIVATE = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")


def _missing() -> str | None:
    """What this module needs of Python-Markdown and does not find; None when all is there."""
    version = tuple(int(part) for part in markdown.__version_info__[:2])
    if not CHECKED[0] <= version < CHECKED[1]:
        return f"Python-Markdown {markdown.__version__} is not a version the fast path was checked with"
    for name in PRIVATE:
        if not callable(getattr(InlineProcessor, name, None)):
            return f"InlineProcessor has no {name}"
    if not callable(getattr(BlockParser, "parseBlocks", None)):
        return "BlockParser has no parseBlocks"
    for name in ("build_toc_div", "replace_marker", "run"):
        if not callable(getattr(TocTreeprocessor, name, None)):
            return f"TocTreeprocessor has no {name}"
    stock = markdown.Markdown(extensions=["smarty", "toc", "attr_list", "fenced_code"])
    registries: dict[str, util.Registry] = {
        "treeprocessors": stock.treeprocessors,
        "preprocessors": stock.preprocessors,
    }
    wanted = [("treeprocessors", name, priority) for name, priority in PASSES.items()]
    wanted.append(("treeprocessors", "toc", TOC_PRIORITY))
    wanted += [(kind, name, step[0]) for kind, steps in SKIPPABLE.items() for name, step in steps.items()]
    for kind, name, _ in wanted:
        if name not in registries[kind]:
            return f"no {kind[:-1]} named {name!r}"
    return None


REASON = _missing()
ACTIVE = REASON is None


# What each inline pattern needs in a text before it can match there: any one of these
# strings. Python-Markdown tries every pattern on every text, by name here; a pattern not
# named is always tried. Matching only ever cuts text out (into a placeholder of its own
# characters, none of these), so what a text lacks it lacks to the end of the pass.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
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
    **{f"smarty-quotes-{n}": ("'", '"') for n in range(15)},  # each told apart in _quote_triggers
}
# The smarty pass's quote patterns, by the name of their expression in Python-Markdown:
# the marks each needs. Most need one kind of quote, and a text with apostrophes alone
# (or double quotes alone) is tried with half of them.
QUOTE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "singleQuoteStartRe": ("'",),
    "doubleQuoteStartRe": ('"',),
    "doubleQuoteSetsRe": ("\"'",),
    "singleQuoteSetsRe": ("'\"",),
    "doubleQuoteSetsRe2": ("'\"",),
    "singleQuoteSetsRe2": ("\"'",),
    "decadeAbbrRe": ("'",),
    "openingSingleQuotesRegex": ("'",),
    "closingSingleQuotesRegex": ("'",),
    "closingSingleQuotesRegex2": ("'",),
    "remainingSingleQuotesRegex": ("'",),
    "openingDoubleQuotesRegex": ('"',),
    "closingDoubleQuotesRegex": ('"',),
    "closingDoubleQuotesRegex2": ('"',),
    "remainingDoubleQuotesRegex": ('"',),
}
# Patterns that link to the document's reference definitions (`[id]: url`) and to nothing
# else: a document that defines none is not tried with them, though its texts hold `[`.
REFERENCE_PATTERNS = ("reference", "image_reference", "short_reference", "short_image_ref")


def _quote_triggers(patterns: util.Registry) -> dict[str, tuple[str, ...]]:
    """``TRIGGERS``, with the smarty pass's quote patterns told apart by their expressions."""
    needs_of = {getattr(smarty, name, None): needs for name, needs in QUOTE_TRIGGERS.items()}
    table = dict(TRIGGERS)
    for name in TRIGGERS:
        if name.startswith("smarty-quotes-") and name in patterns:
            table[name] = needs_of.get(getattr(patterns[name], "pattern", None), TRIGGERS[name])
    return table


# Characters of prose, the most common first. A mark of several characters is looked for
# only in a text holding its rarest one: finding one character is a quick memory scan, and
# finding "![" or "  \n" in a paragraph is a slower search.
PROSE = " .\n-'[]\"_*"


def _rarest(mark: str) -> str:
    return max(mark, key=lambda char: PROSE.find(char) if char in PROSE else len(PROSE))


class Triggers:
    """Which of a registry's items (inline patterns, block processors) may apply to a text:
    those whose triggers (``table``, by item name) it holds, checked with a plain ``in``.
    An item not named in the table applies to any text. Plans are kept by the marks held."""

    def __init__(
        self, registry: util.Registry, table: dict[str, tuple[str, ...]], never: tuple[str, ...] = ()
    ):
        table = table | dict.fromkeys(never, ())  # needing none of no marks, never planned
        names = {id(registry[name]): name for name in table if name in registry}
        self.items = list(registry)  # in priority order; the registry makes a new list on every walk
        self._needs = [table.get(names.get(id(item), "")) for item in self.items]
        self.marks = sorted({mark for needs in self._needs if needs for mark in needs})
        self.always = any(needs is None for needs in self._needs)  # an item tried on any text
        self._plans: dict[tuple[bool, ...], list[int]] = {}
        self._rarest = [_rarest(mark) for mark in self.marks]
        self._long = [(i, mark) for i, mark in enumerate(self.marks) if len(mark) > 1]

    def _present(self, text: str) -> list[bool]:
        """Whether ``text`` holds each of the marks."""
        present = [*map(text.__contains__, self._rarest)]
        for i, mark in self._long:
            if present[i]:
                present[i] = mark in text
        return present

    def plan(self, text: str) -> list[int]:
        """The places, in priority order, of the items that may apply to ``text``."""
        present = tuple(self._present(text))
        plan = self._plans.get(present)
        if plan is None:
            held = {mark for mark, there in zip(self.marks, present, strict=True) if there}
            plan = self._plans[present] = [
                i for i, needs in enumerate(self._needs) if needs is None or held.intersection(needs)
            ]
        return plan

    def none_in(self, text: str) -> bool:
        """Whether no item can apply to ``text``, nor to any part of it."""
        return not self.always and not any(self._present(text))


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
        table = _quote_triggers(patterns)
        self._referenced = Triggers(patterns, table)
        self._unreferenced = Triggers(patterns, table, never=REFERENCE_PATTERNS)
        self._triggers = self._referenced
        self.document = ""  # the Markdown being converted, set by to_html

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        """The pass; none at all over a document holding none of the marks the patterns need
        (no quotes, dashes or ellipses for the smarty pass), since no text of its tree does."""
        self._triggers = self._referenced if self.md.references else self._unreferenced
        if self._triggers.none_in(self.document):
            return tree
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        # Python-Markdown's private method, which its stubs leave out (checked at import: PRIVATE).
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns, start = self._triggers.items, 0
        for index in self._triggers.plan(data):
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
        self._triggers = Triggers(parser.blockprocessors, BLOCK_TRIGGERS)

    def parse_blocks(self, parent: Element, blocks: list[str]) -> None:
        processors, plan_for = self._triggers.items, self._triggers.plan
        while blocks:
            block = blocks[0]
            plan, at = plan_for(block), 0
            while at < len(plan):
                index = plan[at]
                at += 1
                processor = processors[index]
                if processor.test(parent, block):
                    if processor.run(parent, blocks) is not False:
                        break
                    if blocks and blocks[0] is not block:  # declined, but changed the block: plan again
                        block = blocks[0]
                        plan, at = [i for i in plan_for(block) if i > index], 0


class QuickToc(TocTreeprocessor):
    """The ``toc`` extension's pass, which gives headings their ids, making its table of
    contents only for a text that places one (``[TOC]``): nothing else reads it."""

    def __init__(self, md: markdown.Markdown, settings: dict):
        super().__init__(md, settings)
        self.document = (
            ""  # the Markdown being converted, set by to_html: a text without the marker places none
        )

    def run(self, doc: Element) -> None:
        marker = self.marker
        self.wanted = (
            bool(marker)
            and marker in self.document
            and any(el.text and el.text.strip() == marker for el in doc.iter())
        )
        super().run(doc)

    def build_toc_div(self, toc_list: list) -> Element:
        return super().build_toc_div(toc_list) if self.wanted else Element("div")

    def replace_marker(self, root: Element, elem: Element) -> None:
        if self.wanted:
            super().replace_marker(root, elem)


class QuickProcessor:
    """A preprocessor or tree pass run only over a document that holds one of ``needs``.
    The stock ones read the whole text (through an HTML parser, or a regular expression)
    or walk the whole tree to give back, for almost every article, what they were given."""

    def __init__(self, inner: Preprocessor | Treeprocessor, needs: tuple[str, ...]):
        self.inner, self.needs = inner, needs
        self.document = ""  # the Markdown being converted, set by to_html

    def __getattr__(
        self, name: str
    ) -> Any:  # what other steps read of the stock one (the unescape pass's RE)
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def run(self, given: Any) -> Any:  # the lines, or the tree
        if any(need in self.document for need in self.needs):
            return self.inner.run(given)
        return given  # the lines, or the tree (a tree pass may give the root it was given)


def install(converter: markdown.Markdown, toc_config: dict) -> list:
    """Put the quick steps in ``converter`` in place of the stock ones; returns those that read
    the document being converted (their ``document`` is set for each conversion)."""
    readers: list[QuickInline | QuickProcessor | QuickToc] = []
    for name, priority in PASSES.items():  # each inline pass, with its own patterns
        stock = cast(InlineProcessor, converter.treeprocessors[name])  # the registry is typed by its base
        quick = QuickInline(converter, stock.inlinePatterns)
        readers.append(quick)
        converter.treeprocessors.register(quick, name, priority)
    for kind, steps in SKIPPABLE.items():
        registry = getattr(converter, kind)
        for name, (priority, needs) in steps.items():
            readers.append(QuickProcessor(registry[name], needs))
            registry.register(readers[-1], name, priority)
    # This converter's parser, and only it, takes the quick loop; typing knows no method set on an instance.
    converter.parser.parseBlocks = QuickBlocks(converter.parser).parse_blocks  # type: ignore[method-assign]
    settings = TocExtension(**toc_config).getConfigs()
    toc = QuickToc(converter, settings)
    readers.append(toc)
    converter.treeprocessors.register(toc, "toc", TOC_PRIORITY)
    return readers
