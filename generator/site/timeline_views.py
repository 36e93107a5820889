"""The timeline page's context: an index of the story, in chapters by era, then by month.

A key event and the article it names are one entry: the event's headline, its
article's link. Entries of a day follow the time of their articles where it is
known. Each entry belongs to the era that contains its day (of overlapping eras,
the one that began last), and runs of entries in the same era make a chapter;
entries outside every era make chapters without a label. The first entry of
each day carries the day's anchor (``#2020-01-03``), where an article links to
its day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from generator.content.timeline import Era, LinkedEvent, PartialDate, When
from generator.core.config import SiteConfig
from generator.core.models import Route
from generator.core.slugs import slugify
from generator.index.dossier import Dossier
from generator.site.kind import PageKind, always
from generator.site.metadata import MetaBuilder
from generator.site.naming import WORDS
from generator.site.strip import Strip, month_anchor, period_counts, strip
from generator.site.urls import out_path, url_for

T = TypeVar("T")

if TYPE_CHECKING:
    from generator.core.models import Article, Route, Subject
    from generator.site.views import ArticleCard, SubjectCard, Views

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}  # at the same start, the wider period first


@dataclass(frozen=True, slots=True)
class DateText:
    """A date for ``<time datetime>`` and as readers see it."""

    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class EraCard:
    anchor: str  # id of the era's chapter on the page: "era-escalation"
    label: str
    dates: tuple[DateText, DateText]  # start and end


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
    """One line of the timeline: a key event (with its article, if it names one) or an article."""

    kind: str  # "event" or "article"
    article: ArticleCard | None = None
    event: EventCard | None = None
    day: str = ""  # the day's anchor, on the first entry of each day: "2020-01-03"
    article_day: str = ""  # the anchor of the event's article's day, when no entry of that day has it
    subjects: str = ""  # slugs of its topics and figures ("topic:iran figure:donald-trump"), for the filter


@dataclass(frozen=True, slots=True)
class TimelineMonth:
    label: str  # "January 2020", or "2019" for what is dated by its year alone
    anchor: str  # "2020-01" where the month first appears; "" where a chapter carries it on
    entries: tuple[Entry, ...]
    short: str = ""  # for the bar that jumps to it: "Jan"


@dataclass(frozen=True, slots=True)
class Chapter:
    """A run of entries in one era (or in none: ``era`` is None)."""

    era: EraCard | None
    months: tuple[TimelineMonth, ...]
    number: int = 0  # the era's place among the eras, from 1; 0 outside every era


@dataclass(frozen=True, slots=True)
class JumpYear:
    year: int
    months: tuple[tuple[str, str], ...]  # (short label, anchor)


@dataclass(frozen=True, slots=True)
class Placed:
    """An entry with where it falls: its day and how precisely it is dated."""

    day: date
    precision: str
    entry: Entry


def context(views: Views, route: Route) -> dict:
    articles = views.dossier.articles
    eras = era_cards(views)
    placed = placed_entries(views)
    chapters = _chapters(placed, views.dossier.timeline.eras, eras, views)
    words = views.language
    return {
        "page": views.page(
            route,
            words.gettext("Timeline"),
            words.gettext(
                "Every article of %(title)s, with its key events and eras, oldest first.",
                title=views.config.title,
            ),
        ),
        "chapters": chapters,
        # What the filter offers (it shows only with a script): every topic and figure, by name.
        "filters": tuple(
            (words.gettext(WORDS[kind].many), tuple((f"{kind}:{s.slug}", s.name) for s in subjects))
            for kind, subjects in views.dossier.subjects.items()
            if subjects
        ),
        "eras": eras,
        "entry_count": len(placed),  # for the filter's "3 of 25 entries"
        "jump": _jump(chapters),
        "span": span(views, articles),
        "strip": strip_for(views, route, articles),
    }


def placed_entries(views: Views) -> list[Placed]:
    """Every entry in the order of the page: key events take the place of the articles they name."""
    timeline, articles = views.dossier.timeline, views.dossier.articles
    events = event_cards(views)
    named = {linked.article.path for linked in timeline.events if linked.article}
    keyed = []
    for i, (linked, card) in enumerate(zip(timeline.events, events, strict=True)):
        start = linked.event.when.start
        moment = _moment(linked.article) if linked.article else (0,)
        about = _subjects(views, linked.article, linked.figures)
        keyed.append(
            (
                (start.first, PRECISION_RANK[start.precision], moment, 0, i),
                Placed(start.first, start.precision, Entry("event", event=card, subjects=about)),
            )
        )
    for i, a in enumerate(articles):
        if a.path in named:
            continue
        day = a.date.date()
        entry = Entry("article", article=views.cards[a.path], subjects=_subjects(views, a, ()))
        keyed.append(((day, 2, _moment(a), 1, i), Placed(day, "day", entry)))
    keyed.sort(key=lambda item: item[0])
    # Each day's anchor goes to its first entry; a day whose only article is told by a key event of
    # another day is anchored on that event's article line.
    days = {item.day for _, item in keyed if item.precision == "day"}
    placed, seen = [], set()
    for _, item in keyed:
        entry = item.entry
        if item.precision == "day" and item.day not in seen:
            seen.add(item.day)
            entry = replace(entry, day=item.day.isoformat())
        told = entry.event.article if entry.event else None
        if told and (day := date.fromisoformat(told.iso_date[:10])) not in days and day not in seen:
            seen.add(day)
            entry = replace(entry, article_day=day.isoformat())
        placed.append(Placed(item.day, item.precision, entry))
    return placed


def _subjects(views: Views, article: Article | None, figures: tuple[Subject, ...]) -> str:
    """What an entry is about, as the timeline's filter reads it: ``topic:iran figure:donald-trump``."""
    found = dict.fromkeys(f"figure:{s.slug}" for s in figures)
    if article is not None:
        for kind, subjects in views.dossier.subjects_of[article.path].items():
            found.update(dict.fromkeys(f"{kind}:{s.slug}" for s in subjects))
    return " ".join(sorted(found))


