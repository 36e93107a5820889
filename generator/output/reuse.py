"""Pages a build can take from the last one without computing their context.

A page is a pure function of its template and context, but computing every
context costs more than most edits change. So while a page's context is made,
the views note what it reads (``site/reads.py``: an article's card, a body,
a topic, the dossier's whole shape, …); each build keeps, for every page, those
keys and a hash of what they held. The next build hashes the same keys again:
a page whose keys hold what they held keeps its file, and its context is never
computed. A page whose inputs changed is rendered, noting its reads afresh, and
written only when its bytes differ from the file of the last build (its stamp
is a hash of its bytes).

Every page also shares what the whole site is made from: the generator, the
configuration and theme, the images, which titles need telling apart, and the
dossier's first and last dates.

Most edits change one body and nothing else: then only the pages that read that
body are made again, and the others are not even hashed. The test that compares
incremental builds with cold ones after random edits (tests/test_reuse.py) is
there to notice a read that goes unnoted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import NamedTuple

from generator.content.bodies import text_digest
from generator.content.images import ImageTable
from generator.content.timeline import TimelineFile
from generator.core.models import Article, Profile, Route, Subject
from generator.markup.links import links_sources, targets_of
from generator.output.cache import HtmlStore
from generator.site.reads import Key
from generator.site.views import Views

# An article's front matter (its body is kept apart): its shape.
_shape_fields = attrgetter(*(f.name for f in fields(Article)))  # a tuple of them, made in C


def _shape(article: Article) -> str:
    return repr(_shape_fields(article))


GONE = "-"  # the hash of a key whose record is no longer in the dossier


class Inputs:
    """Hashes of the records pages are made from, and of what each page read.

    A page's reads are joined into one text and hashed, each key beside what it
    held, so that no two different inputs join alike.
    """

    cards: dict[str, str]  # article path -> hash of its front matter
    shapes: str  # hash of every article's front matter
    bodies: dict[str, str]  # article path -> hash of its body as pages show it
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
        dossier = self.dossier = views.dossier  # no page is being made: nothing is noted
        self.config = views.config
        if last is not None and last.dossier.articles is dossier.articles:
            self.cards, self.shapes = last.cards, last.shapes
        else:
            last = None
            shapes = [_shape(a) for a in dossier.articles]
            # An article's card is made from its front matter alone.
            self.cards = {
                a.path: text_digest(shape) for a, shape in zip(dossier.articles, shapes, strict=True)
            }
            self.shapes = text_digest(repr(shapes))
        self.bodies = {
            a.path: last.bodies[a.path]
            if last is not None
            and last.keys[a.path] == keys[a.path]
            and last.views.link_targets is views.link_targets
            else self._body(a.path)
            for a in dossier.articles
        }
        if (
            last is not None
            and last.views.subject_cards.table is views.subject_cards.table
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
                    [self._body(p.path) for p in profiles],
                    sorted(
                        (slug, [(q.article.path, q.text) for q in found])
                        for slug, found in dossier.quotes.items()
                    ),
                )
            )
        )
        self._hashes: dict[Key, str] = {}  # see hash()
        self._records: tuple[dict[str, Article], dict[tuple[str, str], Subject]] | None = None
        self._hashers = self._hashers_by_kind()

    def _hashers_by_kind(self) -> dict[str, Callable[..., str]]:
        """How each kind of read (site/reads.py) is hashed, given the parts of its key."""
        dossier = self.dossier
        return {
            "shape": lambda: self.shape,
            "card": lambda path: self.cards.get(path, GONE),
            "body": lambda path: self._body(path) if path in self.keys else GONE,
            "subject": lambda kind, slug: self.subjects.get((kind, slug), GONE),
            "members": self._members,
            "about": self._about,
            "related": lambda path: _paths(self.dossier.related.get(path)),
            "threads": self._threads,
            "said": self._said,
            "quotes": lambda slug: repr([(q.text, q.article.path) for q in dossier.quotes.get(slug, ())]),
            "people": self._people,
        }

    def _subject_hashes(self) -> dict[tuple[str, str], str]:
        """A hash of each topic and figure: its card (without how many articles it has: that
        is a read of its members), profile and body."""
        cards = self.views.subject_cards.table
        return {
            (s.kind, s.slug): text_digest(
                repr((cards[(s.kind, s.slug)], s.profile)) + (self._body(s.profile.path) if s.profile else "")
            )
            for kind in self.dossier.subjects.values()
            for s in kind
        }

    def _body(self, path: str) -> str:
        """A body as pages show it: its HTML, told by its Markdown cache key (which holds
        its text, the figure names found in it and its images), and where its links to
        source files lead.

        (A figure's link is made from its slug, which the key's names hold: so the
        HTML names only figures of this build.)
        """
        key = self.keys[path]
        found = self.store.placeholders(key)
        if links_sources(found):
            return text_digest(key + repr(targets_of(found, path, self.views.link_targets)))
        return key

    def hash_all(self, reads: Iterable[tuple[Key, ...]]) -> None:
        """Hash, once a build, what each key of these pages' ``reads`` holds now."""
        hashes, hashers = self._hashes, self._hashers
        for key in set().union(*reads).difference(hashes):
            hashes[key] = hashers[key[0]](*key[1:])

    def of(self, route: Route, reads: tuple[Key, ...]) -> str:
        """The hash of what ``route``'s page is made from, given what it read (in order).

        Only what the keys hold is hashed, not the keys: a page's hash is compared with one
        made from the very same keys (those it read in the last build).
        """
        if not self._hashes.keys() >= set(reads):
            self.hash_all([reads])
        held = "\0".join(map(self._hashes.__getitem__, reads))
        return text_digest(
            f"{self.common}\0{route.url}\0{route.template}\0{route.page}/{route.pages}\0{held}"
        )

    def _lookup(self) -> tuple[dict[str, Article], dict[tuple[str, str], Subject]]:
        if self._records is None:
            dossier = self.dossier
            self._records = (
                {a.path: a for a in dossier.articles},
                {(s.kind, s.slug): s for kind in dossier.subjects.values() for s in kind},
            )
        return self._records

    def _members(self, kind: str, slug: str) -> str:
        subject = self._lookup()[1].get((kind, slug))
        if subject is None:
            return GONE
        return text_digest("".join(self.cards[a.path] for a in subject.articles))

    def _about(self, path: str) -> str:
        found = self.dossier.subjects_of.get(path)
        if found is None:
            return GONE
        return repr([(kind, [s.slug for s in subjects]) for kind, subjects in found.items()])

    def _threads(self, path: str) -> str:
        found = self.dossier.threads.get(path)
        if found is None:
            return GONE
        return repr(
            [
                (
                    step.topic.slug,
                    step.previous.path if step.previous else "",
                    step.next.path if step.next else "",
                )
                for step in found
            ]
        )

    def _said(self, path: str) -> str:
        article = self._lookup()[0].get(path)
        return GONE if article is None else repr(self.views.said_in(article))

    def _people(self, kind: str, slug: str, shown: str) -> str:
        """What ``Views.people`` hands out, told by slugs: read from the (slug, count) pairs
        its table is made from, as naming the subjects of every pair would cost more."""
        if self._lookup()[1].get((kind, slug)) is None:
            return GONE
        return repr(list(self.dossier.people(kind).source(slug, ())[: int(shown)]))


