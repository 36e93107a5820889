"""The role a text gives a name: an apposition after or before it, or the title in front of it."""

from __future__ import annotations

import bisect
import re

from generator.wire import namewords as W
from generator.wire.nameruns import ACRONYM, CLOSING, POSSESSIVE, keeps_dot, title_like

_SEGMENT_END = re.compile(r"[,;:(“\"—–]|\s-\s|\s--\s")
_PARTIES = frozenset({"Republican", "Democrat", "Conservative", "Liberal", "Independent", "Socialist"})
_RANK_MODIFIERS = frozenset({"Lance", "Rear", "Vice", "Staff", "Master", "First"})
MAX_ROLE_WORDS = 12


def span_of(spans: list[tuple[int, int]], offset: int, length: int) -> tuple[int, int]:
    """The sentence holding ``offset`` (spans are in order)."""
    index = bisect.bisect_right(spans, (offset, length + 1)) - 1
    return spans[index] if index >= 0 else (0, length)


def apposition(text: str, spans: list[tuple[int, int]], end: int) -> str:
    """The role in ``Name, chairman of the board,``: the words after the comma, if they are one."""
    sentence_end = span_of(spans, end, len(text))[1]
    position = end
    for _ in range(2):  # an age first: "Ali Hassan, 34, a shopkeeper,"
        rest = text[position : min(sentence_end, position + 300)]  # a role is short
        if not rest.startswith(","):
            return ""
        stop = _SEGMENT_END.search(rest, 1)
        segment = rest[1 : stop.start() if stop else len(rest)]
        if not segment.strip().isdigit():
            break
        position += stop.start() if stop else len(rest)
    if not stop and segment.rstrip().endswith("."):
        segment = segment.rstrip()
        if not keeps_dot(segment.split()[-1]):
            segment = segment[:-1]
    words = segment.split()
    if not words or len(words) > MAX_ROLE_WORDS:
        return ""
    first = words[0]
    if first.lower() in W.NOT_ROLE_START or first[:1].isdigit():
        return ""
    if first.endswith(("ed", "ing")) and not any(w.lower() in W.ROLE_NOUNS for w in words):
        return ""  # "Ahmed al-Asadi, denied it": a verb, no role
    article = first in ("the", "a", "an")
    if article:
        words = words[1:]
    elif (
        first[:1].isupper()
        and not (first.endswith(POSSESSIVE) or title_like(first.rstrip(".")))
        and not (first in W.NATIONALITIES and len(words) > 1)
    ):
        return ""
    if not words:
        return ""
    plain = not any(w[:1].islower() or title_like(w) for w in words)
    if plain and not (article and (words[-1] in _PARTIES or words[-1].lower() in W.ROLE_NOUNS)):
        return ""  # "an Arkansas Republican" is a role; "Omar Said and", "a Sunni" are not
    return " ".join(words)


def role_before(text: str, start: int) -> str:
    """The role in ``Shiite cleric Moqtada al-Sadr``: lower-case role words just before the name."""
    words = text[max(0, start - 80) : start].split()
    if not words or words[-1].lower().strip(",") not in W.ROLE_NOUNS:
        return ""
    if words[-1].endswith(","):  # "A PMF spokesman, Ahmed al-Asadi, said"
        return _role_before_comma(text[max(0, start - 120) : start])
    role: list[str] = []
    for word in reversed(words):
        if word[-1:] in CLOSING + "." or len(role) == 4 or word.lower() in ("the", "a", "an", "by", "of"):
            break
        if word[:1].isupper() and word not in W.NATIONALITIES and not word.endswith(POSSESSIVE):
            break
        role.insert(0, word)
    return " ".join(role) if len(role) >= 2 else ""


def _role_before_comma(before: str) -> str:
    """The role in ``Iran's foreign minister, Javad Zarif,``: from the last article on."""
    segment = re.split(r"[,;:!?“”\"—–(]\s|\s[-–—]+\s|^[-–—*]+\s|(?<![A-Z])\.\s", before.rstrip()[:-1])[-1]
    words = segment.split()
    articles = [i for i, word in enumerate(words) if word.lower() in ("the", "a", "an")]
    if articles:
        words = words[articles[-1] + 1 :]
    if not words or len(words) > 8 or "\x00" in segment or words[0][:1] in "-–—*":
        return ""
    first = words[0]
    if not articles and first[:1].isupper() and not first.endswith(POSSESSIVE) and not ACRONYM.match(first):
        return ""  # "On Friday, Ali Hassan": no role
    return " ".join(words)


def title_role(prefix: list[str]) -> str:
    """A role from the title before a name: "Maj. Gen." → "Major General"; "Mr." gives none."""
    words = [w for w in prefix if w not in W.HONORIFICS]
    ranks = [w for w in words if w in W.TITLE_WORDS]
    office = [w for w in words if w not in W.TITLE_WORDS and w not in _RANK_MODIFIERS]
    if ranks and office and not all(w in W.NATIONALITIES for w in office) and words[-1] in W.TITLE_WORDS:
        words = words[: len(words) - len([w for w in reversed(words) if w in W.TITLE_WORDS][:3])]
        while words and words[-1] in W.TITLE_WORDS:
            words.pop()
    if not any(w in W.TITLES or w in W.TITLE_WORDS or title_like(w) for w in words):
        return ""
    return " ".join(W.TITLE_WORDS.get(w, w) for w in words)
