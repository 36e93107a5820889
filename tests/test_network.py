"""Connections: who appears with whom, on figure pages and as the network drawing."""

from __future__ import annotations

import itertools
import random
import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from conftest import article, run_build

from generator.core.locales import Language
from generator.site import graph

ENGLISH = Language("en")

SVG = "{http://www.w3.org/2000/svg}"

# Four articles: Trump with Pompeo three times, with Esper twice, Pompeo with Esper once,
# and a figure whose name needs escaping.
FILES = {
    "content/articles/a.md": article("A", "2020-01-01", figures=["Donald Trump", "Mike Pompeo"]),
    "content/articles/b.md": article("B", "2020-01-02", figures=["Trump", "Mike Pompeo", "Mark Esper"]),
    "content/articles/c.md": article("C", "2020-01-03", figures=["Donald Trump", "Mark Esper"]),
    "content/articles/d.md": article("D", "2020-01-04", figures=["Donald Trump", "Mike Pompeo"]),
    "content/articles/e.md": article("E", "2020-01-05", figures=['"Smith & Sons <Ltd>"', "Mark Esper"]),
    "content/articles/f.md": article("F", "2020-01-06", figures=["Alone"]),
    "content/figures/donald-trump.md": "---\nname: Donald Trump\naliases: [Trump]\n---\n",
}


def network_svg(page: Path) -> ET.Element:
    html = page.read_text()
    found = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(found) == 1
    return ET.fromstring(found[0])


def test_network_svg_parses_and_links_every_drawn_figure_to_its_page(tiny_site):
    site = tiny_site(FILES)
    assert run_build(site).ok
    index = site / "build/figures/index.html"
    svg = network_svg(index)
    # A group, not an image: an image hides the links inside it from screen readers.
    assert svg.get("role") == "group" and svg.get("viewBox")
    title = svg.find(f"{SVG}title")
    assert svg.get("aria-labelledby") == title.get("id") and title.text
    links = svg.findall(f".//{SVG}a")
    labels = [a.find(f"{SVG}text").text for a in links]
    assert sorted(labels) == [
        "Donald Trump",
        "Mark Esper",
        "Mike Pompeo",
        "Smith & Sons <Ltd>",
    ]  # not "Alone"
    for link in links:
        target = urljoin("/figures/index.html", link.get("href"))
        assert (site / "build" / target.lstrip("/") / "index.html").is_file(), target
    widths = {
        path.find(f"{SVG}title").text: float(path.get("stroke-width")) for path in svg.iter(f"{SVG}path")
    }
    assert widths["Donald Trump and Mike Pompeo: 3 articles together"] == 5.0
    assert widths["Donald Trump and Mark Esper: 2 articles together"] < 5.0
    # A small dossier draws every pair that shares two articles or more, and only those; the
    # caption says so.
    assert set(widths) == {
        "Donald Trump and Mike Pompeo: 3 articles together",
        "Donald Trump and Mark Esper: 2 articles together",
    }
    caption = index.read_text().split('class="network__caption">')[1].split("</figcaption>")[0]
    assert "every pair of them named together in two articles or more (2 pairs" in caption


def test_a_network_without_a_pair_that_shares_two_articles_draws_its_single_links():
    figures = [graph.NetworkFigure(k, k.title(), (), f"{k}/", 1) for k in ("a", "b", "c")]
    drawn = graph.network(
        figures, {"a": (("b", 1),), "b": (("a", 1), ("c", 1)), "c": (("b", 1),)}, "t", ENGLISH
    )
    assert not drawn.every_pair and {(a, b) for a, b, _ in drawn.links} == {("a", "b"), ("b", "c")}


class Connections(HTMLParser):
    """The text alternative of the figure index: figure -> (companion, count) pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.part: str | None = None
        self.current = ""

    def handle_starttag(self, tag, attrs):
        if tag == "dl" and ("class", "connections") in attrs:
            self.part = "list"
        elif self.part and tag in ("dt", "dd"):
            self.part = tag

    def handle_endtag(self, tag):
        if tag == "dl":
            self.part = None

    def handle_data(self, data):
        if self.part == "dt" and data.strip():
            self.current = data.strip()
            self.rows[self.current] = []
        elif self.part == "dd" and data.strip(" ,\n"):
            self.rows[self.current].append(data.strip(" ,\n"))


def test_text_alternative_lists_most_frequent_companions_with_counts(tiny_site):
    site = tiny_site(FILES)
    assert run_build(site).ok
    parser = Connections()
    parser.feed((site / "build/figures/index.html").read_text())
    assert parser.rows["Donald Trump"] == ["Mike Pompeo", "(3)", "Mark Esper", "(2)"]
    assert parser.rows["Smith & Sons <Ltd>"] == ["Mark Esper", "(1)"]
    assert "Alone" not in parser.rows


class Companions(HTMLParser):
    """A figure page's "appears most often with" list: name, count text and shared article links."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []
        self.depth = 0
        self.in_list = self.in_shared = False
        self.field: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "ol" and values.get("class") == "people people--companions":
            self.in_list = True
        elif self.in_list and tag == "ul":
            self.in_shared = True
        elif self.in_list and tag == "li" and not self.in_shared:
            self.items.append({"name": "", "count": "", "shared": []})
            self.field = None
        elif self.in_list and tag == "a":
            item = self.items[-1]
            if not item["name"]:
                self.field = "name"
            else:
                item["shared"].append(values["href"])
        elif self.in_list and tag == "span" and values.get("class") == "people__count":
            self.field = "count"

    def handle_endtag(self, tag):
        if tag == "ul" and self.in_list:
            self.in_shared = False
        elif tag == "ol":
            self.in_list = False
        elif tag in ("a", "span") and self.field in ("name", "count"):
            self.field = None

    def handle_data(self, data):
        if self.field in ("name", "count"):
            self.items[-1][self.field] += data


