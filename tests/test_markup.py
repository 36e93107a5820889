"""Markdown conversion: the quick block loop and inline passes give what Python-Markdown's own give."""

from __future__ import annotations

from datetime import UTC

import markdown
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import BlockProcessor

from generator.content.reading import load_content
from generator.markup import EXTENSION_CONFIGS, EXTENSIONS, _converter, fastpath, to_html
from generator.markup.fastpath import QuickBlocks, QuickInline, QuickProcessor, QuickToc, Triggers
from generator.markup.links import DossierLinks
from generator.markup.pictures import ResponsiveImages

PIECES = [*"ab c'\"-.*_`[]()<>&#!\n\\:|^~", "--", "...", "'s", "\n\n", "- ", "> ", "# ", " 90s"]
PIECES += ["[^1]", "[^1]: note\n", "[x]: https://example.org\n", "<b>", "</b>", "&amp;", "*'a'*"]
PIECES += [
    "[TOC]",
    "\n## H\n",
    "  \n",
    "<https://a.org/x>",
    "<me@a.org>",
    "![i](p.png)",
    "![i][x]",
    "[x]",
    "&#38;",
    "``",
    "**",
]
PIECES += [  # blocks
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "|a|\n|-|\n",
    "Title\n===\n",
    "Title\n---\n",
    "\n***\n",
    "- - -\n",
    "___\n",
    "term\n: definition\n",
    "*[HTML]: Hyper Text\n",
    "    code\n",
    "\t",
    "1. one\n",
    "2) two\n",
    "* item\n",
    "```\nfenced\n```\n",
    "~~~\ntilde\n~~~\n",
    "> > quoted\n",
    "[^1]:\n    indented note\n",
]


def stock_converter() -> markdown.Markdown:
    """The same extensions, with the inline passes as Python-Markdown registers them."""
    return markdown.Markdown(
        extensions=[*EXTENSIONS, DossierLinks(), ResponsiveImages()],
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )


def test_the_fast_path_is_on_in_every_version_the_project_allows():
    """Python-Markdown's versions are capped in pyproject.toml to those the fast path was
    checked with: in them, the fast path must be on, never silently replaced by the stock one."""
    assert fastpath.ACTIVE, fastpath.REASON