def _paths(articles: tuple[Article, ...] | None) -> str:
    return GONE if articles is None else repr([a.path for a in articles])


class Made(NamedTuple):
    """What one page was made from: the keys it read, in order, and the hash of what they held.

    (A named tuple, not a dataclass: pickled as a tuple, a state of 15,000 pages loads and
    saves in a third of the time.)
    """

    reads: tuple[Key, ...]
    inputs: str


@dataclass(frozen=True, slots=True)
class MadeOf:
    """What a build's pages were made from, kept for the next build."""

    shape: str
    bodies: dict[str, str]  # article path -> hash of its body as pages show it
    pages: dict[str, Made]  # out_path -> what the page was made from


def unchanged_pages(
    routes: list[Route], last: object, inputs: Inputs, stamps: dict[str, str]
) -> dict[str, str]:
    """The stamps, from the last build's ``stamps``, of the pages whose reads hold what they held.

    Most edits change one body and nothing of the shape; then only the pages that
    read a changed body can have new inputs (every other read is part of the
    shape), and the others are not hashed at all.
    """
    if not isinstance(last, MadeOf):
        return {}
    changed: set[Key] | None = None
    if last.shape == inputs.shape:
        changed = {("body", path) for path, body in inputs.bodies.items() if last.bodies.get(path) != body}
    else:
        inputs.hash_all(made.reads for made in last.pages.values())
    return {
        route.out_path: stamps[route.out_path]
        for route in routes
        if route.out_path in stamps
        and (made := last.pages.get(route.out_path)) is not None
        and _holds(route, made, inputs, changed)
    }


def _one(key: Key, known: dict[Key, Key], parts: dict[str, str]) -> Key:
    """``key``, as the one tuple of its parts that every page that read it holds."""
    found = known.get(key)
    if found is None:
        found = known[key] = tuple(parts.setdefault(part, part) for part in key)
    return found


def _holds(route: Route, made: Made, inputs: Inputs, changed: set[Key] | None) -> bool:
    """Whether what a page read holds what it held; ``changed``, when known, the only reads
    that can hold something else (no hashing needed)."""
    if changed is not None:
        return changed.isdisjoint(made.reads)
    return inputs.of(route, made.reads) == made.inputs


def made_of(routes: list[Route], inputs: Inputs, last: object, read: dict[str, tuple[Key, ...]]) -> MadeOf:
    """What every page was made from: for the pages rendered now, what they ``read``;
    for the others, what the last build noted (which holds what it held)."""
    previous = last.pages if isinstance(last, MadeOf) else {}
    # One tuple for each key, and one string for each path (those of ``bodies``): kept once.
    known: dict[Key, Key] = {}
    parts = {path: path for path in inputs.bodies}
    pages = {}
    inputs.hash_all(read.values())
    for route in routes:
        keys = read.get(route.out_path)
        if keys is not None:
            keys = tuple(_one(key, known, parts) for key in keys)
            pages[route.out_path] = Made(keys, inputs.of(route, keys))
        elif route.out_path in previous:
            pages[route.out_path] = previous[route.out_path]
    return MadeOf(inputs.shape, inputs.bodies, pages)
