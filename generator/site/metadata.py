"""What a page tells machines about itself: titles, Open Graph, feed links, JSON-LD, search marks."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.core.config import SiteConfig
from generator.core.models import Article, Route, Subject
from generator.site.naming import FIXED_TITLES, WORDS
from generator.site.urls import relative_url, url_for

if TYPE_CHECKING:
    from generator.markup.pictures import Picture
    from generator.site.views import Page, Views

ENTITY_TYPES = {"person": "Person", "organization": "Organization"}


@dataclass(frozen=True, slots=True)
class FeedLink:
    """An Atom feed a page points to in its head."""

    title: str
    url: str  # site URL


@dataclass(frozen=True, slots=True)
class Meta:
    """The machine-readable side of one HTML page, for ``base.html`` and ``partials/meta.html``."""

    title: str  # the <title>: unique across the site
    og_title: str
    og_type: str  # "article" or "website"
    url: str  # absolute canonical URL, "" without base_url
    published: str = ""  # ISO dates, articles only
    modified: str = ""
    section: str = ""  # the article's first topic
    tags: tuple[str, ...] = ()  # the article's topics
    feeds: tuple[FeedLink, ...] = ()  # the site feed, then the subject's feed on its pages
    subject_feed: FeedLink | None = None
    robots: str = ""  # "noindex" for pages search engines should skip
    jsonld: str = ""  # JSON-LD, already safe inside <script>
    indexed: bool = False  # the page's <main> is indexed for search (data-pagefind-body)
    search_filters: tuple[tuple[str, str], ...] = ()  # (filter, value) for Pagefind
    search_meta: tuple[tuple[str, str], ...] = ()  # (name, value) a search result shows: kind, date, place
    search_date: str = ""  # the ISO date search results can be ordered by
    image: str = ""  # og:image: absolute URL of the 1200×630 crop, "" without base_url or image
    image_alt: str = ""


def moment(value: datetime, has_time: bool = True) -> str:
    """An ISO 8601 date, or date and time with its offset."""
    return value.isoformat() if has_time else value.date().isoformat()


def newest(articles: tuple[Article, ...] | list[Article]) -> datetime | None:
    """The latest change among ``articles``: an update or a publication date."""
    return max((a.updated or a.date for a in articles), default=None)


def public_url(config: SiteConfig, from_url: str, to_url: str) -> str:
    """A link for machines: absolute under base_url, else relative to the document at ``from_url``."""
    return config.absolute(to_url) if config.base_url else relative_url(from_url, to_url, config.offline)


def permanent_id(config: SiteConfig, url: str) -> str:
    """An absolute identifier for feeds: the page's URL, or a name-based UUID without base_url.

    Feed ids must be absolute IRIs; without a base URL the site has no address,
    so the id is a UUID derived from the site's title and the page's site URL.
    """
    if config.base_url:
        return config.absolute(url)
    return _name_uuid(f"dossier:{config.title}:{url}")


@lru_cache(maxsize=16384)
def _name_uuid(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def script_json(data: object) -> str:
    """JSON that cannot end or open anything inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def has_feed(subject: Subject) -> bool:
    """Subjects with articles have a feed; a profile nobody mentions has none."""
    return bool(subject.articles)


