"""A page kind: everything the build needs to know of one kind of page, in one object.

Each module of ``site/`` that makes pages (``article.py``, ``subjects.py``,
``feeds.py``, …) holds its kinds as ``PageKind`` values, and ``routes.py`` lists
them: adding a kind of page touches its own module and that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.core.models import Route

if TYPE_CHECKING:
    from generator.core.config import SiteConfig
    from generator.index.dossier import Dossier
    from generator.site.metadata import Meta, MetaBuilder
    from generator.site.views import Views


def never(*_args: object) -> bool:
    return False


def nowhere(_route: Route) -> None:
    return None


@dataclass(frozen=True, slots=True)
class PageKind:
    """One kind of page; ``name`` is what its routes carry as ``Route.kind``."""

    name: str
    # Its pages, given the dossier, the configuration and the public pages (HTML, for readers) of
    # the kinds listed before it (which only the sitemap reads).
    routes: Callable[[Dossier, SiteConfig, list[Route]], list[Route]]
    # A page's template context: plain data, made from the build's views. What it reads through
    # them is noted (site/reads.py): the next build makes the page again when any of that changed.
    context: Callable[[Views, Route], dict]
    # What an HTML page tells machines (title, Open Graph, JSON-LD, search marks); None: the plain
    # metadata every page has.
    meta: Callable[[MetaBuilder, Route, dict], Meta] | None = None
    # Whether a page is made from the whole dossier (as slow as a hundred others: workers take it first).
    whole_dossier: Callable[[Route], bool] = never
    # Listed in the sitemap and open to search engines.
    public: bool = True
    # The part of the search index a page belongs to, from the largest to the smallest
    # ("2020", "2020-q1", "2020-01"); None: not indexed. See output/search_index.py.
    search_part: Callable[[Route], tuple[str, ...] | None] = nowhere
    # Served at whatever URL was asked (the 404 page): its links are absolute.
    anywhere: bool = False


def always(_route: Route) -> bool:
    return True
