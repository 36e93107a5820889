"""Latin letters for the letters of other scripts, so that any name or title makes a readable slug.

Latin text (accents included) is left as it is: python-slugify has always folded it, and the
slugs of existing sites must not change. Every other letter is transliterated by AnyAscii,
character by character, with two mendings:

- Chinese characters are one syllable each and Chinese writes no spaces: each becomes a word
  (``美国`` → ``mei guo``), as Unidecode has always done.
- Arabic script writes few vowels, and AnyAscii drops alef and writes ``y`` and ``w`` for the
  letters that are vowels as often as not: ``ایران`` would be ``yrn``. Here alef is ``a``,
  yeh and waw are ``i`` and ``u`` between consonants, final heh is ``e`` in Persian
  (``iran``, ``slimani``, ``khamnei``). Persian (told by its own letters, ``ی ک گ پ چ ژ``) also
  gets its own sounds for the letters it borrowed from Arabic (``ظ`` is ``z``, not ``dh``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from anyascii import anyascii

ALEFS = frozenset("اأإٱ")
MADDA = "آ"
YEHS = frozenset("یيىئ")
WAWS = frozenset("وؤ")
VOWEL_LETTERS = ALEFS | YEHS | WAWS | {MADDA}
ZWNJ = "\u200c"  # Persian's zero-width non-joiner: ends a word's written form, not the word
PERSIAN_LETTERS = frozenset("یکگپچژ")
# Persian sounds of letters it shares with Arabic, where they differ from AnyAscii's Arabic ones.
PERSIAN_SOUNDS = {"ث": "s", "ذ": "z", "ض": "z", "ظ": "z"}
# Latin letters and marks beyond the first blocks: phonetic extensions, Latin Extended Additional
# (Vietnamese), Extended C, D and E, combining marks, fullwidth forms.
LATIN_BLOCKS = (
    (0x1AB0, 0x1AFF), (0x1D00, 0x1DFF), (0x1E00, 0x1EFF), (0x20D0, 0x20FF), (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF), (0xAB30, 0xAB6F), (0xFB00, 0xFB06), (0xFE20, 0xFE2F), (0xFF00, 0xFF5A),
)  # fmt: skip
# The same letter in its Arabic and Persian code points: one spelling for telling names apart.
SAME_LETTER = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا"})


def romanize(text: str) -> str:
    """``text`` with every letter and digit outside the Latin script in Latin letters."""
    if text.isascii():
        return text
    # Arabic presentation forms (old text has them) as the letters they present.
    text = "".join(
        unicodedata.normalize("NFKC", ch)
        if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF
        else ch
        for ch in text
    )
    persian = not PERSIAN_LETTERS.isdisjoint(text)
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if _is_arabic(ch) or (ch == ZWNJ and word):
            word.append(ch)
            continue
        if word:
            out.append(_arabic_word(word, persian))
            word = []
        if _is_latin(ch):
            out.append(ch)
        elif _is_han(ch):
            out.append(f" {_latin(ch)} ")
        else:
            out.append(_latin(ch))
    if word:
        out.append(_arabic_word(word, persian))
    return "".join(out)


def _latin(ch: str) -> str:
    """AnyAscii's letters for ``ch``, without the marks it writes for hamza and ain (' and `):
    inside a word they would split it."""
    return anyascii(ch).replace("'", "").replace("`", "")


@lru_cache(maxsize=65536)
def spelling(text: str) -> str:
    """The letters and digits of ``text`` outside the Latin script, as written (case and
    Arabic/Persian forms of a letter aside): two names with one slug but different spellings
    are two names."""
    if text.isascii():
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(SAME_LETTER)
    return "".join(ch for ch in text if not _is_latin(ch) and unicodedata.category(ch)[0] in "LN")


def _is_latin(ch: str) -> bool:
    """True for what python-slugify folds by itself: ASCII, Latin letters, symbols, punctuation."""
    code = ord(ch)
    if code < 0x370 or unicodedata.category(ch)[0] not in "LMN":  # Latin, IPA, combining marks
        return True
    return any(low <= code <= high for low, high in LATIN_BLOCKS) or unicodedata.name(ch, "").startswith(
        "LATIN"
    )


def _is_arabic(ch: str) -> bool:
    code = ord(ch)
    return (0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F) and unicodedata.category(ch)[0] in "LM"


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def _arabic_word(word: list[str], persian: bool) -> str:
    """One word in Arabic script; a ZWNJ inside it starts the next part of the same word."""
    parts: list[str] = []
    part: list[str] = []
    for ch in word:
        if ch == ZWNJ:
            parts.append(_arabic_part(part, persian))
            part = []
        else:
            part.append(ch)
    parts.append(_arabic_part(part, persian))
    return "".join(parts)


def _arabic_part(letters: list[str], persian: bool) -> str:
    letters = [ch for ch in letters if unicodedata.category(ch) != "Lm"]  # tatweel
    out: list[str] = []
    last = len(letters) - 1
    for i, ch in enumerate(letters):
        after = letters[i + 1] if i < last else ""
        before = letters[i - 1] if i else ""
        if ch == MADDA:
            out.append("a")
        elif ch in ALEFS:
            # Initial alef carries the vowel of the yeh or waw after it: ایران, اوکراین.
            carrier = i == 0 and after in YEHS | WAWS and not _consonant(letters, i + 1)
            out.append("" if carrier else "a")
        elif ch in YEHS:
            if ch == "ى" and i == last and not persian:
                out.append("a")  # alef maksura
            else:
                out.append("y" if _consonant(letters, i) else "i")
        elif ch in WAWS:
            out.append(("v" if persian else "w") if _consonant(letters, i) else "u")
        elif ch == "ه" and i == last and i > 0 and before not in VOWEL_LETTERS:
            out.append("e" if persian else "h")
        elif ch == "ع":
            out.append("a" if i == 0 else "")  # ain: a vowel's onset, silent inside a word
        elif ch == "ة":
            out.append("a")
        elif persian and ch in PERSIAN_SOUNDS:
            out.append(PERSIAN_SOUNDS[ch])
        else:
            out.append(_latin(ch))
    return "".join(out)


def _consonant(letters: list[str], i: int) -> bool:
    """Whether the yeh or waw at ``i`` is a consonant: at the start of a word, or before a vowel letter."""
    after = letters[i + 1] if i + 1 < len(letters) else ""
    return i == 0 or after in VOWEL_LETTERS
