"""A draft headline and summary from a story's lede: its first sentence, trimmed by rules.

The headline keeps the lede's subject, verb and object: asides between commas
or dashes, times ("early on Wednesday", "on Jan. 3"), a leading clause ("After
hours of talks,") and what follows a clause's end are dropped, and a sentence
still too long is cut before a preposition or conjunction, never inside a
phrase. The summary is the whole first sentence without the dateline, cut at a
clause's end only when it is long, so that it stands alone.
"""

from __future__ import annotations

import re

from generator.markup.mentions import sentences
from generator.markup.quotes import SPEAKING_VERBS
from generator.wire.namewords import HONORIFICS, ORGANIZATION_WORDS, TITLE_WORDS, TITLES

HEADLINE_WORDS = 12
_NAME_CLUTTER = frozenset(TITLE_WORDS) | HONORIFICS
_INITIAL = re.compile(r"^[A-Z]\.$")
SUMMARY_WORDS = 40
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TIMES = re.compile(
    rf"\s*,?\s*\b(?:(?:early|late)\s+)?(?:on\s+|this\s+|last\s+)?(?:(?:early|late)\s+)?"
    rf"(?:{_DAY}(?:\s+(?:morning|afternoon|evening|night))?|{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)\b"
    r"|\s+(?:on|in)\s+(?:the\s+)?(?:morning|evening|night|afternoon)\b"
    r"|\s+(?:earlier|later)\s+(?:today|this\s+week)\b|\s+(?:overnight|today|yesterday)\b"
    r"|\s+(?:this|last)\s+(?:week|month|year)\b"
)
# A clause after a comma that is no part of the main one: "..., firing missiles", "..., which ...".
_TRAILING_CLAUSE = re.compile(
    r",\s+(?:\w+ing|which|who|where|when|as|after|before|while|saying|according|but|and|in a|in an|"
    r"(?:\w+\s+)?(?:hours?|days?|weeks?|months?|years?)\s+(?:after|before|since|later|earlier)|"
    r"the\s+\w+\s+said|officials said|a\s+\w+\s+said)\b.*$"
    r"|\s*;.*$|\s+[—–]\s.*$|\s+--\s.*$"
)
# Asides: ", chairman of the board," and "(Reuters)" and "— a rare move —".
_PARENTHESES = re.compile(r"\s*\([^)]*\)|\s+[—–][^—–]{1,120}[—–](?=\s)")
_APPOSITION = re.compile(r",\s+(?:the|a|an|who|which|whose|[a-z]+\s+of|\w+'s|\w+’s)\b[^,]{1,100},")
# Who said it, after the news: "..., the Atomic Energy Organization of Iran said, adding ...".
_ATTRIBUTION = re.compile(rf",\s+[^,]{{1,100}}?\s(?:{'|'.join(SPEAKING_VERBS)})\b(?:,.*)?[.!?]?$")
# Words after which a word in -ing is a noun ("the bombing"), not a clause ("sources showing").
_DETERMINERS = frozenset("a an the its their his her this that these those".split())
_LEADING_CLAUSE = re.compile(
    r"^(?:In|On|At|After|Before|During|As|While|Despite|Following|Amid|With|Hours|Days|Weeks|Speaking|"
    r"Less|More|Just|Only|Late|Early|Once|When|Since|For|Under|Two|Three)\b[^,]{0,120},\s+"
)
# Words a headline may be cut before: a new phrase starts there.
_PHRASE_STARTS = frozenset(
    "in on at to for with from by near after before during as while amid over under against into "
    "and but because since despite following than that who which where when".split()
)
_OPEN_ENDED = frozenset({"response", "retaliation", "protest", "addition", "support", "search"})
# Prepositions that start what qualifies a subject: "an attack [on a camp]", "the strike [near Baghdad]".
_QUALIFIERS = frozenset("at on in near for with from by over under against into inside outside".split())
# Titles that name an office held by a person, not a body: "President", not "Treasury".
_HEAD_TITLES = frozenset(
    "President Minister Secretary Secretary-General Undersecretary Governor Mayor Speaker Senator "
    "Representative Ayatollah Sheikh Imam Cleric Pope King Queen Prince Princess Emir Sultan Chancellor "
    "Ambassador Envoy Spokesman Spokeswoman Premier Leader General Admiral Colonel Commander".split()
)
_COMPARATIVES = frozenset({"more", "less", "fewer", "rather", "other"})
# Verbs in the past tense that do not end in -ed, as ledes use them.
_PAST_TENSES = frozenset(
    "met won struck seized hit shot fled began sent held took gave made led fell rose ran left brought "
    "drew fought bought sold spoke broke stood set cut put told said kept paid found lost sank".split()
)
# Words a headline does not end on.
_DANGLING = frozenset(
    "a an the and or but of to in on at for with by from as that which who whose its their his her "
    "is are was were be been has had have will would not than into over about against while when where "
    "said says after before closer nearer further more less".split()
)


def first_sentence(lede: str) -> str:
    """The lede's first sentence, without the dateline it starts with."""
    spans = sentences(lede)
    start, end = spans[0]
    for _, later_end in spans[1:]:
        last = lede[start:end].split()[-1:]
        if not last or last[0] not in _NAME_CLUTTER:
            break
        end = later_end  # "Brig. Gen. Amir Ali Hajizadeh": a title's dot ends no sentence
    return " ".join(lede[start:end].split())


