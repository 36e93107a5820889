"""The home page: the story in its chapters, the latest articles, the main topics and figures."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import SiteConfig
from generator.core.models import Route
from generator.index.dossier import Dossier
from generator.markup.pictures import Picture
from generator.site import timeline_views
from generator.site.kind import PageKind, always
from generator.site.metadata import MetaBuilder
from generator.site.subjects import PEOPLE_SHOWN
from generator.site.urls import out_path, url_for
from generator.site.views import Views


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A key event as the home page tells it: with its article's picture, if it has one."""

    event: timeline_views.EventCard
    image: Picture | None


@dataclass(frozen=True, slots=True)
class StoryChapter:
    """Key events of one era (or of none) on the home page."""

    era: timeline_views.EraCard | None
    events: tuple[StoryEvent, ...]
    number: int  # the era's place among the eras, from 1; 0 outside every era


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    url = url_for("home")
    return [Route(url, out_path(url), "home.html", "home")]


def context(views: Views, route: Route) -> dict:
    dossier = views.dossier
    newest = dossier.articles[::-1][: views.config.home_articles]
    figures = sorted(dossier.subjects["figure"], key=lambda s: (-len(s.articles), s.name.casefold()))
    topics = sorted(dossier.subjects["topic"], key=lambda s: (-len(s.articles), s.name.casefold()))
    return {
        "page": views.page(route, views.config.title),
        "story": _story(views),
        "latest": tuple(views.cards[a.path] for a in newest),
        "topics": tuple(views.card(s) for s in topics),
        "figures": tuple(views.card(s) for s in figures[:PEOPLE_SHOWN]),
        "counts": {kind: len(s) for kind, s in dossier.subjects.items()} | {"article": len(dossier.articles)},
        "span": timeline_views.span(views, dossier.articles),
    }


def _story(views: Views) -> tuple[StoryChapter, ...]:
    """The key events, in runs by the era each falls in: the story's chapters."""
    timeline = views.dossier.timeline
    eras = timeline_views.era_cards(views)
    told = [
        (linked, StoryEvent(card, views.picture(linked.article) if linked.article else None))
        for linked, card in zip(timeline.events, timeline_views.event_cards(views), strict=True)
    ]
    runs = timeline_views.runs_by_era(told, lambda pair: pair[0].event.when.start.first, timeline.eras)
    return tuple(
        StoryChapter(
            eras[i] if i is not None else None,
            tuple(event for _, event in run),
            i + 1 if i is not None else 0,
        )
        for i, run in runs
    )


KIND = PageKind("home", routes, context, meta=MetaBuilder.home, whole_dossier=always)
