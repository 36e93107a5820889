"""New names in news copy: the people and organisations a text names that no figure answers to.

Rules, not a statistical model: a capitalised run of words is cut at the
titles in front of a name ("Secretary of State", "Maj. Gen."), at "and", and at
"of" unless a title or an organisation's word comes before it; what is left is
a person's name when it has a title, a role in apposition, a speaking verb, a
particle ("bin", "al-"), an initial, a known given name or a later mention by its
last word; an organisation's when it holds a word like Ministry, Council or
Corps. Places, days, months and the words that start sentences are told apart
by the lists in ``namewords.py``. A later "Austin" or "Zarqawi" counts for the
full name; an acronym defined in brackets counts for its organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.core.slugs import slugify
from generator.markup.mentions import Mention, MentionTable, sentences
from generator.markup.quotes import SPEAKING_VERBS, attribute, quote_candidates
from generator.wire import namewords as W
from generator.wire.nameruns import (
    ACRONYM,
    INITIAL,
    POSSESSIVE,
    Word,
    is_capital,
    runs,
    split_run,
    title_like,
)
from generator.wire.roles import apposition, role_before, span_of, title_role

_SPEAKS_AFTER = re.compile(r"\s+(?:" + "|".join(SPEAKING_VERBS) + r")\b")
_SPEAKS_BEFORE = re.compile(r"\b(?:" + "|".join(SPEAKING_VERBS) + r")\s+$")
_DEFINED = re.compile(r"^\s*(?:\(|,\s*(?:or|known as)\s+(?:the\s+)?)(?P<acronym>[A-Z][A-Z&]{1,9})\b\)?")
_WHO = re.compile(r",\s+who\b")  # "Nicolás Maduro, who was sworn in": a person
_PLACE_AFTER = re.compile(
    r"\s+(?:air\s+)?(?:base|airport|airfield|province|region|district|governorate|city|town|village|"
    r"border|crossing|camp|compound|area|neighborhood|neighbourhood|square|street|oil\s+field)s?\b"
)
MAX_SENTENCE = 400  # characters of a sentence quoted with a name
_ORIGIN = re.compile(r"\s+of\s+(?:[A-Z][\w'’.-]*\s)*[A-Z][\w'’.-]*(?=,)")


@dataclass(frozen=True, slots=True)
class NewName:
    """A person or organisation a text names that no figure answers to."""

    name: str  # the fullest form written, without titles: "Kenneth F. McKenzie Jr."
    kind: str  # "person" or "organization"
    role: str  # from an apposition or the title before the name; "" when the text gives none
    count: int  # mentions, short ones ("McKenzie", "PMF") included
    quotes: int  # quotations attributed to them
    aliases: tuple[str, ...]  # the other forms that count for them: "McKenzie", "Gen. McKenzie"
    paragraph: int  # where they are first named: paragraph index and offset in it
    offset: int
    sentence: str  # the sentence that first names them


@dataclass(slots=True)
class _Found:
    words: list[str]
    kind: str
    role: str = ""
    paragraph: int = 0
    offset: int = 0
    sentence: str = ""
    forms: set[str] = field(default_factory=set)  # every full form seen
    evidence: bool = False  # enough to be a person's name without a later short mention
    titled: bool = False  # the role is only the title before the name: an apposition is better


def find_new_names(
    paragraphs: Sequence[str], known: MentionTable | None = None, exclude: Iterable[str] = ()
) -> list[NewName]:
    """The new names of a story (plain-text paragraphs), in the order they first appear.

    ``known`` figures are masked first, so that none of their names or aliases is
    found again; a name whose slug is in ``exclude`` (topics, say) is left out.
    """
    texts = [_mask(text, known) for text in paragraphs]
    found: dict[str, _Found] = {}
    singles: list[tuple[str, str, str]] = []  # (one word, its title, its apposition): "Gen. Miller,"
    for index, text in enumerate(texts):
        spans = sentences(text)
        for run in runs(text, spans):
            for part in split_run(run):
                _classify(part, text, paragraphs[index], spans, index, found, singles)
    excluded = set(exclude)
    if known is not None:  # "Adel Abdul-Mahdi" is "Adel Abdul Mahdi" written another way
        excluded |= {slugify(name) for name, _ in known.names} | {slug for slug, _ in known.canonical}
    return _finish(found, singles, texts, excluded)


def known_mentions(text: str, known: MentionTable) -> list[Mention]:
    """The known figures' mentions in ``text``, but not a one-word name that ends a longer one:
    "McKenzie" in "Kenneth F. McKenzie" is not the figure called "McKenzie" for short."""
    return [mention for mention in known.find(text) if not _ends_longer_name(text, mention)]


def _ends_longer_name(text: str, mention: Mention) -> bool:
    if " " in mention.text:
        return False
    before = text[max(0, mention.start - 40) : mention.start]
    words = before.split()
    if not words or not before.endswith(" ") or before.endswith("  "):
        return False
    word = words[-1]
    return _is_name_word(word) and word not in W.STOPWORDS and not word.endswith(POSSESSIVE)


def _mask(text: str, known: MentionTable | None) -> str:
    """The text with every known figure's mention blanked out (offsets kept)."""
    if known is None:
        return text
    chars = list(text)
    for mention in known_mentions(text, known):
        chars[mention.start : mention.end] = "\x00" * (mention.end - mention.start)
    return "".join(chars)


