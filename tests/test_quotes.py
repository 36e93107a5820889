"""Quotations: who said what, found in article bodies or listed in front matter."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from conftest import article, run_build
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.slugs import slugify
from generator.markup.quotes import clean_text, find_quotes

PROFILES = {
    "mark-milley": ("Mark Milley", "Milley", "Gen. Mark Milley"),
    "donald-trump": ("Donald Trump", "Trump", "President Trump", "the president"),
    "mohammad-javad-zarif": ("Mohammad Javad Zarif", "Zarif"),
    "mike-pompeo": ("Mike Pompeo", "Pompeo"),
    "mark-esper": ("Mark Esper", "Esper"),
}
TABLE = {slugify(name): slug for slug, names in PROFILES.items() for name in names}


def resolve(name: str) -> str | None:
    return TABLE.get(slugify(name))


def said(body: str) -> list[tuple[str, str]]:
    return [(q.figure, q.text) for q in find_quotes(body, resolve)]


@pytest.mark.parametrize(
    "body",
    [
        "“We will respond,” Milley said.",
        "“We will respond,” said Milley.",
        "Milley said: “We will respond”",
        '"We will respond," Milley said.',
        '"We will respond," said Milley on Tuesday.',
        "Milley told reporters at the Pentagon: “We will respond”",
        "On Tuesday, Milley said, “We will respond”",
    ],
)
def test_the_three_sentence_shapes_attribute_the_quote(body):
    assert said(body) == [("mark-milley", "We will respond")]


@pytest.mark.parametrize(
    "body, figure",
    [
        ("“Yes,” Gen. Mark A. Milley said.", "mark-milley"),
        ("“Yes,” said Gen. Mark A. Milley, the chairman of the Joint Chiefs.", "mark-milley"),
        ("“Yes,” Mr. Trump told reporters.", "donald-trump"),
        ("“Yes,” President Trump said.", "donald-trump"),
        ("“Yes,” the president said.", "donald-trump"),  # an alias of that profile
        ("Secretary of State Mike Pompeo said: “Yes”", "mike-pompeo"),
        ("“Yes,” Iran’s foreign minister, Mohammad Javad Zarif, wrote.", "mohammad-javad-zarif"),
        ("“Yes?” Trump asked.", "donald-trump"),
        # An apposition between the name and the verb.
        ("“Yes,” Gen. Mark Milley, the chairman of the Joint Chiefs, told reporters.", "mark-milley"),
        ("Mike Pompeo, the secretary of state, said: “Yes.”", "mike-pompeo"),
        ("“Yes,” Esper, his voice breaking, said.", "mark-esper"),
    ],
)
def test_titles_and_full_names_resolve_through_aliases(body, figure):
    assert [f for f, _ in said(body)] == [figure]


@pytest.mark.parametrize(
    "body",
    [
        "“We will respond,” an Iraqi official said.",
        "“We will respond,” said Jane Doe, a spokeswoman.",
        "“We will respond,” a spokesman for Milley said.",
        "“We will respond,” Milley’s spokesman said.",
        "“We will respond,” said Trump adviser Jane Doe.",
        "“We will respond,” Esper and Milley said.",
        "“We will respond,” the general said.",  # not an alias of anyone
        "Milley arrived. Iran called it “an act of war.” Trump said the strike was lawful.",
        "Trump said Khamenei had called it “a slap in the face.”",
        "“We will respond,” Milley’s aide said. Milley said nothing.",
        "“We will respond,” Officials, a spokesman for Milley, said.",
        "After meeting Milley, a spokesman said: “We will respond.”",
    ],
)
def test_a_quote_by_someone_unknown_is_not_credited_to_a_figure_nearby(body):
    assert said(body) == []


def test_markdown_is_removed_from_the_quoted_words():
    body = 'Milley said: “We *will* respond, as [the law](https://example.org "title") allows[^1].”'
    assert said(body) == [("mark-milley", "We will respond, as the law allows.")]
    assert clean_text("**Never**, ever `again`,") == "Never, ever again"


def test_headings_and_code_are_not_read_but_block_quotes_and_lists_are():
    body = """
    ## “Not this,” Milley said

    ```
    “Nor this,” Milley said.
    ```

    > “This one,” Milley said.

    - Trump said: “And this”
    """
    assert said(body.replace("\n    ", "\n")) == [("mark-milley", "This one"), ("donald-trump", "And this")]


def test_a_quote_continued_after_the_attribution_is_credited_too():
    assert said("“First part,” Milley said, “and the second.”") == [
        ("mark-milley", "First part"),
        ("mark-milley", "and the second."),
    ]


PROFILE = "---\nname: Mark Milley\naliases: [Milley, Gen. Mark Milley]\n---\n"


class QuoteParser(HTMLParser):
    """Collects the quotes of a figure page: text, date and article link."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[dict] = []
        self.where: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "li" and values.get("class") == "quote":
            self.quotes.append({"text": "", "date": "", "href": None})
        elif self.quotes and tag == "blockquote":
            self.where = "text"
        elif self.quotes and tag == "time" and self.where != "done":
            self.where = "date"
            self.quotes[-1]["datetime"] = values["datetime"]
        elif self.quotes and tag == "a" and self.quotes[-1]["href"] is None:
            self.quotes[-1]["href"] = values["href"]

    def handle_endtag(self, tag):
        if tag in ("blockquote", "time"):
            self.where = None

    def handle_data(self, data):
        if self.where in ("text", "date"):
            self.quotes[-1][self.where] += data


