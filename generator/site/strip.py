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


LABELLED = 16  # at most this many bars get a label each


def _day_anchor(day: date) -> str:
    return day.isoformat()


def _month_anchor(day: date) -> str:
    return month_anchor(day.year, day.month)


def _skeleton(skeleton: str) -> Callable[[Language, date], str]:
    return lambda language, day: language.skeleton(skeleton, day)


def _month(language: Language, day: date) -> str:
    return language.month(day.year, day.month)


def _year(language: Language, day: date) -> str:
    return language.year(day.year)


def _week_of(language: Language, day: date) -> str:
    return language.gettext("Week of %(day)s", day=language.skeleton("yMMMMd", day))


@dataclass(frozen=True, slots=True)
class Unit:
    """The period of one bar: which spans it suits, how periods follow each other and how they are named."""

    name: str  # "day", "week", "month" or "year", as the strip's template tells them apart
    widest: int | None  # the longest span in days drawn with it; None: any
    start: Callable[[date], date]  # the first day of the period a day falls in
    next: Callable[[date], date]  # the first day of the period after the one starting on that day
    anchor: Callable[[date], str]  # where on the timeline, from the period's first article or start
    label: Callable[[Language, date], str]  # short, under its bar: "6 Jan", "Jan 2020", "2019"
    start_label: Callable[[Language, date], str]  # where it begins, for a caption
    long_label: Callable[[Language, date], str]  # "Week of 6 January 2020", "January 2020"
    count: Callable[[Language, int], str]  # "14 months"
    per_unit: str  # the chart's title, marked for the catalogue


DAY = Unit(
    "day",
    31,
    start=lambda day: day,
    next=lambda start: start + timedelta(days=1),
    anchor=_day_anchor,
    label=_skeleton("dMMM"),
    start_label=_skeleton("yMMMMd"),
    long_label=_skeleton("yMMMMd"),
    count=lambda language, count: language.ngettext("%(num)s day", "%(num)s days", count),
    per_unit=N_("Articles per day"),
)
WEEK = Unit(
    "week",
    26 * 7,
    start=lambda day: day - timedelta(days=day.weekday()),
    next=lambda start: start + timedelta(days=7),
    anchor=_day_anchor,
    label=_skeleton("dMMM"),
    start_label=_skeleton("yMMMMd"),
    long_label=_week_of,
    count=lambda language, count: language.ngettext("%(num)s week", "%(num)s weeks", count),
    per_unit=N_("Articles per week"),
)
MONTH = Unit(
    "month",
    8 * 366,
    start=lambda day: day.replace(day=1),
    next=lambda start: date(start.year + start.month // 12, start.month % 12 + 1, 1),
    anchor=_month_anchor,
    label=_skeleton("yMMM"),
    start_label=_month,
    long_label=_month,
    count=lambda language, count: language.ngettext("%(num)s month", "%(num)s months", count),
    per_unit=N_("Articles per month"),
)
YEAR = Unit(
    "year",
    None,
    start=lambda day: date(day.year, 1, 1),
    next=lambda start: date(start.year + 1, 1, 1),
    anchor=_month_anchor,  # the month of its first article: a year has no anchor of its own
    label=_year,
    start_label=_year,
    long_label=_year,
    count=lambda language, count: language.ngettext("%(num)s year", "%(num)s years", count),
    per_unit=N_("Articles per year"),
)
UNITS = (DAY, WEEK, MONTH, YEAR)  # the narrowest first


@dataclass(frozen=True, slots=True)
class Period:
    """How many articles one period (a day, a week, a month or a year) has."""

    unit: Unit
    start: date
    count: int
    anchor: str  # where on the timeline: the month ("2020-01"), or the day of its first article

    def label(self, language: Language) -> str:
        """Short, for under its bar: "6 Jan", "Jan 2020", "2019"."""
        return self.unit.label(language, self.start)

    def start_label(self, language: Language) -> str:
        """Where the period begins, for a caption: "23 December 2019", "January 2020", "2019"."""
        return self.unit.start_label(language, self.start)

    def long_label(self, language: Language) -> str:
        return self.unit.long_label(language, self.start)

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


def unit_for(first: date, last: date) -> Unit:
    """The period of one bar for a dossier from ``first`` to ``last``."""
    span = (last - first).days + 1
    return next(unit for unit in UNITS if unit.widest is None or span <= unit.widest)


def period_counts(days: Iterable[date], first: date, last: date) -> tuple[Period, ...]:
    """Articles per period for every period from ``first``'s to ``last``'s, empty ones included."""
    unit = unit_for(first, last)
    days = sorted(days)
    counts = Counter(unit.start(day) for day in days)
    earliest: dict[date, date] = {}
    for day in days:
        earliest.setdefault(unit.start(day), day)
    periods = []
    start = unit.start(first)
    while start <= last:
        anchor = unit.anchor(earliest.get(start, start))
        periods.append(Period(unit, start, counts.get(start, 0), anchor))
        start = unit.next(start)
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
    return Strip(svg, first, last, periods[0].unit.name, labels, every)


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
        periods=periods[0].unit.count(language, len(periods)),
        peak=peak.long_label(language),
        most=language.number(peak.count),
    )


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
        f'<title id="{escape(id_prefix)}-title">{escape(language.gettext(periods[0].unit.per_unit))}</title>'
        f'<desc id="{escape(id_prefix)}-desc">{escape(describe(periods, language))}</desc>'
        f'<g role="img" aria-labelledby="{ids}"><path class="strip__base" d="M0 {HEIGHT - 1}h{width}v1H0z"/>'
        f'<path class="strip__bar" d="{"".join(bars)}"/></g>'
        f'<g class="strip__months">{"".join(links)}</g>'
        "</svg>"
    )
