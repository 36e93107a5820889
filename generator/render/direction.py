"""Which way a site's language is written: left to right, or right to left."""

from __future__ import annotations

from typing import Literal

# Languages written right to left, by their primary subtag (BCP 47).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"})
# Scripts (ISO 15924, as a subtag) that are written right to left, and a few that turn a
# right-to-left language around when named: "az-Arab" is right to left, "ug-Latn" is not.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"})
LTR_SCRIPTS = frozenset({"latn", "cyrl"})


def text_direction(language: str) -> Literal["ltr", "rtl"]:
    """``"rtl"`` for a language written right to left (``fa``, ``ar-EG``, ``he_IL``), else ``"ltr"``."""
    subtags = language.strip().replace("_", "-").lower().split("-")
    script = next((tag for tag in subtags[1:] if len(tag) == 4 and tag.isalpha()), "")
    if script in RTL_SCRIPTS:
        return "rtl"
    if script in LTR_SCRIPTS:
        return "ltr"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"
