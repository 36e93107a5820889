"""``dossier import``: wire copy in plain text to an article file with its front matter.

The wire format: the first word is ``date``, then an ISO date, then the text,
which starts with a dateline in capitals and a dash::

    date 2020-01-03
    BAGHDAD, Iraq — A US drone strike near Baghdad International Airport ...

Paragraphs are separated by blank lines (or, in copy without blank lines, one
paragraph per line). The article keeps the dateline and is written to
``content/articles/YYYY/YYYY-MM-DD-<slug>.md`` (as ``dossier new`` names them); without ``--title`` it gets a headline
made from its first sentence and ``draft: true``, so an editor reviews it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from .content import MAX_FILE_BYTES, parse_moment
from .mentions import MentionTable, sentences
from .slugs import slugify

_HEAD = re.compile(r"\A\s*date\b\s*:?\s*(\S+)", re.IGNORECASE)
_UPPER = "A-ZÀ-ÖØ-Þ"
_DATELINE = re.compile(
    rf"(?P<city>[{_UPPER}][{_UPPER}'’./ -]*?)"  # BAGHDAD, NEW YORK, AL-ASAD AIR BASE, KYIV/TEHRAN
    rf"(?P<region>(?:,\s*[{_UPPER}][\w'’. ]*?)*)"  # , Iraq  (or a date: , Jan. 3)
    r"(?:\s*\([^)\n]*\))?"  # (Reuters)
    r"(?:\s*[—–]\s*|\s*--\s*|\s+-\s+)"  # em dash, en dash, -- or a spaced hyphen
    r"(?=\S)"
)
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d", re.IGNORECASE)
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s)")
_BLOCK_MARK = re.compile(r"^([#>+-])")
HEADLINE_WORDS = 12
# Words a headline does not end on.
_DANGLING = frozenset(
    "a an the and or but of to in on at for with by from as that which who whose its their his her "
    "is are was were be been has had have will would not than into over about against while when where "
    "said says after before".split()
)


class WireError(Exception):
    """The text is not wire copy in the expected format; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class WireStory:
    """One piece of wire copy, read."""

    day: str  # YYYY-MM-DD
    location: str  # from the dateline, title case: "Baghdad, Iraq"
    paragraphs: tuple[str, ...]  # plain text; the first starts with the dateline