def _is_name_word(text: str) -> bool:
    if text in W.PARTICLES or INITIAL.match(text) or text in W.SUFFIXES:
        return True
    if ACRONYM.match(text) or not is_capital(text):
        return False
    if text in W.GIVEN_NAMES and text not in W.TITLES:  # "Christian Lindner", "Jordan Peterson"
        return True
    if title_like(text):
        return False
    return not (
        text in W.ORGANIZATION_WORDS
        or text in W.ROLE_TAIL
        or text in W.NATIONALITIES
        or text in W.PLACE_WORDS
        or text in W.STOPWORDS
    )


def _classify(
    part: list[Word],
    text: str,
    original: str,  # the text before known names were masked: roles may name them
    spans: list[tuple[int, int]],
    index: int,
    found: dict[str, _Found],
    singles: list[tuple[str, str, str]],
) -> None:
    words = [w.text for w in part]
    # The name is the longest run of name words at the end; what is before is its title.
    cut = len(words)
    while cut and _is_name_word(words[cut - 1]):
        cut -= 1
    while cut < len(words) and words[cut] in W.PARTICLES:
        cut += 1
    name, prefix = words[cut:], words[:cut]
    start, end = part[cut].start if name else part[0].start, part[-1].end
    sentence = _sentence_of(original, spans, start)
    # "Transportation Safety Board of Canada": a place after an organisation's word is its part.
    placed = all(w in W.PLACES or w in W.PARTICLES for w in name)
    of_organization = bool(prefix) and prefix[-1] in W.CONNECTORS  # "Ministry of Oil"
    if not name or ((placed or of_organization) and any(w in W.ORGANIZATION_WORDS for w in prefix)):
        _organization(part, text, original, spans, index, found)
        return
    before = text[max(0, part[0].start - 20) : part[0].start].split()
    if before and before[-1] in W.ORGANIZATION_NOUNS and not prefix:  # "the militia Asaib Ahl al-Haq"
        _organization(part, text, original, spans, index, found, named=True)
        return
    if any(w in W.PLACE_WORDS for w in words) or all(w in W.PLACES or w in W.PARTICLES for w in name):
        return
    key = " ".join(name)
    if _PLACE_AFTER.match(original, end):  # "Ain al-Asad air base": a place wherever it is named
        found.setdefault(key, _Found(name, "place")).kind = "place"
        return
    if key in found and found[key].kind == "place":
        return
    titles = [w for w in prefix if w in W.TITLES or w in W.TITLE_WORDS or title_like(w)]
    if len(name) == 1 or all(INITIAL.match(w) or w in W.SUFFIXES for w in name[1:]):
        role = apposition(original, spans, end)
        if text[end : end + 2].lstrip()[:1] == "\x00":
            return  # "Sen. Jake" before a known "Sullivan": the name is longer than this
        if (titles or role) and name[0] not in W.PLACES:
            singles.append((" ".join(name), " ".join(prefix) if titles else "", role))
        return
    if part[cut].sentence_start and name[0] in W.STOPWORDS:
        return
    if origin := _ORIGIN.match(text, end):  # "Sen. Jack Reed of Rhode Island, the ranking Democrat,"
        end = origin.end()
    role = role_before(original, start) or apposition(original, spans, end)
    titled = not role
    role = role or title_role(prefix)
    evidence = bool(titles) or bool(role) or _has_name_marks(name) or name[0] in W.GIVEN_NAMES
    evidence = evidence or bool(
        _SPEAKS_AFTER.match(text, end) or _SPEAKS_BEFORE.search(text[max(0, start - 20) : start])
    )
    evidence = evidence or bool(_WHO.match(text, end))
    entry = found.get(key)
    if entry is None:
        entry = found[key] = _Found(name, "person", role, index, start, sentence, titled=titled)
    if role and (not entry.role or (entry.titled and not titled)):
        entry.role, entry.titled = role, titled
    entry.evidence = entry.evidence or evidence
    entry.forms.add(key)


