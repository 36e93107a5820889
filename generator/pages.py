"""One context function per page kind: the plain data each template receives.

Contexts hold small frozen views, not the records themselves, so that editing
one article's body only changes the pages that show that body, and so that the
inputs of a page can be told by hashing its cards (see reuse.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby
from typing import TypeVar

from . import feeds, graph, opendata, search, sitemap, timeline_views
from .config import SiteConfig
from .dossier import Dossier
from .images import ImageTable
from .links import LinkTargets, resolve
from .locales import BUILTIN_CATALOGUES, N_, Language
from .metadata import MetaBuilder
from .models import Article, ImageRef, OnDemand, Profile, Route, Subject, quick_repr
from .pictures import Picture, picture
from .strip import Strip, month_anchor
from .urls import relative_url, url_for

T = TypeVar("T")
_MISSING = object()
LABELS = {"topic": (N_("Topic"), N_("Topics")), "figure": (N_("Figure"), N_("Figures"))}
GROUPS = ((N_("People"), "person"), (N_("Organisations"), "organization"))  # of the figure index
PEOPLE_SHOWN = 12  # key figures of a topic, companions of a figure
SHARED_SHOWN = 3  # shared articles listed under each companion
SHARED_LISTED = 6  # companions (the first) whose shared articles are listed; the others show counts
COMPANIONS_LISTED = 5  # companions of each figure in the figure index's text list


@dataclass(frozen=True, slots=True)
class Page:
    """What every template knows about the page being rendered."""

    url: str  # site URL, e.g. "/topics/iran/"
    kind: str
    title: str
    description: str
    canonical: str  # absolute when base_url is set, else the site URL
    number: int = 1
    pages: int = 1
    previous_url: str = ""
    next_url: str = ""


@quick_repr
@dataclass(frozen=True, slots=True)
class ArticleCard:
    """An article as lists show it."""

    url: str
    title: str
    date: str  # as readers see it
    iso_date: str
    location: str
    summary: str


@quick_repr
@dataclass(frozen=True, slots=True)
class SubjectCard:
    """A topic or figure as lists show it."""

    kind: str
    url: str
    name: str
    summary: str
    role: str
    count: int  # how many articles
    image: Picture | None = None  # portrait or topic picture
    initials: str = ""  # for a small avatar without a portrait: "QS", "IRG"
    group: str = ""  # "person" or "organization" for figures


@dataclass(frozen=True, slots=True)
class QuoteCard:
    """Words a figure said, with the article that reports them."""

    text: str
    article: ArticleCard


@dataclass(frozen=True, slots=True)
class SaidCard:
    """Words an article quotes, with the figure who said them."""

    text: str
    figure: SubjectCard


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


@dataclass(frozen=True, slots=True)
class Step:
    """Previous and next article in one topic's story thread."""

    topic: SubjectCard
    previous: ArticleCard | None
    next: ArticleCard | None
    also: tuple[SubjectCard, ...] = ()  # other topics whose thread has the same steps here