def figure_quotes(page) -> list[dict]:
    parser = QuoteParser()
    parser.feed(page.read_text())
    return parser.quotes


def test_figure_page_shows_quotes_with_date_and_link_oldest_first(tiny_site):
    site = tiny_site(
        {
            "content/figures/mark-milley.md": PROFILE,
            "content/articles/b.md": article(
                "Later", "2020-01-08", "“It was meant to kill,” Gen. Mark A. Milley said.", figures=["Milley"]
            ),
            "content/articles/a.md": article(
                "Earlier",
                "2020-01-03",
                "Milley told reporters: “The threat was imminent.”",
                figures=["Milley"],
            ),
        }
    )
    assert run_build(site).ok
    page = site / "build/figures/mark-milley/index.html"
    quotes = figure_quotes(page)
    assert [(q["text"], q["datetime"], q["href"]) for q in quotes] == [
        ("“The threat was imminent.”", "2020-01-03", "../../2020/01/03/a/"),
        ("“It was meant to kill”", "2020-01-08", "../../2020/01/08/b/"),
    ]
    assert quotes[0]["date"] == "3 January 2020"
    assert (site / "build/2020/01/03/a/index.html").is_file()


def test_front_matter_quotes_replace_the_ones_found_in_the_body(tiny_site):
    listed = article(
        "Listed",
        "2020-01-03",
        "“Found in the body,” Milley said.",
        figures=["Milley"],
        quotes='\n  - {figure: "Gen. Mark Milley", text: "Chosen by the editor"}',
    )
    none = article("None", "2020-01-04", "“Also found,” Milley said.", quotes="[]")
    site = tiny_site(
        {
            "content/figures/mark-milley.md": PROFILE,
            "content/articles/listed.md": listed,
            "content/articles/none.md": none,
        }
    )
    assert run_build(site).ok
    texts = [q["text"] for q in figure_quotes(site / "build/figures/mark-milley/index.html")]
    assert texts == ["“Chosen by the editor”"]
    figures = json.loads((site / "build/data/figures.json").read_text())["figures"]
    assert figures[0]["quotes"] == [{"text": "Chosen by the editor", "article": "2020-01-03/listed"}]


@pytest.mark.parametrize(
    "quotes, message",
    [
        ("\n  - Milley said so", "`quotes` item 1 is not a figure and a text"),
        ("\n  - {figure: Milley}", "`quotes` item 1 needs `text:`"),
        ('\n  - {figure: Milley, text: "a"}\n  - {text: "b"}', "`quotes` item 2 needs `figure:`"),
        ('\n  - {figure: Milley, text: "a", date: 2020}', "`quotes` item 1 has unknown key `date`"),
        ('\n  - {figure: Jane Doe, text: "a"}', "`quotes` names `Jane Doe`, which is no known figure"),
    ],
)
def test_bad_quotes_entries_are_reported_with_path_and_line(tiny_site, quotes, message):
    body = article("Story", "2020-01-03", figures=["Milley"], quotes=quotes)
    site = tiny_site({"content/figures/mark-milley.md": PROFILE, "content/articles/story.md": body})
    report = run_build(site)
    assert not report.ok and not (site / "build").exists()
    assert body.split("\n")[4].startswith("quotes:")  # the message points at line 5
    found = [str(e) for e in report.errors if message in str(e)]
    assert len(found) == 1 and found[0].startswith("content/articles/story.md:5: ")


pieces = st.sampled_from(["“", "”", '"', " ", "said", "told", "Milley", "Gen.", "A.", ",", ":", ".", "\n", "\n\n", "> ",
                          "- ", "#", "`", "```", "*", "[x](y)", "the", "of", "Trump’s", "?", "x"])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(pieces, max_size=60).map(" ".join) | st.text(max_size=200))
def test_any_text_gives_quotes_from_known_figures_only(body):
    for quote in find_quotes(body, resolve):
        assert quote.figure in PROFILES and quote.text
