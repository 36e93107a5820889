"""Slugs: the identity of topics and figures and the last segment of article URLs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from slugify import slugify as _slugify

from generator.core.romanize import romanize

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Names that some file systems refuse as file or folder names.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)

_APOSTROPHES = [["'", ""], ["’", ""]]


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """``"US–Iran relations"`` → ``"us-iran-relations"``; accents and case do not matter.

    Other scripts are transliterated (``"کشته شدن سلیمانی"`` → ``"kshte-shdn-slimani"``, see
    romanize.py); a name of symbols alone takes their names (``"🕊"`` → ``"dove"``), and one of
    punctuation alone gives ``""``; a letter without any Latin equivalent gives its code point.
    """
    slug = _slugify(romanize(text), replacements=_APOSTROPHES, max_length=80, word_boundary=True)
    if not slug:
        slug = _slugify(anyascii(text), replacements=_APOSTROPHES, max_length=80, word_boundary=True)
    if not slug:  # letters that have no Latin letters (a hamza alone): their code points
        slug = "-".join(f"u{ord(ch):04x}" for ch in text if unicodedata.category(ch)[0] in "LN")[:80].strip(
            "-"
        )
    return slug


def is_safe_slug(slug: str) -> bool:
    """True when ``slug`` can be used as one path segment on every file system."""
    return bool(SLUG_PATTERN.fullmatch(slug)) and slug not in RESERVED


def unicode_slug(text: str) -> str:
    """``"کشته شدن سلیمانی"`` → ``"کشته-شدن-سلیمانی"``, for ``slugs: unicode``: the letters and
    digits of any script (NFC), lower-cased where the script has case, each run of anything else
    one hyphen; apostrophes and invisible joiners go. ``""`` when there are no letters or digits."""
    words, word = [], []
    for ch in unicodedata.normalize("NFC", text).lower():
        kind = unicodedata.category(ch)
        if kind[0] in "LNM":  # a letter, a digit, or a mark that belongs to its letter
            word.append(ch)
        elif kind == "Cf" or ch in "'’":  # a zero-width (non-)joiner inside a word, an apostrophe
            continue
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    slug = ""
    for part in words:  # at most 80 characters, cut between words
        if slug and len(slug) + 1 + len(part) > 80:
            break
        slug = f"{slug}-{part}" if slug else part[:80]
    return slug


def is_safe_unicode_slug(slug: str) -> bool:
    """True when ``slug`` is what ``unicode_slug`` makes: one path segment on every file system."""
    return bool(slug) and unicode_slug(slug) == slug and slug not in RESERVED
