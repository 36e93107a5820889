"""Where every page lives: the one place URLs are decided. Output paths derive from URLs."""

from __future__ import annotations

import math

from .config import SiteConfig
from .dossier import SUBJECT_KINDS, Dossier
from .models import Article, ContentError, Route, Subject

PLURAL = {"topic": "topics", "figure": "figures"}
# The search page and the files for machines: feeds, sitemap, the search bundle, open data.
MACHINE_URLS = {
    "search": "/search/",
    "feed": "/feed.xml",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "pagefind": "/pagefind/",
    "data:articles": "/data/articles.json",
    "data:topics": "/data/topics.json",
    "data:figures": "/data/figures.json",
    "data:timeline": "/data/timeline.json",
    "data:timelinejs": "/data/timelinejs.json",
}


def url_for(thing: object, page: int = 1) -> str:
    """The site URL of an article, a subject, a subject kind ("topic") or a named page.

    Named pages include those of ``MACHINE_URLS``; ``("feed", subject)`` is a subject's feed.
    """
    if isinstance(thing, Article):
        day = thing.date  # as %Y/%m/%d would write it, without strftime's cost (asked 40,000 times at 10k)
        url = f"/{day.year}/{day.month:02d}/{day.day:02d}/{thing.slug}/"
    elif isinstance(thing, Subject):
        url = f"/{PLURAL[thing.kind]}/{thing.slug}/"
    elif isinstance(thing, tuple) and thing[:1] == ("feed",) and isinstance(thing[1], Subject):
        # Before the look-ups by name below: hashing a subject would hash all its articles.
        return f"/{PLURAL[thing[1].kind]}/{thing[1].slug}/feed.xml"
    elif thing in PLURAL:
        url = f"/{PLURAL[thing]}/"
    elif thing == "home":
        url = "/"
    elif thing == "timeline":
        url = "/timeline/"
    elif thing == "not_found":
        return "/404.html"
    elif thing in MACHINE_URLS:
        return MACHINE_URLS[thing]
    else:
        raise ValueError(f"no URL for {thing!r}")
    return url if page == 1 else f"{url}page/{page}/"


def out_path(url: str) -> str:
    """The file that serves ``url``, relative to the output folder."""
    path = url.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def relative_url(from_url: str, to_url: str, files: bool = False) -> str:
    """``to_url`` as a link relative to the page at ``from_url`` (both start with "/").

    Relative links keep a site working under any sub-path. With ``files`` (an offline
    build) a link names the file that serves the page, ``timeline/index.html``: read
    from a folder, a link to ``timeline/`` shows a file listing.
    """
    if files and to_url.endswith("/"):
        to_url += "index.html"
    depth = from_url.count("/") - 1
    target = to_url[1:]
    if depth == 0:
        return target or "./"
    return "../" * depth + target


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
    # Imported here: these modules take their URLs from this one.
    from . import feeds, opendata, search, sitemap

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
