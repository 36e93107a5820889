"""The search page: its route and context. The index it searches is made by ``output/search_index.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.config import SiteConfig
from generator.core.models import Route
from generator.index.dossier import Dossier
from generator.site.kind import PageKind
from generator.site.urls import out_path, url_for

if TYPE_CHECKING:
    from generator.site.views import Views

BUNDLES = url_for("pagefind").strip("/")  # the folder of every bundle
LIST = f"{BUNDLES}/bundles.json"  # the bundles the search page merges, in order


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    if not config.search:
        return []
    url = url_for("search")
    return [Route(url, out_path(url), "search.html", "search")]


def context(views: Views, route: Route) -> dict:
    return {
        "page": views.page(
            route,
            views.language.gettext("Search"),
            views.language.gettext(
                "Search every article, topic and figure of %(title)s.", title=views.config.title
            ),
        ),
        "bundles": f"/{LIST}",
    }


KIND = PageKind("search", routes, context, public=False)