def test_figure_page_lists_companions_with_counts_and_shared_articles(tiny_site):
    site = tiny_site(FILES)
    assert run_build(site).ok
    parser = Companions()
    parser.feed((site / "build/figures/donald-trump/index.html").read_text())
    assert [(i["name"], i["count"], i["shared"]) for i in parser.items] == [
        (
            "Mike Pompeo",
            "3 articles together",
            ["../../2020/01/04/d/", "../../2020/01/02/b/", "../../2020/01/01/a/"],
        ),
        ("Mark Esper", "2 articles together", ["../../2020/01/03/c/", "../../2020/01/02/b/"]),
    ]
    page = (site / "build/figures/donald-trump/index.html").read_text()
    for href in parser.items[0]["shared"]:
        assert (site / "build/figures/donald-trump" / href / "index.html").resolve().is_file()
    assert "and 1 more" not in page  # three shared articles are all shown


def test_the_first_six_companions_list_their_shared_articles_the_others_a_count(tiny_site):
    crowd = [f"Person {n:02d}" for n in range(9)]
    files = {
        f"content/articles/day-{n}.md": article(f"Day {n}", f"2020-01-{n + 1:02d}", figures=crowd[: n + 1])
        for n in range(9)
    }
    site = tiny_site(files)
    assert run_build(site).ok
    parser = Companions()
    parser.feed((site / "build/figures/person-00/index.html").read_text())
    assert [i["name"] for i in parser.items] == crowd[1:]  # most shared first
    assert [len(i["shared"]) for i in parser.items] == [3] * 6 + [0] * 2
    assert parser.items[7]["count"] == "1 article together"


def test_network_is_the_same_bytes_in_every_build(tiny_site, tmp_path):
    site = tiny_site(FILES)
    assert run_build(site, output=tmp_path / "one").ok
    assert run_build(site, output=tmp_path / "two", jobs=1).ok
    one = (tmp_path / "one/figures/index.html").read_bytes()
    assert one == (tmp_path / "two/figures/index.html").read_bytes()
    assert b"<svg" in one


def crowd(size: int, seed: int = 7) -> tuple[list[graph.NetworkFigure], dict]:
    """``size`` figures with random but reproducible co-appearances, most among the busiest."""
    chance = random.Random(seed)
    figures = [
        graph.NetworkFigure(f"f{i:04d}", f"Figure {i}", (), f"f{i:04d}/", chance.randint(1, 50))
        for i in range(size)
    ]
    counts: dict[str, dict[str, int]] = {f.key: {} for f in figures}
    cumulative = list(itertools.accumulate(f.count**3 for f in figures))
    for _ in range(size * 20):
        a, b = chance.choices(figures, cum_weights=cumulative, k=2)
        if a is b:
            continue
        n = counts[a.key].get(b.key, 0) + 1
        counts[a.key][b.key] = counts[b.key][a.key] = n
    pairs = {k: tuple(sorted(v.items(), key=lambda item: (-item[1], item[0]))) for k, v in counts.items()}
    return figures, pairs


def test_large_networks_draw_only_the_top_figures_and_strongest_links_quickly():
    figures, pairs = crowd(1500)
    started = time.perf_counter()
    drawn = graph.network(figures, pairs, "Network", ENGLISH)
    assert time.perf_counter() - started < 1.0
    assert len(drawn.figures) == graph.MAX_NODES and len(drawn.links) == graph.MAX_EDGES
    top = sorted(figures, key=lambda f: (-f.count, f.key))[: graph.MAX_NODES]
    assert set(drawn.figures) == {f.key for f in top}
    strengths = [n for _, _, n in drawn.links]
    assert strengths == sorted(strengths, reverse=True)
    root = ET.fromstring(drawn.svg)
    assert len(root.findall(f".//{SVG}a")) == graph.MAX_NODES
    assert len(root.findall(f".//{SVG}path")) == graph.MAX_EDGES


def test_layout_does_not_depend_on_input_order():
    figures, pairs = crowd(60)
    shuffled = figures[:]
    random.Random(1).shuffle(shuffled)
    assert graph.network(shuffled, pairs, "N", ENGLISH).svg == graph.network(figures, pairs, "N", ENGLISH).svg


def test_long_names_are_labelled_with_a_short_alias_or_cut():
    long = graph.NetworkFigure(
        "irgc", "Islamic Revolutionary Guard Corps", ("IRGC", "Revolutionary Guards"), "x", 1
    )
    nameless = graph.NetworkFigure("x", "A Very Long Organisation Name Indeed", (), "x", 1)
    assert graph.label(long) == "IRGC"
    assert graph.label(nameless) == "A Very Long Organisat…" and len(graph.label(nameless)) == graph.MAX_LABEL
