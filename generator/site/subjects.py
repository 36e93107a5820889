"""Topic and figure pages, and their indexes: one code path for both kinds of subject."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby

from generator.core.config import SiteConfig
from generator.core.locales import N_
from generator.core.models import SUBJECT_KINDS, Article, Route, Subject
from generator.index.dossier import Dossier
from generator.site import graph, timeline_views
from generator.site.kind import PageKind
from generator.site.metadata import MetaBuilder
from generator.site.naming import WORDS
from generator.site.strip import Strip, month_anchor
from generator.site.urls import PLURAL, out_path, url_for
from generator.site.views import ArticleCard, SubjectCard, Views

GROUPS = ((N_("People"), "person"), (N_("Organisations"), "organization"))  # of the figure index
PEOPLE_SHOWN = 12  # key figures of a topic, companions of a figure
SHARED_SHOWN = 3  # shared articles listed under each companion
SHARED_LISTED = 6  # companions (the first) whose shared articles are listed; the others show counts
COMPANIONS_LISTED = 5  # companions of each figure in the figure index's text list


@dataclass(frozen=True, slots=True)
class QuoteCard:
    """Words a figure said, with the article that reports them."""

    text: str
    article: ArticleCard


@dataclass(frozen=True, slots=True)
class Companion:
    """A figure who appears with another one, and the articles they share."""

    figure: SubjectCard
    count: int  # how many articles they share
    articles: tuple[ArticleCard, ...]  # the newest of them, at most SHARED_SHOWN; none after SHARED_LISTED


@dataclass(frozen=True, slots=True)
class Month:
    label: str  # "January 2020"
    anchor: str  # "2020-01"
    articles: tuple[ArticleCard, ...]


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    months: tuple[Month, ...]


def index_routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    """The index of topics, then of figures."""
    return [
        Route(url, out_path(url), f"{PLURAL[kind]}.html", "subject_index", kind)
        for kind in SUBJECT_KINDS
        for url in (url_for(kind),)
    ]


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    """Every topic's pages, then every figure's: ``per_page`` articles a page."""
    found = []
    for kind in SUBJECT_KINDS:
        for subject in dossier.subjects[kind]:
            pages = max(1, math.ceil(len(subject.articles) / config.per_page))
            for number in range(1, pages + 1):
                url = url_for(subject, number)
                found.append(Route(url, out_path(url), f"{kind}.html", "subject", subject, number, pages))
    return found


def context(views: Views, route: Route) -> dict:
    subject = route.carries(Subject)
    per_page = views.config.per_page
    start = (route.page - 1) * per_page
    shown = subject.articles[start : start + per_page]
    profile = subject.profile
    label = views.language.gettext(WORDS[subject.kind].one)
    described = views.language.ngettext(
        "%(label)s: %(name)s, in %(num)s article.",
        "%(label)s: %(name)s, in %(num)s articles.",
        len(subject.articles),
        label=label,
        name=subject.name,
    )
    first = route.page == 1
    return {
        "page": views.page(route, subject.name, subject.summary or described),
        "subject": views.card(subject),
        "kind": subject.kind,
        "label": label,
        "body": views.body(profile, route.url) if profile else "",
        "aliases": profile.aliases if profile else (),
        "entity": subject.entity,
        "years": _years(views, shown),
        "people": tuple((views.card(s), n) for s, n in views.people(subject, PEOPLE_SHOWN)),
        # The articles shared with each companion, and the month strip, are the same on
        # every page of a subject: its first page shows them, the others list its articles.
        "companions": views.once(("companions", subject.slug), partial(_companions, views, subject))
        if subject.kind == "figure" and first
        else (),
        "quotes": _quotes(views, subject) if subject.kind == "figure" and first else (),
        "index_url": url_for(subject.kind),
        # Topics show when they were in the news; a figure page has its own timeline of appearances.
        "strip": _strip(views, subject, route) if subject.kind == "topic" and first else None,
    }


def _strip(views: Views, topic: Subject, route: Route) -> Strip | None:
    """The topic's month strip, drawn once for all its pages of the same depth (its links are relative)."""
    key = (topic.slug, route.url.count("/"))
    return views.strip(key, lambda: timeline_views.strip_for(views, route, topic.articles))


