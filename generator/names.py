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

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import namewords as W
from .mentions import MentionTable, sentences
from .quotes import SPEAKING_VERBS, attribute, quote_candidates
from .slugs import slugify

_TOKEN = re.compile(r"\S+")
_OPENING = "“\"‘'(["
_CLOSING = ",;:!?”\"’')]"
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]+$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_SPEAKS_AFTER = re.compile(r"^\s+(?:" + "|".join(SPEAKING_VERBS) + r")\b")
_SPEAKS_BEFORE = re.compile(r"\b(?:" + "|".join(SPEAKING_VERBS) + r")\s+$")
_DEFINED = re.compile(r"^\s*(?:\(|,\s*(?:or|known as)\s+(?:the\s+)?)(?P<acronym>[A-Z][A-Z&]{1,9})\b\)?")
_SEGMENT_END = re.compile(r"[,;:(“\"—–]|\s-\s|\s--\s")
_POSSESSIVE = ("'s", "’s")
_PARTIES = frozenset({"Republican", "Democrat", "Conservative", "Liberal", "Independent", "Socialist"})
_JOINERS = W.CONNECTORS | W.PARTICLES  # lower-case words that may stand inside a name
_MAY_NAME = (
    r"[“\"‘'(\[]*(?:[A-ZÀ-ÖØ-Þ]|(?:" + "|".join(sorted(_JOINERS)) + r")(?![^\s,;:.!?”\"’')\]])|[a-z]+-)\S*"
)
_STRETCH = re.compile(rf"(?<!\S){_MAY_NAME}(?:\s+{_MAY_NAME})*")
_IN_NAMES = frozenset({"People", "Workers", "Women", "Veterans"})  # "Tigray People's Liberation Front"
_WHO = re.compile(r",\s+who\b")  # "Nicolás Maduro, who was sworn in": a person
_PLACE_AFTER = re.compile(
    r"\s+(?:air\s+)?(?:base|airport|airfield|province|region|district|governorate|city|town|village|"
    r"border|crossing|camp|compound|area|neighborhood|neighbourhood|square|street|oil\s+field)s?\b"
)
_RANK_MODIFIERS = frozenset({"Lance", "Rear", "Vice", "Staff", "Master", "First"})
_ORIGIN = re.compile(r"\s+of\s+(?:[A-Z][\w'’.-]*\s)*[A-Z][\w'’.-]*(?=,)")
MAX_ROLE_WORDS = 12


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


@dataclass(frozen=True, slots=True)
class _Word:
    text: str  # without punctuation around it, a possessive removed
    start: int
    end: int
    opens: bool  # a quotation mark or bracket before it
    closes: bool  # punctuation after it ends the run
    sentence_start: bool


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
        for run in _runs(text, spans):
            for part in _split(run):
                _classify(part, text, paragraphs[index], spans, index, found, singles)
    excluded = set(exclude)
    return _finish(found, singles, texts, excluded)


def _mask(text: str, known: MentionTable | None) -> str:
    """The text with every known figure's mention blanked out (offsets kept)."""
    if known is None:
        return text
    chars = list(text)
    for mention in known.find(text):
        chars[mention.start : mention.end] = "\x00" * (mention.end - mention.start)
    return "".join(chars)


def _runs(text: str, spans: list[tuple[int, int]]) -> list[list[_Word]]:
    """Runs of capitalised words (with the small words allowed inside names) within one sentence."""
    starts = {start for start, _ in spans}
    ends = sorted(end for _, end in spans)
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    sentence_end = 0
    # Only words that may be part of a name are looked at one by one: a word between two such
    # stretches ends a run, and most words of a text are such words.
    for stretch in _STRETCH.finditer(text):
        current = _close(current, runs) if current else current
        for match in _TOKEN.finditer(text, stretch.start(), stretch.end()):
            raw, start = match.group(), match.start()
            first = start in starts
            if first or start > sentence_end:
                if not (current and _keeps_dot(current[-1].text) and current[-1].text.endswith(".")):
                    current = _close(current, runs)  # a title's dot ends no sentence: "Lance Cpl. Juan"
                after = bisect.bisect_right(ends, start)
                sentence_end = ends[after] if after < len(ends) else len(text)
            current = _take(raw, start, first, current, runs)
    _close(current, runs)
    return runs


def _take(raw: str, start: int, first: bool, current: list[_Word], runs: list[list[_Word]]) -> list[_Word]:
    """Add a word to the run, or close the run; the run as it is now."""
    core = raw.lstrip(_OPENING)
    opens = core != raw
    core_start = start + len(raw) - len(core)
    stripped = core.rstrip(_CLOSING)
    closes = stripped != core
    if stripped.endswith(".") and not _keeps_dot(stripped):
        stripped, closes = stripped[:-1], True
    possessive = stripped.endswith(_POSSESSIVE) and stripped[:-2] not in _IN_NAMES
    if possessive:
        stripped, closes = stripped[:-2], True
    word = _Word(stripped, core_start, core_start + len(stripped), opens, closes, first or opens)
    if opens:
        current = _close(current, runs)
    if not _may_join(word, current):
        return _close(current, runs)
    current.append(word)
    if closes:
        current = _close(current, runs)
    return current