def _moment(article: Article) -> tuple:
    """Where an article falls in its day: by its time when it has one, after the events of the day."""
    return (
        1,
        article.date.timestamp()
        if article.has_time
        else datetime.combine(article.date.date(), datetime.max.time(), article.date.tzinfo).timestamp(),
    )


def era_index(day: date, eras: tuple[Era, ...]) -> int | None:
    """The era a day falls in: of the eras that contain it, the one that began last; None outside all."""
    found = None
    for index, era in enumerate(eras):
        if era.start.first <= day <= era.end.last and (
            found is None or era.start.first >= eras[found].start.first
        ):
            found = index
    return found


def runs_by_era(
    items: Iterable[T], day_of: Callable[[T], date], eras: tuple[Era, ...]
) -> list[tuple[int | None, list[T]]]:
    """``items`` in runs that fall in one era (its index; None outside every era), in their order:
    the chapters of the timeline and of the home page's story."""
    runs: list[tuple[int | None, list[T]]] = []
    for item in items:
        index = era_index(day_of(item), eras)
        if runs and runs[-1][0] == index:
            runs[-1][1].append(item)
        else:
            runs.append((index, [item]))
    return runs


def _chapters(
    placed: list[Placed], eras: tuple[Era, ...], cards: tuple[EraCard, ...], views: Views
) -> tuple[Chapter, ...]:
    seen: set[str] = set()
    chapters = []
    for index, items in runs_by_era(placed, lambda item: item.day, eras):
        if index is None:
            chapters.append(Chapter(None, _months(items, seen, views)))
        else:
            chapters.append(Chapter(cards[index], _months(items, seen, views), index + 1))
    return tuple(chapters)


