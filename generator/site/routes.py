"""Every page of the site, as routes: their URLs (from urls.py) and how each is made."""

from __future__ import annotations

import math

from generator.core.config import SiteConfig
from generator.core.models import ContentError, Route
from generator.index.dossier import SUBJECT_KINDS, Dossier
from generator.site import feeds, opendata, search, sitemap
from generator.site.urls import PLURAL, out_path, url_for


def build_routes(dossier: Dossier, config: SiteConfig) -> tuple[list[Route], list[ContentError]]:
    """Every page of the site, in a fixed order; two sources on one URL are an error."""
    routes = [
        Route("/", "index.html", "home.html", "home"),
        Route("/timeline/", "timeline/index.html", "timeline.html", "timeline"),
        Route("/404.html", "404.html", "404.html", "not_found"),
    ]
    for article in dossier.articles:
        url = url_for(article)
        routes.append(Route(url, out_path(url), "article.html", "article", article))
    for kind in SUBJECT_KINDS:
        url = url_for(kind)
        routes.append(Route(url, out_path(url), f"{PLURAL[kind]}.html", "subject_index", kind))
        for subject in dossier.subjects[kind]:
            pages = max(1, math.ceil(len(subject.articles) / config.per_page))
            for number in range(1, pages + 1):
                url = url_for(subject, number)
                routes.append(Route(url, out_path(url), f"{kind}.html", "subject", subject, number, pages))
    routes += feeds.routes(dossier, config) + search.routes(config) + opendata.routes()
    routes += sitemap.routes(routes, config)  # lists the pages above, so it comes last
    return routes, _collisions(routes)


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