def _keeps_dot(word: str) -> bool:
    return (
        bool(_INITIAL.match(word))
        or word in W.TITLES
        or word in W.TITLE_WORDS
        or word in W.SUFFIXES
        or ("." in word[:-1] and bool(_ACRONYM.match(word)))
    )


def _close(current: list[_Word], runs: list[list[_Word]]) -> list[_Word]:
    while current and (current[-1].text in W.CONNECTORS or current[-1].text in W.PARTICLES):
        current.pop()
    if current:
        runs.append(current)
    return []


def _may_join(word: _Word, current: list[_Word]) -> bool:
    text = word.text
    if not text or "\x00" in text or text in W.DAYS_AND_MONTHS:
        return False
    if text in W.STOPWORDS and (word.sentence_start or not current):
        return False
    if text in W.CONNECTORS or text in W.PARTICLES:
        return bool(current)
    return _is_capital(text) or bool(_ACRONYM.match(text))


def _is_capital(text: str) -> bool:
    if text.lower().startswith(W.NAME_PREFIXES):
        rest = text.split("-", 1)[1]
        return rest[:1].isupper()
    return text[:1].isupper() and (any(c.islower() for c in text) or bool(_INITIAL.match(text)))


def _split(run: list[_Word]) -> list[list[_Word]]:
    """A run cut at "and", and at "of", "the", "for" unless what comes before is a title or an
    organisation's word: "Secretary of State X" and "Ministry of Foreign Affairs" stay whole."""
    parts: list[list[_Word]] = [[]]
    for word in run:
        if word.text == "and":
            parts.append([])
            continue
        if word.text in W.CONNECTORS and parts[-1]:
            before = parts[-1][-1].text
            joined = before in W.CONNECTORS or before in W.TITLES or before in W.ORGANIZATION_WORDS
            joined = joined or before in W.PLACE_WORDS or _title_like(before)
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


def _title_like(word: str) -> bool:
    return any(piece in W.TITLES for piece in word.split("-"))


def _is_name_word(text: str) -> bool:
    if text in W.PARTICLES or _INITIAL.match(text) or text in W.SUFFIXES:
        return True
    if _ACRONYM.match(text) or not _is_capital(text):
        return False
    if text in W.GIVEN_NAMES and text not in W.TITLES:  # "Christian Lindner", "Jordan Peterson"
        return True
    if _title_like(text):
        return False
    return not (
        text in W.ORGANIZATION_WORDS
        or text in W.ROLE_TAIL
        or text in W.NATIONALITIES
        or text in W.PLACE_WORDS
        or text in W.STOPWORDS
    )


