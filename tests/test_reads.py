"""What a page was made from is noted as its context reads it, not listed by hand."""

from __future__ import annotations

import pickle
import shutil

import pytest
from conftest import article, run_build
from test_incremental import writer_state

from generator.core.models import Route
from generator.site import reads, routes
from generator.site.kind import PageKind
from generator.site.urls import out_path

SITE = "title: Brink\nsearch: false\n"
SPOTLIGHT = (
    "{% extends 'base.html' %}{% block main %}<h1>{{ page.title }}</h1><p>{{ shown }}</p>{% endblock %}"
)


def spotlight(monkeypatch, show) -> list[str]:
    """Add a page kind, /spotlight/, whose context is ``show(views)``; returns the URLs of the
    contexts made, one each time."""
    made = []

    def spotlight_routes(dossier, config, before):
        return [Route("/spotlight/", out_path("/spotlight/"), "spotlight.html", "spotlight")]

    def spotlight_context(views, route):
        made.append(route.url)
        return {"page": views.page(route, "Spotlight"), "shown": show(views)}

    kinds = dict(routes.KINDS)
    last = kinds.pop("sitemap")
    kinds["spotlight"] = PageKind("spotlight", spotlight_routes, spotlight_context)
    kinds["sitemap"] = last
    monkeypatch.setattr(routes, "KINDS", kinds)
    return made


def test_a_new_kind_of_page_is_made_again_only_when_what_it_read_changed(tiny_site, monkeypatch):
    """A page kind that shows one article's card says nothing of its inputs: editing another
    article keeps the page without its context being made; editing that article remakes it."""
    made = spotlight(monkeypatch, lambda views: views.cards["content/articles/a.md"].title)
    files = {
        "site.yaml": SITE,
        "content/articles/a.md": article("Talks begin", "2020-01-03"),
        "content/articles/b.md": article("Strike", "2020-01-04"),
        "themes/default/templates/spotlight.html": SPOTLIGHT,
    }
    site = tiny_site(files)
    options = {"cache": True, "jobs": 1}
    assert run_build(site, **options).ok
    assert made == ["/spotlight/"]

    (site / "content/articles/b.md").write_text(article("Strike at dawn", "2020-01-04"))
    report = run_build(site, **options)
    assert report.ok and report.written > 0  # b's page, the indexes, ...
    assert made == ["/spotlight/"]  # ... but not this page: it never read b

    (site / "content/articles/a.md").write_text(article("Talks collapse", "2020-01-03"))
    assert run_build(site, **options).ok
    assert made == ["/spotlight/", "/spotlight/"]
    assert "Talks collapse" in (site / "build/spotlight/index.html").read_text()


@pytest.mark.parametrize(("shown", "made_again"), [("name", False), ("count", True)])
def test_a_subject_card_count_is_a_read_of_its_members(tiny_site, monkeypatch, shown, made_again):
    """A page that shows a topic's name is kept when an article joins the topic; one that
    shows how many articles it has is made again, with the new number."""
    made = spotlight(monkeypatch, lambda views: getattr(views.subject_cards[("topic", "talks")], shown))
    files = {
        "site.yaml": SITE,
        "content/articles/a.md": article("Talks begin", "2020-01-03", topics=["Talks"]),
        "content/articles/c.md": article("Talks end", "2020-01-09"),  # the dossier's span stays
        "themes/default/templates/spotlight.html": SPOTLIGHT,
    }
    site = tiny_site(files)
    options = {"cache": True, "jobs": 1}
    assert run_build(site, **options).ok
    (site / "content/articles/b.md").write_text(article("Talks resume", "2020-01-05", topics=["Talks"]))
    assert run_build(site, **options).ok
    assert made == ["/spotlight/"] * (1 + made_again)
    page = (site / "build/spotlight/index.html").read_text()
    assert f"<p>{'2' if made_again else 'Talks'}</p>" in page


def test_the_sample_reads_every_kind_of_key_and_each_is_hashed(sample_copy, tmp_path):
    """Each kind of key in reads.KEYS is noted by some page of the sample, with its parts;
    a key without a hash would have failed the build (made_of hashes every read)."""
    site = tmp_path / "site"
    shutil.copytree(sample_copy, site)
    assert run_build(site, cache=True).ok
    made_of = pickle.loads(writer_state(site)["made_of"])
    noted = {key for made in made_of.pages.values() for key in made.reads}
    assert {key[0] for key in noted} == set(reads.KEYS)
    assert all(len(key) == 1 + reads.KEYS[key[0]] for key in noted)
    article_page = made_of.pages["2020/01/03/soleimani-killed-baghdad-airport/index.html"]
    assert ("shape",) not in article_page.reads  # an article page does not read the whole dossier
    assert ("shape",) in made_of.pages["index.html"].reads