def read_wire(text: str) -> WireStory:
    """Read wire copy; raises WireError with a message for the editor."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise WireError("is empty: wire copy starts with `date YYYY-MM-DD`, then the text")
    head = _HEAD.match(text)
    if not head:
        first = text.split()[0][:30]
        raise WireError(
            f"starts with `{first}`, not `date`: wire copy starts with `date YYYY-MM-DD`, then the text"
        )
    day = head.group(1)
    try:
        parse_moment(day, UTC)
    except ValueError:
        raise WireError(
            f"`date {day[:30]}` is not a valid date: write it as YYYY-MM-DD, e.g. 2020-01-03"
        ) from None
    body = text[head.end() :].strip()
    dateline = _DATELINE.match(body)
    if not body:
        raise WireError(f"has a date but no text: write the story after `date {day}`")
    if not dateline:
        start = " ".join(body.split()[:4])
        raise WireError(
            f"the text starts with `{start}`, not a dateline: begin it with the place in capitals "
            "and a dash, e.g. `WASHINGTON — ...` or `BAGHDAD, Iraq — ...`"
        )
    return WireStory(day, _location(dateline), tuple(_paragraphs(body)))


def _location(dateline: re.Match[str]) -> str:
    """The place of a dateline in title case, without a date: "ERBIL, IRAQ, Jan. 8" → "Erbil, Iraq"."""
    parts = [dateline.group("city").strip()]
    parts += [part.strip() for part in dateline.group("region").split(",") if part.strip()]
    kept = [_title_case(part) if part.isupper() else part for part in parts if not _MONTH.match(part)]
    return " ".join(", ".join(kept).split())


def _title_case(place: str) -> str:
    """``AL-ASAD AIR BASE`` → ``Al-Asad Air Base``; ``O'HARE`` → ``O'Hare``."""
    return re.sub(rf"[{_UPPER}]+", lambda m: m.group()[0] + m.group()[1:].lower(), place)


def _paragraphs(body: str) -> list[str]:
    """Paragraphs on one line each: blank lines or indented lines start a new one.

    Copy with no blank line and no indent has one paragraph per line.
    """
    lines = body.split("\n")
    separated = any(not line.strip() for line in lines) or any(line[:1] in (" ", "\t") for line in lines[1:])
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        starts_new = not line.strip() or line[:1] in (" ", "\t") or not separated
        if starts_new and paragraphs[-1]:
            paragraphs.append([])
        if line.strip():
            paragraphs[-1].append(line.strip())
    return [" ".join(" ".join(p).split()) for p in paragraphs if p]


def headline(story: WireStory) -> str:
    """A short headline from the first sentence, without the dateline: a draft for the editor."""
    first = _DATELINE.sub("", story.paragraphs[0], count=1)
    start, end = sentences(first)[0]
    sentence = first[start:end]
    words = sentence.split()
    if len(words) > HEADLINE_WORDS:
        words = words[:HEADLINE_WORDS]
        # A long sentence is cut where a clause ends, if one ends late enough to say something.
        clause_ends = [i for i, word in enumerate(words[:-1]) if word.endswith((",", ";", ":")) and i >= 4]
        if clause_ends:
            words = words[: clause_ends[-1] + 1]
    while len(words) > 1 and words[-1].lower().strip(".,;:") in _DANGLING:
        words.pop()
    title = " ".join(words).rstrip(".,;:!?—–-\"“”’' ")
    return title[:1].upper() + title[1:]


def figures_in(story: WireStory, mentions: MentionTable) -> list[str]:
    """The canonical names of the figures the story mentions, in order of first mention."""
    found: dict[str, str] = {}
    for paragraph in story.paragraphs:
        for mention in mentions.find(paragraph):
            found.setdefault(mention.slug, mentions.name_of(mention.slug))
    return list(found.values())


def article_text(story: WireStory, title: str, figures: list[str], draft: bool) -> str:
    """The article file: front matter with every value quoted safely, then Markdown paragraphs."""
    lines = [
        "---",
        f"title: {_quote(title)}",
        f"date: {story.day}",
        f"location: {_quote(story.location)}",
        f"figures: [{', '.join(_quote(name) for name in figures)}]",
    ]
    if draft:
        lines.append("draft: true")
    lines += ["---", ""]
    body = "\n\n".join(_markdown(paragraph) for paragraph in story.paragraphs)
    return "\n".join(lines) + "\n" + body + "\n"


def article_path(story: WireStory, title: str) -> str:
    """Where the article goes, relative to the site: ``content/articles/YYYY/YYYY-MM-DD-<slug>.md``,
    as ``dossier new`` names it (the date first, so a folder lists the story in order)."""
    slug = slugify(title)
    if not slug:
        raise WireError(
            f"the title `{title}` has no letters or digits to make a file name from: give --title"
        )
    return f"content/articles/{story.day[:4]}/{story.day}-{slug}.md"


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): colons, quotes and # are safe."""
    return json.dumps(value, ensure_ascii=False)


def _markdown(paragraph: str) -> str:
    """Plain text as one Markdown paragraph: characters Markdown would read as marks are escaped."""
    text = _MARKDOWN_INLINE.sub(r"\\\1", paragraph)
    text = _LIST_NUMBER.sub(r"\1\\\2", text)
    return _BLOCK_MARK.sub(r"\\\1", text)


def import_wire(text: str, site: Path, mentions: MentionTable, title: str | None, force: bool) -> str:
    """Write one piece of wire copy as an article; return its path relative to ``site``.

    Raises WireError (nothing written) when the text is not wire copy or the file exists.
    """
    story = read_wire(text)
    headline_text = title.strip() if title and title.strip() else headline(story)
    relative = article_path(story, headline_text)
    path = site / relative
    if path.exists() and not force:
        raise WireError(f"{relative} already exists: give another --title, or --force to replace it")
    content = article_text(story, headline_text, figures_in(story, mentions), draft=not title)
    if (size := len(content.encode("utf-8"))) > MAX_FILE_BYTES:  # the build would refuse it
        raise WireError(
            f"makes an article of {size / 1e6:.1f} MB; articles are limited to "
            f"{MAX_FILE_BYTES // 2**20} MB: split the copy into several stories"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return relative
