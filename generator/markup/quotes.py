"""Direct quotations in an article body, and who said them.

Detection reads the Markdown source, paragraph by paragraph (headings and code
are skipped), and recognises the three ways a newsroom attributes a quotation:

1. ``“We will respond,” Milley said.``     the speaker before the verb
2. ``“We will respond,” said Milley.``     the speaker after the verb
3. ``Milley said: “We will respond.”``     the speaker, the verb, a colon or comma

Curly (“…”) and straight ("…") quotation marks both count; the verbs are
``SPEAKING_VERBS``. The words next to the verb are the speaker's *name phrase*;
it must resolve, as a whole, to a known figure through the caller's
``resolve`` (the dossier's name-and-alias table), after dropping leading
capitalised words such as titles ("Gen.", "Defense Secretary", "Secretary of
State"). A phrase that does not resolve as a whole is ignored rather than
guessed at: "a spokesman for Milley said" and "Esper and Milley said" give no
quote, so nobody is credited with someone else's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The verbs of attribution we recognise, in the past and present tense.
SPEAKING_VERBS = (
    "said", "says", "told", "tells", "added", "adds", "wrote", "writes", "warned", "warns",
    "stated", "states", "asked", "asks", "declared", "insisted", "replied", "recalled",
)  # fmt: skip
_VERB = r"(?:" + "|".join(SPEAKING_VERBS) + r")"

# A quotation: curly marks, or straight marks on one line. Group 1 is the text.
QUOTATION = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"")
# After a quotation that ends with a comma, "?" or "!": ``Milley said`` (shape 1, group
# "before": the words up to the first verb) or ``said Milley`` (shape 2, group "after").
AFTER_QUOTE = re.compile(
    rf"^,?\s+(?:(?P<verb>{_VERB})\s+(?P<after>[^;:“”\"\n]+)|(?P<before>[^;:!?“”\"\n]{{1,100}}?)\s+{_VERB}\b)"
)
# Before a quotation: ``Milley said:`` or ``Milley told reporters,`` (shape 3), with a few words
# allowed between the verb and the colon. Group "speaker" is the text before the verb.
BEFORE_QUOTE = re.compile(rf"(?P<speaker>[^“”\"]*?)\s+{_VERB}\b(?:\s+[\w’' -]{{1,40}}?)?[:,]\s*$")
# How far back shape 3 looks for its speaker, in characters.
LOOK_BACK = 300
# Words that may be dropped in front of a name: titles are capitalised, with "of" inside
# ("Secretary of State Mike Pompeo").
_CONNECTORS = frozenset({"of"})
# Nouns that, right after a name, mean someone else speaks for them ("said Trump adviser Jane Doe").
_PROXIES = frozenset(
    {"adviser", "advisor", "aide", "aides", "spokesman", "spokeswoman", "spokesperson", "official",
     "officials", "lawyer", "deputy", "ally", "allies", "envoy", "staff", "supporters"}
)  # fmt: skip
_TOKEN_END = ",.;:!?"
# The first words of an apposition after a name: "Milley, the chairman, said".
_APPOSITION_STARTS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their"}
)  # punctuation stripped from the end of a word
# One-letter initials and the usual abbreviated titles end with a dot without ending a sentence.
_ABBREVIATION = re.compile(
    r"^(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Sen|Rep|Gov|Pres|Prof|Rev|Jr|Sr|St|Amb)\.$"
)

_BLOCK_QUOTE = re.compile(r"^(?:>\s?)+")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s+")
_LIST_MARKS = frozenset("-*+0123456789")
# Links and images keep only their text: their targets and titles are not prose.
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
# Markdown inline syntax removed from the text of a quotation.
_INLINE = [
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"<[^>]+>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]*)`"), r"\1"),  # code spans
    (re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # emphasis
]

Resolve = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A quotation found in a body: the speaker's figure slug and the quoted words."""

    figure: str
    text: str


# A quotation as found in a body, before its speaker is known: its text, and the words
# of the name phrase that may name the speaker, and how to read them (see ``attribute``).
Candidate = tuple[str, str, tuple[str, ...]]


def find_quotes(body: str, resolve: Resolve) -> list[FoundQuote]:
    """Every attributed quotation of ``body`` (Markdown), in the order of the text."""
    return attribute(quote_candidates(body), resolve)


def quote_candidates(body: str) -> tuple[Candidate, ...]:
    """The quotations of ``body`` that a speaker may be found for, in the order of the text.

    This is the part of finding quotes that needs no names: a build does it once,
    when it reads the body, and ``attribute`` resolves the phrases every build.
    """
    found: list[Candidate] = []
    if "“" not in body and '"' not in body:
        return ()
    for paragraph in paragraphs(body):
        if "“" not in paragraph and '"' not in paragraph:
            continue
        paragraph = _LINK.sub(r"\1", paragraph)
        for match in QUOTATION.finditer(paragraph):
            raw = match.group(1) or match.group(2)
            rest = paragraph[match.end() :]
            attribution = None
            if raw.rstrip()[-1:] in ",?!" or rest.startswith(","):
                attribution = AFTER_QUOTE.match(rest)
            if attribution is None:  # shape 3: ``Milley said: “…”``
                words = _words(_phrase_before(paragraph[max(0, match.start() - LOOK_BACK) : match.start()]))
                how = "name"
            elif attribution.group("before") is not None:  # shape 1: ``“…,” Milley said``
                words, how = _words(_last_clause(attribution.group("before"))), "name"
            else:  # shape 2: ``“…,” said Milley``; attributed after: no second guess from before
                words, how = _sentence_words(attribution.group("after")), "leading"
            text = clean_text(raw)
            if words and text:
                found.append((text, how, tuple(words)))
    return tuple(found)


