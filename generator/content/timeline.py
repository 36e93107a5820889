"""Key events and eras: read ``content/timeline.yaml`` and tie its entries to the dossier.

Reading (``read_timeline``) checks everything that the file alone can tell:
fields, titles, dates. Linking (``link_timeline``) runs once the dossier is
built and checks what needs it: that each ``article`` is a published article
and each figure a known one. Both report ``path:line`` problems for every bad
entry, so the editor can fix them all in one pass.

Dates are written the way a newsroom knows them: ``2019``, ``2019-12``,
``2019-12-27``, or a range ``2019-12-27/2020-01-03`` (ISO 8601 interval
notation, each side as precise as the editor knows). They are shown as
written, never expanded to a made-up day, and a partial date sorts at the start
of its period: ``2020-01`` comes before ``2020-01-01``'s articles.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.models import Article, ContentError, ContentProblem, Subject
from generator.core.yamltext import Lines, load_yaml_lines

if TYPE_CHECKING:
    from generator.index.dossier import Dossier

TIMELINE_FILE = "timeline.yaml"
SECTIONS = ("events", "eras")
EVENT_FIELDS = ("date", "title", "article", "figures", "summary")
ERA_FIELDS = ("start", "end", "label")
PRECISIONS = ("year", "month", "day")  # from the widest period to the narrowest
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_HELP = "write 2020, 2020-01, 2020-01-03 or a range such as 2019-12-27/2020-01-03"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day, a month or a year: as much of a date as the editor knows."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return PRECISIONS[(self.month is not None) + (self.day is not None)]

    @property
    def iso(self) -> str:
        """As written: ``2019``, ``2019-12`` or ``2019-12-27``."""
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)

    @property
    def first(self) -> date:
        """The first day of the period: where a partial date sorts."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        """The last day of the period."""
        if self.day is not None:
            return self.first
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True, slots=True)
class When:
    """A partial date, or a range of two (``end`` is None for a single date)."""

    start: PartialDate
    end: PartialDate | None = None

    @property
    def iso(self) -> str:
        return f"{self.start.iso}/{self.end.iso}" if self.end else self.start.iso

    @property
    def last(self) -> date:
        return (self.end or self.start).last

    @property
    def sort_key(self) -> tuple:
        """Start of the period first; at the same start, the wider period first."""
        return (self.start.first, PRECISIONS.index(self.start.precision), self.last)


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """One key event as written in timeline.yaml; ``article`` and ``figures`` not yet resolved."""

    line: int
    when: When
    title: str
    summary: str = ""
    article: str = ""  # an article's slug or source path, as written
    figures: tuple[str, ...] = ()
    article_line: int = 0  # where `article:` and `figures:` are written, for messages
    figures_line: int = 0


@dataclass(frozen=True, slots=True)
class Era:
    """A labelled period of the story; eras may overlap."""

    line: int
    start: PartialDate
    end: PartialDate
    label: str

    @property
    def when(self) -> When:
        return When(self.start, self.end)


@dataclass(frozen=True, slots=True)
class TimelineFile:
    """What timeline.yaml says, checked on its own."""

    path: str = ""  # relative to the site folder; "" when there is no file
    events: tuple[KeyEvent, ...] = ()
    eras: tuple[Era, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkedEvent:
    """A key event with its article and figures found in the dossier."""

    event: KeyEvent
    article: Article | None
    figures: tuple[Subject, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """The dossier's key events and eras, each sorted by date."""

    events: tuple[LinkedEvent, ...] = field(default=())
    eras: tuple[Era, ...] = field(default=())


def parse_partial(text: str) -> PartialDate:
    """``2019``, ``2019-12`` or ``2019-12-27``; raises ValueError for anything else."""
    match = _PARTIAL.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    if year is None or year < 1:
        raise ValueError(text)
    date(year, month or 1, day or 1)  # raises ValueError for month 13 or 30 February
    return PartialDate(year, month, day)


def parse_when(text: str) -> When:
    """A partial date or a range ``start/end``; raises ValueError, also when the end comes first."""
    start, slash, end = str(text).partition("/")
    when = When(parse_partial(start), parse_partial(end) if slash else None)
    if when.end and when.end.last < when.start.first:
        raise ValueError(f"{text} ends before it starts")
    return when


