"""Figure mentions: the matcher, links on first mentions, and links between source files."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import NOW, article, run_build
from htmlcheck import broken_links
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.models import Article, Profile
from generator.markup.mentions import grown_table, mention_table

MUHANDIS = "---\nname: Abu Mahdi al-Muhandis\naliases: [al-Muhandis, Muhandis]\n---\nBio.\n"
MAHDI = "---\nname: Mahdi\n---\nA different man.\n"
SOLEIMANI = "---\nname: Qassem Soleimani\naliases: [Soleimani, Gen. Qassem Soleimani]\n---\nBio.\n"
PROFILES = {
    "content/figures/abu-mahdi-al-muhandis.md": MUHANDIS,
    "content/figures/mahdi.md": MAHDI,
    "content/figures/qassem-soleimani.md": SOLEIMANI,
}
PAGE = "build/2020/01/03/strike/index.html"


class Anchors(HTMLParser):
    """Every link of a page's article body: (href, text, inside which elements)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.links: list[list] = []
        self.in_body = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "story__body" in (values.get("class") or ""):
            self.in_body = len(self.stack) + 1
        if tag not in ("br", "img", "hr", "meta", "link", "input"):
            self.stack.append(tag)
        if tag == "a" and self.in_body:
            self.links.append([values.get("href"), "", tuple(self.stack[self.in_body :])])

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass
        if self.in_body and len(self.stack) < self.in_body:
            self.in_body = 0

    def handle_data(self, data):
        if self.in_body and self.stack[-1:] == ["a"] and self.links:
            self.links[-1][1] += data


def body_links(path):
    parser = Anchors()
    parser.feed(path.read_text())
    return [(href, text) for href, text, _ in parser.links if not href.startswith("http")]


def profile(slug, name, *aliases):
    return Profile("figure", f"content/figures/{slug}.md", slug, name, tuple(aliases))


def listing(*figures):
    """An article record that lists ``figures``."""
    return Article(
        path="a.md", slug="a", title="A", date=NOW, has_time=False, updated=None, location="", topics=(),
        figures=figures, summary="", sources=(), draft=False, body_line=1,
    )  # fmt: skip


def test_longest_name_wins_and_possessives_count():
    table = mention_table(
        [], [profile("muhandis", "Abu Mahdi al-Muhandis", "Muhandis"), profile("mahdi", "Mahdi")]
    )
    text = "Abu Mahdi al-Muhandis, then Mahdi’s aide and Muhandis's car; Mahdiyya and Mahdis are other words."
    found = [(m.text, m.slug) for m in table.find(text)]
    assert found == [("Abu Mahdi al-Muhandis", "muhandis"), ("Mahdi", "mahdi"), ("Muhandis", "muhandis")]


GROWN = [profile("muhandis", "Abu Mahdi al-Muhandis", "Muhandis"), profile("mahdi", "Mahdi", "Al Mahdi")]
# Names a batch import may draft: longer and shorter than known ones, sharing their words.
DRAFTED = [
    profile("abu-mahdi", "Abu Mahdi"),
    profile("mahdi-army", "Mahdi Army", "Army"),
    profile("al-muhandis-jr", "Al Muhandis Jr."),
    profile("abu", "Abu"),
]
WORDS = [
    "Abu",
    "abu",
    "Mahdi",
    "mahdi",
    "al-Muhandis",
    "Muhandis",
    "Al",
    "Army",
    "Jr.",
    "Mahdi’s",
    "Ali al-Sistani",
    ",",
    "\n",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), st.integers(1, len(DRAFTED)))
def test_a_grown_table_finds_what_a_table_made_afresh_finds(text, drafted):
    articles = [listing("Abu Mahdi al-Muhandis", "abu mahdi", "Ali al-Sistani")]
    table = mention_table(articles, GROWN).prepare()
    grown = table
    for count in range(1, drafted + 1):  # one table per story, as a batch grows it
        grown = grown_table(grown, articles, GROWN + DRAFTED[:count])
    fresh = mention_table(articles, GROWN + DRAFTED[:drafted])
    assert grown == fresh
    assert grown.find(text) == fresh.find(text)
    assert grown._matchers[0] is table._matchers[0]  # the first table's trie, not compiled again


