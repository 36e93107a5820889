"""``sitemap.xml`` and ``robots.txt``: every public page, dated by its content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from generator.core.config import SiteConfig
from generator.core.models import Article, Route, Subject
from generator.index.dossier import Dossier
from generator.site.kind import PageKind, always
from generator.site.metadata import moment, newest
from generator.site.urls import out_path, url_for

if TYPE_CHECKING:
    from generator.site.views import Views


@dataclass(frozen=True, slots=True)
class Location:
    """One ``<url>`` of the sitemap."""

    loc: str  # absolute
    lastmod: str  # W3C date-time, "" when the page has no dated content
    url: str = ""  # the site URL, where the page's translations are asked for


def robots_routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    url = url_for("robots")
    return [Route(url, out_path(url), "robots.txt", "robots")]


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    """sitemap.xml only under a base URL, since sitemaps need absolute URLs. It lists the
    public pages of the kinds before it (``public`` in routes.py), as its route's subject."""
    if not config.base_url:
        return []
    url = url_for("sitemap")
    return [Route(url, out_path(url), "sitemap.xml", "sitemap", tuple(before))]


def context(views: Views, route: Route) -> dict:
    config = views.config
    site_newest = newest(views.dossier.articles)
    entries = []
    pages: tuple[Route, ...] = route.carries(tuple)
    for page in pages:
        changed = last_change(page, site_newest)
        entries.append(Location(config.absolute(page.url), moment(changed) if changed else "", page.url))
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


ROBOTS = PageKind("robots", robots_routes, robots_context)
KIND = PageKind("sitemap", routes, context, whole_dossier=always)