def read_timeline(
    site: Path, folder: str = "content", name: str = TIMELINE_FILE
) -> tuple[TimelineFile, list[ContentError]]:
    """Read ``site/folder/timeline.yaml`` (or ``name``, a language's ``timeline.fa.yaml``) if there
    is one; every bad entry is one problem."""
    path = site / folder / name
    label = f"{folder}/{name}"
    if not path.is_file():
        return TimelineFile(), []
    problems: list[ContentError] = []
    try:
        data, lines = load_yaml_lines(_read_text(path, label), label)
    except ContentProblem as problem:
        return TimelineFile(label), [problem.error]
    if data is None:
        return TimelineFile(label), []
    if not isinstance(data, dict):
        return TimelineFile(label), [
            ContentError(label, 1, "must have an `events:` list and an `eras:` list")
        ]
    _check_known(data, lines, SECTIONS, label, problems)
    events = [
        event
        for item, where in _entries(data, lines, "events", label, problems)
        if (event := _event(item, where, label, problems))
    ]
    eras = [
        era
        for item, where in _entries(data, lines, "eras", label, problems)
        if (era := _era(item, where, label, problems))
    ]
    events.sort(key=lambda e: e.when.sort_key)  # stable: same dates keep the file's order
    eras.sort(key=lambda e: e.when.sort_key)
    return TimelineFile(label, tuple(events), tuple(eras)), problems


def _read_text(path: Path, label: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except OSError as exc:
        raise ContentProblem(ContentError(label, None, f"cannot be read: {exc.strerror}")) from None
    except UnicodeDecodeError:
        raise ContentProblem(ContentError(label, None, "is not valid UTF-8 text; save it as UTF-8")) from None


def _check_known(
    data: dict, lines: Lines, allowed: tuple[str, ...], label: str, problems: list[ContentError]
) -> None:
    for key in data:
        if key not in allowed:
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            fix = f"did you mean `{hint[0]}`?" if hint else f"known fields: {', '.join(allowed)}"
            problems.append(ContentError(label, lines.key(str(key)).line, f"unknown field `{key}`: {fix}"))


def _entries(
    data: dict, lines: Lines, section: str, label: str, problems: list[ContentError]
) -> list[tuple[dict, Lines]]:
    """The mappings of one section, each with its lines; anything else is a problem."""
    items = data.get(section)
    where = lines.key(section)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(ContentError(label, where.line, f"`{section}` must be a list of `- ...` entries"))
        return []
    found = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            found.append((item, where.item(index)))
        else:
            problems.append(
                ContentError(
                    label, where.item(index).line, f"each entry of `{section}` must be `key: value` lines"
                )
            )
    return found


def _text(item: dict, where: Lines, key: str, label: str, problems: list[ContentError]) -> str:
    value = item.get(key)
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        problems.append(ContentError(label, where.key(key).line, f"`{key}` must be text; put it in quotes"))
        return ""
    return " ".join(value.split())


def _event(item: dict, where: Lines, label: str, problems: list[ContentError]) -> KeyEvent | None:
    found: list[ContentError] = []
    _check_known(item, where, EVENT_FIELDS, label, found)
    if item.get("title") is None or item.get("title") == "":
        found.append(ContentError(label, where.line, "this event has no `title`: add `title: ...`"))
    title = _text(item, where, "title", label, found)
    when = _when(item, where, "date", label, found)
    figures = _names(item, where, label, found)
    event = KeyEvent(
        line=where.line,
        when=when or When(PartialDate(1)),
        title=title,
        summary=_text(item, where, "summary", label, found),
        article=_text(item, where, "article", label, found),
        figures=figures,
        article_line=where.key("article").line,
        figures_line=where.key("figures").line,
    )
    problems.extend(found)
    return None if found else event


def _era(item: dict, where: Lines, label: str, problems: list[ContentError]) -> Era | None:
    found: list[ContentError] = []
    _check_known(item, where, ERA_FIELDS, label, found)
    if item.get("label") is None or item.get("label") == "":
        found.append(ContentError(label, where.line, "this era has no `label`: add `label: ...`"))
    text = _text(item, where, "label", label, found)
    start = _when(item, where, "start", label, found, single=True)
    end = _when(item, where, "end", label, found, single=True)
    if start and end and end.start.last < start.start.first:
        found.append(
            ContentError(
                label,
                where.key("end").line,
                f"era `{text}` ends ({end.iso}) before it starts ({start.iso}): swap `start` and `end`",
            )
        )
    problems.extend(found)
    if found or not start or not end:
        return None
    return Era(where.line, start.start, end.start, text)


def _when(
    item: dict, where: Lines, key: str, label: str, problems: list[ContentError], single: bool = False
) -> When | None:
    value = item.get(key)
    line = where.key(key).line
    if value is None or value == "":
        problems.append(ContentError(label, line, f"`{key}` is required: add `{key}: 2020-01-03`"))
        return None
    try:
        when = parse_when(str(value))
    except ValueError:
        help_text = "write 2020, 2020-01 or 2020-01-03" if single else DATE_HELP
        problems.append(ContentError(label, line, f"`{key}: {value}` is not a date: {help_text}"))
        return None
    if single and when.end:
        problems.append(
            ContentError(label, line, f"`{key}` is one date; an era's range is its `start` and `end`")
        )
        return None
    return when


def _names(item: dict, where: Lines, label: str, problems: list[ContentError]) -> tuple[str, ...]:
    value = item.get("figures")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(name, str) and name.strip() for name in items):
        problems.append(
            ContentError(
                label, where.key("figures").line, "`figures` must be a list of names, e.g. `[Trump]`"
            )
        )
        return ()
    return tuple(" ".join(name.split()) for name in items)