def test_the_quick_loops_are_the_ones_that_run(monkeypatch):
    """An override of a private method that the library stopped calling would leave the
    quick classes in place and unused: count the plans each quick loop makes."""
    converter, *_ = _converter()
    inline = converter.treeprocessors["inline"]
    planned: dict[str, list[str]] = {"inline": [], "blocks": []}
    plan = Triggers.plan

    def counted(self, text):
        kind = "inline" if self in (inline._referenced, inline._unreferenced) else "blocks"
        planned[kind].append(text)
        return plan(self, text)

    monkeypatch.setattr(Triggers, "plan", counted)
    assert to_html("A *b* and c.\n\n- one\n- two") == (
        "<p>A <em>b</em> and c.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )
    assert "A *b* and c." in planned["inline"] and "one" in planned["inline"]
    assert "- one\n- two" in planned["blocks"]


def test_the_quick_pass_is_the_one_in_use():
    converter, *_ = _converter()
    for name in ("inline", "smarty"):
        assert isinstance(converter.treeprocessors[name], QuickInline)
        assert not isinstance(stock_converter().treeprocessors[name], QuickInline)
    assert isinstance(converter.treeprocessors["toc"], QuickToc)
    assert not isinstance(stock_converter().treeprocessors["toc"], QuickToc)
    assert isinstance(getattr(converter.parser.parseBlocks, "__self__", None), QuickBlocks)
    assert not isinstance(getattr(stock_converter().parser.parseBlocks, "__self__", None), QuickBlocks)
    for kind, name in [
        ("preprocessors", "html_block"),
        ("preprocessors", "fenced_code_block"),
        ("treeprocessors", "attr_list"),
        ("treeprocessors", "unescape"),
    ]:
        assert isinstance(getattr(converter, kind)[name], QuickProcessor)
        assert not isinstance(getattr(stock_converter(), kind)[name], QuickProcessor)


def test_a_table_of_contents_is_still_placed_where_asked():
    html = to_html("[TOC]\n\n## One\n\ntext\n\n## Two")
    assert html.startswith('<div class="toc">\n<ul>\n<li><a href="#one">One</a></li>')
    assert '<h2 id="two">Two</h2>' in html


def test_references_fences_and_raw_html_still_convert():
    assert to_html("See [the report][r] and [r].\n\n[r]: https://example.org/r") == (
        '<p>See <a href="https://example.org/r">the report</a> and <a href="https://example.org/r">r</a>.</p>'
    )
    assert (
        to_html("[r] stays [text][r] without a definition")
        == "<p>[r] stays [text][r] without a definition</p>"
    )
    assert to_html("~~~\n<b>&</b>\n~~~") == "<pre><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>"
    assert to_html("<div>raw</div>\n\nAT&T") == "<div>raw</div>\n\n<p>AT&amp;T</p>"
    assert to_html("## Title {: #here }\n\n\\*not emphasis\\*") == (
        '<h2 id="here">Title</h2>\n<p>*not emphasis*</p>'
    )


def test_quotes_dashes_and_ellipses_are_still_educated():
    html = to_html("It's -- \"quoted\" and 'single'... in the '90s --- see `it's`.")
    assert html == (
        "<p>It&rsquo;s &ndash; &ldquo;quoted&rdquo; and &lsquo;single&rsquo;&hellip; "
        "in the &rsquo;90s &mdash; see <code>it's</code>.</p>"
    )


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_quick_passes_give_the_same_html_as_the_stock_passes(text):  # and the quick block loop
    assert to_html(text) == stock_converter().convert(text)


def test_every_body_of_the_sample_dossier_converts_as_with_the_stock_passes():
    bodies = load_content(REPO, UTC).bodies
    assert len(bodies) > 20
    for path, body in bodies.items():
        assert to_html(body) == stock_converter().convert(body), path


class Rewriter(BlockProcessor):
    """Declines every block, after turning `swap` in it into a heading: counts its tests."""

    tests = 0

    def test(self, parent, block):
        Rewriter.tests += 1
        return True

    def run(self, parent, blocks):
        if "swap" in blocks[0]:
            blocks[0] = blocks[0].replace("swap", "# swapped")
        return False


def test_a_block_changed_by_a_processor_that_declines_it_is_planned_again():
    def converter(quick: bool) -> markdown.Markdown:
        md = stock_converter()
        md.parser.blockprocessors.register(Rewriter(md.parser), "rewriter", 95)
        if quick:
            md.parser.parseBlocks = QuickBlocks(md.parser).parse_blocks
        return md

    text = "one\n\nswap\n\nthree"
    Rewriter.tests = 0
    stock = converter(quick=False).convert(text)
    stock_tests, Rewriter.tests = Rewriter.tests, 0
    assert (
        converter(quick=True).convert(text)
        == stock
        == '<p>one</p>\n<h1 id="swapped">swapped</h1>\n<p>three</p>'
    )
    assert Rewriter.tests == stock_tests


def test_a_pattern_without_triggers_is_tried_on_every_document():
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    def converter(quick: bool) -> markdown.Markdown:
        md = stock_converter()
        inline = md.treeprocessors["inline"]
        inline.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "del", 65)
        if quick:
            md.treeprocessors.register(QuickInline(md, inline.inlinePatterns), "inline", 20)
            md.treeprocessors["inline"].document = text
        return md

    text = "plain ~~struck~~ words"
    assert converter(quick=True).convert(text) == converter(quick=False).convert(text)
    assert "<del>struck</del>" in converter(quick=False).convert(text)
