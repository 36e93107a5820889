"""The 404 page: shown by the host at whatever URL was not found, so its links are absolute."""

from __future__ import annotations

from generator.core.config import SiteConfig
from generator.core.models import Route
from generator.index.dossier import Dossier
from generator.site.kind import PageKind
from generator.site.urls import out_path, url_for
from generator.site.views import Views


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    url = url_for("not_found")
    return [Route(url, out_path(url), "404.html", "not_found")]


def context(views: Views, route: Route) -> dict:
    return {"page": views.page(route, views.language.gettext("Page not found"))}


KIND = PageKind("not_found", routes, context, public=False, anywhere=True)