class Views:
    """Builds each card once and the context of each route on demand."""

    def __init__(
        self,
        dossier: Dossier,
        config: SiteConfig,
        images: ImageTable | None = None,
        html: dict[str, str] | None = None,
        language: Language | None = None,
        like: Views | None = None,
    ):
        """``like``, views of the same dossier, configuration and images, lends its cards,
        link targets and metadata builder (which reads no body) instead of their being
        made again: only ``html`` differs."""
        self.dossier, self.config = dossier, config
        self.images = images or ImageTable()
        self.html = html or {}  # the HTML of each article's and profile's body, by path
        # The words, dates and numbers of the site's language (English words without catalogues).
        self.language = language or (
            like.language if like else Language(config.language, config.date_format, BUILTIN_CATALOGUES)
        )
        self._made: dict[tuple, object] = {}  # see once()
        if like is not None:
            self.cards, self.subject_cards = like.cards, like.subject_cards
            self.link_targets, self.meta, self._strips = like.link_targets, like.meta, like._strips
            return
        # Made when a page first shows them: a rebuild after an edit shows a few.
        self.cards: Mapping[str, ArticleCard] = OnDemand(
            {a.path: a for a in dossier.articles}, self.article_card
        )
        self.subject_cards = {
            (s.kind, s.slug): subject_card(s, self.picture(s.profile))
            for kind in dossier.subjects.values()
            for s in kind
        }
        self.meta = MetaBuilder(self)
        self._strips: dict[tuple[str, int], Strip | None] = {}
        profiled = [s for kind in dossier.subjects.values() for s in kind if s.profile]
        self.link_targets = LinkTargets(
            sources={a.path: url_for(a) for a in dossier.articles}
            | {s.profile.path: url_for(s) for s in profiled},
            figures={s.slug: url_for(s) for s in dossier.subjects["figure"]},
        )

    def body(self, record: Article | Profile, page_url: str, link: Callable[[str], str] | None = None) -> str:
        """The HTML of a body, its figure and source-file links made relative to ``page_url``.

        ``link`` overrides how a site URL becomes a link (feeds make them absolute).
        """
        return resolve(
            self.html[record.path],
            record.path,
            self.link_targets,
            link or partial(self.link, page_url),
        )

    def link(self, from_url: str, to_url: str) -> str:
        """A link from the page at ``from_url`` to ``to_url`` (site URLs): relative, and naming
        files in an offline build, as every link the views make."""
        return relative_url(from_url, to_url, self.config.offline)

    def once(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()``, made once for all of this build's pages: what several pages show
        alike (an article's entry in the feeds at one depth). ``key`` names it, and
        what it is made of besides this build's views."""
        found = self._made.get(key, _MISSING)
        if found is _MISSING:
            found = self._made[key] = make()
        return found  # type: ignore[return-value]

    def picture(self, record: Article | object | None) -> Picture | None:
        """The view of a record's ``image:``; None without one."""
        ref: ImageRef | None = getattr(record, "image", None)
        if ref is None:
            return None
        info = self.images.find(record.path, ref.src)
        return picture(info, ref.alt, ref.caption, ref.credit) if info else None

    def format_date(self, moment: datetime) -> str:
        """A day as readers see it, in the site's ``date_format`` and language."""
        return self.language.date(moment)

    def article_card(self, article: Article) -> ArticleCard:
        return ArticleCard(
            url=url_for(article),
            title=article.title,
            date=self.format_date(article.date),
            iso_date=article.date.isoformat() if article.has_time else article.date.date().isoformat(),
            location=article.location,
            summary=article.summary,
        )

    def page(self, route: Route, title: str, description: str = "") -> Page:
        previous_url = next_url = ""
        if route.pages > 1 and route.subject is not None:
            if route.page > 1:
                previous_url = url_for(route.subject, route.page - 1)
            if route.page < route.pages:
                next_url = url_for(route.subject, route.page + 1)
        if route.page > 1:
            title = self.language.gettext(
                "%(title)s (page %(number)s of %(pages)s)",
                title=title,
                number=self.language.number(route.page),
                pages=self.language.number(route.pages),
            )
        return Page(
            url=route.url,
            kind=route.kind,
            title=title,
            description=description or self.config.description,
            canonical=self.config.absolute(route.url),
            number=route.page,
            pages=route.pages,
            previous_url=previous_url,
            next_url=next_url,
        )

    def context(self, route: Route) -> dict:
        """The template context of ``route``: plain, hashable-by-repr data.

        HTML pages also get ``meta``: title, Open Graph, feed links, JSON-LD, search marks.
        """
        feature = FEATURE_CONTEXTS.get(route.kind)
        context = feature(self, route) if feature else getattr(self, route.kind)(route)
        if route.out_path.endswith(".html"):
            context["meta"] = self.meta.page(route, context)
        return context

    def home(self, route: Route) -> dict:
        newest = self.dossier.articles[::-1][: self.config.home_articles]
        figures = sorted(self.dossier.subjects["figure"], key=lambda s: (-len(s.articles), s.name.casefold()))
        topics = sorted(self.dossier.subjects["topic"], key=lambda s: (-len(s.articles), s.name.casefold()))
        return {
            "page": self.page(route, self.config.title),
            "story": self._story(),
            "latest": tuple(self.cards[a.path] for a in newest),
            "topics": tuple(self._card(s) for s in topics),
            "figures": tuple(self._card(s) for s in figures[:PEOPLE_SHOWN]),
            "counts": {kind: len(s) for kind, s in self.dossier.subjects.items()}
            | {"article": len(self.dossier.articles)},
            "span": self._span(),
        }

    def _story(self) -> tuple[StoryChapter, ...]:
        """The key events, in runs by the era each falls in: the story's chapters."""
        timeline = self.dossier.timeline
        eras = timeline_views.era_cards(self)
        told = [
            (linked, StoryEvent(card, self.picture(linked.article) if linked.article else None))
            for linked, card in zip(timeline.events, timeline_views.event_cards(self), strict=True)
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

    def article(self, route: Route) -> dict:
        article: Article = route.subject
        subjects = self.dossier.subjects_of[article.path]
        # Topics whose threads lead to the same articles here are one card.
        merged: dict[tuple[str, str], list] = {}
        for step in self.dossier.threads[article.path]:
            ends = (step.previous.path if step.previous else "", step.next.path if step.next else "")
            merged.setdefault(ends, [step, []])[1].append(self._card(step.topic))
        steps = tuple(
            Step(
                topics[0],
                self.cards[step.previous.path] if step.previous else None,
                self.cards[step.next.path] if step.next else None,
                tuple(topics[1:]),
            )
            for step, topics in merged.values()
        )
        return {
            "page": self.page(route, article.title, article.summary),
            "article": self.cards[article.path],
            "image": self.picture(article),
            "body": self.body(article, route.url),
            "updated": self.format_date(article.updated) if article.updated else "",
            "updated_iso": article.updated.isoformat() if article.updated else "",
            "sources": article.sources,
            "topics": tuple(self._card(s) for s in subjects["topic"]),
            "figures": tuple(self._card(s) for s in subjects["figure"]),
            "related": self._related(article, steps),
            "threads": steps,
            "quotes": self.article_quotes(article),
            "timeline_day": article.date.date().isoformat(),
        }

    def _related(self, article: Article, steps: tuple[Step, ...]) -> tuple[ArticleCard, ...]:
        """Related articles, but for those the story threads already lead to."""
        threaded = {card.url for step in steps for card in (step.previous, step.next) if card}
        return tuple(
            card
            for card in (self.cards[a.path] for a in self.dossier.related[article.path])
            if card.url not in threaded
        )

    def article_quotes(self, article: Article) -> tuple[SaidCard, ...]:
        """The quotations of an article, in the order of its figures, with who said them."""
        return tuple(
            SaidCard(text, self.subject_cards[("figure", slug)]) for slug, text in self.said_in(article)
        )

    def said_in(self, article: Article) -> list[tuple[str, str]]:
        """The (figure slug, text) of each quotation of an article, in the order of its figures."""
        by_article = self.once(("quotes by article",), self._quotes_by_article)
        order = {s.slug: i for i, s in enumerate(self.dossier.subjects_of[article.path]["figure"])}
        return sorted(by_article.get(article.path, ()), key=lambda said: order.get(said[0], len(order)))

    def _quotes_by_article(self) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for slug in sorted(self.dossier.quotes):
            for quotation in self.dossier.quotes[slug]:
                found.setdefault(quotation.article.path, []).append((slug, quotation.text))
        return found

    def subject(self, route: Route) -> dict:
        subject: Subject = route.subject
        per_page = self.config.per_page
        start = (route.page - 1) * per_page
        shown = subject.articles[start : start + per_page]
        people = self.dossier.key_figures if subject.kind == "topic" else self.dossier.co_appearances
        profile = subject.profile
        label = self.language.gettext(LABELS[subject.kind][0])
        described = self.language.ngettext(
            "%(label)s: %(name)s, in %(num)s article.",
            "%(label)s: %(name)s, in %(num)s articles.",
            len(subject.articles),
            label=label,
            name=subject.name,
        )
        return {
            "page": self.page(route, subject.name, subject.summary or described),
            "subject": self._card(subject),
            "kind": subject.kind,
            "label": label,
            "body": self.body(profile, route.url) if profile else "",
            "aliases": profile.aliases if profile else (),
            "entity": subject.entity,
            "years": self._years(shown),
            "people": tuple((self._card(s), n) for s, n in people.get(subject.slug, ())[:PEOPLE_SHOWN]),
            # The articles shared with each companion, and the month strip, are the same on
            # every page of a subject: its first page shows them, the others list its articles.
            "companions": self.once(("companions", subject.slug), partial(self._companions, subject))
            if subject.kind == "figure" and route.page == 1
            else (),
            "quotes": self._quotes(subject) if subject.kind == "figure" and route.page == 1 else (),
            "index_url": url_for(subject.kind),
            # Topics show when they were in the news; a figure page has its own timeline of appearances.
            "strip": self._strip(subject, route) if subject.kind == "topic" and route.page == 1 else None,
        }

    def _strip(self, topic: Subject, route: Route) -> Strip | None:
        """The topic's month strip, drawn once for all its pages of the same depth (its links are relative)."""
        key = (topic.slug, route.url.count("/"))
        if key not in self._strips:
            self._strips[key] = timeline_views.strip_for(self, route, topic.articles)
        return self._strips[key]

    def _companions(self, figure: Subject) -> tuple[Companion, ...]:
        """Who the figure appears with most, with links to their newest shared articles."""
        companions = []
        ranked = self.dossier.co_appearances.get(figure.slug, ())[:PEOPLE_SHOWN]
        for rank, (other, count) in enumerate(ranked):
            theirs = {a.path for a in other.articles} if rank < SHARED_LISTED else set()
            shared = [a for a in reversed(figure.articles) if a.path in theirs][:SHARED_SHOWN]
            companions.append(Companion(self._card(other), count, tuple(self.cards[a.path] for a in shared)))
        return tuple(companions)

    def _quotes(self, figure: Subject) -> tuple[QuoteCard, ...]:
        """The figure's quotations, oldest first like the rest of the dossier."""
        return tuple(
            QuoteCard(q.text, self.cards[q.article.path]) for q in self.dossier.quotes.get(figure.slug, ())
        )

    def subject_index(self, route: Route) -> dict:
        kind = route.subject
        label = self.language.gettext(LABELS[kind][1])
        subjects = self.dossier.subjects[kind]
        if kind == "topic":
            description = self.language.ngettext(
                "The one topic of %(title)s.",
                "All %(num)s topics of %(title)s.",
                len(subjects),
                title=self.config.title,
            )
        else:
            description = self.language.ngettext(
                "The one figure of %(title)s.",
                "All %(num)s figures of %(title)s.",
                len(subjects),
                title=self.config.title,
            )
        return {
            "page": self.page(route, label, description),
            "kind": kind,
            "label": label,
            "groups": self._groups(kind, subjects),
            **(self._network(route) if kind == "figure" else {}),
        }

    def _groups(
        self, kind: str, subjects: tuple[Subject, ...]
    ) -> tuple[tuple[str, tuple[SubjectCard, ...]], ...]:
        """The subjects of an index, most written about first: figures as people and organisations."""
        ranked = sorted((self._card(s) for s in subjects), key=lambda c: (-c.count, c.name.casefold()))
        if not ranked or kind != "figure":
            return (("", tuple(ranked)),)
        found = tuple(
            (self.language.gettext(label), tuple(c for c in ranked if c.group == group))
            for label, group in GROUPS
        )
        return tuple((label, cards) for label, cards in found if cards)

    def _network(self, route: Route) -> dict:
        """The co-appearance drawing and its text alternative, for the figure index."""
        figures = [
            graph.NetworkFigure(
                key=s.slug,
                name=s.name,
                aliases=s.profile.aliases if s.profile else (),
                href=self.link(route.url, url_for(s)),
                count=len(s.articles),
            )
            for s in self.dossier.subjects["figure"]
        ]
        pairs = {
            slug: tuple((other.slug, n) for other, n in others)
            for slug, others in self.dossier.co_appearances.items()
        }
        drawn = graph.network(
            figures,
            pairs,
            self.language.gettext("Who appears with whom in %(title)s", title=self.config.title),
            language=self.language,
        )
        by_slug = {s.slug: s for s in self.dossier.subjects["figure"]}
        connections = tuple(
            (
                self._card(by_slug[slug]),
                tuple(
                    (self._card(other), n)
                    for other, n in self.dossier.co_appearances[slug][:COMPANIONS_LISTED]
                ),
            )
            for slug in drawn.figures
        )
        return {"network": drawn, "connections": connections}

    def not_found(self, route: Route) -> dict:
        return {"page": self.page(route, self.language.gettext("Page not found"))}

    def _card(self, subject: Subject) -> SubjectCard:
        return self.subject_cards[(subject.kind, subject.slug)]

    def _years(self, articles: tuple[Article, ...]) -> tuple[Year, ...]:
        years = []
        for year, in_year in groupby(articles, key=lambda a: a.date.year):
            months = tuple(
                Month(
                    self.language.month(first.year, first.month),
                    month_anchor(first.year, first.month),
                    tuple(self.cards[a.path] for a in group),
                )
                for first, group in _by_month(in_year)
            )
            years.append(Year(year, months))
        return tuple(years)

    def _span(self) -> str:
        articles = self.dossier.articles
        if not articles:
            return ""
        first, last = articles[0].date, articles[-1].date
        return f"{self.format_date(first)} – {self.format_date(last)}"


# Page kinds whose context lives in a feature module.
FEATURE_CONTEXTS = {
    "feed": feeds.context,
    "sitemap": sitemap.sitemap_context,
    "robots": sitemap.robots_context,
    "search": search.context,
    "data": opendata.context,
    "timeline": timeline_views.context,
}


def _by_month(articles):
    for _, group in groupby(articles, key=lambda a: (a.date.year, a.date.month)):
        group = list(group)
        yield group[0].date, group


def subject_card(subject: Subject, image: Picture | None = None) -> SubjectCard:
    profile = subject.profile
    return SubjectCard(
        kind=subject.kind,
        url=url_for(subject),
        name=subject.name,
        summary=profile.summary if profile else "",
        role=profile.role if profile else "",
        count=len(subject.articles),
        image=image,
        initials=initials(subject.name, subject.entity),
        group=subject.entity if subject.kind == "figure" else "",
    )


def initials(name: str, entity: str = "person") -> str:
    """Two letters of a person's name (first and last word), up to three of an organisation's."""
    letters = [next((c for c in word if c.isupper()), word[0]) for word in name.split() if word[0].isalnum()]
    if not letters:
        return "?"
    if entity == "organization":
        return "".join(letters[:3])
    return letters[0] + letters[-1] if len(letters) > 1 else letters[0]
