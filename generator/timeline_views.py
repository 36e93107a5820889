"""The timeline page's context: articles, key events and eras, merged year by year and month by month.

Each era gets a lane (overlapping eras get different lanes), and every entry
knows the lanes of the eras it falls in, so the page can draw eras as bands
beside the stream. Key events sit in the month they belong to; an event or era
known only by its year opens its year, before the months.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from .routes import relative_url, url_for
from .slugs import slugify
from .strip import Strip, draw_strip, month_counts, month_names
from .timeline import Era, LinkedEvent, PartialDate, When

if TYPE_CHECKING:
    from .models import Article, Route
    from .pages import ArticleCard, SubjectCard, Views

# Order of entries that share a day: an era opens, then the key event, then the articles.
RANK = {"era": 0, "event": 1, "article": 2}


@dataclass(frozen=True, slots=True)
class DateText:
    """A date for ``<time datetime>`` and as readers see it."""

    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class EraCard:
    anchor: str  # id of the era's band on the page: "era-escalation"
    label: str
    dates: tuple[DateText, DateText]  # start and end
    lane: int  # 0, 1, …: eras that overlap get different lanes


@dataclass(frozen=True, slots=True)
class EventCard:
    anchor: str  # "event-…", also the TimelineJS unique_id
    title: str
    summary: str
    dates: tuple[DateText, ...]  # one date, or the start and end of a range
    article: ArticleCard | None
    figures: tuple[SubjectCard, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the timeline: an article, a key event or the opening of an era."""

    kind: str  # "article", "event" or "era"
    lanes: tuple[int, ...]  # lanes of the eras this entry falls in
    article: ArticleCard | None = None
    event: EventCard | None = None
    era: EraCard | None = None


@dataclass(frozen=True, slots=True)
class TimelineMonth:
    label: str  # "January 2020"
    anchor: str  # "2020-01"
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class TimelineYear:
    year: int
    entries: tuple[Entry, ...]  # events and eras dated by their year alone
    months: tuple[TimelineMonth, ...]


def context(views: Views, route: Route) -> dict:
    articles = views.dossier.articles
    eras = era_cards(views, views.dossier.timeline.eras)
    return {
        "page": views.page(
            route,
            "Timeline",
            f"Every article of {views.config.title}, with its key events and eras, oldest first.",
        ),
        "years": _by_year(_entries(views, eras)),
        "eras": eras,
        "lanes": max((card.lane + 1 for card in eras), default=0),
        "span": _span(views, articles),
        "strip": strip_for(views, route, articles),
    }


def _entries(views: Views, eras: tuple[EraCard, ...]) -> list[tuple[date, str, Entry]]:
    """Every entry with its day and the precision of its date, in the order of the page."""
    timeline, articles = views.dossier.timeline, views.dossier.articles
    events = event_cards(views, timeline.events)
    placed = [
        (a.date.date(), RANK["article"], i, "day", Entry("article", (), article=views.cards[a.path]))
        for i, a in enumerate(articles)
    ]
    placed += [
        (
            linked.event.when.start.first,
            RANK["event"],
            i,
            linked.event.when.start.precision,
            Entry("event", (), event=card),
        )
        for i, (linked, card) in enumerate(zip(timeline.events, events, strict=True))
    ]
    placed += [
        (era.start.first, RANK["era"], i, era.start.precision, Entry("era", (), era=card))
        for i, (era, card) in enumerate(zip(timeline.eras, eras, strict=True))
    ]
    placed.sort(key=lambda item: item[:3])
    spans = [
        (era.start.first, era.end.last, card.lane) for era, card in zip(timeline.eras, eras, strict=True)
    ]
    return [
        (day, precision, replace(entry, lanes=tuple(sorted(n for a, b, n in spans if a <= day <= b))))
        for day, _, _, precision, entry in placed
    ]


def _by_year(entries: list[tuple[date, str, Entry]]) -> tuple[TimelineYear, ...]:
    """Entries grouped by year, then month; those dated by their year alone open the year."""
    years: dict[int, tuple[list[Entry], dict[int, list[Entry]]]] = {}
    for day, precision, entry in entries:
        year_entries, months = years.setdefault(day.year, ([], {}))
        if precision == "year":
            year_entries.append(entry)
        else:
            months.setdefault(day.month, []).append(entry)
    return tuple(
        TimelineYear(
            year,
            tuple(year_entries),
            tuple(
                TimelineMonth(*month_names(year, month), tuple(found))
                for month, found in sorted(months.items())
            ),
        )
        for year, (year_entries, months) in sorted(years.items())
    )


def _span(views: Views, articles: tuple[Article, ...]) -> str:
    if not articles:
        return ""
    return f"{views.format_date(articles[0].date)} – {views.format_date(articles[-1].date)}"


def strip_for(views: Views, route: Route, articles: tuple[Article, ...]) -> Strip | None:
    """The month strip of ``articles`` over the dossier's whole period, linking to the timeline."""
    everything = views.dossier.articles
    if not articles:
        return None
    counts = month_counts(
        (a.date.date() for a in articles), everything[0].date.date(), everything[-1].date.date()
    )
    timeline = relative_url(route.url, url_for("timeline"), views.config.offline)
    svg = draw_strip(counts, lambda anchor: f"{timeline}#{anchor}")
    return Strip(svg, counts[0].label, counts[-1].label)


def era_cards(views: Views, eras: tuple[Era, ...]) -> tuple[EraCard, ...]:
    """Cards in the order of the eras, each in the first lane free at its start."""
    lane_ends: list[date] = []
    anchors = _Anchors("era")
    cards = []
    for era in eras:
        lane = next((i for i, end in enumerate(lane_ends) if end < era.start.first), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(era.end.last)
        else:
            lane_ends[lane] = era.end.last
        dates = (date_text(views, era.start), date_text(views, era.end))
        cards.append(EraCard(anchors.next(era.label), era.label, dates, lane))
    return tuple(cards)


def event_cards(views: Views, events: tuple[LinkedEvent, ...]) -> tuple[EventCard, ...]:
    anchors = _Anchors("event")
    return tuple(
        EventCard(
            anchor=anchors.next(linked.event.title),
            title=linked.event.title,
            summary=linked.event.summary,
            dates=when_texts(views, linked.event.when),
            article=views.cards[linked.article.path] if linked.article else None,
            figures=tuple(views.subject_cards[("figure", s.slug)] for s in linked.figures),
        )
        for linked in events
    )


def when_texts(views: Views, when: When) -> tuple[DateText, ...]:
    return tuple(date_text(views, part) for part in (when.start, when.end) if part is not None)


def date_text(views: Views, partial: PartialDate) -> DateText:
    """A partial date as written: a year, a month, or a day in the site's date format."""
    if partial.precision == "year":
        text = str(partial.year)
    elif partial.precision == "month":
        text = f"{partial.first:%B %Y}"
    else:
        text = views.format_date(partial.first)
    return DateText(partial.iso, text)


class _Anchors:
    """Page ids from names, unique within the page: ``event-kerman``, ``event-kerman-2``."""

    def __init__(self, prefix: str):
        self.prefix, self.seen = prefix, set()

    def next(self, name: str) -> str:
        base = f"{self.prefix}-{slugify(name) or 'entry'}"
        anchor, number = base, 1
        while anchor in self.seen:
            number += 1
            anchor = f"{base}-{number}"
        self.seen.add(anchor)
        return anchor