def headline(sentence: str) -> str:
    """A headline from a lede's first sentence: short, and never cut inside a phrase."""
    text = _PARENTHESES.sub("", sentence)
    text = _ATTRIBUTION.sub("", text)
    text = _APPOSITION.sub("", text)
    text = _TIMES.sub("", text)
    text = _LEADING_CLAUSE.sub("", text)
    text = _TRAILING_CLAUSE.sub("", text)
    words = _tightened(text.rstrip(".!?").split())
    if len(words) > 3 and words[0] in ("A", "An", "The"):
        words = words[1:]  # headlines go without; and the word counts against the length
    if len(words) > HEADLINE_WORDS:
        words = _untitled(words)
    if len(words) > HEADLINE_WORDS:
        words = _subject_shortened(words)
    if len(words) > HEADLINE_WORDS:
        cuts = [i for i in range(4, HEADLINE_WORDS + 1) if _phrase_starts(words, i)]
        cuts += [i + 1 for i in range(3, HEADLINE_WORDS) if words[i].endswith((",", ":"))]
        words = words[: max(cuts)] if cuts else words[:HEADLINE_WORDS]
    while len(words) > 1:
        last = words[-1].lower().strip(".,;:")
        participle = last.endswith("ing") and words[-1].islower() and words[-2].lower() not in _DETERMINERS
        if last in _DANGLING or (participle and len(words) > 4):
            words.pop()  # "... from several sources showing"
        elif len(words) > 3 and words[-2].lower() == "in" and words[-1] in _OPEN_ENDED:
            del words[-2:]  # "in response" without "to what"
        else:
            break
    if len(words) > 2 and words[0] in ("A", "An", "The"):
        words = words[1:]
    title = _balanced(" ".join(words).rstrip(".,;:!?—–-\"“”’' "))
    return title[:1].upper() + title[1:]


def _untitled(words: list[str]) -> list[str]:
    """Headline style for a long one: a person's name without the title before it ("President
    Donald Trump" is "Donald Trump", "Secretary of State Mike Pompeo" is "Mike Pompeo"); an
    organisation keeps its words ("Treasury Department", "the Security Council")."""
    kept: list[str] = []
    i = 0
    while i < len(words):
        end = i
        while end < len(words) and (words[end] in TITLES or (end > i and words[end] == "of")):
            end += 1
        run, name = words[i:end], words[end : end + 2]
        person = (
            len(name) == 2
            and all(w[:1].isupper() and w not in TITLES and w not in ORGANIZATION_WORDS for w in name)
            and any(w in _HEAD_TITLES for w in run)
            and run[-1] != "of"
        )
        kept += [] if person else run
        kept += words[end : end + 1]
        i = end + 1
    return kept


def _phrase_starts(words: list[str], i: int) -> bool:
    """Whether a phrase starts at ``words[i]`` (not "than" in "more than 100")."""
    word = words[i].lower()
    return word in _PHRASE_STARTS and not (word == "than" and words[i - 1].lower() in _COMPARATIVES)


def _verb(words: list[str]) -> int | None:
    """Where the main verb of a headline-to-be seems to be: its first word after the first
    that reads as a verb in the past tense ("killed", "said", "met")."""
    for i, word in enumerate(words[1:], 1):
        if word.islower() and (word.endswith("ed") or word in _PAST_TENSES or word in SPEAKING_VERBS):
            return i
    return None


def _subject_shortened(words: list[str]) -> list[str]:
    """A subject too long to leave room for the verb, shortened: first without the place it
    is in ("in Gaza", "in central Yemen"), then without what qualifies it ("an attack [on a
    military camp] killed ..."), so that the headline says who did what."""
    verb = _verb(words)
    if verb is None:
        return words
    places = [
        i
        for i in range(1, verb)
        if words[i] == "in"
        and any(w[:1].isupper() for w in words[i + 1 : i + 3])
        and all(w[:1].isupper() or w.islower() and w not in _PHRASE_STARTS for w in words[i + 1 : verb])
    ]
    if places:
        words, verb = words[: places[0]] + words[verb:], places[0]
    if len(words) <= HEADLINE_WORDS or any(
        _phrase_starts(words, i) for i in range(verb + 2, HEADLINE_WORDS + 1)
    ):
        return words
    qualifier = next((i for i in range(2, verb) if words[i] in _QUALIFIERS), None)
    return words[:qualifier] + words[verb:] if qualifier is not None else words


def _tightened(words: list[str]) -> list[str]:
    """Headline style: no ranks, initials or "Jr." in a name, no "that" after "said" or "told X"."""
    kept: list[str] = []
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if word in _NAME_CLUTTER and following[:1].isupper() or _INITIAL.match(word):
            continue
        if word.rstrip(",") in ("Jr.", "Sr.") and kept:
            kept[-1] += "," if word.endswith(",") else ""
            continue
        if word == "that" and (
            (kept and kept[-1] in SPEAKING_VERBS) or (len(kept) > 1 and kept[-2] in SPEAKING_VERBS)
        ):
            continue
        kept.append(word)
    return kept


def summary(sentence: str) -> str:
    """The first sentence as a summary: whole when short, else cut at a clause's end."""
    words = sentence.split()
    text = sentence
    if len(words) > SUMMARY_WORDS:
        text = _TRAILING_CLAUSE.sub("", sentence)
        if len(text.split()) > SUMMARY_WORDS:
            text = headline(sentence)
    text = _balanced(text.rstrip(" ,;:—–-")).rstrip(" ,;:")
    if text and text[-1] not in '.!?”"':
        text += "."
    return text[:1].upper() + text[1:]


def _balanced(text: str) -> str:
    """Text without a quotation left open by a cut: the quote goes, from its opening mark."""
    if text.count("“") > text.count("”"):
        text = text[: text.rindex("“")].rstrip(" ,:")
    if text.count('"') % 2:
        text = text[: text.rindex('"')].rstrip(" ,:")
    return text