def test_a_name_that_becomes_ambiguous_leaves_a_grown_table():
    table = mention_table([], GROWN).prepare()
    grown = grown_table(table, [], [*GROWN, profile("mahdi-army", "Mahdi Army", "Mahdi")])
    assert grown._matchers == [] and "Mahdi" in grown.ambiguous
    assert [m.text for m in grown.find("Mahdi and the Mahdi Army")] == ["Mahdi Army"]


def test_a_name_two_figures_answer_to_is_never_matched():
    table = mention_table(
        [],
        [
            profile("adel-abdul-mahdi", "Adel Abdul Mahdi", "Mahdi"),
            profile("mahdi-army", "Mahdi Army", "mahdi"),
        ],
    )
    assert table.ambiguous == ("Mahdi", "mahdi")
    assert [m.text for m in table.find("Mahdi met Adel Abdul Mahdi and the Mahdi Army")] == [
        "Adel Abdul Mahdi",
        "Mahdi Army",
    ]


def test_names_from_figures_lists_resolve_to_profiles():
    record = Article(
        path="a.md", slug="a", title="A", date=NOW, has_time=False, updated=None, location="", topics=(),
        figures=("Soleimani", "Ali al-Sistani"), summary="", sources=(), draft=False, body_line=1,
    )  # fmt: skip
    table = mention_table([record], [profile("qassem-soleimani", "Qassem Soleimani", "Soleimani")])
    found = [(m.text, m.slug) for m in table.find("Soleimani met Ali al-Sistani.")]
    assert found == [("Soleimani", "qassem-soleimani"), ("Ali al-Sistani", "ali-al-sistani")]


def strike(body, **fields):
    return {"content/articles/2020/strike.md": article("Strike", "2020-01-03", body, **fields)}


def test_first_mention_of_each_figure_links_to_its_page(tiny_site):
    body = """
        Abu Mahdi al-Muhandis met Soleimani’s convoy. Later Mahdi arrived, and al-Muhandis left.

        Gen. Qassem Soleimani was killed.
    """
    site = tiny_site({**PROFILES, **strike(body)})
    assert run_build(site).ok
    assert body_links(site / PAGE) == [
        ("../../../../figures/abu-mahdi-al-muhandis/", "Abu Mahdi al-Muhandis"),
        ("../../../../figures/qassem-soleimani/", "Soleimani"),
        ("../../../../figures/mahdi/", "Mahdi"),
    ]
    assert broken_links(site / "build") == []


def test_names_in_links_code_and_headings_are_not_linked(tiny_site):
    body = """
        ## Soleimani in a heading

        [Soleimani in a link](https://example.org/) and `Soleimani in code`.

            Soleimani in a code block

        Then Soleimani in prose.
    """
    site = tiny_site({**PROFILES, **strike(body)})
    assert run_build(site).ok
    assert body_links(site / PAGE) == [("../../../../figures/qassem-soleimani/", "Soleimani")]
    html = (site / PAGE).read_text()
    assert "<h2" in html and 'id="soleimani-in-a-heading">Soleimani in a heading</h2>' in html
    assert "<code>Soleimani in code</code>" in html


def test_autolink_off_for_one_article(tiny_site):
    site = tiny_site(
        {
            **PROFILES,
            **strike("Soleimani was killed.", autolink="false"),
            "content/articles/2020/other.md": article("Other", "2020-01-04", "Soleimani again."),
        }
    )
    assert run_build(site).ok
    assert body_links(site / PAGE) == []
    assert body_links(site / "build/2020/01/04/other/index.html") == [
        ("../../../../figures/qassem-soleimani/", "Soleimani")
    ]


