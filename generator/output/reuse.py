"""Pages a build can take from the last one without computing their context.

A page is a pure function of its template and context, but computing every
context costs more than most edits change. So each build notes, for every page,
a hash of the inputs its context is computed from; a page whose inputs hash is
what the last build noted keeps its file, and its context is never computed.
A page whose inputs changed is rendered, and written only when its bytes
differ from the file of the last build (its stamp is a hash of its bytes).

The inputs of the three kinds that make up nearly all pages are listed here,
beside the functions they mirror (``views.Views.article`` and ``.subject``,
``feeds.context``, ``metadata.MetaBuilder.page``):

- an article page: the article (front matter, HTML, and where the links in
  its body lead), its related articles, its neighbours in threads, its topics
  and figures;
- a topic or figure page: the subject (its name, profile and articles), the
  cards of its articles, the people it lists and the quotations it shows;
- a feed: its subject, and its latest articles with their topics.

Every other page (home, indexes, timeline, open data, sitemap, search) is made
from the *shape* of the dossier: everything except the article bodies. And
every page shares what the whole site is made from: the generator, the
configuration and theme, the images, which titles need telling apart, and the
dossier's first and last dates.

A context function that starts reading something else must say so here; the
test that compares incremental builds with cold ones after random edits is
there to notice when it does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from generator.content.bodies import text_digest
from generator.content.images import ImageTable
from generator.content.timeline import TimelineFile
from generator.core.models import Article, Profile, Route
from generator.markup.links import links_sources, targets_of
from generator.output.cache import HtmlStore
from generator.site.routes import kind_of
from generator.site.views import Views

# An article's front matter (its body is kept apart): its shape.
_shape_fields = attrgetter(*(f.name for f in fields(Article)))  # a tuple of them, made in C


def _shape(article: Article) -> str:
    return repr(_shape_fields(article))


class Inputs:
    """Hashes of the records pages are made from, and of each page's inputs.

    A page's inputs are joined into one text and hashed; each list in it is
    preceded by its length, so that no two different inputs join alike.
    """

    cards: dict[str, str]  # article path -> hash of its front matter
    shapes: str  # hash of every article's front matter
    articles: dict[str, str]  # article path -> hash of its front matter and body
    subjects: dict[tuple[str, str], str]  # (kind, slug) -> hash of the subject and its profile

    def __init__(
        self,
        setup: str,
        views: Views,
        keys: dict[str, str],
        store: HtmlStore,
        left_out: list[Article],
        profiles: Sequence[Profile],
        timeline: TimelineFile,
        images: ImageTable,
        last: Inputs | None = None,
    ):
        """``keys``, the Markdown cache key of each body's HTML by path: what it is made from,
        and ``store``, what links each HTML holds. ``last``, the inputs of a build before
        this one in the same process (a preview), lends the hashes of whatever is made of
        the very same objects."""
        self.views, self.keys, self.store = views, keys, store
        dossier = self.dossier = views.dossier
        self.config = views.config
        if last is not None and last.dossier.articles is dossier.articles:
            self.cards, self.shapes = last.cards, last.shapes
        else:
            last = None
            shapes = [_shape(a) for a in dossier.articles]
            # An article's card is made from its front matter alone; its page and feed entries, from its HTML too.
            self.cards = {
                a.path: text_digest(shape) for a, shape in zip(dossier.articles, shapes, strict=True)
            }
            self.shapes = text_digest(repr(shapes))
        self.articles = {
            a.path: last.articles[a.path]
            if last is not None
            and last.keys[a.path] == keys[a.path]
            and last.views.link_targets is views.link_targets
            else self.cards[a.path] + self._body(a)
            for a in dossier.articles
        }
        if (
            last is not None
            and last.views.subject_cards is views.subject_cards
            and all(last.keys.get(p.path) == keys.get(p.path) for p in profiles)
        ):
            self.subjects = last.subjects
        else:
            self.subjects = self._subject_hashes()
        meta = views.meta
        span = (dossier.articles[0].date, dossier.articles[-1].date) if dossier.articles else ()
        self.common = text_digest(
            repr(
                (
                    setup,
                    images.digest,
                    sorted(meta.ambiguous),
                    sorted(meta.same_day),
                    span,
                )
            )
        )
        self.shape = text_digest(
            repr(
                (
                    self.common,
                    timeline,
                    self.shapes,
                    [_shape(a) for a in left_out],
                    profiles,
                    [self._body(p) for p in profiles],
                    sorted(
                        (slug, [(q.article.path, q.text) for q in found])
                        for slug, found in dossier.quotes.items()
                    ),
                )
            )
        )
        self._lists: dict[tuple[str, str], list[str]] = {}  # a subject's own inputs, for each of its pages

    def _subject_hashes(self) -> dict[tuple[str, str], str]:
        """A hash of each topic and figure: its card, profile, body and articles."""
        cards = self.views.subject_cards
        return {
            (s.kind, s.slug): text_digest(
                repr((cards[(s.kind, s.slug)], s.profile, [a.path for a in s.articles]))
                + (self._body(s.profile) if s.profile else "")
            )
            for kind in self.dossier.subjects.values()
            for s in kind
        }

    def _body(self, record: Article | Profile) -> str:
        """A body as pages show it: its HTML, told by its Markdown cache key (which holds
        its text, the figure names found in it and its images), and where its links to
        source files lead.

        (A figure's link is made from its slug, which the key's names hold: so the
        HTML names only figures of this build.)
        """
        key = self.keys[record.path]
        found = self.store.placeholders(key)
        if links_sources(found):
            return text_digest(key + repr(targets_of(found, record.path, self.views.link_targets)))
        return key

    def of(self, route: Route) -> str:
        """The hash of what ``route``'s page is made from."""
        where = [self.common, route.url, route.template, route.kind, str(route.page), str(route.pages)]
        inputs = kind_of(route).inputs
        where += inputs(self, route) if inputs else [self.shape]
        return text_digest("\0".join(where))

    def once(self, key: tuple[str, str], make: Callable[[], list[str]]) -> list[str]:
        """``make()``, once for every page of the subject ``key`` names."""
        if key not in self._lists:
            self._lists[key] = make()
        return self._lists[key]


