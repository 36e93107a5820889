"""Markdown conversion: the quick smart-quotes pass gives what Python-Markdown's own gives."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.links import DossierLinks
from generator.markup import EXTENSION_CONFIGS, EXTENSIONS, QuickSmarty, _converter, to_html
from generator.pictures import ResponsiveImages

PIECES = [*"ab c'\"-.*_`[]()<>&#!\n\\:|^~", "--", "...", "'s", "\n\n", "- ", "> ", "# ", " 90s"]
PIECES += ["[^1]", "[^1]: note\n", "[x]: https://example.org\n", "<b>", "</b>", "&amp;", "*'a'*"]


def stock_converter() -> markdown.Markdown:
    """The same extensions, with smarty's pass as Python-Markdown registers it."""
    return markdown.Markdown(
        extensions=[*EXTENSIONS, DossierLinks(), ResponsiveImages()],
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )


def test_the_quick_pass_is_the_one_in_use():
    converter, _, _ = _converter()
    assert isinstance(converter.treeprocessors["smarty"], QuickSmarty)
    assert not isinstance(stock_converter().treeprocessors["smarty"], QuickSmarty)


def test_quotes_dashes_and_ellipses_are_still_educated():
    html = to_html("It's -- \"quoted\" and 'single'... in the '90s --- see `it's`.")
    assert html == (
        "<p>It&rsquo;s &ndash; &ldquo;quoted&rdquo; and &lsquo;single&rsquo;&hellip; "
        "in the &rsquo;90s &mdash; see <code>it's</code>.</p>"
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_quick_pass_gives_the_same_html_as_the_stock_pass(text):
    assert to_html(text) == stock_converter().convert(text)
