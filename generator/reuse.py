"""Pages a build can take from the last one without computing their context.

Most edits change the body of one article. A body shows on its article's page
and in the feeds that carry the article; every other page is made from what
the *shape* of the dossier holds: the articles' front matter, the profiles, the
timeline, the images, the quotations found in bodies, the configuration and the
theme. So each build notes the shape it was made from and a hash of each
article's HTML, beside the output's manifest. When a build has the same shape
as the one in the output folder, only the pages that show a changed body are
looked at; the others keep the stamps they have.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

from .dossier import Dossier
from .images import ImageTable
from .models import Article, Profile, Route
from .timeline import TimelineFile

# What a body is; everything else about an article is part of the shape.
_BODY_FIELDS = ("body", "html")
_SHAPE_FIELDS = tuple(f.name for f in fields(Article) if f.name not in _BODY_FIELDS)


@dataclass(frozen=True, slots=True)
class MadeOf:
    """What a build's pages were made from: the shape, and each published article's HTML hash."""

    shape: str
    bodies: dict[str, str]  # article path -> hash of its HTML


def made_of(
    setup: str,
    dossier: Dossier,
    left_out: list[Article],
    profiles: list[Profile],
    timeline: TimelineFile,
    images: ImageTable,
) -> MadeOf:
    digest = hashlib.blake2b(f"{setup}\0{images.digest}\0{timeline!r}".encode(), digest_size=16)
    for group in (dossier.articles, left_out):
        digest.update(b"\0articles")
        for article in group:
            digest.update(repr(tuple(getattr(article, name) for name in _SHAPE_FIELDS)).encode())
    for profile in profiles:
        digest.update(repr(profile).encode())
    for slug, quotations in sorted(dossier.quotes.items()):
        digest.update(repr((slug, [(q.article.path, q.text) for q in quotations])).encode())
    bodies = {
        a.path: hashlib.blake2b(a.html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        for a in dossier.articles
    }
    return MadeOf(digest.hexdigest(), bodies)


def unchanged_pages(routes: list[Route], last: object, now: MadeOf, stamps: dict[str, str]) -> dict[str, str]:
    """The stamps, from the last build's ``stamps``, of the pages that cannot have changed."""
    if not isinstance(last, MadeOf) or last.shape != now.shape:
        return {}
    changed = {path for path, body in now.bodies.items() if last.bodies.get(path) != body}
    return {
        route.out_path: stamps[route.out_path]
        for route in routes
        if route.out_path in stamps and not shows_body(route, changed)
    }


def shows_body(route: Route, changed: set[str]) -> bool:
    """Whether the page of ``route`` may show the body of an article in ``changed``."""
    if not changed:
        return False
    if route.kind == "article":
        return route.subject.path in changed
    if route.kind == "feed":  # the whole dossier's feed, or a topic's or figure's
        return route.subject is None or any(a.path in changed for a in route.subject.articles)
    return False