@dataclass(frozen=True, slots=True)
class MadeOf:
    """What a build's pages were made from, kept for the next build."""

    shape: str
    articles: dict[str, str]  # article path -> hash of its front matter and body
    pages: dict[str, str]  # out_path -> hash of the page's inputs


def made_of(routes: list[Route], inputs: Inputs, last: object) -> MadeOf:
    """Every page's inputs hash.

    Most edits change one body and nothing of the shape; then only the pages
    that show a changed body can have new inputs (every input but a body is
    part of the shape), and the others keep the hash the last build noted.
    """
    same_shape = last if isinstance(last, MadeOf) and last.shape == inputs.shape else None
    pages = same_shape.pages if same_shape else {}
    changed = (
        {path for path, body in inputs.articles.items() if same_shape.articles.get(path) != body}
        if same_shape and pages
        else set()
    )
    return MadeOf(
        inputs.shape,
        inputs.articles,
        {
            route.out_path: pages[route.out_path]
            if route.out_path in pages and not _shows_body(route, changed)
            else inputs.of(route)
            for route in routes
        },
    )


def _shows_body(route: Route, changed: set[str]) -> bool:
    """Whether the page of ``route`` may show the body of an article in ``changed``."""
    return bool(changed) and kind_of(route).shows_body(route, changed)


def unchanged_pages(routes: list[Route], last: object, now: MadeOf, stamps: dict[str, str]) -> dict[str, str]:
    """The stamps, from the last build's ``stamps``, of the pages whose inputs are as they were."""
    if not isinstance(last, MadeOf):
        return {}
    return {
        route.out_path: stamps[route.out_path]
        for route in routes
        if route.out_path in stamps and last.pages.get(route.out_path) == now.pages[route.out_path]
    }
