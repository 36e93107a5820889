"""Atom feeds: the whole dossier's latest articles, and one feed per topic and per figure.

The site feed carries each article's full text. A topic's or figure's feed
carries headline, summary, dates and link (``subject_feed_full_text`` asks for
the text too): a dossier has a feed per subject, and an article in each of its
subjects' feeds, so full text there would weigh more than the pages themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.core.config import SiteConfig
from generator.core.models import SUBJECT_KINDS, Article, Route, Subject
from generator.index.dossier import Dossier
from generator.site.kind import PageKind
from generator.site.metadata import has_feed, moment, newest, permanent_id, public_url
from generator.site.urls import out_path, url_for

if TYPE_CHECKING:
    from generator.site.views import Views

# Characters XML 1.0 forbids; one in a feed makes every strict parser give up.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A feed with no entries still needs an `updated`; never the build time.
EPOCH = "1970-01-01T00:00:00+00:00"


@dataclass(frozen=True, slots=True)
class Entry:
    """One article in a feed."""

    id: str
    url: str  # absolute under base_url, else relative to the feed
    title: str
    published: str  # RFC 3339
    updated: str
    summary: str
    # None in a summary-only feed; else the article's HTML, links relative to ``url``
    # (its xml:base), escaped as XML text
    content: Markup | None
    categories: tuple[str, ...]  # topic names


@dataclass(frozen=True, slots=True)
class Feed:
    """The feed itself."""

    id: str
    title: str
    subtitle: str
    self_url: str
    html_url: str
    updated: str
    author: str


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    """The site feed, then one feed per topic and per figure that has articles."""
    url = url_for("feed")
    found = [Route(url, out_path(url), "atom.xml", "feed")]
    for kind in SUBJECT_KINDS:
        for subject in dossier.subjects[kind]:
            if has_feed(subject):
                url = url_for(("feed", subject))
                found.append(Route(url, out_path(url), "atom.xml", "feed", subject))
    return found


def _subject(route: Route) -> Subject | None:
    """The topic or figure of a subject's feed; None for the whole dossier's."""
    return None if route.subject is None else route.carries(Subject)


def context(views: Views, route: Route) -> dict:
    """The feed of ``route.subject`` (a topic or figure), or of the whole dossier."""
    config, subject = views.config, _subject(route)
    latest = latest_articles(subject.articles if subject else views.dossier.articles, config, subject)
    if subject:
        title, subtitle, page = f"{subject.name} · {config.title}", subject.summary, url_for(subject)
    else:
        title, subtitle, page = config.title, config.description, url_for("home")
    last = newest(latest)
    feed = Feed(
        id=permanent_id(config, route.url),
        title=xml_text(title),
        subtitle=xml_text(subtitle),
        self_url=public_url(config, route.url, route.url),
        html_url=public_url(config, route.url, page),
        updated=moment(last) if last else EPOCH,
        author=xml_text(config.author or config.publisher or config.title),
    )
    depth = route.url.count("/")  # an entry's links depend on the feed's depth alone
    full = full_text(config, subject)
    entries = tuple(
        views.once(("feed entry", a.path, depth, full), partial(entry, views, route, a, full)) for a in latest
    )
    return {"feed": feed, "entries": entries}


def latest_articles(articles: tuple[Article, ...], config: SiteConfig, subject: Subject | None) -> tuple:
    """The articles a feed holds, newest first: the site's, or a topic's or figure's."""
    return articles[::-1][: config.subject_feed_limit if subject else config.feed_limit]


def full_text(config: SiteConfig, subject: Subject | None) -> bool:
    """Whether the entries of a feed carry the article's text, not only its summary."""
    return subject is None or config.subject_feed_full_text


def entry(views: Views, route: Route, article: Article, full: bool = True) -> Entry:
    config = views.config
    url = url_for(article)
    topics = views.subjects_of(article.path)["topic"]
    return Entry(
        permanent_id(config, url),
        public_url(config, route.url, url),
        *_shared_parts(article.title, article.date, article.updated, article.summary),
        content=views.once(("feed content", article.path), partial(content, views, article))
        if full
        else None,
        categories=tuple(xml_text(t.name) for t in topics),
    )


def content(views: Views, article: Article) -> Markup:
    """An article's HTML as every feed holds it. The entry's ``xml:base`` is the article,
    so links are made as on its page (absolute under base_url): the same in every feed."""
    config, url = views.config, url_for(article)
    html = xml_text(views.body(article, url, lambda site_url: public_url(config, url, site_url)))
    return escape(html)  # here, once, rather than by the template in every feed


@lru_cache(maxsize=4096)
def _shared_parts(
    title: str, date: datetime, updated: datetime | None, summary: str
) -> tuple[str, str, str, str]:
    """What an article's entry is in every feed; articles appear in several feeds, cleaned once."""
    return xml_text(title), moment(date), moment(updated or date), xml_text(summary)


def xml_text(text: str) -> str:
    """``text`` without the control characters XML cannot carry."""
    return NOT_XML.sub("", text)


KIND = PageKind(
    "feed",
    routes,
    context,
    whole_dossier=lambda route: route.subject is None,
)