def attribute(candidates: tuple[Candidate, ...], resolve: Resolve) -> list[FoundQuote]:
    """The candidates whose name phrase names a figure, as quotes of that figure."""
    found = []
    for text, how, words in candidates:
        speaker = resolve_name(words, resolve) if how == "name" else _resolve_leading(words, resolve)
        if speaker:
            found.append(FoundQuote(speaker, text))
    return found


def paragraphs(body: str) -> list[str]:
    """The prose paragraphs of a Markdown body, each on one line; headings and code left out."""
    result: list[str] = []
    current: list[str] = []
    fenced = False
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            current = _flush(current, result)
            continue
        if fenced or line.startswith(("    ", "\t")) and not current:
            continue
        if stripped.startswith(">"):  # block quotes: keep their text
            stripped = _BLOCK_QUOTE.sub("", stripped)
        if not stripped or stripped.startswith("#"):
            current = _flush(current, result)
            continue
        if stripped[0] in _LIST_MARKS and (item := _LIST_ITEM.match(stripped)):
            current = _flush(current, result)  # a list item starts a new paragraph
            stripped = stripped[item.end() :]
        current.append(stripped)
    _flush(current, result)
    return result


def _flush(lines: list[str], into: list[str]) -> list[str]:
    if lines:
        into.append(" ".join(lines))
    return []


def clean_text(text: str) -> str:
    """The quoted words as readers see them: Markdown removed, a trailing comma dropped."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = " ".join(text.replace("\\", "").split())
    return text.rstrip(",").strip()


def _phrase_before(sentence: str) -> str:
    """Shape 3: ``Milley said: “…”``; the name phrase is the end of the clause before the verb."""
    match = BEFORE_QUOTE.search(sentence)
    return _last_clause(match.group("speaker")) if match else ""


def _last_clause(text: str) -> str:
    """The text after the last comma, colon, quotation mark or sentence end; an apposition
    between a name and its verb is passed over ("Kaja Kallas, the prime minister, said")."""
    words = text.strip().rstrip(",").split()
    starts = [0]
    for index, word in enumerate(words):
        if word[-1:] in '“”"' or (
            word[-1:] in ",;:" or (word[-1:] in ".!?" and not _ABBREVIATION.match(word))
        ):
            starts.append(index + 1)
    start = starts[-1]
    if len(starts) > 1 and start < len(words) and words[start] in _APPOSITION_STARTS:
        before = starts[-2]
        if words[start - 1].endswith(",") and words[before][:1].isupper():
            return " ".join(words[before:start]).rstrip(",")
    return " ".join(words[start:])


def _words(phrase: str) -> list[str]:
    return phrase.replace("\u00a0", " ").split()


def _sentence_words(phrase: str) -> list[str]:
    """The words of ``phrase`` up to the first comma or sentence end (abbreviations do not end it)."""
    words = []
    for word in _words(phrase):
        words.append(word)
        if word[-1:] in ",.!?" and not _ABBREVIATION.match(word):
            break
    return words


def resolve_name(words: Sequence[str], resolve: Resolve) -> str | None:
    """The figure the whole phrase names, allowing leading titles to be dropped."""
    words = [_bare(w) for w in words]
    if not words or len(words) > 8:
        return None
    for start in range(len(words)):
        if start and not _droppable(words[start - 1]):
            return None
        if figure := resolve(" ".join(words[start:])):
            return figure
    return None


def _resolve_leading(words: Sequence[str], resolve: Resolve) -> str | None:
    """Shape 2: the longest run of words at the start of the phrase that names a figure."""
    words = [_bare(w) for w in words[:10]]
    for end in range(len(words), 0, -1):
        following = words[end] if end < len(words) else ""
        if following[:1].isupper() or following.casefold() in _PROXIES:
            continue  # the name goes on, or names someone speaking for the figure
        if figure := resolve_name(words[:end], resolve):
            return figure
    return None


def _bare(word: str) -> str:
    """A word without the punctuation after it; abbreviations keep their dot ("Gen.")."""
    if word[-1:] not in _TOKEN_END or _ABBREVIATION.match(word):
        return word
    return word.rstrip(_TOKEN_END)


def _droppable(word: str) -> bool:
    """Titles in front of a name: capitalised words, and "of" inside them."""
    return word[:1].isupper() or word in _CONNECTORS
