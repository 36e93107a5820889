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
