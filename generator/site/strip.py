"""The strip: a small bar chart of articles over time, drawn at build time.

One bar per period over the dossier's whole span, its height by the number of
articles; periods without articles are gaps. The period suits the span: days
for a story of a month, weeks for one of half a year, months for some years,
years beyond. Each bar links to its period on the timeline page. Beside the
drawing, when the bars are few enough to be labelled, each gets its count and
label in text (a phone shows no tooltips); else the first, busiest and last are. The SVG is made from escaped parts only, scales with its
``viewBox`` (a 15-year dossier gets 180 thin bars) and takes its colour from
the page (``currentColor``), so it reads in dark mode too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from generator.core.locales import N_

if TYPE_CHECKING:
    from generator.core.locales import Language

SLOT = 10  # width of one month in viewBox units
BAR = 8  # width of its bar; the rest is the gap between months
HEIGHT = 60  # height of the tallest bar
MIN_BAR = 4  # so that a month with one article among busy ones still shows


@cache
def month_anchor(year: int, month: int) -> str:
    """A month's anchor on the timeline ("2020-03"): a few hundred months, named on thousands of pages."""
    return f"{year:04d}-{month:02d}"


UNITS = (("day", 31), ("week", 26 * 7), ("month", 8 * 366), ("year", None))  # widest span for each
LABELLED = 16  # at most this many bars get a label each


@dataclass(frozen=True, slots=True)
class Period:
    """How many articles one period (a day, a week, a month or a year) has."""

    unit: str
    start: date
    count: int
    anchor: str  # where on the timeline: the month ("2020-01"), or the day of its first article

    def label(self, language: Language) -> str:
        """Short, for under its bar: "6 Jan", "Jan 2020", "2019"."""
        if self.unit in ("day", "week"):
            return language.skeleton("dMMM", self.start)
        if self.unit == "month":
            return language.skeleton("yMMM", self.start)
        return language.year(self.start.year)

    def start_label(self, language: Language) -> str:
        """Where the period begins, for a caption: "23 December 2019", "January 2020", "2019"."""
        if self.unit in ("day", "week"):
            return language.skeleton("yMMMMd", self.start)
        return self.long_label(language)

    def long_label(self, language: Language) -> str:
        if self.unit == "day":
            return language.skeleton("yMMMMd", self.start)
        if self.unit == "week":
            return language.gettext("Week of %(day)s", day=language.skeleton("yMMMMd", self.start))
        if self.unit == "month":
            return language.month(self.start.year, self.start.month)
        return language.year(self.start.year)

    def title(self, language: Language) -> str:
        return language.ngettext(
            "%(when)s: %(num)s article",
            "%(when)s: %(num)s articles",
            self.count,
            when=self.long_label(language),
        )


@dataclass(frozen=True, slots=True)
class StripLabel:
    """A bar's label and count in text, and where it sits under the drawing."""

    text: str  # "6 Jan"
    count: int
    left: str  # the centre of its bar, as a percentage of the strip's width: "6.25%"


@dataclass(frozen=True, slots=True)
class Strip:
    """The drawn strip, its bars in text and the period it covers, for the caption beside it."""

    svg: str
    first: str  # "December 2019"
    last: str
    unit: str = "month"  # of each bar
    labels: tuple[StripLabel, ...] = ()  # every bar's when they are few; else the first, busiest and last
    every: bool = True  # whether ``labels`` has one for every bar


def unit_for(first: date, last: date) -> str:
    """The period of one bar for a dossier from ``first`` to ``last``."""
    span = (last - first).days + 1
    return next(unit for unit, widest in UNITS if widest is None or span <= widest)


