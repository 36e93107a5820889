"""The co-appearance network of figures as a static SVG, laid out at build time.

The drawing is an arc diagram: one figure per row, each label on its own line
(so labels never overlap, and the drawing stays readable when a phone scales it
down), and an arc on the left for each pair of figures named in the same
articles, as wide as the number of articles they share. Figures are ordered so
that those who appear together sit close together (a greedy chain, no
randomness), which keeps most arcs short. Only the ``MAX_NODES`` figures in the
most articles are drawn; in a small dossier (all its figures drawn) every pair
that shares ``PAIR_SHARES`` articles or more, in a large one only the strongest links, so
the drawing stays legible and fast with thousands of figures; the page says
which. Each arc names its two figures (``data-pair``), so that a little script
can light a figure's arcs when a reader points at or focuses its name.

The SVG is built from escaped parts: every label and title goes through
``text_of``, every link through ``html.escape``. Colours come from the theme's
CSS (``currentColor`` and custom properties), so it follows dark mode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.core.locales import Language

MAX_NODES = 40  # figures drawn: those in the most articles
MAX_EDGES = 80  # links drawn: the strongest between the figures drawn
EDGES_PER_FIGURE = 2  # and no more than this many per figure drawn, on average, when they are many
PAIR_SHARES = 2  # a small network draws every pair that shares this many articles or more
MAX_LABEL = 22  # characters; longer names use a short alias or are cut
ROW = 26  # vertical distance between figures, in SVG units
MAX_BULGE = 150  # how far the widest arc reaches left of the figures
CHAR_WIDTH = 8.0  # estimated width of one label character at the theme's font size
MARGIN = 8
text_of = partial(escape, quote=False)  # text between tags: only &, < and > need escaping


@dataclass(frozen=True, slots=True)
class NetworkFigure:
    """One figure that may be drawn: its identity, names, link and weight."""

    key: str  # slug
    name: str
    aliases: tuple[str, ...]
    href: str  # a link relative to the page that shows the drawing
    count: int  # articles


@dataclass(frozen=True, slots=True)
class Network:
    """The drawing and what it shows."""

    svg: str  # the <svg> element, ready to include in a page
    figures: tuple[str, ...]  # keys of the figures drawn, top to bottom
    links: tuple[tuple[str, str, int], ...]  # the pairs drawn, strongest first
    total: int  # figures with at least one co-appearance
    every_pair: bool = False  # True: every pair that shares PAIR_SHARES articles is drawn; else the strongest


def network(
    figures: list[NetworkFigure],
    pairs: dict[str, tuple[tuple[str, int], ...]],
    title: str,
    language: Language,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
) -> Network:
    """Choose the figures and links to draw, order them, and draw them.

    ``pairs`` maps a figure's key to the figures it appears with and how often.
    """
    connected = [f for f in figures if pairs.get(f.key)]
    chosen = sorted(connected, key=lambda f: (-f.count, f.key))[:max_nodes]
    keys = {f.key for f in chosen}
    weights = {
        (a, b): n for a in sorted(keys) for b, n in pairs.get(a, ()) if b in keys and a < b
    }  # each pair once
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    shared = [item for item in ranked if item[1] >= PAIR_SHARES]
    every_pair = len(connected) <= max_nodes and bool(shared) and len(shared) <= max_edges
    strongest = shared if every_pair else ranked[: min(max_edges, EDGES_PER_FIGURE * len(chosen))]
    links = tuple((a, b, n) for (a, b), n in strongest)
    ordered = order_figures(chosen, links)
    drawing = draw(ordered, links, title, language)
    return Network(drawing, tuple(f.key for f in ordered), links, len(connected), every_pair)


def order_figures(
    figures: list[NetworkFigure], links: tuple[tuple[str, str, int], ...]
) -> list[NetworkFigure]:
    """A greedy chain: start with the figure in most articles, then always take the figure most
    strongly linked to the one just placed (else to all placed so far); ties by articles, then key.
    """
    weight: dict[str, dict[str, int]] = {f.key: {} for f in figures}
    for a, b, n in links:
        weight[a][b] = weight[b][a] = n
    remaining = sorted(figures, key=lambda f: (-f.count, f.key))
    if not remaining:
        return []
    placed = [remaining.pop(0)]
    to_placed = dict.fromkeys(weight, 0)  # each figure's total weight to the figures placed
    while remaining:
        last = placed[-1].key
        for other, n in weight[last].items():
            to_placed[other] += n
        best = min(remaining, key=partial(_closeness, weight[last], to_placed))
        remaining.remove(best)
        placed.append(best)
    return placed


def _closeness(linked: dict[str, int], to_placed: dict[str, int], figure: NetworkFigure) -> tuple:
    """How ``order_figures`` ranks a figure to place next: the smallest goes first."""
    return (-linked.get(figure.key, 0), -to_placed[figure.key], -figure.count, figure.key)


def label(figure: NetworkFigure) -> str:
    """The name, or for a long name its shortest alias that is a word or more, or the name cut."""
    if len(figure.name) <= MAX_LABEL:
        return figure.name
    short = sorted((a for a in figure.aliases if 3 <= len(a) <= MAX_LABEL), key=lambda a: (len(a), a))
    return short[0] if short else figure.name[: MAX_LABEL - 1].rstrip() + "…"


def draw(
    figures: list[NetworkFigure],
    links: tuple[tuple[str, str, int], ...],
    title: str,
    language: Language,
) -> str:
    """The SVG of an arc diagram of ``figures`` (top to bottom) and ``links``; its tooltips in
    ``language``."""
    row = {f.key: index for index, f in enumerate(figures)}
    labels = [label(f) for f in figures]
    x = MAX_BULGE + MARGIN
    width = x + 16 + max((len(text) for text in labels), default=0) * CHAR_WIDTH + MARGIN
    height = ROW * max(len(figures), 1) + MARGIN
    most_articles = max((f.count for f in figures), default=1)
    most_shared = max((n for _, _, n in links), default=1)

    def y(key: str) -> float:
        return ROW / 2 + MARGIN / 2 + ROW * row[key]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network__svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        'role="group" aria-labelledby="network-title">',
        f'<title id="network-title">{text_of(title)}</title>',
        '<g class="network__links">',
    ]
    for a, b, n in sorted(
        links, key=lambda link: (-abs(row[link[0]] - row[link[1]]), link)
    ):  # long arcs below
        top, bottom = sorted((y(a), y(b)))
        radius = (bottom - top) / 2
        stroke = 1 + 4 * (n / most_shared)
        parts.append(
            f'<path data-pair="{escape(a)} {escape(b)}" '
            f'd="M{x:.1f} {top:.1f}A{min(radius, MAX_BULGE):.1f} {radius:.1f} 0 0 0 {x:.1f} {bottom:.1f}" '
            f'stroke-width="{stroke:.1f}"><title>{text_of(_pair_title(figures, row, a, b, n, language))}</title></path>'
        )
    parts.append("</g>")
    parts.append('<g class="network__figures">')
    for figure, text in zip(figures, labels, strict=True):
        top = y(figure.key)
        radius = 3 + 4 * math.sqrt(figure.count / most_articles)
        tooltip = language.ngettext(
            "%(name)s: %(num)s article", "%(name)s: %(num)s articles", figure.count, name=figure.name
        )
        parts.append(
            f'<a href="{escape(figure.href)}" data-figure="{escape(figure.key)}"><title>{text_of(tooltip)}</title>'
            f'<circle cx="{x:.1f}" cy="{top:.1f}" r="{radius:.1f}"/>'
            f'<text x="{x + 14:.1f}" y="{top:.1f}" dy="0.35em">{text_of(text)}</text></a>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _pair_title(
    figures: list[NetworkFigure], row: dict[str, int], a: str, b: str, n: int, language: Language
) -> str:
    return language.ngettext(
        "%(first)s and %(second)s: %(num)s article together",
        "%(first)s and %(second)s: %(num)s articles together",
        n,
        first=figures[row[a]].name,
        second=figures[row[b]].name,
    )
