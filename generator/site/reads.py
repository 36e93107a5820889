"""What a page reads, recorded while its context is made.

A page's context reads the dossier through ``Views`` alone, and every read
there notes a key: what the page was made from. The next build hashes the keys
a page read (``output/reuse.py``) and makes the page again only when one of the
hashes changed; nobody lists a page's inputs by hand.

A key names one thing a page can show:

- ``("shape",)``: the whole dossier but the article bodies (home, indexes, timeline,
  open data: whatever reads ``views.dossier``); it holds every other read but bodies;
- ``("card", path)``: an article's front matter;
- ``("body", path)``: an article's or profile's body as pages show it (its HTML, and
  where its links lead);
- ``("subject", kind, slug)``: a topic or figure: its card and its profile, not which
  articles it has (a card's ``count`` and ``Views.articles_of`` read its members);
- ``("members", kind, slug)``: the front matter of every article of a topic or figure;
- ``("about", path)``: the topics and figures of an article;
- ``("related", path)``: an article's related articles;
- ``("threads", path)``: an article's neighbours in its topics' story threads;
- ``("said", path)``: the quotations in an article, and who said them;
- ``("quotes", slug)``: a figure's quotations, with the articles that report them;
- ``("people", kind, slug, n)``: a topic's first ``n`` key figures, or the first ``n``
  figures a figure appears with.

An accessor that hands out records also notes the keys of what the records
carry (``related`` notes each related article's card), so that a context may
read the fields of whatever it was given. What is made once for many pages
(``Reads.memo``) keeps the keys its making noted and notes them again for every
page that asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar, cast

T = TypeVar("T")
Key = tuple[str, ...]

# Every kind of key, and how many parts follow the kind: output/reuse.py hashes each.
KEYS = {
    "shape": 0,
    "card": 1,
    "body": 1,
    "subject": 2,
    "members": 2,
    "about": 1,
    "related": 1,
    "threads": 1,
    "said": 1,
    "quotes": 1,
    "people": 3,
}
SHAPE: Key = ("shape",)
_MISSING = object()


class Reads:
    """Notes the keys read while a page is made (and nothing when no page is being made)."""

    def __init__(self) -> None:
        self._now: set[Key] | None = None
        self._known: dict[Key, Key] = {}  # one tuple for each key: many pages read the same

    def add(self, *key: str) -> None:
        if self._now is not None:
            self._now.add(self._known.setdefault(key, key))

    @contextmanager
    def page(self) -> Iterator[set[Key]]:
        """Note, inside, what is read in a set of its own; reads inside a page still count for it."""
        outer, self._now = self._now, set()
        try:
            yield self._now
        finally:
            found, self._now = self._now, outer
            if outer is not None:
                outer |= found

    def memo(self, table: dict, key: object, make: Callable[[], T]) -> T:
        """``table[key]``, made by ``make()`` the first time; whoever asks for it reads
        what its making read."""
        found = table.get(key, _MISSING)
        if found is _MISSING:
            with self.page() as read:
                value = make()
            table[key] = (value, tuple(read))
            return value
        value, read = found
        if self._now is not None:
            self._now.update(read)
        return cast(T, value)


class Recorded(Mapping):
    """A table of cards whose every look-up is a read of ``(kind, *key)``."""

    def __init__(self, kind: str, table: Mapping, reads: Reads):
        self.kind, self.table, self.reads = kind, table, reads

    def __getitem__(self, key: Any) -> Any:
        value = self.table[key]
        if isinstance(key, tuple):
            self.reads.add(self.kind, *key)
        else:
            self.reads.add(self.kind, key)
        return value

    def __iter__(self) -> Iterator:
        self.reads.add(*SHAPE)  # which cards there are: the dossier's shape
        return iter(self.table)

    def __len__(self) -> int:
        self.reads.add(*SHAPE)
        return len(self.table)