def test_autolink_off_for_the_site_and_on_again_for_one_article(tiny_site):
    site = tiny_site(
        {
            "site.yaml": "title: T\nautolink: false\n",
            **PROFILES,
            **strike("Soleimani was killed."),
            "content/articles/2020/other.md": article(
                "Other", "2020-01-04", "Soleimani again.", autolink="true"
            ),
        }
    )
    assert run_build(site).ok
    assert body_links(site / PAGE) == []
    assert body_links(site / "build/2020/01/04/other/index.html") == [
        ("../../../../figures/qassem-soleimani/", "Soleimani")
    ]


def test_editing_an_alias_changes_the_links_of_an_incremental_build(tiny_site):
    site = tiny_site({**PROFILES, **strike("The general, Hajji Qassem, was killed.")})
    assert run_build(site, cache=True).ok
    assert body_links(site / PAGE) == []
    path = site / "content/figures/qassem-soleimani.md"
    path.write_text(path.read_text().replace("aliases: [", "aliases: [Hajji Qassem, "))
    assert run_build(site, cache=True).ok
    assert body_links(site / PAGE) == [("../../../../figures/qassem-soleimani/", "Hajji Qassem")]


def test_links_between_source_files_become_page_links(tiny_site):
    files = {
        **PROFILES,
        "content/articles/2019/attack.md": article("Attack", "2019-12-27", "The rocket attack."),
        **strike(
            """
            After [the attack](../2019/attack.md#details), see [his profile](../../figures/mahdi.md).

            [ref]: ../2019/attack.md
            """,
            autolink="false",
        ),
    }
    site = tiny_site(files)
    report = run_build(site)
    assert report.ok, [str(p) for p in report.problems]
    assert body_links(site / PAGE) == [
        ("../../../../2019/12/27/attack/#details", "the attack"),
        ("../../../../figures/mahdi/", "his profile"),
    ]


def test_a_link_to_a_missing_or_draft_source_file_fails_the_build(tiny_site):
    files = {
        "content/articles/2019/draft.md": article("Draft", "2019-12-27", draft="true"),
        **strike("Intro.\n\nSee [the draft](../2019/draft.md) and [this](./nowhere.md)."),
    }
    site = tiny_site(files)
    report = run_build(site)
    assert not report.ok
    assert [str(p) for p in report.errors] == [
        "content/articles/2020/strike.md:8: broken link `../2019/draft.md`: content/articles/2019/draft.md "
        "is a draft, left out of this build; publish it or remove the link",
        "content/articles/2020/strike.md:8: broken link `./nowhere.md`: content/articles/2020/nowhere.md "
        "does not exist; fix the path (it is relative to this file) or remove the link",
    ]
    assert not (site / "build").exists()
    assert run_build(site, drafts=True).errors == (report.errors[1],)


def test_feeds_carry_absolute_figure_links_with_a_base_url(tiny_site):
    site = tiny_site(
        {"site.yaml": "title: T\nbase_url: https://example.org/d/\n", **PROFILES, **strike("Soleimani.")}
    )
    assert run_build(site).ok
    feed = (site / "build/feed.xml").read_text()
    assert "href=&#34;https://example.org/d/figures/qassem-soleimani/&#34;" in feed


def test_a_linked_article_that_moves_updates_the_link_in_an_incremental_build(tiny_site):
    files = {
        "content/articles/2019/attack.md": article("Attack", "2019-12-27", "The rocket attack."),
        **strike("After [the attack](../2019/attack.md)."),
    }
    site = tiny_site(files)
    assert run_build(site, cache=True).ok
    target = site / "content/articles/2019/attack.md"
    target.write_text(target.read_text().replace("2019-12-27", "2019-12-28"))
    assert run_build(site, cache=True).ok
    assert body_links(site / PAGE) == [("../../../../2019/12/28/attack/", "the attack")]
    assert broken_links(site / "build") == []