class MetaBuilder:
    """Builds the Meta of each HTML page; knows which titles need telling apart."""

    ambiguous: set[str]  # titles and names, casefolded, that more than one page has
    same_day: set[tuple[str, date]]  # article titles that more than one article has on a day

    def __init__(self, views: Views, like: MetaBuilder | None = None):
        """``like``, the builder of other views of the same dossier, lends which titles are alike."""
        self.views, self.config = views, views.config
        if like is not None:
            self.ambiguous, self.same_day = like.ambiguous, like.same_day
            return
        dossier = views.dossier  # made before any page: every page shares these (see output/reuse.py)
        names = [a.title for a in dossier.articles]
        names += [s.name for kind in dossier.subjects.values() for s in kind]
        names += [*(views.language.gettext(title) for title in FIXED_TITLES), self.config.title]
        counts = Counter(name.casefold() for name in names)
        self.ambiguous = {name for name, n in counts.items() if n > 1}
        days = Counter((a.title.casefold(), a.date.date()) for a in dossier.articles)
        self.same_day = {key for key, n in days.items() if n > 1}

    def common(
        self,
        route: Route,
        page: Page,
        title: str | None = None,
        picture: Picture | None = None,
        subject_feed: FeedLink | None = None,
        **fields: object,
    ) -> dict:
        """What every HTML page tells: its unique title, Open Graph (``picture``), canonical URL,
        feeds (``subject_feed``); ``fields`` adds to it or overrides it (``og_type``)."""
        config = self.config
        site_feed = FeedLink(config.title, url_for("feed"))
        common = {
            "title": f"{title or page.title} · {config.title}",
            "og_title": page.title,
            "og_type": "website",
            "url": config.absolute(route.url) if config.base_url else "",
            "feeds": (site_feed, subject_feed) if subject_feed else (site_feed,),
            "subject_feed": subject_feed,
        }
        if picture and config.base_url:  # previews need absolute URLs: only with a base_url
            common["image"], common["image_alt"] = config.absolute(picture.og), picture.alt
        return common | fields

    def plain(self, route: Route, context: dict) -> Meta:
        """A page with nothing more to tell than every page does."""
        return Meta(**self.common(route, context["page"]))

    def home(self, route: Route, context: dict) -> Meta:
        common = self.common(route, context["page"]) | {"title": self.config.title}
        return Meta(**common, jsonld=script_json(self._website()))

    def timeline(self, route: Route, context: dict) -> Meta:
        page = context["page"]
        items = [self.views.cards[a.path] for a in self.views.dossier.articles]
        data = self._collection(route, page, [(c.url, c.title) for c in items])
        return Meta(**self.common(route, page), jsonld=script_json(data))

    def subject_index(self, route: Route, context: dict) -> Meta:
        page = context["page"]
        subjects = self.views.dossier.subjects[route.carries(str)]
        data = self._collection(route, page, [(url_for(s), s.name) for s in subjects])
        return Meta(**self.common(route, page), jsonld=script_json(data))

    def _article_title(self, article: Article, title: str) -> str:
        if article.title.casefold() in self.ambiguous:
            title = f"{article.title} ({self.views.format_date(article.date)}"
            if (article.title.casefold(), article.date.date()) in self.same_day:
                title += f", {article.slug}"
            title += ")"
        return title

    def _subject_title(self, route: Route, title: str) -> str:
        subject = route.carries(Subject)
        if subject.name.casefold() not in self.ambiguous:
            return title
        words = self.views.language
        kind = self._kind_word(subject.kind)
        if route.page > 1:
            return words.gettext(
                "%(name)s (%(kind)s, page %(number)s of %(pages)s)",
                name=subject.name,
                kind=kind,
                number=words.number(route.page),
                pages=words.number(route.pages),
            )
        return words.gettext("%(name)s (%(kind)s)", name=subject.name, kind=kind)

    def _link(self, route: Route, url: str) -> str:
        return public_url(self.config, route.url, url)

    def _website(self) -> dict:
        config = self.config
        data: dict = {"@context": "https://schema.org", "@type": "WebSite", "name": config.title}
        if config.description:
            data["description"] = config.description
        data["inLanguage"] = config.language
        if config.base_url:
            data["url"] = config.absolute("/")
            if config.search:
                data["potentialAction"] = {
                    "@type": "SearchAction",
                    "target": config.absolute(url_for("search")) + "?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                }
        if config.publisher:
            data["publisher"] = {"@type": "Organization", "name": config.publisher}
        return data

    def article(self, route: Route, context: dict) -> Meta:
        article = route.carries(Article)
        config, page = self.config, context["page"]
        title = self._article_title(article, page.title)
        common = self.common(route, page, title, og_type="article", picture=context.get("image"))
        subjects = self.views.subjects_of(article.path)
        topics, figures = subjects["topic"], subjects["figure"]
        published = moment(article.date, article.has_time)
        modified = moment(article.updated) if article.updated else published
        data: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": published,
            "dateModified": modified,
            "url": self._link(route, route.url),
            "inLanguage": config.language,
        }
        if article.summary:
            data["description"] = article.summary
        if picture := self.views.picture(article):
            data["image"] = self._link(route, picture.og)
        if topics:
            data["articleSection"] = topics[0].name
            data["about"] = [self._thing(route, "Thing", s) for s in topics]
        if figures:
            data["mentions"] = [self._thing(route, _entity_type(s), s) for s in figures]
        if article.location:
            data["locationCreated"] = {"@type": "Place", "name": article.location}
        if config.author:
            data["author"] = {"@type": "Organization", "name": config.author}
        data["publisher"] = {"@type": "Organization", "name": config.publisher or config.title}
        filters = (
            [("topic", s.name) for s in topics]
            + [("figure", s.name) for s in figures]
            + [("year", str(article.date.year)), ("kind", "article")]
        )
        return Meta(
            **common,
            published=published,
            modified=modified,
            section=topics[0].name if topics else "",
            tags=tuple(s.name for s in topics),
            jsonld=script_json(data),
            indexed=True,
            search_filters=tuple(filters),
            search_meta=(
                ("kind", self.views.language.gettext("article")),
                ("date", self.views.format_date(article.date)),
                *((("place", article.location),) if article.location else ()),
            ),
            search_date=article.date.date().isoformat(),
        )

    def subject(self, route: Route, context: dict) -> Meta:
        subject = route.carries(Subject)
        profile, page, config = subject.profile, context["page"], self.config
        feed = None
        if has_feed(subject):
            feed = FeedLink(f"{subject.name} · {config.title}", url_for(("feed", subject)))
        title = self._subject_title(route, page.title)
        common = self.common(route, page, title, subject_feed=feed, picture=context["subject"].image)
        if subject.kind == "figure":
            data: dict = {
                "@context": "https://schema.org",
                **self._thing(route, _entity_type(subject), subject),
            }
            if profile and profile.aliases:
                data["alternateName"] = list(profile.aliases)
            if profile and profile.role:
                data["jobTitle" if data["@type"] == "Person" else "description"] = profile.role
            if subject.summary and "description" not in data:
                data["description"] = subject.summary
            if picture := self.views.subject_cards[(subject.kind, subject.slug)].image:
                data["image"] = self._link(route, picture.og)
            data["mainEntityOfPage"] = self._link(route, route.url)
        else:
            start = (route.page - 1) * self.config.per_page
            shown = subject.articles[start : start + self.config.per_page]
            cards = [self.views.cards[a.path] for a in shown]
            data = self._collection(route, page, [(c.url, c.title) for c in cards], start)
            data["about"] = self._thing(route, "Thing", subject)
        return Meta(
            **common,
            jsonld=script_json(data),
            indexed=route.page == 1,
            search_filters=((subject.kind, subject.name), ("kind", subject.kind)),
            search_meta=(("kind", self._kind_word(subject.kind)),),
        )

    def _kind_word(self, kind: str) -> str:
        """What a search result calls a topic or a figure, in the site's language."""
        return self.views.language.gettext(WORDS[kind].word)

    def _thing(self, route: Route, kind: str, subject: Subject) -> dict:
        return {"@type": kind, "name": subject.name, "url": self._link(route, url_for(subject))}

    def _collection(self, route: Route, page: Page, items: list[tuple[str, str]], start: int = 0) -> dict:
        """A list page: its name, and the items it shows (``start`` of them come before it)."""
        data: dict = {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": page.title,
            "url": self._link(route, route.url),
        }
        if page.description:
            data["description"] = page.description
        data["mainEntity"] = {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [
                # Position and URL, as search engines read a list page; the page shows the titles.
                {"@type": "ListItem", "position": start + n, "url": self._link(route, url)}
                for n, (url, _name) in enumerate(items, start=1)
            ],
        }
        return data


def _entity_type(subject: Subject) -> str:
    return ENTITY_TYPES.get(subject.entity, "Person")