def _classify(
    part: list[_Word],
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
    if not name or (placed and any(w in W.ORGANIZATION_WORDS for w in prefix)):
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
    titles = [w for w in prefix if w in W.TITLES or w in W.TITLE_WORDS or _title_like(w)]
    if len(name) == 1 or all(_INITIAL.match(w) or w in W.SUFFIXES for w in name[1:]):
        role = _apposition(original, spans, end)
        if (titles or role) and name[0] not in W.PLACES:
            singles.append((" ".join(name), " ".join(prefix) if titles else "", role))
        return
    if part[cut].sentence_start and name[0] in W.STOPWORDS:
        return
    if origin := _ORIGIN.match(text, end):  # "Sen. Jack Reed of Rhode Island, the ranking Democrat,"
        end = origin.end()
    role = _role_before(original, start) or _apposition(original, spans, end)
    titled = not role
    role = role or _title_role(prefix)
    evidence = bool(titles) or bool(role) or _has_name_marks(name) or name[0] in W.GIVEN_NAMES
    evidence = evidence or bool(_SPEAKS_AFTER.match(text[end:]) or _SPEAKS_BEFORE.search(text[:start]))
    evidence = evidence or bool(_WHO.match(text, end))
    entry = found.get(key)
    if entry is None:
        entry = found[key] = _Found(name, "person", role, index, start, sentence, titled=titled)
    if role and (not entry.role or (entry.titled and not titled)):
        entry.role, entry.titled = role, titled
    entry.evidence = entry.evidence or evidence
    entry.forms.add(key)


def _organization(part, text, original, spans, index, found, named: bool = False) -> None:
    words = [w.text for w in part]
    while words and (words[0] in W.STOPWORDS or words[0] in W.CONNECTORS):
        words, part = words[1:], part[1:]
    if not words or not (named or any(w in W.ORGANIZATION_WORDS for w in words)):
        return
    if len(words) <= 2 and text[: part[0].start].rstrip().endswith(_POSSESSIVE):
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
    if rest and all(w in W.PLACES or _ACRONYM.match(w) for w in rest):
        return  # "Iraq Command", "U.S. Army"
    key = " ".join(words)
    end = part[-1].end
    entry = found.get(key)
    if entry is None:
        sentence = _sentence_of(original, spans, part[0].start)
        entry = found[key] = _Found(words, "organization", "", index, part[0].start, sentence, evidence=True)
    entry.forms.add(key)
    entry.role = entry.role or _apposition(original, spans, end)
    if defined := _DEFINED.match(text[end:]):
        entry.forms.add("=" + defined.group("acronym"))


def _has_name_marks(name: list[str]) -> bool:
    return any(
        w in W.PARTICLES or _INITIAL.match(w) or w in W.SUFFIXES or w.lower().startswith(W.NAME_PREFIXES)
        for w in name
    )


def _sentence_of(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    start, end = _span_of(spans, offset, len(text))
    return " ".join(text[start:end].replace("\x00", "").split())


def _span_of(spans: list[tuple[int, int]], offset: int, length: int) -> tuple[int, int]:
    """The sentence holding ``offset`` (spans are in order)."""
    index = bisect.bisect_right(spans, (offset, length + 1)) - 1
    return spans[index] if index >= 0 else (0, length)


def _apposition(text: str, spans: list[tuple[int, int]], end: int) -> str:
    """The role in ``Name, chairman of the board,``: the words after the comma, if they are one."""
    sentence_end = _span_of(spans, end, len(text))[1]
    position = end
    for _ in range(2):  # an age first: "Ali Hassan, 34, a shopkeeper,"
        rest = text[position:sentence_end]
        if not rest.startswith(","):
            return ""
        stop = _SEGMENT_END.search(rest, 1)
        segment = rest[1 : stop.start() if stop else len(rest)]
        if not segment.strip().isdigit():
            break
        position += stop.start() if stop else len(rest)
    if not stop and segment.rstrip().endswith("."):
        segment = segment.rstrip()
        if not _keeps_dot(segment.split()[-1]):
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
        and not (first.endswith(_POSSESSIVE) or _title_like(first.rstrip(".")))
        and not (first in W.NATIONALITIES and len(words) > 1)
    ):
        return ""
    plain = not words or not any(w[:1].islower() or _title_like(w) for w in words)
    if plain and not (article and (words[-1] in _PARTIES or words[-1].lower() in W.ROLE_NOUNS)):
        return ""  # "an Arkansas Republican" is a role; "Omar Said and", "a Sunni" are not
    return " ".join(words)


def _role_before(text: str, start: int) -> str:
    """The role in ``Shiite cleric Moqtada al-Sadr``: lower-case role words just before the name."""
    words = text[max(0, start - 80) : start].split()
    if not words or words[-1].lower().strip(",") not in W.ROLE_NOUNS:
        return ""
    if words[-1].endswith(","):  # "A PMF spokesman, Ahmed al-Asadi, said"
        return _role_before_comma(text[max(0, start - 120) : start])
    role: list[str] = []
    for word in reversed(words):
        if word[-1:] in _CLOSING + "." or len(role) == 4 or word.lower() in ("the", "a", "an", "by", "of"):
            break
        if word[:1].isupper() and word not in W.NATIONALITIES and not word.endswith(_POSSESSIVE):
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
    if not articles and first[:1].isupper() and not first.endswith(_POSSESSIVE) and not _ACRONYM.match(first):
        return ""  # "On Friday, Ali Hassan": no role
    return " ".join(words)


def _title_role(prefix: list[str]) -> str:
    """A role from the title before a name: "Maj. Gen." → "Major General"; "Mr." gives none."""
    words = [w for w in prefix if w not in W.HONORIFICS]
    ranks = [w for w in words if w in W.TITLE_WORDS]
    office = [w for w in words if w not in W.TITLE_WORDS and w not in _RANK_MODIFIERS]
    if ranks and office and not all(w in W.NATIONALITIES for w in office) and words[-1] in W.TITLE_WORDS:
        words = words[: len(words) - len([w for w in reversed(words) if w in W.TITLE_WORDS][:3])]
        while words and words[-1] in W.TITLE_WORDS:
            words.pop()
    if not any(w in W.TITLES or w in W.TITLE_WORDS or _title_like(w) for w in words):
        return ""
    return " ".join(W.TITLE_WORDS.get(w, w) for w in words)


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


def _finish(found: dict[str, _Found], singles, texts, excluded: set[str]) -> list[NewName]:
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
            entry = _Found(word.split(), "person", role or _title_role(title.split()), evidence=True)
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


def _place_first(entry: _Found, texts, word: str) -> None:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    for index, text in enumerate(texts):
        if match := pattern.search(text):
            entry.paragraph, entry.offset = index, match.start()
            entry.sentence = _sentence_of(text, sentences(text), match.start())
            return


def _count(forms: dict[str, _Found], texts) -> dict[int, tuple[int, int]]:
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


def _quotes(forms: dict[str, _Found], texts) -> dict[int, int]:
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
