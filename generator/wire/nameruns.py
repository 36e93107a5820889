"""Runs of capitalised words in news copy: the stretches a name may be read from.

A run stays within a sentence (a title's dot, "Gen.", ends none), takes the
small words names hold ("of", "bin", "von der") between capitalised words, and
ends at punctuation after a word, at a possessive, or before a quotation mark.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from generator.wire import namewords as W

_TOKEN = re.compile(r"\S+")
_OPENING = "“\"‘'(["
CLOSING = ",;:!?”\"’')]"
ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]+$")
INITIAL = re.compile(r"^[A-Z]\.$")
POSSESSIVE = ("'s", "’s")
_JOINERS = W.CONNECTORS | W.PARTICLES  # lower-case words that may stand inside a name
_MAY_NAME = (
    r"[“\"‘'(\[]*(?:[A-ZÀ-ÖØ-Þ]|(?:" + "|".join(sorted(_JOINERS)) + r")(?![^\s,;:.!?”\"’')\]])|[a-z]+-)\S*"
)
_STRETCH = re.compile(rf"(?<!\S){_MAY_NAME}(?:\s+{_MAY_NAME})*")
_IN_NAMES = frozenset({"People", "Workers", "Women", "Veterans"})  # "Tigray People's Liberation Front"


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # without punctuation around it, a possessive removed
    start: int
    end: int
    sentence_start: bool  # at a sentence's start, or after a quotation mark or bracket


def runs(text: str, spans: list[tuple[int, int]]) -> list[list[Word]]:
    """Runs of capitalised words (with the small words allowed inside names) within one sentence."""
    starts = {start for start, _ in spans}
    ends = sorted(end for _, end in spans)
    runs: list[list[Word]] = []
    current: list[Word] = []
    sentence_end = 0
    # Only words that may be part of a name are looked at one by one: a word between two such
    # stretches ends a run, and most words of a text are such words.
    for stretch in _STRETCH.finditer(text):
        current = _close(current, runs) if current else current
        for match in _TOKEN.finditer(text, stretch.start(), stretch.end()):
            raw, start = match.group(), match.start()
            first = start in starts
            if first or start > sentence_end:
                if not (current and keeps_dot(current[-1].text) and current[-1].text.endswith(".")):
                    current = _close(current, runs)  # a title's dot ends no sentence: "Lance Cpl. Juan"
                after = bisect.bisect_right(ends, start)
                sentence_end = ends[after] if after < len(ends) else len(text)
            current = _take(raw, start, first, current, runs)
    _close(current, runs)
    return runs


def _take(raw: str, start: int, first: bool, current: list[Word], runs: list[list[Word]]) -> list[Word]:
    """Add a word to the run, or close the run; the run as it is now."""
    core = raw.lstrip(_OPENING)
    opens = core != raw
    core_start = start + len(raw) - len(core)
    stripped = core.rstrip(CLOSING)
    closes = stripped != core
    if stripped.endswith(".") and not keeps_dot(stripped):
        stripped, closes = stripped[:-1], True
    possessive = stripped.endswith(POSSESSIVE) and stripped[:-2] not in _IN_NAMES
    if possessive:
        stripped, closes = stripped[:-2], True
    word = Word(stripped, core_start, core_start + len(stripped), first or opens)
    if opens:
        current = _close(current, runs)
    if not _may_join(word, current):
        return _close(current, runs)
    current.append(word)
    if closes:
        current = _close(current, runs)
    return current


def keeps_dot(word: str) -> bool:
    return (
        bool(INITIAL.match(word))
        or word in W.TITLES
        or word in W.TITLE_WORDS
        or word in W.SUFFIXES
        or ("." in word[:-1] and bool(ACRONYM.match(word)))
    )


def _close(current: list[Word], runs: list[list[Word]]) -> list[Word]:
    while current and (current[-1].text in W.CONNECTORS or current[-1].text in W.PARTICLES):
        current.pop()
    if current:
        runs.append(current)
    return []


def _may_join(word: Word, current: list[Word]) -> bool:
    text = word.text
    if not text or "\x00" in text or text in W.DAYS_AND_MONTHS:
        return False
    if text in W.STOPWORDS and (word.sentence_start or not current):
        return False
    if text in W.CONNECTORS or text in W.PARTICLES:
        return bool(current)
    return is_capital(text) or bool(ACRONYM.match(text))


def is_capital(text: str) -> bool:
    if text.lower().startswith(W.NAME_PREFIXES):
        rest = text.split("-", 1)[1]
        return rest[:1].isupper()
    return text[:1].isupper() and (any(c.islower() for c in text) or bool(INITIAL.match(text)))


def split_run(run: list[Word]) -> list[list[Word]]:
    """A run cut at "and", and at "of", "the", "for" unless what comes before is a title or an
    organisation's word: "Secretary of State X" and "Ministry of Foreign Affairs" stay whole."""
    parts: list[list[Word]] = [[]]
    for word in run:
        if word.text == "and":
            parts.append([])
            continue
        if word.text in W.CONNECTORS and parts[-1]:
            before = parts[-1][-1].text
            joined = before in W.CONNECTORS or before in W.TITLES or before in W.ORGANIZATION_WORDS
            joined = joined or before in W.PLACE_WORDS or title_like(before)
            if not joined:
                parts.append([])
                continue
        parts[-1].append(word)
    cleaned = []
    for part in parts:
        while part and (part[0].text in W.CONNECTORS or part[0].text in W.PARTICLES):
            part = part[1:]
        while part and (part[-1].text in W.CONNECTORS or part[-1].text in W.PARTICLES):
            part = part[:-1]
        if part:
            cleaned.append(part)
    return cleaned


def title_like(word: str) -> bool:
    return any(piece in W.TITLES for piece in word.split("-"))
