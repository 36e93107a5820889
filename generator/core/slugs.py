"""Slugs: the identity of topics and figures and the last segment of article URLs."""

from __future__ import annotations

import re
from functools import lru_cache

from slugify import slugify as _slugify

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Names that some file systems refuse as file or folder names.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """``"US–Iran relations"`` → ``"us-iran-relations"``; accents and case do not matter."""
    return _slugify(text, replacements=[["'", ""], ["’", ""]], max_length=80, word_boundary=True)


def is_safe_slug(slug: str) -> bool:
    """True when ``slug`` can be used as one path segment on every file system."""
    return bool(SLUG_PATTERN.fullmatch(slug)) and slug not in RESERVED
