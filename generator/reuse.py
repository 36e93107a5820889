"""Pages a build can take from the last one without computing their context.

A page is a pure function of its template and context (see
``cache.page_fingerprint``), but computing every context costs more than most
edits change. So each build also notes, for every page, a hash of the inputs
its context is computed from; a page whose inputs hash is what the last build
noted keeps its stamp, and its context is never computed.

The inputs of the three kinds that make up nearly all pages are listed here,
beside the functions they mirror (``pages.Views.article`` and ``.subject``,
``feeds.context``, ``metadata.MetaBuilder.page``):

- an article page: the article (front matter and HTML), its related articles,
  its neighbours in threads, its topics and figures;
- a topic or figure page: the subject (its name, profile and articles), the
  cards of its articles, the people it lists and the quotations it shows;
- a feed: its subject, and its latest articles with their topics.

Every other page (home, indexes, timeline, open data, sitemap, search) is made
from the *shape* of the dossier: everything except the article bodies. And
every page shares what the whole site is made from: the generator, the
configuration and theme, the images, the page URL of every source file, which
titles need telling apart, and the dossier's first and last dates.

A context function that starts reading something else must say so here; the
test that compares incremental builds with cold ones after random edits is
there to notice when it does not.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields

from .images import ImageTable
from .models import Article, Profile, Route, Subject
from .pages import PEOPLE_SHOWN, Views
from .timeline import TimelineFile

# What a body is; everything else about an article is part of the shape.
_BODY_FIELDS = ("body", "html")
_SHAPE_FIELDS = tuple(f.name for f in fields(Article) if f.name not in _BODY_FIELDS)

PageInputs = dict[str, str]  # out_path -> hash of what the page is made from


def _hash(data: object) -> str:
    return hashlib.blake2b(repr(data).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Inputs:
    """Hashes of the records pages are made from, and of each page's inputs."""

    def __init__(
        self,
        setup: str,
        views: Views,
        left_out: list[Article],
        profiles: list[Profile],
        timeline: TimelineFile,
        images: ImageTable,
    ):
        dossier = self.dossier = views.dossier
        self.feed_limit = views.config.feed_limit
        shapes = {a.path: repr(tuple(getattr(a, name) for name in _SHAPE_FIELDS)) for a in dossier.articles}
        self.articles = {  # front matter and HTML
            a.path: _hash((shapes[a.path], hashlib.blake2b(a.html.encode("utf-8", "surrogatepass")).digest()))
            for a in dossier.articles
        }
        self.cards = {path: _hash(card) for path, card in views.cards.items()}
        self.subjects = {
            (s.kind, s.slug): _hash(
                (views.subject_cards[(s.kind, s.slug)], s.profile, [a.path for a in s.articles])
            )
            for kind in dossier.subjects.values()
            for s in kind
        }
        meta, targets = views.meta, views.link_targets
        span = (dossier.articles[0].date, dossier.articles[-1].date) if dossier.articles else ()
        self.common = _hash(
            (
                setup,
                images.digest,
                sorted(targets.sources.items()),
                sorted(targets.figures.items()),
                sorted(meta.ambiguous),
                sorted(meta.same_day),
                span,
            )
        )
        self.shape = _hash(
            (
                self.common,
                timeline,
                list(shapes.values()),
                [repr(tuple(getattr(a, name) for name in _SHAPE_FIELDS)) for a in left_out],
                profiles,
                sorted(
                    (slug, [(q.article.path, q.text) for q in found])
                    for slug, found in dossier.quotes.items()
                ),
            )
        )

    def of(self, route: Route) -> str:
        """The hash of what ``route``'s page is made from."""
        where = (self.common, route.url, route.template, route.kind, route.page, route.pages)
        if route.kind == "article":
            return _hash((where, *self._article(route.subject)))
        if route.kind == "subject":
            return _hash((where, *self._subject(route.subject)))
        if route.kind == "feed":
            return _hash((where, *self._feed(route.subject)))
        return _hash((where, self.shape))

    def _article(self, article: Article) -> tuple:
        path = article.path
        subjects = self.dossier.subjects_of[path]
        return (
            self.articles[path],
            [self.cards[a.path] for a in self.dossier.related[path]],
            [
                (
                    self._subject_hash(step.topic),
                    *(self.cards[a.path] if a else "" for a in (step.previous, step.next)),
                )
                for step in self.dossier.threads[path]
            ],
            [self._subject_hash(s) for kind in subjects.values() for s in kind],
        )

    def _subject(self, subject: Subject) -> tuple:
        dossier = self.dossier
        people = (dossier.key_figures if subject.kind == "topic" else dossier.co_appearances).get(
            subject.slug, ()
        )
        return (
            self._subject_hash(subject),
            [self.cards[a.path] for a in subject.articles],
            [(self._subject_hash(other), n) for other, n in people[:PEOPLE_SHOWN]],
            [(q.text, self.cards[q.article.path]) for q in dossier.quotes.get(subject.slug, ())],
        )

    def _feed(self, subject: Subject | None) -> tuple:
        latest = (subject.articles if subject else self.dossier.articles)[::-1][: self.feed_limit]
        return (
            self._subject_hash(subject) if subject else "",
            [
                (
                    self.articles[a.path],
                    [self._subject_hash(t) for t in self.dossier.subjects_of[a.path]["topic"]],
                )
                for a in latest
            ],
        )

    def _subject_hash(self, subject: Subject) -> str:
        return self.subjects[(subject.kind, subject.slug)]


def page_inputs(routes: list[Route], inputs: Inputs) -> PageInputs:
    return {route.out_path: inputs.of(route) for route in routes}


def unchanged_pages(
    routes: list[Route], last: object, now: PageInputs, stamps: dict[str, str]
) -> dict[str, str]:
    """The stamps, from the last build's ``stamps``, of the pages whose inputs are as they were."""
    if not isinstance(last, dict):
        return {}
    return {
        route.out_path: stamps[route.out_path]
        for route in routes
        if route.out_path in stamps and last.get(route.out_path) == now[route.out_path]
    }
