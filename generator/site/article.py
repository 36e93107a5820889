"""The article page: the article, who and what it is about, and where its story goes next."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import SiteConfig
from generator.core.models import Article, Route
from generator.index.dossier import Dossier
from generator.site.kind import PageKind
from generator.site.metadata import MetaBuilder
from generator.site.urls import out_path, url_for
from generator.site.views import ArticleCard, SubjectCard, Views


@dataclass(frozen=True, slots=True)
class SaidCard:
    """Words an article quotes, with the figure who said them."""

    text: str
    figure: SubjectCard


@dataclass(frozen=True, slots=True)
class Step:
    """Previous and next article in one topic's story thread."""

    topic: SubjectCard
    previous: ArticleCard | None
    next: ArticleCard | None
    also: tuple[SubjectCard, ...] = ()  # other topics whose thread has the same steps here


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    found = []
    for article in dossier.articles:
        url = url_for(article)
        found.append(Route(url, out_path(url), "article.html", "article", article))
    return found


def context(views: Views, route: Route) -> dict:
    article = route.carries(Article)
    subjects = views.subjects_of(article.path)
    steps = _steps(views, article)
    return {
        "page": views.page(route, article.title, article.summary),
        "article": views.cards[article.path],
        "image": views.picture(article),
        "body": views.body(article, route.url),
        "updated": views.format_date(article.updated) if article.updated else "",
        "updated_iso": article.updated.isoformat() if article.updated else "",
        "sources": article.sources,
        "topics": tuple(views.card(s) for s in subjects["topic"]),
        "figures": tuple(views.card(s) for s in subjects["figure"]),
        "related": _related(views, article, steps),
        "threads": steps,
        "quotes": tuple(
            SaidCard(text, views.subject_cards[("figure", slug)]) for slug, text in views.said_in(article)
        ),
        "timeline_day": article.date.date().isoformat(),
    }


def _steps(views: Views, article: Article) -> tuple[Step, ...]:
    """The article's steps in its topics' threads; topics whose threads lead to the same
    articles here are one step."""
    merged: dict[tuple[str, str], list] = {}
    for step in views.threads(article.path):
        ends = (step.previous.path if step.previous else "", step.next.path if step.next else "")
        merged.setdefault(ends, [step, []])[1].append(views.card(step.topic))
    return tuple(
        Step(
            topics[0],
            views.cards[step.previous.path] if step.previous else None,
            views.cards[step.next.path] if step.next else None,
            tuple(topics[1:]),
        )
        for step, topics in merged.values()
    )


def _related(views: Views, article: Article, steps: tuple[Step, ...]) -> tuple[ArticleCard, ...]:
    """Related articles, but for those the story threads already lead to."""
    threaded = {card.url for step in steps for card in (step.previous, step.next) if card}
    return tuple(
        card
        for card in (views.cards[a.path] for a in views.related(article.path))
        if card.url not in threaded
    )


def _indexed(route: Route) -> tuple[str, str, str]:
    day = route.carries(Article).date
    return str(day.year), f"{day.year}-q{(day.month + 2) // 3}", f"{day.year}-{day.month:02d}"


KIND = PageKind(
    "article",
    routes,
    context,
    meta=MetaBuilder.article,
    search_part=_indexed,
)