def _months(items: list[Placed], seen: set[str], views: Views) -> tuple[TimelineMonth, ...]:
    """Entries by month; those dated by their year alone under their year. Each anchor once per page."""
    words = views.language
    groups: list[tuple[tuple[int, int], list[Entry]]] = []
    for item in items:
        key = (item.day.year, 0 if item.precision == "year" else item.day.month)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(item.entry)
        else:
            groups.append((key, [item.entry]))
    months = []
    for (year, month), entries in groups:
        if month:
            label, anchor, short = (
                words.month(year, month),
                month_anchor(year, month),
                words.short_month(year, month),
            )
        else:
            label, anchor, short = words.year(year), str(year), ""
        months.append(TimelineMonth(label, "" if anchor in seen else anchor, tuple(entries), short))
        seen.add(anchor)
    return tuple(months)


def _jump(chapters: tuple[Chapter, ...]) -> tuple[JumpYear, ...]:
    """The months of the page by year, for the bar that jumps to them."""
    years: dict[int, list[tuple[str, str]]] = {}
    for chapter in chapters:
        for month in chapter.months:
            if month.anchor and "-" in month.anchor:
                year = int(month.anchor[:4])
                years.setdefault(year, []).append((month.short, month.anchor))
    return tuple(JumpYear(year, tuple(months)) for year, months in sorted(years.items()))


def span(views: Views, articles: tuple[Article, ...]) -> str:
    """The first and last days of ``articles`` as readers see dates: "27 December 2019 – 13 February 2020"."""
    if not articles:
        return ""
    return f"{views.format_date(articles[0].date)} – {views.format_date(articles[-1].date)}"


def strip_for(views: Views, route: Route, articles: tuple[Article, ...]) -> Strip | None:
    """The strip of ``articles`` over the dossier's whole period, linking to the timeline."""
    if not articles:
        return None
    first, last = views.span
    periods = period_counts((a.date.date() for a in articles), first.date.date(), last.date.date())
    timeline = views.link(route.url, url_for("timeline"))
    return strip(periods, lambda anchor: f"{timeline}#{anchor}", views.language)


def era_cards(views: Views) -> tuple[EraCard, ...]:
    """Cards of the dossier's eras, in their order (made once a build: the home page, the
    timeline and its TimelineJS data show them)."""
    return views.once(("era cards",), lambda: _era_cards(views, views.dossier.timeline.eras))


def _era_cards(views: Views, eras: tuple[Era, ...]) -> tuple[EraCard, ...]:
    anchors = _Anchors("era")
    return tuple(
        EraCard(anchors.next(era.label), era.label, (date_text(views, era.start), date_text(views, era.end)))
        for era in eras
    )


def event_cards(views: Views) -> tuple[EventCard, ...]:
    """Cards of the dossier's key events, in their order (made once a build, as the eras')."""
    return views.once(("event cards",), lambda: _event_cards(views, views.dossier.timeline.events))


def _event_cards(views: Views, events: tuple[LinkedEvent, ...]) -> tuple[EventCard, ...]:
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
    """A partial date as written: a year, a month (CLDR's ``yMMMM``), or a day in the site's date format."""
    if partial.precision == "year":
        text = views.language.year(partial.year)
    elif partial.precision == "month":
        text = views.language.month(partial.year, partial.first.month)
    else:
        text = views.format_date(partial.first)
    return DateText(partial.iso, text)


class _Anchors:
    """Page ids from names, unique within the page: ``event-kerman``, ``event-kerman-2``."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.seen: set[str] = set()

    def next(self, name: str) -> str:
        base = f"{self.prefix}-{slugify(name) or 'entry'}"
        anchor, number = base, 1
        while anchor in self.seen:
            number += 1
            anchor = f"{base}-{number}"
        self.seen.add(anchor)
        return anchor


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    url = url_for("timeline")
    return [Route(url, out_path(url), "timeline.html", "timeline")]


KIND = PageKind("timeline", routes, context, meta=MetaBuilder.timeline, whole_dossier=always)
