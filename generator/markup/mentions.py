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

from generator.core.models import Article, Profile
from generator.core.slugs import slugify

_WORD = re.compile(r"\w+")
# In names, an apostrophe matches either apostrophe and a space any run of white space.
_FRAGMENTS = {"'": "['’]", " ": r"\s+"}


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
    # The names as patterns (tries), each with the names it holds: one, or, for a table grown
    # from another (see ``grown_table``), the other's and one of the names added since; and
    # the slug of each name as matched, normalised.
    _matchers: list[tuple[re.Pattern[str], frozenset[str]]] = field(
        init=False, repr=False, compare=False, default_factory=list
    )
    _slugs: dict[str, str] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        for name, slug in self.names:
            self._slugs[_normal(name)] = slug

    def prepare(self) -> MentionTable:
        """Compile the matcher now (it takes a moment for thousands of names), e.g. before forking."""
        if not self._matchers:
            self._matchers.append(_matcher(frozenset(self._slugs)))
        return self

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
        if not self._slugs:
            return found
        matchers, position = [pattern for pattern, _ in self.prepare()._matchers], 0
        while match := _first_match(matchers, text, position):
            start = match.start()
            if start and _is_word(text[start - 1]):
                position = start + 1  # inside a word: not a mention
                continue
            found.append(Mention(start, match.end(), self._slugs[_normal(match.group())], match.group()))
            position = match.end()
        return found


def _matcher(names: frozenset[str]) -> tuple[re.Pattern[str], frozenset[str]]:
    """One trie of ``names``, with them; its greedy optional branches try the longest name first."""
    return re.compile(_alternation(sorted(names)) + r"(?!\w)"), names


def _first_match(matchers: list[re.Pattern[str]], text: str, position: int) -> re.Match[str] | None:
    """The leftmost match, the longest of those starting there: what one trie of all the names finds."""
    if len(matchers) == 1:
        return matchers[0].search(text, position)
    found = [match for matcher in matchers if (match := matcher.search(text, position))]
    return min(found, key=lambda match: (match.start(), -match.end()), default=None)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _normal(name: str) -> str:
    """A name as the matcher compares it: one kind of apostrophe, single spaces."""
    return " ".join(name.replace("’", "'").split())


def _alternation(words: list[str]) -> str:
    """A regular expression for any of ``words``, as a trie: "Mahdi|Mark|Mike" → "M(?:ahdi|ark|ike)".

    A plain alternation of thousands of names is tried name by name at every
    position; the trie is tried letter by letter, and the regular expression
    engine can skip ahead to the letters that start a name.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [
            _FRAGMENTS.get(char, re.escape(char)) + pattern(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return pattern(trie)


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


def grown_table(
    table: MentionTable, articles: Iterable[Article], profiles: Iterable[Profile]
) -> MentionTable:
    """``mention_table(articles, profiles)``, for a table that has gained names since ``table``
    (a batch import's drafted figures): it keeps ``table``'s compiled trie and compiles only the
    names added since, the slow part of a table of thousands of names. When a name of ``table``
    is gone (two figures answer to it now), the new table compiles all its names again."""
    grown = mention_table(articles, profiles)
    if not table._matchers or not table._matchers[0][1]:
        return grown
    kept = table._matchers[0]
    names = frozenset(grown._slugs)
    if kept[1] <= names:
        grown._matchers.append(kept)
        if added := names - kept[1]:
            grown._matchers.append(_matcher(added))
    return grown


_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’')]*\s+(?=[“\"‘'(]?[A-Z0-9])")
# Words ending in a full stop that do not end a sentence: "Gen. Mark A. Milley".
ABBREVIATIONS = frozenset(
    "gen lt col maj capt cpt sgt adm cmdr mr mrs ms dr prof sen rep gov pres st mt no jan feb mar apr "
    "jun jul aug sep sept oct nov dec vs etc u.s u.k u.n".split()
)


_LONGEST_WORD = 40  # characters looked at before a sentence's end, for a title or an initial


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of a paragraph; titles and initials do not end one."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        # The word before the boundary, looked for in the few characters before it (a copy of
        # all the text before would make a long paragraph quadratic); a longer word is no title.
        before = text[max(0, boundary.start() - _LONGEST_WORD) : boundary.start()]
        word = before.rsplit(None, 1)[-1].rstrip(".").lstrip("(“\"'‘").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return spans