_NUMBER_WORDS = frozenset({"One", "Two", "Three"})


def _organization(
    part: list[Word],
    text: str,
    original: str,
    spans: list[tuple[int, int]],
    index: int,
    found: dict[str, _Found],
    named: bool = False,
) -> None:
    words = [w.text for w in part]
    while words and (words[0] in W.STOPWORDS or words[0] in W.CONNECTORS):
        words, part = words[1:], part[1:]
    if not words or not (named or any(w in W.ORGANIZATION_WORDS for w in words)):
        return
    if len(words) <= 2 and text[max(0, part[0].start - 8) : part[0].start].rstrip().endswith(POSSESSIVE):
        return  # "Iran's Foreign Ministry": whose, the name does not say
    places = [i for i, w in enumerate(words) if w in W.PLACE_WORDS]
    organizations = [i for i, w in enumerate(words) if w in W.ORGANIZATION_WORDS]
    if places and (not organizations or organizations[0] > places[-1] or places[-1] == len(words) - 1):
        return  # "Baghdad Airport", not "Organization of American States"
    if len(words) <= 2 and all(w in W.GENERIC_ORGANIZATION for w in words):
        return  # "Foreign Ministry", "the Army": no one's name
    rest = [w for w in words if w not in W.ORGANIZATION_WORDS]
    if not rest and not any(w in W.PROPER_ORGANIZATIONS for w in words):
        return  # "the Guards", "Forces": a word, not a name
    if rest and all(w in W.PLACES or ACRONYM.match(w) for w in rest):
        return  # "Iraq Command", "U.S. Army"
    if words[-1] in _NUMBER_WORDS:
        return  # "Air Force One", "Marine One": an aircraft's call sign, not a body
    key = " ".join(words)
    end = part[-1].end
    entry = found.get(key)
    if entry is None:
        sentence = _sentence_of(original, spans, part[0].start)
        entry = found[key] = _Found(words, "organization", "", index, part[0].start, sentence, evidence=True)
    entry.forms.add(key)
    entry.role = entry.role or apposition(original, spans, end)
    if defined := _DEFINED.match(text[end : end + 40]):
        entry.forms.add("=" + defined.group("acronym"))


def _has_name_marks(name: list[str]) -> bool:
    return any(
        w in W.PARTICLES or INITIAL.match(w) or w in W.SUFFIXES or w.lower().startswith(W.NAME_PREFIXES)
        for w in name
    )


