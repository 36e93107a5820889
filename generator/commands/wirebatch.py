"""``dossier import`` of many stories: files, folders, and files holding several stories.

A wire feed separates stories the way this reads them: each starts with its
`date` line after a form feed, or after a line of its own (a blank line, or a
line of marks such as ``---``, ``-30-`` or ``ENDS``). Each story is imported by
``importer.import_wire``; the figures drafted for one are known to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.commands.importer import Imported, WireError, import_wire, topic_names
from generator.content.reading import Content
from generator.content.records import read_profile
from generator.markup.mentions import grown_table, mention_table

# A story's first line in a file of several: `date` and a date, after a line of its own.
_STORY_START = re.compile(r"^[ \t]*date\b[ \t]*:?[ \t]*\d{4}-\d\d-\d\d", re.IGNORECASE)
# A line of its own between stories: blank, or marks only ("---", "####", "-30-", "ENDS").
_SEPARATOR = re.compile(r"^\s*(?:[-=*#_~+.]*|-?30-|\(?ENDS?\)?|\(MORE\))\s*$")


def split_stories(text: str) -> list[tuple[int, str]]:
    """The stories of a file and the line each starts on; one story when nothing separates them."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stories: list[tuple[int, list[str]]] = [(1, [])]
    has_text = False
    for number, line in enumerate(lines, 1):
        if "\f" in line:
            before, _, after = line.rpartition("\f")
            stories[-1][1].append(before.replace("\f", ""))
            stories.append((number, [after]))
            has_text = bool(after.strip())
            continue
        previous = stories[-1][1]
        if has_text and previous and _SEPARATOR.match(previous[-1]) and _STORY_START.match(line):
            stories.append((number, [line]))
            continue
        previous.append(line)
        has_text = has_text or bool(line.strip())
    found = []
    for number, story in stories:
        while story and _SEPARATOR.match(story[-1]):
            story.pop()  # the separator before the next story
        while story and not story[0].strip():
            story, number = story[1:], number + 1
        if story:
            found.append((number, "\n".join(story) + "\n"))
    return found or [(1, text)]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one story of a batch."""

    label: str  # "wire.txt", or "wire.txt:12" for a story of a file holding several
    imported: Imported | None = None
    error: str = ""
    reason: str = ""  # why it was skipped, for the closing summary


def wire_files(paths: tuple[Path, ...]) -> list[Path]:
    """The files named, and every file in the folders named (hidden ones left out), in order."""
    found: list[Path] = []
    for path in paths:
        if str(path) != "-" and path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def import_batch(
    sources: list[tuple[str, str | OSError | UnicodeDecodeError]],
    site: Path,
    content: Content,
    title: str | None,
    force: bool,
    add_figures: bool,
) -> list[Outcome]:
    """Import every story of every source (a label and its text, or why it could not be read).

    The figures drafted for one story are known to the next, so a name is drafted once.
    """
    articles, profiles = content.articles, list(content.profiles)
    mentions = mention_table(articles, profiles)
    topics = topic_names(articles, content.profiles)
    outcomes: list[Outcome] = []
    for label, text in sources:
        if not isinstance(text, str):
            why = getattr(text, "strerror", None) or str(text)
            outcomes.append(Outcome(label, error=f"{label}: cannot be read: {why}", reason="unreadable"))
            continue
        stories = split_stories(text)
        if title and len(stories) > 1:
            message = f"{label}: holds {len(stories)} stories, and --title names one: import them without it"
            outcomes.append(Outcome(label, error=message, reason="one --title for several stories"))
            continue
        for line, story in stories:
            where = f"{label}:{line}" if len(stories) > 1 else label
            try:
                done = import_wire(story, site, mentions, title, force, topics, add_figures)
            except WireError as exc:
                outcomes.append(Outcome(where, error=f"{where}: {exc}", reason=exc.reason))
                continue
            except OSError as exc:  # a folder of the site that cannot be written to
                problem = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
                outcomes.append(
                    Outcome(where, error=f"{where}: cannot be written: {problem}", reason="unwritable")
                )
                continue
            outcomes.append(Outcome(where, imported=done))
            if done.profiles:
                problems: list = []
                for profile in done.profiles:
                    if read := read_profile(site / profile, profile, "figure", problems):
                        profiles.append(read[0])
                mentions = grown_table(mentions, articles, profiles)
    return outcomes


def batch_summary(outcomes: list[Outcome]) -> str:
    """``Imported 3 of 4 stories: 3 created (2 figure profiles drafted); 1 skipped (1 already exists).``"""
    created = [o.imported for o in outcomes if o.imported]
    skipped: dict[str, int] = {}
    for outcome in outcomes:
        if not outcome.imported:
            skipped[outcome.reason] = skipped.get(outcome.reason, 0) + 1
    profiles = sum(len(done.profiles) for done in created)
    kept = sum(len(done.kept) for done in created)
    text = f"Imported {len(created)} of {len(outcomes)} stor{'y' if len(outcomes) == 1 else 'ies'}"
    extra = []
    if profiles:
        extra.append(f"{profiles} figure profile{'s' if profiles != 1 else ''} drafted")
    if kept:
        extra.append(f"{kept} existing profile{'s' if kept != 1 else ''} kept as they were")
    text += f": {len(created)} created" + (f" ({', '.join(extra)})" if extra else "")
    if skipped:
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items()))
        text += f"; {sum(skipped.values())} skipped ({reasons})"
    return text + "."
