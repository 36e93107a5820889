"""The month strip: a small SVG bar chart of articles per month, drawn at build time.

One bar per month over the whole period, its height by the number of
articles; months without articles are gaps. Each bar links to that month on the
timeline page. The SVG is made from escaped parts only, scales with its
``viewBox`` (a 15-year dossier gets 180 thin bars) and takes its colour from
the page (``currentColor``), so it reads in dark mode too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape

SLOT = 10  # width of one month in viewBox units
BAR = 8  # width of its bar; the rest is the gap between months
HEIGHT = 60  # height of the tallest bar
MIN_BAR = 4  # so that a month with one article among busy ones still shows


@cache
def month_names(year: int, month: int) -> tuple[str, str]:
    """A month's label and anchor ("March 2020", "2020-03"): a few hundred months, named on
    thousands of pages."""
    return f"{date(year, month, 1):%B %Y}", f"{year:04d}-{month:02d}"


@dataclass(frozen=True, slots=True)
class MonthCount:
    """How many articles one month has."""

    year: int
    month: int
    count: int

    @property
    def anchor(self) -> str:
        """The month's id on the timeline page: ``2020-01``."""
        return month_names(self.year, self.month)[1]

    @property
    def label(self) -> str:
        return month_names(self.year, self.month)[0]

    @property
    def title(self) -> str:
        return f"{self.label}: {self.count} article{'' if self.count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Strip:
    """The drawn strip and the period it covers, for the caption beside it."""

    svg: str
    first: str  # "December 2019"
    last: str


def month_counts(days: Iterable[date], first: date, last: date) -> tuple[MonthCount, ...]:
    """Articles per month for every month from ``first``'s to ``last``'s, empty months included."""
    counts = Counter((day.year, day.month) for day in days)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(MonthCount(year, month, counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def describe(months: tuple[MonthCount, ...]) -> str:
    """The strip in words, for readers who do not see it."""
    busy = [m for m in months if m.count]
    if not busy:
        return "No articles yet."
    total = sum(m.count for m in busy)
    peak = max(busy, key=lambda m: m.count)  # the first of the busiest months
    span = months[0].label if len(months) == 1 else f"{months[0].label} to {months[-1].label}"
    return (
        f"{total} article{'' if total == 1 else 's'} from {span}, in {len(busy)} of {len(months)} "
        f"month{'' if len(months) == 1 else 's'}; the most in {peak.label} ({peak.count})."
    )


def draw_strip(months: tuple[MonthCount, ...], href: Callable[[str], str], id_prefix: str = "strip") -> str:
    """The SVG markup: the bars as one image, and over them a link per month with articles.

    The bars are a ``role="img"`` group named by the chart's title and
    described in words; the links sit beside that image, not inside it, so
    each stays reachable by keyboard and screen reader, named by its
    ``<title>`` ("March 2020: 4 articles").
    """
    if not months:
        return ""
    top = max(m.count for m in months)
    width = len(months) * SLOT
    ids = f"{escape(id_prefix)}-title {escape(id_prefix)}-desc"
    # Each shape is a path, the bars all one: the strip of a busy topic over 15 years has a
    # hundred months or more, and every attribute of a shape was written once per month.
    bars, links = [], []
    for index, month in enumerate(months):
        if not month.count:
            continue
        x = index * SLOT
        height = max(MIN_BAR, round(HEIGHT * month.count / top))
        bars.append(f"M{x + (SLOT - BAR) / 2:g} {HEIGHT - height}h{BAR}v{height}h-{BAR}z")
        links.append(
            f'<a href="{escape(href(month.anchor))}"><title>{escape(month.title)}</title>'
            f'<path d="M{x} 0h{SLOT}v{HEIGHT}h-{SLOT}z"/></a>'
        )
    return (
        f'<svg class="strip" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}"'
        f' preserveAspectRatio="none" role="group" aria-labelledby="{ids}">'
        f'<title id="{escape(id_prefix)}-title">Articles per month</title>'
        f'<desc id="{escape(id_prefix)}-desc">{escape(describe(months))}</desc>'
        f'<g role="img" aria-labelledby="{ids}"><path class="strip__base" d="M0 {HEIGHT - 1}h{width}v1H0z"/>'
        f'<path class="strip__bar" d="{"".join(bars)}"/></g>'
        f'<g class="strip__months">{"".join(links)}</g>'
        "</svg>"
    )
