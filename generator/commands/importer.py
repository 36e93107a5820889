"""``dossier import``: wire copy in plain text to an article file with its front matter.

The wire format: the first word is ``date``, then an ISO date, then the text,
which starts with a dateline in capitals and a dash::

    date 2020-01-03
    BAGHDAD, Iraq — A US drone strike near Baghdad International Airport ...

Paragraphs are separated by blank lines (or, in copy without blank lines, one
paragraph per line). The article keeps the dateline and is written to
``content/articles/YYYY/YYYY-MM-DD-<slug>.md`` (as ``dossier new`` names them); without ``--title`` it gets a headline
made from its first sentence and ``draft: true``, so an editor reviews it.

The draft holds what an editor would otherwise look up: the figures the dossier
knows, the new names the text gives (``names.py``) as a commented block to
uncomment, or, with ``add_figures``, in ``figures`` with a draft profile each; the
topics whose names the text uses, most used first; and a summary from the lede.
Files, folders and files holding several stories are read by ``wirebatch.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path

from generator.commands import new
from generator.content.records import MAX_FILE_BYTES, parse_moment
from generator.core.models import Article, Profile
from generator.core.slugs import is_safe_slug, slugify
from generator.markup.mentions import MentionTable
from generator.wire.lede import first_sentence
from generator.wire.lede import headline as lede_headline
from generator.wire.lede import summary as lede_summary
from generator.wire.names import NewName, find_new_names, known_mentions
from generator.wire.namewords import SUFFIXES

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


class WireError(Exception):
    """The text is not wire copy in the expected format; the message says how to fix it."""

    def __init__(self, message: str, reason: str = "not wire copy"):
        super().__init__(message)
        self.reason = reason  # for the closing summary: "not wire copy", "already exists", ...


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
    """A short headline from the lede's first sentence: a draft for the editor."""
    return lede_headline(first_sentence(_DATELINE.sub("", story.paragraphs[0], count=1)))


def summary(story: WireStory) -> str:
    """The lede's first sentence, without the dateline, shortened to stand alone."""
    return lede_summary(first_sentence(_DATELINE.sub("", story.paragraphs[0], count=1)))


def figures_in(story: WireStory, mentions: MentionTable, shadowed: frozenset[str] = frozenset()) -> list[str]:
    """The canonical names of the figures the story mentions, in order of first mention.

    A figure named only by a short form that a new name of the story has too ("McKenzie",
    after "Kenneth F. McKenzie Jr.") is left out: the story means its own.
    """
    found: dict[str, set[str]] = {}
    for paragraph in story.paragraphs:
        for mention in known_mentions(paragraph, mentions):
            found.setdefault(mention.slug, set()).add(mention.text)
    return [mentions.name_of(slug) for slug, texts in found.items() if not texts <= shadowed]


@dataclass(frozen=True, slots=True)
class TopicNames:
    """Every name and alias of the dossier's topics, with the name its page shows."""

    names: tuple[tuple[str, str], ...]  # (name or alias, the topic's name), longest first
    slugs: frozenset[str]  # every topic's slug and its aliases' slugs

    def used_in(self, paragraphs: tuple[str, ...]) -> list[str]:
        """The topics the text names, most used first, then in order of first use."""
        if not self.names:
            return []
        forms = {name.casefold(): topic for name, topic in self.names}
        pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(name) for name, _ in self.names) + r")(?![\w-])",
            re.IGNORECASE,
        )
        counts: dict[str, list[int]] = {}
        for index, paragraph in enumerate(paragraphs):
            for match in pattern.finditer(paragraph):
                tally = counts.setdefault(forms[match.group().casefold()], [0, index, match.start()])
                tally[0] -= 1
        return [topic for topic, _ in sorted(counts.items(), key=lambda item: item[1])]


def topic_names(articles: Sequence[Article], profiles: Sequence[Profile]) -> TopicNames:
    """The topic table from the profiles' names and aliases and the articles' ``topics``: what
    import looks for in a story, and the names ``dossier check`` does not take for new figures."""
    canonical: dict[str, str] = {}
    forms: dict[str, str] = {}
    for profile in sorted((p for p in profiles if p.kind == "topic"), key=lambda p: p.path):
        canonical.setdefault(profile.slug, profile.name)
        for name in (profile.name, *profile.aliases):
            forms.setdefault(name, profile.slug)
    for article in sorted(articles, key=lambda a: a.sort_key):
        for name in article.topics:
            slug = slugify(name)
            canonical.setdefault(slug, name)
            forms.setdefault(name, slug)
    names = sorted(
        ((name, canonical[slug]) for name, slug in forms.items() if re.search(r"\w", name)),
        key=lambda item: (-len(item[0]), item[0]),
    )
    return TopicNames(tuple(names), frozenset(slugify(name) for name in forms))


@dataclass(frozen=True, slots=True)
class Draft:
    """What import proposes for one story, for the editor to review."""

    title: str
    figures: tuple[str, ...]  # known figures, then the new ones added with ``--add-figures``
    candidates: tuple[NewName, ...]  # new names not added: written as comments
    topics: tuple[str, ...]
    summary: str
    draft: bool