def _start(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return date(day.year, 1, 1)


def _next(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_counts(days: Iterable[date], first: date, last: date) -> tuple[Period, ...]:
    """Articles per period for every period from ``first``'s to ``last``'s, empty ones included."""
    unit = unit_for(first, last)
    days = sorted(days)
    counts = Counter(_start(day, unit) for day in days)
    earliest: dict[date, date] = {}
    for day in days:
        earliest.setdefault(_start(day, unit), day)
    periods = []
    start = _start(first, unit)
    while start <= last:
        found = earliest.get(start)
        if unit == "year" and found is not None:
            anchor = month_anchor(found.year, found.month)
        elif unit in ("month", "year"):
            anchor = month_anchor(start.year, start.month)
        else:
            anchor = found.isoformat() if found else start.isoformat()
        periods.append(Period(unit, start, counts.get(start, 0), anchor))
        start = _next(start, unit)
    return tuple(periods)


def strip(
    periods: tuple[Period, ...], href: Callable[[str], str], language: Language, id_prefix: str = "strip"
) -> Strip:
    """The drawing of ``periods`` and the labels shown under it."""
    svg = draw_strip(periods, href, language, id_prefix)
    shown: Sequence[int] = range(len(periods))
    every = len(periods) <= LABELLED
    if not every:
        busy = [i for i in shown if periods[i].count]
        peak = max(busy, key=lambda i: periods[i].count) if busy else 0
        shown = sorted({0, peak, len(periods) - 1})
    labels = tuple(
        StripLabel(periods[i].label(language), periods[i].count, f"{100 * (i + 0.5) / len(periods):.2f}%")
        for i in shown
    )
    first, last = periods[0].start_label(language), periods[-1].start_label(language)
    return Strip(svg, first, last, periods[0].unit, labels, every)


PER_UNIT = {
    "day": N_("Articles per day"),
    "week": N_("Articles per week"),
    "month": N_("Articles per month"),
    "year": N_("Articles per year"),
}


def describe(periods: tuple[Period, ...], language: Language) -> str:
    """The strip in words, for readers who do not see it."""
    busy = [p for p in periods if p.count]
    if not busy:
        return language.gettext("No articles yet.")
    total = sum(p.count for p in busy)
    peak = max(busy, key=lambda p: p.count)  # the first of the busiest periods
    first, last = periods[0].long_label(language), periods[-1].long_label(language)
    if len(periods) == 1:
        span = first
    else:
        span = language.gettext("%(first)s to %(last)s", first=first, last=last)
    return language.ngettext(
        "%(num)s article from %(span)s, in %(busy)s of %(periods)s; the most in %(peak)s (%(most)s).",
        "%(num)s articles from %(span)s, in %(busy)s of %(periods)s; the most in %(peak)s (%(most)s).",
        total,
        span=span,
        busy=language.number(len(busy)),
        periods=_periods(language, periods[0].unit, len(periods)),
        peak=peak.long_label(language),
        most=language.number(peak.count),
    )


def _periods(language: Language, unit: str, count: int) -> str:
    """ "14 months": how many periods a strip has, in its unit."""
    if unit == "day":
        return language.ngettext("%(num)s day", "%(num)s days", count)
    if unit == "week":
        return language.ngettext("%(num)s week", "%(num)s weeks", count)
    if unit == "month":
        return language.ngettext("%(num)s month", "%(num)s months", count)
    return language.ngettext("%(num)s year", "%(num)s years", count)


def draw_strip(
    periods: tuple[Period, ...], href: Callable[[str], str], language: Language, id_prefix: str = "strip"
) -> str:
    """The SVG markup: the bars as one image, and over them a link per period with articles.

    The bars are a ``role="img"`` group named by the chart's title and
    described in words; the links sit beside that image, not inside it, so
    each stays reachable by keyboard and screen reader, named by its
    ``<title>`` ("March 2020: 4 articles").
    """
    if not periods:
        return ""
    top = max(p.count for p in periods) or 1
    width = len(periods) * SLOT
    ids = f"{escape(id_prefix)}-title {escape(id_prefix)}-desc"
    # Each shape is a path, the bars all one: the strip of a busy topic over years has a
    # hundred bars or more, and every attribute of a shape was written once per bar.
    bars, links = [], []
    for index, period in enumerate(periods):
        if not period.count:
            continue
        x = index * SLOT
        height = max(MIN_BAR, round(HEIGHT * period.count / top))
        bars.append(f"M{x + (SLOT - BAR) / 2:g} {HEIGHT - height}h{BAR}v{height}h-{BAR}z")
        links.append(
            f'<a href="{escape(href(period.anchor))}"><title>{escape(period.title(language))}</title>'
            f'<path d="M{x} 0h{SLOT}v{HEIGHT}h-{SLOT}z"/></a>'
        )
    return (
        f'<svg class="strip" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}"'
        f' preserveAspectRatio="none" role="group" aria-labelledby="{ids}">'
        f'<title id="{escape(id_prefix)}-title">{escape(language.gettext(PER_UNIT[periods[0].unit]))}</title>'
        f'<desc id="{escape(id_prefix)}-desc">{escape(describe(periods, language))}</desc>'
        f'<g role="img" aria-labelledby="{ids}"><path class="strip__base" d="M0 {HEIGHT - 1}h{width}v1H0z"/>'
        f'<path class="strip__bar" d="{"".join(bars)}"/></g>'
        f'<g class="strip__months">{"".join(links)}</g>'
        "</svg>"
    )
