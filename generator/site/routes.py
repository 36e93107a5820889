"""Every page of the site: the page kinds, in the order their routes are listed, and how a
route's context is made. Adding a kind of page means adding its ``PageKind`` here."""

from __future__ import annotations

from dataclasses import replace

from generator.core.config import SiteConfig
from generator.core.models import ContentError, Route
from generator.index.dossier import Dossier
from generator.site import (
    article,
    feeds,
    home,
    not_found,
    opendata,
    search,
    sitemap,
    subjects,
    timeline_views,
)
from generator.site.kind import PageKind
from generator.site.metadata import MetaBuilder
from generator.site.views import Views

KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        home.KIND,
        timeline_views.KIND,
        not_found.KIND,
        article.KIND,
        subjects.INDEX,
        subjects.KIND,
        feeds.KIND,
        search.KIND,
        opendata.KIND,
        sitemap.ROBOTS,
        sitemap.KIND,  # lists the public pages of every kind above, so it comes last
    )
}


def build_routes(dossier: Dossier, config: SiteConfig) -> tuple[list[Route], list[ContentError]]:
    """Every page of the site, in a fixed order; two sources on one URL are an error."""
    routes: list[Route] = []
    public: list[Route] = []
    for kind in KINDS.values():
        made = kind.routes(dossier, config, public)
        routes += made
        public += [route for route in made if kind.public and route.out_path.endswith(".html")]
    return routes, _collisions(routes)


def kind_of(route: Route) -> PageKind:
    return KINDS[route.kind]


def page_context(views: Views, route: Route) -> dict:
    """The template context of ``route``: plain, hashable-by-repr data. HTML pages also get
    ``meta``: title, Open Graph, feed links, JSON-LD, search marks."""
    kind = KINDS[route.kind]
    found = kind.context(views, route)
    if route.out_path.endswith(".html"):
        meta = (kind.meta or MetaBuilder.plain)(views.meta, route, found)
        found["meta"] = meta if kind.public else replace(meta, robots="noindex")
    return found


def _collisions(routes: list[Route]) -> list[ContentError]:
    owner: dict[str, Route] = {}
    problems = []
    for route in routes:
        first = owner.setdefault(route.out_path, route)
        if first is not route:
            path = getattr(route.subject, "path", None) or getattr(
                getattr(route.subject, "profile", None), "path", ""
            )
            other = getattr(first.subject, "path", None) or getattr(
                getattr(first.subject, "profile", None), "path", ""
            )
            problems.append(
                ContentError(
                    path or "content",
                    None,
                    f"would be written to {route.url} like {other}: give one of them another `slug:`",
                )
            )
    return problems