def _companions(views: Views, figure: Subject) -> tuple[Companion, ...]:
    """Who the figure appears with most, with links to their newest shared articles."""
    companions = []
    ranked = views.people(figure, PEOPLE_SHOWN)
    for rank, (other, count) in enumerate(ranked):
        theirs = {a.path for a in views.articles_of(other)} if rank < SHARED_LISTED else set()
        shared = [a for a in reversed(figure.articles) if a.path in theirs][:SHARED_SHOWN]
        companions.append(Companion(views.card(other), count, tuple(views.cards[a.path] for a in shared)))
    return tuple(companions)


def _quotes(views: Views, figure: Subject) -> tuple[QuoteCard, ...]:
    """The figure's quotations, oldest first like the rest of the dossier."""
    return tuple(QuoteCard(q.text, views.cards[q.article.path]) for q in views.quotes_of(figure.slug))


def _years(views: Views, articles: tuple[Article, ...]) -> tuple[Year, ...]:
    years = []
    for year, in_year in groupby(articles, key=lambda a: a.date.year):
        months = tuple(
            Month(
                views.language.month(first.year, first.month),
                month_anchor(first.year, first.month),
                tuple(views.cards[a.path] for a in group),
            )
            for first, group in _by_month(in_year)
        )
        years.append(Year(year, months))
    return tuple(years)


def _by_month(articles: Iterator[Article]) -> Iterator[tuple[datetime, list[Article]]]:
    for _, group in groupby(articles, key=lambda a: (a.date.year, a.date.month)):
        found = list(group)
        yield found[0].date, found


def index_context(views: Views, route: Route) -> dict:
    kind = route.carries(str)
    label = views.language.gettext(WORDS[kind].many)
    subjects = views.dossier.subjects[kind]
    title = views.config.title
    if kind == "topic":
        description = views.language.ngettext(
            "The one topic of %(title)s.", "All %(num)s topics of %(title)s.", len(subjects), title=title
        )
    else:
        description = views.language.ngettext(
            "The one figure of %(title)s.", "All %(num)s figures of %(title)s.", len(subjects), title=title
        )
    return {
        "page": views.page(route, label, description),
        "kind": kind,
        "label": label,
        "groups": _groups(views, kind, subjects),
        **(_network(views, route) if kind == "figure" else {}),
    }


def _groups(
    views: Views, kind: str, subjects: tuple[Subject, ...]
) -> tuple[tuple[str, tuple[SubjectCard, ...]], ...]:
    """The subjects of an index, most written about first: figures as people and organisations."""
    ranked = sorted((views.card(s) for s in subjects), key=lambda c: (-c.count, c.name.casefold()))
    if not ranked or kind != "figure":
        return (("", tuple(ranked)),)
    found = tuple(
        (views.language.gettext(label), tuple(c for c in ranked if c.group == group))
        for label, group in GROUPS
    )
    return tuple((label, cards) for label, cards in found if cards)


def _network(views: Views, route: Route) -> dict:
    """The co-appearance drawing and its text alternative, for the figure index."""
    dossier = views.dossier
    figures = [
        graph.NetworkFigure(
            key=s.slug,
            name=s.name,
            aliases=s.profile.aliases if s.profile else (),
            href=views.link(route.url, url_for(s)),
            count=len(s.articles),
        )
        for s in dossier.subjects["figure"]
    ]
    pairs = {
        slug: tuple((other.slug, n) for other, n in others) for slug, others in dossier.co_appearances.items()
    }
    drawn = graph.network(
        figures,
        pairs,
        views.language.gettext("Who appears with whom in %(title)s", title=views.config.title),
        language=views.language,
    )
    by_slug = {s.slug: s for s in dossier.subjects["figure"]}
    connections = tuple(
        (
            views.card(by_slug[slug]),
            tuple((views.card(other), n) for other, n in dossier.co_appearances[slug][:COMPANIONS_LISTED]),
        )
        for slug in drawn.figures
    )
    return {"network": drawn, "connections": connections}


def _indexed(route: Route) -> tuple[str, str] | None:
    """A subject's first page is indexed; the others list its articles."""
    if route.page != 1:
        return None
    subject = route.carries(Subject)
    part = f"{subject.kind}s"
    return part, f"{part}-{subject.slug[:1]}"


INDEX = PageKind(
    "subject_index", index_routes, index_context, meta=MetaBuilder.subject_index, whole_dossier=lambda _: True
)
KIND = PageKind("subject", routes, context, meta=MetaBuilder.subject, search_part=_indexed)
