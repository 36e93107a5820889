"""The views pages are made of: cards of articles and subjects, bodies, pictures, links.

Each page kind's context (``article.py``, ``subjects.py``, …) holds these small
frozen views, not the records themselves, and reads the dossier through them
alone: each read is noted (``reads.py``), so that the next build knows what the
page was made from, and editing one article's body makes again only the pages
that show that body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import TypeVar

from generator.content.images import ImageTable
from generator.core.config import SiteConfig
from generator.core.locales import Language
from generator.core.models import Article, OnDemand, Profile, Route, Subject
from generator.index.dossier import Dossier, Quotation, ThreadStep
from generator.markup.links import LinkTargets, resolve
from generator.markup.pictures import Picture, picture
from generator.site.metadata import MetaBuilder
from generator.site.reads import SHAPE, Key, Reads, Recorded
from generator.site.strip import Strip
from generator.site.urls import relative_url, url_for

T = TypeVar("T")


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
    """A topic or figure as lists show it.

    How many articles it has (``count``) is a read of its members: a page that shows
    only its name and picture is not made again when an article joins it. The card's
    repr, which is what the page reads of the subject (``output/reuse.py``), leaves
    the number out.
    """

    kind: str
    slug: str
    url: str
    name: str
    summary: str
    role: str
    articles: int = field(repr=False)  # how many; read it as ``count``
    image: Picture | None = None  # portrait or topic picture
    initials: str = ""  # for a small avatar without a portrait: "QS", "IRG"
    group: str = ""  # "person" or "organization" for figures
    reads: Reads | None = field(default=None, repr=False, compare=False)  # where ``count`` is noted

    @property
    def count(self) -> int:
        """How many articles the topic or figure has."""
        if self.reads is not None:
            self.reads.add("members", self.kind, self.slug)
        return self.articles


class Views:
    """Builds each card once and the context of each route on demand, noting what each page
    reads (see ``reads.py``): a context reads the dossier through these views alone."""

    language: Language
    reads: Reads
    cards: Recorded  # article path -> ArticleCard
    subject_cards: Recorded  # (kind, slug) -> SubjectCard
    link_targets: LinkTargets
    meta: MetaBuilder
    strips: dict[tuple[str, int], tuple[Strip | None, tuple[Key, ...]]]

    def __init__(
        self,
        dossier: Dossier,
        config: SiteConfig,
        images: ImageTable,
        html: Mapping[str, str],
        language: Language,
        like: Views | None = None,
    ):
        """``like``, views of the same dossier, configuration and images, lends its cards,
        link targets and metadata builder (which reads no body) instead of their being
        made again: only ``html`` differs."""
        self._dossier, self.config = dossier, config
        self.images = images
        self.html = html  # the HTML of each article's and profile's body, by path
        self.language = language  # the words, dates and numbers of the site's language
        self.reads = like.reads if like is not None else Reads()  # the cards it lends note there
        self._made: dict[tuple, tuple[object, tuple[Key, ...]]] = {}  # see once()
        if like is not None:
            self.cards = Recorded("card", like.cards.table, self.reads)
            self.subject_cards = Recorded("subject", like.subject_cards.table, self.reads)
            self.link_targets, self.strips = like.link_targets, like.strips
            self.meta = MetaBuilder(self, like.meta)
            return
        # Made when a page first shows them: a rebuild after an edit shows a few.
        self.cards = Recorded(
            "card", OnDemand({a.path: a for a in dossier.articles}, self.article_card), self.reads
        )
        self.subject_cards = Recorded(
            "subject",
            {
                (s.kind, s.slug): subject_card(s, self.picture(s.profile), self.reads)
                for kind in dossier.subjects.values()
                for s in kind
            },
            self.reads,
        )
        self.meta = MetaBuilder(self)
        self.strips = {}
        profiled = [(s, s.profile) for kind in dossier.subjects.values() for s in kind if s.profile]
        self.link_targets = LinkTargets(
            sources={a.path: url_for(a) for a in dossier.articles}
            | {profile.path: url_for(s) for s, profile in profiled},
            figures={s.slug: url_for(s) for s in dossier.subjects["figure"]},
        )

    @property
    def dossier(self) -> Dossier:
        """The whole dossier: a page that reads it is made again whenever anything but a body changes."""
        self.reads.add(*SHAPE)
        return self._dossier

    @contextmanager
    def reading(self, route: Route) -> Iterator[set[Key]]:
        """Note what the page of ``route`` reads while its context is made; the record or
        subject it carries is read already (a context reads its fields freely)."""
        with self.reads.page() as read:
            carried = route.subject
            if isinstance(carried, Article):
                self.reads.add("card", carried.path)
            elif isinstance(carried, Subject):
                self.reads.add("subject", carried.kind, carried.slug)
                self.reads.add("members", carried.kind, carried.slug)
            elif isinstance(carried, tuple):  # the sitemap's pages: the dossier's shape
                self.reads.add(*SHAPE)
            yield read
            if SHAPE in read:  # which holds every other read but the bodies: kept short
                kept = {key for key in read if key[0] == "body"}
                read.clear()
                read.update(kept, (SHAPE,))

    # What an article page shows of the dossier, each read with the keys of the records it hands out.

    def subjects_of(self, path: str) -> Mapping[str, tuple[Subject, ...]]:
        """The topics and figures of the article at ``path``, by kind."""
        found = self._dossier.subjects_of[path]
        self.reads.add("about", path)
        for subjects in found.values():
            for s in subjects:
                self.reads.add("subject", s.kind, s.slug)
        return found

    def related(self, path: str) -> tuple[Article, ...]:
        found = self._dossier.related[path]
        self.reads.add("related", path)
        for article in found:
            self.reads.add("card", article.path)
        return found

    def threads(self, path: str) -> tuple[ThreadStep, ...]:
        """The article's steps in its topics' story threads."""
        found = self._dossier.threads[path]
        self.reads.add("threads", path)
        for step in found:
            self.reads.add("subject", "topic", step.topic.slug)
            for article in (step.previous, step.next):
                if article is not None:
                    self.reads.add("card", article.path)
        return found

    def quotes_of(self, slug: str) -> tuple[Quotation, ...]:
        """A figure's quotations, oldest first, with the articles that report them."""
        found = self._dossier.quotes.get(slug, ())
        self.reads.add("quotes", slug)
        for quotation in found:
            self.reads.add("card", quotation.article.path)
        return found

    def people(self, subject: Subject, shown: int) -> tuple[tuple[Subject, int], ...]:
        """The ``shown`` key figures of a topic, or who a figure appears with most, with how
        many articles."""
        found: tuple[tuple[Subject, int], ...] = self._dossier.people(subject.kind).get(subject.slug, ())[
            :shown
        ]
        self.reads.add("people", subject.kind, subject.slug, str(shown))
        for other, _count in found:
            self.reads.add("subject", other.kind, other.slug)
        return found

    def articles_of(self, subject: Subject) -> tuple[Article, ...]:
        """The articles of a topic or figure, oldest first."""
        self.reads.add("members", subject.kind, subject.slug)
        return subject.articles

    @property
    def span(self) -> tuple[Article, ...]:
        """The dossier's first and last article (what every page shares: nothing to note)."""
        articles = self._dossier.articles
        return (articles[0], articles[-1]) if articles else ()

    def body(self, record: Article | Profile, page_url: str, link: Callable[[str], str] | None = None) -> str:
        """The HTML of a body, its figure and source-file links made relative to ``page_url``.

        ``link`` overrides how a site URL becomes a link (feeds make them absolute).
        """
        self.reads.add("body", record.path)
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
        return self.reads.memo(self._made, key, make)

    def strip(self, key: tuple[str, int], make: Callable[[], Strip | None]) -> Strip | None:
        """A strip drawn once for every page of the same subject and depth (and for the next
        builds with the same cards)."""
        return self.reads.memo(self.strips, key, make)

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
        self.reads.add("said", article.path)
        by_article = self.once(("quotes by article",), self._quotes_by_article)
        order = {s.slug: i for i, s in enumerate(self._dossier.subjects_of[article.path]["figure"])}
        return sorted(by_article.get(article.path, ()), key=lambda said: order.get(said[0], len(order)))

    def _quotes_by_article(self) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for slug in sorted(self._dossier.quotes):
            for quotation in self._dossier.quotes[slug]:
                found.setdefault(quotation.article.path, []).append((slug, quotation.text))
        return found

    def card(self, subject: Subject) -> SubjectCard:
        """The card of a topic or figure, made once a build."""
        card: SubjectCard = self.subject_cards[(subject.kind, subject.slug)]
        return card


def subject_card(subject: Subject, image: Picture | None = None, reads: Reads | None = None) -> SubjectCard:
    profile = subject.profile
    return SubjectCard(
        kind=subject.kind,
        slug=subject.slug,
        url=url_for(subject),
        name=subject.name,
        summary=profile.summary if profile else "",
        role=profile.role if profile else "",
        articles=len(subject.articles),
        image=image,
        initials=initials(subject.name, subject.entity),
        group=subject.entity if subject.kind == "figure" else "",
        reads=reads,
    )


def initials(name: str, entity: str = "person") -> str:
    """Two letters of a person's name (first and last word), up to three of an organisation's."""
    letters = [next((c for c in word if c.isupper()), word[0]) for word in name.split() if word[0].isalnum()]
    if not letters:
        return "?"
    if entity == "organization":
        return "".join(letters[:3])
    return letters[0] + letters[-1] if len(letters) > 1 else letters[0]