def article_text(story: WireStory, draft: Draft) -> str:
    """The article file: front matter with every value quoted safely, then Markdown paragraphs."""
    lines = [
        "---",
        f"title: {_quote(draft.title)}",
        f"date: {story.day}",
        f"location: {_quote(story.location)}",
    ]
    if draft.summary:
        lines.append(f"summary: {_quote(draft.summary)}")
    lines.append(f"topics: [{', '.join(_quote(name) for name in draft.topics)}]")
    if draft.figures or draft.candidates:
        lines.append("figures:")
        lines += [f"- {_quote(name)}" for name in draft.figures]
    else:
        lines.append("figures: []")
    if draft.candidates:
        lines.append("# New names in the text that no figure answers to: uncomment those to list,")
        lines.append("# or import with --add-figures to list them all and draft their profiles.")
        lines += [f"# - {_quote(name.name)}  # {describe(name)}" for name in draft.candidates]
    if draft.draft:
        lines.append("draft: true")
    lines += ["---", ""]
    body = "\n\n".join(_markdown(paragraph) for paragraph in story.paragraphs)
    return "\n".join(lines) + "\n" + body + "\n"


def describe(name: NewName) -> str:
    """``person, commander of U.S. Central Command; 4 mentions, quoted twice``."""
    what = f"{name.kind}, {name.role}" if name.role else name.kind
    times = {1: "once", 2: "twice"}
    mentions = f"{name.count} mention{'s' if name.count != 1 else ''}"
    quoted = f", quoted {times.get(name.quotes, f'{name.quotes} times')}" if name.quotes else ""
    return " ".join(f"{what}; {mentions}{quoted}".split())


def profile_text(name: NewName, article: str) -> str:
    """A draft profile of a new figure: name, kind, role and the short forms as aliases."""
    lines = ["---", f"name: {_quote(name.name)}", f"kind: {name.kind}"]
    if name.role:
        lines.append(f"role: {_quote(name.role)}")
    if name.aliases:
        lines.append(f"aliases: [{', '.join(_quote(alias) for alias in name.aliases)}]")
    lines.append(f"# Drafted by `dossier import` from {article}: check the name, role and aliases,")
    lines.append("# and write a short biography below.")
    lines += ["---", ""]
    return "\n".join(lines)


def article_path(story: WireStory, title: str) -> str:
    """Where the article goes, relative to the site: ``content/articles/YYYY/YYYY-MM-DD-<slug>.md``,
    as ``dossier new`` names it (the date first, so a folder lists the story in order)."""
    try:
        return new.article_path(Path(), title, story.day).as_posix()
    except new.NewError:
        raise WireError(
            f"the title `{title}` has no letters or digits to make a file name from: give --title"
        ) from None


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): colons, quotes and # are safe."""
    return json.dumps(value, ensure_ascii=False)


def _markdown(paragraph: str) -> str:
    """Plain text as one Markdown paragraph: characters Markdown would read as marks are escaped."""
    text = _MARKDOWN_INLINE.sub(r"\\\1", paragraph)
    text = _LIST_NUMBER.sub(r"\1\\\2", text)
    return _BLOCK_MARK.sub(r"\\\1", text)


@dataclass(frozen=True, slots=True)
class Imported:
    """One article written, with the figure profiles drafted for it."""

    path: str  # relative to the site
    draft: bool
    profiles: tuple[str, ...] = ()  # written, relative to the site
    kept: tuple[str, ...] = ()  # profiles that existed already and were left as they were
    candidates: int = 0  # new names left as comments


def import_wire(
    text: str,
    site: Path,
    mentions: MentionTable,
    title: str | None,
    force: bool,
    topics: TopicNames | None = None,
    add_figures: bool = False,
) -> Imported:
    """Write one piece of wire copy as an article, and with ``add_figures`` a profile per new name.

    Raises WireError (nothing written) when the text is not wire copy or the file exists.
    """
    story = read_wire(text)
    _refuse_too_long(len(text.encode("utf-8")))  # before reading names in it: that takes time
    topics = topics or TopicNames((), frozenset())
    headline_text = title.strip() if title and title.strip() else headline(story)
    relative = article_path(story, headline_text)
    path = site / relative
    if path.exists() and not force:
        raise WireError(
            f"{relative} already exists: give another --title, or --force to replace it", "already exists"
        )
    new = [
        name
        for name in find_new_names(story.paragraphs, mentions, topics.slugs)
        if is_safe_slug(slugify(name.name))
    ]
    shadowed = frozenset(
        next((w for w in reversed(name.name.split()) if w not in SUFFIXES), name.name)
        for name in new
        if name.kind == "person"
    )
    known = figures_in(story, mentions, shadowed)
    added = new if add_figures else []
    draft = Draft(
        title=headline_text,
        figures=tuple(known + [name.name for name in added]),
        candidates=tuple(name for name in new if name not in added),
        topics=tuple(topics.used_in(story.paragraphs)),
        summary=summary(story),
        draft=not title,
    )
    content = article_text(story, draft)
    _refuse_too_long(len(content.encode("utf-8")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    written, kept = [], []
    for name in added:
        profile = f"content/figures/{slugify(name.name)}.md"
        target = site / profile
        if target.exists():
            kept.append(profile)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        safe = name if not name.aliases else _without_known_aliases(name, mentions, topics)
        target.write_text(profile_text(safe, relative), encoding="utf-8")
        written.append(profile)
    return Imported(relative, draft.draft, tuple(written), tuple(kept), len(draft.candidates))


def _refuse_too_long(size: int) -> None:
    if size > MAX_FILE_BYTES:  # the build would refuse the article
        raise WireError(
            f"makes an article of {size / 1e6:.1f} MB or more; articles are limited to "
            f"{MAX_FILE_BYTES // 2**20} MB: split the copy into several stories",
            "too long",
        )


def _without_known_aliases(name: NewName, mentions: MentionTable, topics: TopicNames) -> NewName:
    """The name with no alias that a known figure or topic answers to (that would be a collision)."""
    taken = {slugify(form) for form, _ in mentions.names} | topics.slugs
    aliases = tuple(alias for alias in name.aliases if slugify(alias) and slugify(alias) not in taken)
    return replace(name, aliases=aliases)
