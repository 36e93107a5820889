"""The records that flow between the stages: plain, immutable values."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

Carried = TypeVar("Carried")

# Topics and figures are two kinds of the same thing; the order here is the
# order in which they are shown and built.
SUBJECT_KINDS = ("topic", "figure")


class OnDemand(Mapping):
    """A read-only table whose every value is made from its source when first asked for:
    a rebuild after an edit reads a few of them, a cold build all."""

    def __init__(self, sources: Mapping, make: Callable):
        self._sources, self._make = sources, make
        self._made: dict = {}

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._made[key]
        except KeyError:
            value = self._made[key] = self._make(self._sources[key])
            return value

    def __iter__(self) -> Iterator:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def source(self, key: Any, default: Any = None) -> Any:
        """What the value of ``key`` is made from (``default`` when there is none), without
        making it."""
        return self._sources.get(key, default)


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem found in the input, reported as ``path:line: message``."""

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.warning else ""
        return printable(f"{where}: {kind}{self.message}")


# Control characters (a terminal's escape sequences among them) that content may carry into a
# message; shown as escapes, so that a file's text can never drive the terminal that shows it.
_CONTROLS: dict[int, str] = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F) if code != 0x09}
_CONTROLS.update({ord("\n"): " ", ord("\r"): " "})
_CONTROLS.update({code: f"\\u{code:04x}" for code in range(0x80, 0xA0)})


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), on one line."""
    return text.translate(_CONTROLS)


class ContentProblem(Exception):
    """Raised inside a stage to carry one ContentError up to where errors are collected."""

    def __init__(self, error: ContentError):
        super().__init__(str(error))
        self.error = error

    def __reduce__(
        self,
    ) -> tuple[type, tuple[ContentError]]:  # raised in a worker process, it reaches the build whole
        return type(self), (self.error,)


class CacheLost(ContentProblem):
    """What the cache held turned out lost or stale during a build: the build starts again without it."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article's facts come from."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image named in front matter (``image:``), as the editor wrote it."""

    src: str  # relative to the source file or to content/static/
    alt: str | None  # None: not given (a warning); "" marks a decorative image
    caption: str = ""
    credit: str = ""
    line: int = 1  # the line of the `image:` field, for errors


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation listed in an article's front matter (``quotes:``), by figure name."""

    figure: str  # a figure's name or alias, as the editor wrote it
    text: str
    line: int  # the line of the ``quotes:`` key, for messages


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as its front matter describes it.

    Its body is kept beside the record, by path (``Content.bodies`` and
    ``.facts``, and the build's HTML by path): an edit to a body leaves the
    record as it was, and so everything indexed from records.
    """

    path: str  # the source file, relative to the site folder, with forward slashes
    slug: str
    title: str
    date: datetime  # always time-zone aware
    has_time: bool  # False when the editor wrote a bare date
    updated: datetime | None
    location: str
    topics: tuple[str, ...]  # names as the editor wrote them
    figures: tuple[str, ...]
    summary: str
    sources: tuple[Source, ...]
    draft: bool
    body_line: int  # line of the file where the body starts
    autolink: bool | None = None  # None: follow site.yaml
    quotes: tuple[Quote, ...] | None = None  # from front matter; None: found in the body
    image: ImageRef | None = None  # the lead image
    lang: str = ""  # its language (``foo.fa.md`` or ``lang: fa``); "": the site's default language
    translation_of: str = ""  # the slug or file stem of the article it translates; "" when none

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.slug, self.path)


@dataclass(frozen=True, slots=True)
class FieldLines:
    """The line each front-matter field of a file is written on, as reading found it."""

    lines: tuple[tuple[str, int], ...] = ()  # (field, line), in the file's order

    def get(self, key: str, default: int | None = None) -> int | None:
        return next((line for name, line in self.lines if name == key), default)

    def __contains__(self, key: object) -> bool:
        return any(name == key for name, _ in self.lines)


@dataclass(frozen=True, slots=True)
class Profile:
    """The optional profile page of a topic or a figure (``content/<kind>s/<slug>.md``)."""

    kind: str  # "topic" or "figure"
    path: str
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    summary: str = ""
    entity: str = "person"  # for figures: "person" or "organization"
    body_line: int = 1
    image: ImageRef | None = None  # portrait of a figure, picture of a topic
    lang: str = ""  # its language (``iran.fa.md``); "": the site's default language
    # Where each field is written, for messages; left out of the repr that page fingerprints hash.
    field_lines: FieldLines = field(default=FieldLines(), repr=False)


@dataclass(frozen=True, slots=True)
class Subject:
    """A topic or a figure: a named subject with the articles about it, oldest first."""

    kind: str  # "topic" or "figure"
    slug: str
    name: str
    profile: Profile | None
    articles: tuple[Article, ...] = field(default=(), repr=False)

    @property
    def summary(self) -> str:
        return self.profile.summary if self.profile else ""

    @property
    def entity(self) -> str:
        """What a figure is, "person" or "organization": a person unless its profile says otherwise."""
        return self.profile.entity if self.profile else "person"


@dataclass(frozen=True, slots=True)
class Route:
    """One output file: where it lives on the site, how it is made and from what."""

    url: str  # site-relative, starts with "/": "/topics/iran/", "/404.html"
    out_path: str  # relative to the output folder, derived from url
    template: str
    kind: str  # "home", "article", "subject", "subject_index", "timeline", "not_found"
    # What the page is about: an article's Article, a subject's or a subject feed's Subject,
    # a subject index's or a data file's name, the sitemap's routes; None for the others.
    subject: Article | Subject | str | tuple[Route, ...] | None = None
    page: int = 1  # for paginated lists: which page
    pages: int = 1

    def carries(self, kind: type[Carried]) -> Carried:
        """``subject``, checked to be the ``kind`` of thing this page kind's routes carry."""
        if not isinstance(self.subject, kind):
            raise TypeError(
                f"{self.url}: a {self.kind} page carries a {kind.__name__}, not a {type(self.subject).__name__}"
            )
        return self.subject
