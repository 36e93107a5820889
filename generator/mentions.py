"""Figure mentions in text: one matcher for every known figure name and alias.

The names come from the figure profiles (``name`` and ``aliases``) and from the
articles' ``figures`` lists, resolved to a figure the way the dossier resolves
them (by slug, so case and accents do not matter). The matcher is case-sensitive
and matches whole words only, the longest name first, so "Abu Mahdi al-Muhandis"
is one mention and never a mention of someone called "Mahdi". A name that two
figures answer to is left out of the matcher, so it never picks one silently;
``dossier check`` reports it.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from .models import Article, Profile
from .slugs import slugify

_WORD = re.compile(r"\w+")
_APOSTROPHES = "'’"


@dataclass(frozen=True, slots=True)
class Mention:
    """One figure named in a text, at ``text[start:end]``."""

    start: int
    end: int
    slug: str  # the figure's slug
    text: str  # the name as written


@dataclass(frozen=True, slots=True)
class Collision:
    """A name that two topics or two figures answer to (compared by slug)."""

    kind: str  # "topic" or "figure"
    name: str  # as written in the second profile
    field: str  # where it is written there: "name", "aliases" or the file name ("slug")
    path: str  # the second profile, where the name is ignored
    other_name: str  # the first owner's name
    other_path: str


def name_collisions(profiles: Iterable[Profile]) -> list[Collision]:
    """Every name or alias of a profile that an earlier profile (by path) of its kind already has."""
    found: list[Collision] = []
    owners: dict[tuple[str, str], Profile] = {}
    for profile in sorted(profiles, key=lambda p: (p.kind, p.path)):
        written = [("slug", profile.slug), ("name", profile.name)]
        written += [("aliases", alias) for alias in profile.aliases]
        for where, name in written:
            key = (profile.kind, slugify(name))
            owner = owners.setdefault(key, profile)
            if owner.slug != profile.slug:
                found.append(Collision(profile.kind, name, where, profile.path, owner.name, owner.path))
    return found


@dataclass(frozen=True, slots=True)
class MentionTable:
    """Every name a figure can be mentioned by, and the matcher compiled from them."""

    names: tuple[tuple[str, str], ...]  # (name as written, figure slug), sorted
    canonical: tuple[tuple[str, str], ...]  # (figure slug, the name its page shows), sorted
    ambiguous: tuple[str, ...] = ()  # names left out because two figures answer to them
    # first word of a name -> [(name, slug)], longest name first
    _index: dict[str, list[tuple[str, str]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for name, slug in self.names:
            first = _WORD.search(name)
            if first:
                index[first.group()].append((-len(name), name, slug))
        for word, candidates in index.items():
            self._index[word] = [(name, slug) for _, name, slug in sorted(candidates)]

    @property
    def fingerprint(self) -> str:
        """Changes whenever a name is added, removed or moves to another figure."""
        text = "\n".join(f"{name}\t{slug}" for name, slug in self.names)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def name_of(self, slug: str) -> str:
        return dict(self.canonical).get(slug, slug)

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, left to right, never overlapping; the longest name wins."""
        found: list[Mention] = []
        position = 0
        while word := _WORD.search(text, position):
            start = word.start()
            position = word.end()
            if start > 0 and text[start - 1].isalnum():
                continue  # inside a word
            for name, slug in self._index.get(word.group(), ()):
                if match := _name_pattern(name).match(text, start):
                    found.append(Mention(start, match.end(), slug, match.group()))
                    position = match.end()
                    break
        return found


@cache
def _name_pattern(name: str) -> re.Pattern[str]:
    """A name as a whole-word pattern: any apostrophe for an apostrophe, any space for a space.

    Compiled when a text first contains the name's first word: a large dossier has
    thousands of figures, and compiling every pattern up front took seconds.
    """
    parts = []
    for char in name:
        if char in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts).replace(r"\s+\s+", r"\s+") + r"(?!\w)")


def mention_table(articles: Iterable[Article], profiles: Iterable[Profile]) -> MentionTable:
    """The names of every figure: profiles' names and aliases, and names used in ``figures`` lists."""
    figures = sorted((p for p in profiles if p.kind == "figure"), key=lambda p: p.path)
    resolve: dict[str, str] = {}
    canonical: dict[str, str] = {}
    owners: dict[str, set[str]] = defaultdict(set)  # slug of a name -> figures answering to it
    written: dict[str, set[str]] = defaultdict(set)  # figure slug -> names as written
    for profile in figures:
        canonical[profile.slug] = profile.name
        for name in (profile.slug, profile.name, *profile.aliases):
            key = slugify(name)
            resolve.setdefault(key, profile.slug)
            owners[key].add(profile.slug)
        written[profile.slug].update((profile.name, *profile.aliases))
    for article in sorted(articles, key=lambda a: a.sort_key):
        for name in article.figures:
            slug = resolve.get(slugify(name), slugify(name))
            canonical.setdefault(slug, name)
            owners[slugify(name)].add(slug)
            written[slug].add(name)
    names, ambiguous = [], set()
    for slug, forms in written.items():
        for name in forms:
            if len(owners[slugify(name)]) > 1:
                ambiguous.add(name)
            elif _WORD.search(name):
                names.append((name, slug))
    return MentionTable(tuple(sorted(names)), tuple(sorted(canonical.items())), tuple(sorted(ambiguous)))


_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’')]*\s+(?=[“\"‘'(]?[A-Z0-9])")
# Words ending in a full stop that do not end a sentence: "Gen. Mark A. Milley".
ABBREVIATIONS = frozenset(
    "gen lt col maj capt cpt sgt adm cmdr mr mrs ms dr prof sen rep gov pres st mt no jan feb mar apr "
    "jun jul aug sep sept oct nov dec vs etc u.s u.k u.n".split()
)


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of a paragraph; titles and initials do not end one."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        word = text[: boundary.start()].rsplit(None, 1)[-1].rstrip(".").lstrip("(“\"'‘").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return spans
