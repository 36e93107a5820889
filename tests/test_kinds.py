"""Page kinds: every page's kind is registered, and a new kind of page is one object."""

from __future__ import annotations

import ast

from conftest import REPO, article, run_build

from generator.content.reading import load_content
from generator.core.config import load_config
from generator.core.models import Route
from generator.index.dossier import build_dossier
from generator.site import routes
from generator.site.kind import PageKind
from generator.site.urls import out_path

SITE = "title: Brink\nbase_url: https://example.org/\n"
COLOPHON = "{% extends 'base.html' %}{% block main %}<h1>{{ page.title }}</h1><p>{{ made }}</p>{% endblock %}"


def test_every_route_of_the_sample_is_of_a_registered_kind(sample_copy):
    config = load_config(sample_copy / "site.yaml")[0]
    content = load_content(sample_copy, config.tz)
    dossier = build_dossier(content.articles, content.profiles, config.related)[0]
    made, problems = routes.build_routes(dossier, config)
    assert problems == []
    assert {route.kind for route in made} <= set(routes.KINDS)
    assert {"home", "article", "subject", "subject_index", "timeline", "feed"} <= {r.kind for r in made}


def test_a_new_kind_of_page_is_one_object_registered_once(tiny_site, monkeypatch):
    """A colophon page: its routes, context and metadata in one PageKind; the build renders
    it, lists it in the sitemap and gives it the site's metadata, with nothing else changed."""

    def colophon_routes(dossier, config, before):
        return [Route("/colophon/", out_path("/colophon/"), "colophon.html", "colophon")]

    def colophon_context(views, route):
        return {"page": views.page(route, "Colophon"), "made": f"{len(views.dossier.articles)} articles"}

    kinds = dict(routes.KINDS)
    last = kinds.pop("sitemap")
    kinds["colophon"] = PageKind("colophon", colophon_routes, colophon_context)
    kinds["sitemap"] = last
    monkeypatch.setattr(routes, "KINDS", kinds)
    site = tiny_site(
        {
            "site.yaml": SITE,
            "content/articles/a.md": article("A", "2020-01-03"),
            "themes/default/templates/colophon.html": COLOPHON,
        }
    )
    report = run_build(site, output=site / "out")
    assert report.ok, report.problems
    page = (site / "out/colophon/index.html").read_text()
    assert "<h1>Colophon</h1>" in page and "1 articles" in page
    assert "<title>Colophon · Brink</title>" in page
    assert "https://example.org/colophon/" in (site / "out/sitemap.xml").read_text()


def test_no_module_outside_the_registry_asks_what_kind_a_page_is():
    """A branch on ``route.kind`` belongs in the kind's own object, not in the stages."""
    asked = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Attribute)
                and side.attr == "kind"
                and getattr(side.value, "id", "") == "route"
                for side in (node.left, *node.comparators)
            ):
                asked.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert asked == []