def _sentence_of(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    start, end = span_of(spans, offset, len(text))
    if end - start > MAX_SENTENCE:  # copy without full stops: the words around the name
        start, end = max(start, offset - MAX_SENTENCE // 2), min(end, offset + MAX_SENTENCE // 2)
        return "… " + " ".join(text[start:end].replace("\x00", "").split()) + " …"
    return " ".join(text[start:end].replace("\x00", "").split())


def _short_forms(entry: _Found) -> set[str]:
    if entry.kind != "person":
        return {form[1:] for form in entry.forms if form.startswith("=")}
    words = [w for w in entry.words if w not in W.SUFFIXES]
    last = words[-1]
    forms = {last}
    if last.lower().startswith(W.NAME_PREFIXES):
        rest = last.split("-", 1)[1]
        forms.add(rest)
    if len(words) >= 3 and words[-2] in W.PARTICLES:
        forms = {f"{words[-2]} {last}"}
    return forms


def _finish(
    found: dict[str, _Found], singles: list[tuple[str, str, str]], texts: list[str], excluded: set[str]
) -> list[NewName]:
    entries = [entry for entry in found.values() if entry.kind != "place"]
    # A shorter full form ("Kenneth McKenzie") counts for the longer ("Kenneth F. McKenzie Jr.").
    persons = sorted((e for e in entries if e.kind == "person"), key=lambda e: -len(e.words))
    for entry in persons:
        for longer in persons:
            if longer is entry or len(longer.words) <= len(entry.words) or not longer.forms:
                continue
            if entry.words[-1] in longer.words and set(entry.words) <= set(longer.words):
                longer.forms |= entry.forms
                longer.role = longer.role or entry.role
                longer.evidence = longer.evidence or entry.evidence
                if (entry.paragraph, entry.offset) < (longer.paragraph, longer.offset):
                    longer.paragraph, longer.offset, longer.sentence = (
                        entry.paragraph,
                        entry.offset,
                        entry.sentence,
                    )
                entry.forms = set()
                break
    entries = [e for e in entries if e.forms]
    owners: dict[str, list[_Found]] = {}
    for entry in entries:
        for form in _short_forms(entry) | {f for f in entry.forms if not f.startswith("=")}:
            owners.setdefault(form, []).append(entry)
    for word, title, role in singles:
        if len(owners.get(word, ())) == 1:  # "Miller, the last commander,": a role for the full name
            (owner,) = owners[word]
            if role and (not owner.role or owner.titled):
                owner.role, owner.titled = role, False
        elif word not in owners and title and (word not in W.GIVEN_NAMES or " " in word):
            # A title and one word with no full name ("Sheikh Tamim", "King Abdullah II"): a name.
            entry = _Found(word.split(), "person", role or title_role(title.split()), evidence=True)
            entry.forms.add(word)
            entries.append(entry)
            owners[word] = [entry]
            _place_first(entry, texts, word)
    forms = {form: found[0] for form, found in owners.items() if len(found) == 1}
    counts = _count(forms, texts)
    for entry in entries:
        if not entry.evidence and counts.get(id(entry), (0, 0))[1] == 0:
            entry.forms = set()  # two capitalised words, nothing more: not taken for a name
    quotes = _quotes(forms, texts)
    result = []
    for entry in entries:
        if not entry.forms:
            continue
        name = max((f for f in entry.forms if not f.startswith("=")), key=lambda f: (len(f.split()), len(f)))
        if slugify(name) in excluded:
            continue
        aliases = sorted({form for form, owner in forms.items() if owner is entry and form != name})
        result.append(
            NewName(
                name=name,
                kind=entry.kind,
                role=entry.role,
                count=counts.get(id(entry), (0, 0))[0],
                quotes=quotes.get(id(entry), 0),
                aliases=tuple(aliases),
                paragraph=entry.paragraph,
                offset=entry.offset,
                sentence=entry.sentence,
            )
        )
    return sorted(result, key=lambda n: (n.paragraph, n.offset, n.name))


def _place_first(entry: _Found, texts: list[str], word: str) -> None:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    for index, text in enumerate(texts):
        if match := pattern.search(text):
            entry.paragraph, entry.offset = index, match.start()
            entry.sentence = _sentence_of(text, sentences(text), match.start())
            return


def _count(forms: dict[str, _Found], texts: list[str]) -> dict[int, tuple[int, int]]:
    """Mentions of each name: (all, the short ones), the longest form matching first."""
    counts: dict[int, list[int]] = {}
    if not forms:
        return {}
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in ordered) + r")(?![\w-])")
    for text in texts:
        for match in pattern.finditer(text):
            if text[match.start() - 1 : match.start()] == "(":
                continue  # an acronym defined in brackets: the same mention as the name before it
            entry = forms[match.group()]
            tally = counts.setdefault(id(entry), [0, 0])
            tally[0] += 1
            if match.group() not in entry.forms:
                tally[1] += 1
    return {key: (a, b) for key, (a, b) in counts.items()}


def _quotes(forms: dict[str, _Found], texts: list[str]) -> dict[int, int]:
    by_slug = {slugify(form): entry for form, entry in forms.items()}
    body = "\n\n".join(text.replace("\x00", "X") for text in texts)
    counts: dict[int, int] = {}
    for quote in attribute(quote_candidates(body), lambda name: _slug_if(by_slug, name)):
        key = id(by_slug[quote.figure])
        counts[key] = counts.get(key, 0) + 1
    return counts


def _slug_if(table: dict, name: str) -> str | None:
    slug = slugify(name)
    return slug if slug in table else None
