"""The views pages are made of: cards of articles and subjects, bodies, pictures, links.

Each page kind's context (``article.py``, ``subjects.py``, …) holds these small
frozen views, not the records themselves, so that editing one article's body only
changes the pages that show that body, and so that the inputs of a page can be
told by hashing its cards (see ``output/reuse.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TypeVar, cast

from generator.content.images import ImageTable
from generator.core.config import SiteConfig
from generator.core.locales import BUILTIN_CATALOGUES, Language
from generator.core.models import Article, OnDemand, Profile, Route, Subject
from generator.index.dossier import Dossier
from generator.markup.links import LinkTargets, resolve
from generator.markup.pictures import Picture, picture
from generator.site.metadata import MetaBuilder
from generator.site.strip import Strip
from generator.site.urls import relative_url, url_for

T = TypeVar("T")
_MISSING = object()


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


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """An article as lists show it."""

    url: str
    title: str
    date: str  # as readers see it
    iso_date: str
    location: str
    summary: str


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


class Views:
    """Builds each card once and the context of each route on demand."""

    language: Language
    cards: Mapping[str, ArticleCard]
    subject_cards: dict[tuple[str, str], SubjectCard]
    link_targets: LinkTargets
    meta: MetaBuilder
    strips: dict[tuple[str, int], Strip | None]

    def __init__(
        self,
        dossier: Dossier,
        config: SiteConfig,
        images: ImageTable | None = None,
        html: Mapping[str, str] | None = None,
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
            self.link_targets, self.meta, self.strips = like.link_targets, like.meta, like.strips
            return
        # Made when a page first shows them: a rebuild after an edit shows a few.
        self.cards = OnDemand({a.path: a for a in dossier.articles}, self.article_card)
        self.subject_cards = {
            (s.kind, s.slug): subject_card(s, self.picture(s.profile))
            for kind in dossier.subjects.values()
            for s in kind
        }
        self.meta = MetaBuilder(self)
        self.strips = {}
        profiled = [(s, s.profile) for kind in dossier.subjects.values() for s in kind if s.profile]
        self.link_targets = LinkTargets(
            sources={a.path: url_for(a) for a in dossier.articles}
            | {profile.path: url_for(s) for s, profile in profiled},
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
        return cast(T, found)  # made by a make() of this key

    def picture(self, record: Article | Profile | None) -> Picture | None:
        """The view of a record's ``image:``; None without one."""
        if record is None or record.image is None:
            return None
        ref = record.image
        info = self.images.find(record.path, ref.src)
        return picture(info, ref.alt, ref.caption, ref.credit) if info else None

    def format_date(self, moment: date | datetime) -> str:
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

    def card(self, subject: Subject) -> SubjectCard:
        """The card of a topic or figure, made once a build."""
        return self.subject_cards[(subject.kind, subject.slug)]


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
