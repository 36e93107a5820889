"""``sitemap.xml`` and ``robots.txt``: every public page, dated by its content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from generator.core.config import SiteConfig
from generator.core.models import Article, Route, Subject
from generator.site.metadata import moment, newest
from generator.site.urls import out_path, url_for

if TYPE_CHECKING:
    from generator.site.pages import Views

# Pages that are not worth a search engine's visit: the 404 page and the search page.
PRIVATE_KINDS = ("not_found", "search")


@dataclass(frozen=True, slots=True)
class Location:
    """One ``<url>`` of the sitemap."""

    loc: str  # absolute
    lastmod: str  # W3C date-time, "" when the page has no dated content


def routes(pages: list[Route], config: SiteConfig) -> list[Route]:
    """robots.txt always; sitemap.xml only under a base URL, since sitemaps need absolute URLs.

    The sitemap route carries the public pages as its subject.
    """
    url = url_for("robots")
    found = [Route(url, out_path(url), "robots.txt", "robots")]
    if config.base_url:
        public = tuple(route for route in pages if is_public(route))
        url = url_for("sitemap")
        found.append(Route(url, out_path(url), "sitemap.xml", "sitemap", public))
    return found


def is_public(route: Route) -> bool:
    """An HTML page meant for readers; paginated pages count, each lists different articles."""
    return route.out_path.endswith(".html") and route.kind not in PRIVATE_KINDS


def sitemap_context(views: Views, route: Route) -> dict:
    config = views.config
    site_newest = newest(views.dossier.articles)
    entries = []
    for page in route.subject:
        changed = last_change(page, site_newest)
        entries.append(Location(config.absolute(page.url), moment(changed) if changed else ""))
    return {"entries": tuple(entries)}


def robots_context(views: Views, route: Route) -> dict:
    config = views.config
    return {"sitemap": config.absolute(url_for("sitemap")) if config.base_url else ""}


def last_change(route: Route, site_newest: datetime | None) -> datetime | None:
    """An article's update or date; a subject's newest article; the newest article for the rest."""
    if isinstance(route.subject, Article):
        return route.subject.updated or route.subject.date
    if isinstance(route.subject, Subject):
        return newest(route.subject.articles)
    return site_newest