def link_timeline(
    file: TimelineFile, dossier: Dossier, every_article: tuple[Article, ...]
) -> tuple[Timeline, list[ContentError]]:
    """Find each event's article and figures; report those that do not exist or are left out.

    Figures are resolved like an article's (names and aliases, any case).
    ``every_article`` includes drafts and future articles: an event whose
    article is left out of this build is still shown, without the link, and
    the editor is warned.
    """
    problems: list[ContentError] = []
    shown = {article.path for article in dossier.articles}
    figure_names = [s.name for s in dossier.subjects["figure"]]
    linked = []
    for event in file.events:
        article = None
        if event.article:
            article = _find_article(event, file.path, every_article, problems)
            if article is not None and article.path not in shown:
                problems.append(
                    ContentError(
                        file.path,
                        event.article_line,
                        f"`article: {event.article}` is left out of this build (a draft or dated in the "
                        "future); the event is shown without its link",
                        warning=True,
                    )
                )
                article = None
        figures: list[Subject] = []
        for name in event.figures:
            subject = dossier.resolve("figure", name)
            if subject is None:
                hint = difflib.get_close_matches(name, figure_names, n=1)
                fix = f"did you mean `{hint[0]}`?" if hint else "name a figure of the dossier's articles"
                problems.append(
                    ContentError(file.path, event.figures_line, f"unknown figure `{name}`: {fix}")
                )
            elif all(subject.slug != known.slug for known in figures):
                figures.append(subject)
        linked.append(LinkedEvent(event, article, tuple(figures)))
    return Timeline(tuple(linked), file.eras), problems


def _find_article(
    event: KeyEvent, label: str, articles: tuple[Article, ...], problems: list[ContentError]
) -> Article | None:
    """The article an event names by slug or by source path (``content/articles/….md``)."""
    wanted = event.article
    if wanted.endswith(".md"):
        path = wanted.removeprefix("./")
        found = [a for a in articles if a.path in (path, f"content/{path}")]
    else:
        found = [a for a in articles if a.slug == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        paths = ", ".join(a.path for a in found)
        message = f"`article: {wanted}` names {len(found)} articles ({paths}): give the source path instead"
    else:
        hint = difflib.get_close_matches(wanted, [a.slug for a in articles], n=1)
        fix = f"did you mean `{hint[0]}`?" if hint else "use the article's slug or its source path"
        message = f"`article: {wanted}` is not an article: {fix}"
    problems.append(ContentError(label, event.article_line, message))
    return None
