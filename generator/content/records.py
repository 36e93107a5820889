"""One Markdown file read into a record: its front matter checked field by field."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time, tzinfo
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit, urlunsplit

from generator.core.models import (
    Article,
    ContentError,
    ContentProblem,
    FieldLines,
    ImageRef,
    Profile,
    Quote,
    Source,
)
from generator.core.romanize import spelling
from generator.core.slugs import RESERVED, is_safe_slug, is_safe_unicode_slug, slugify
from generator.core.yamltext import load_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
ARTICLE_FIELDS = (
    "title", "date", "updated", "location", "topics", "figures",
    "summary", "sources", "draft", "slug", "autolink", "quotes", "image", "lang", "translation_of",
)  # fmt: skip
PROFILE_FIELDS = ("name", "aliases", "role", "summary", "kind", "image", "lang")
IMAGE_FIELDS = ("src", "alt", "caption", "credit")
SAFE_URL_SCHEMES = ("http", "https", "mailto", "ftp")
_LEADING_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
# A translation's file: ``foo.fa.md`` is ``foo.md`` in Persian.
_LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[a-z0-9]{2,8})?)$", re.IGNORECASE)


def split_language(stem: str) -> tuple[str, str]:
    """``"foo.fa"`` → ``("foo", "fa")``; a stem without a language suffix → ``(stem, "")``."""
    found = _LANGUAGE_SUFFIX.match(stem)
    return (found["stem"], found["lang"].lower()) if found else (stem, "")


def name_stem(path: Path | PurePosixPath) -> str:
    """What an article's slug is made from: its file name without a leading date, a language or .md."""
    return _LEADING_DATE.sub("", split_language(path.stem)[0])


def _language(fields: _Fields, path: Path) -> str:
    """The language of a file: its name's suffix (``foo.fa.md``), or ``lang:``; they must agree."""
    named = split_language(path.stem)[1]
    given = fields.text("lang").lower()
    if given and not _LANGUAGE_SUFFIX.match(f"x.{given}"):
        fields.error("lang", f"`lang: {given}` is not a language code such as en, fa or pt-BR")
        return named
    if given and named and given != named:
        fields.error(
            "lang",
            f"`lang: {given}` disagrees with the file name `{path.name}`, which says `{named}`: "
            "drop one of them",
        )
    return given or named


def read_source(path: Path, label: str) -> tuple[dict, dict[str, int], str, int]:
    """The reader contract: a Markdown file in, ``(metadata, key lines, body, body line)`` out."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentProblem(
                ContentError(
                    label,
                    None,
                    f"is {size / 1e6:.1f} MB; files are limited to {MAX_FILE_BYTES // 2**20} MB, split it",
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentProblem(ContentError(label, None, f"cannot be read: {exc.strerror or exc}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentProblem(
            ContentError(label, line, "is not valid UTF-8 text; save the file as UTF-8")
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ContentProblem(ContentError(label, line, "contains a NUL character; remove it"))
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        message = "is empty" if not text.strip() else "does not start with front matter"
        raise ContentProblem(
            ContentError(
                label,
                1,
                f"{message}: begin the file with a line `---`, then `title:` and `date:`, then `---`",
            )
        )
    closing = next((i for i, line in enumerate(lines) if i and line.rstrip() in ("---", "...")), None)
    if closing is None:
        raise ContentProblem(ContentError(label, 1, "front matter is not closed: add a line `---` after it"))
    data, key_lines = load_yaml("\n".join(lines[1:closing]), label, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentProblem(
            ContentError(label, 2, f"front matter must be `key: value` lines, not a {_yaml_kind(data)}")
        )
    body = "\n".join(lines[closing + 1 :])
    return data, key_lines, body, closing + 2


def _yaml_kind(value: object) -> str:
    return "list" if isinstance(value, list) else "single value"


class _Fields:
    """Typed access to one file's front matter; every problem lands in ``problems``."""

    def __init__(self, data: dict, lines: dict[str, int], label: str, problems: list[ContentError]):
        self.data, self.lines, self.label, self.problems = data, lines, label, problems

    def error(self, key: str | None, message: str, warning: bool = False) -> None:
        self.problems.append(ContentError(self.label, self.lines.get(key, 1) if key else 1, message, warning))

    def check_known(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                fix = f"did you mean `{hint[0]}`?" if hint else f"known fields: {', '.join(allowed)}"
                self.error(str(key), f"unknown field `{key}`: {fix}")

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"`{key}` is required: add `{key}: ...` to the front matter")
            return ""
        if not isinstance(value, str):
            self.error(key, f"`{key}` must be text; put the value in quotes")
            return ""
        return " ".join(value.split())

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.error(key, f"`{key}` must be true or false")
        return None

    def names(self, key: str) -> tuple[str, ...]:
        """A list of names (``[Iran, Iraq]``); one name alone is accepted too."""
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        names: list[str] = []
        seen: dict[str, str] = {}  # slug -> the name kept
        for item in items:
            if not isinstance(item, str) or not item.strip():
                self.error(key, f"`{key}` must be a list of names, e.g. `{key}: [Iran, Iraq]`")
                return ()
            name = " ".join(item.split())
            slug = slugify(name)
            if not slug:
                self.error(key, f"`{name}` in `{key}` has no letters or digits to make a page name from")
            elif slug not in seen:
                seen[slug] = name
                names.append(name)
            elif key != "aliases" and spelling(name) and spelling(seen[slug]) not in ("", spelling(name)):
                self.error(
                    key,
                    f"`{seen[slug]}` and `{name}` in `{key}` are spelled differently but make the same "
                    f"page name `{slug}`: tell them apart with another word",
                )
        return tuple(names)

    def image(self, key: str = "image") -> ImageRef | None:
        """``image: path`` or ``image: {src, alt, caption, credit}``; the file is checked later."""
        value = self.data.get(key)
        if value is None:
            return None
        line = self.lines.get(key, 1)
        if isinstance(value, str):
            value = {"src": value}
        if not isinstance(value, dict):
            self.error(key, f"`{key}` must be a path, or `{{src: ..., alt: ..., caption: ..., credit: ...}}`")
            return None
        for name in value:
            if name not in IMAGE_FIELDS:
                hint = difflib.get_close_matches(str(name), IMAGE_FIELDS, n=1)
                fix = f"did you mean `{hint[0]}`?" if hint else f"known fields: {', '.join(IMAGE_FIELDS)}"
                self.error(key, f"unknown field `{name}` in `{key}`: {fix}")
        texts = {}
        for name in IMAGE_FIELDS:
            item = value.get(name)
            if item is not None and not isinstance(item, str):
                self.error(key, f"`{name}` of `{key}` must be text; put the value in quotes")
                item = None
            texts[name] = " ".join(item.split()) if item is not None else None
        if not texts["src"]:
            self.error(key, f"`{key}` needs a path: `{key}: images/map.png` or `{key}: {{src: ...}}`")
            return None
        if texts["alt"] is None:
            self.error(
                key,
                f"`{key}` has no alt text: describe the picture for readers who cannot see it, "
                f"`{key}: {{src: {texts['src']}, alt: ...}}`",
                warning=True,
            )
        return ImageRef(
            src=texts["src"],
            alt=texts["alt"],
            caption=texts["caption"] or "",
            credit=texts["credit"] or "",
            line=line,
        )

    def moment(self, key: str, tz: tzinfo, required: bool = False) -> tuple[datetime | None, bool]:
        """A date or date-time; a bare date means midnight of that day in ``tz``."""
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"`{key}` is required: add `{key}: 2020-01-03`")
            return None, False
        try:
            return parse_moment(str(value), tz)
        except ValueError:
            self.error(
                key,
                f"`{key}: {value}` is not a valid date: write YYYY-MM-DD (e.g. 2020-01-03) or 2020-01-03T09:30:00+03:00",
            )
            return None, False


def parse_moment(text: str, tz: tzinfo) -> tuple[datetime, bool]:
    """Parse an ISO date or date-time; return an aware datetime and whether a time was given."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text)
        if day.year < 1:
            raise ValueError(text)
        return datetime.combine(day, time(0), tz), False
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
        raise ValueError(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment, True


def read_article(
    path: Path, label: str, tz: tzinfo, problems: list[ContentError]
) -> tuple[Article, str] | None:
    """Read one article and its body; its problems go to ``problems``, and an article with errors is None.

    Raises ContentProblem when the file cannot be read as front matter at all.
    """
    data, lines, body, body_line = read_source(path, label)
    found: list[ContentError] = []
    fields = _Fields(data, lines, label, found)
    fields.check_known(ARTICLE_FIELDS)
    title = fields.text("title", required=True)
    moment, has_time = fields.moment("date", tz, required=True)
    updated, _ = fields.moment("updated", tz)
    topics = fields.names("topics")
    if not topics and "topics" not in data:
        fields.error("title", "has no topics: add `topics: [...]` so readers can find it", warning=True)
    slug = _article_slug(fields, path)
    article = Article(
        path=label,
        slug=slug,
        title=title,
        date=moment or datetime(1970, 1, 1, tzinfo=tz),
        has_time=has_time,
        updated=updated,
        location=fields.text("location"),
        topics=topics,
        figures=fields.names("figures"),
        summary=fields.text("summary"),
        sources=_sources(fields),
        draft=bool(fields.flag("draft")),
        autolink=fields.flag("autolink"),
        image=fields.image(),
        quotes=_quotes(fields),
        body_line=body_line,
        lang=_language(fields, path),
        translation_of=fields.text("translation_of"),
    )
    problems.extend(found)
    return None if any(not p.warning for p in found) else (article, body)


def _article_slug(fields: _Fields, path: Path) -> str:
    given = fields.data.get("slug")
    if given is not None:
        text = str(given)
        if not is_safe_slug(text) and not is_safe_unicode_slug(text):
            suggestion = slugify(text)
            fix = (
                f"use `slug: {suggestion}`"
                if is_safe_slug(suggestion)
                else "use lowercase letters, digits and hyphens"
            )
            reason = (
                "is a reserved name"
                if text in RESERVED
                else "may only hold lowercase letters, digits and hyphens"
            )
            fields.error("slug", f"`slug: {text}` {reason}: {fix}")
        return text
    slug = slugify(name_stem(path))
    if not is_safe_slug(slug):
        fields.error(None, f"cannot make a URL slug from the file name `{path.name}`: add `slug: ...`")
    return slug


# Characters a URL may hold as they are; anything else is percent-encoded (``%`` keeps existing escapes).
_URL_SAFE = "/%:@!$&'()*+,;=~?"


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def web_address(url: str) -> str | None:
    """``url`` with spaces, quotes and other characters a link may not hold percent-encoded.

    Editors paste addresses as a browser shows them; the page must carry them
    the way the HTML standard allows. None when the host cannot be a host name.
    """
    try:
        parts = urlsplit(url)
        host = parts.netloc.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    if parts.scheme.lower() != "mailto" and (not host or any(c in host for c in ' "<>\\^`{|}')):
        return None
    return urlunsplit(
        (
            parts.scheme,
            host,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def _sources(fields: _Fields) -> tuple[Source, ...]:
    value = fields.data.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    sources = []
    for item in value:
        if isinstance(item, str):
            name, url = "", item
        elif (
            isinstance(item, dict)
            and isinstance(item.get("name", ""), str)
            and isinstance(item.get("url", ""), str)
        ):
            name, url = item.get("name") or "", item.get("url") or ""
        else:
            fields.error("sources", "each source must be `{name: ..., url: https://...}` or a URL")
            continue
        url = url.strip()
        if url and _scheme(url) not in SAFE_URL_SCHEMES:
            fields.error("sources", f"source URL `{url[:60]}` must start with https:// or http://")
            continue
        address = web_address(url) if url else ""
        if address is None:
            fields.error("sources", f"source URL `{url[:60]}` is not a valid web address")
            continue
        if not name and not url:
            fields.error("sources", "a source needs a `name` or a `url`")
            continue
        sources.append(Source(" ".join(name.split()) or urlsplit(url).netloc or url, address))
    return tuple(sources)


def _quotes(fields: _Fields) -> tuple[Quote, ...] | None:
    """``quotes:`` replaces the quotations found in the body; ``quotes: []`` means none."""
    if "quotes" not in fields.data:
        return None
    value = fields.data["quotes"]
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    line = fields.lines.get("quotes", 1)
    found = []
    for number, item in enumerate(value, 1):
        shape = 'write each quote as `- {figure: Name, text: "The words"}`'
        if not isinstance(item, dict):
            fields.error("quotes", f"`quotes` item {number} is not a figure and a text: {shape}")
            continue
        if unknown := sorted(str(key) for key in item if key not in ("figure", "text")):
            fields.error("quotes", f"`quotes` item {number} has unknown key `{unknown[0]}`: {shape}")
            continue
        figure, text = item.get("figure"), item.get("text")
        if not isinstance(figure, str) or not figure.strip():
            fields.error("quotes", f"`quotes` item {number} needs `figure:`, the name of who said it")
        elif not isinstance(text, str) or not text.strip():
            fields.error("quotes", f"`quotes` item {number} needs `text:`, the words in quotation marks")
        else:
            found.append(Quote(" ".join(figure.split()), " ".join(text.split()), line))
    return tuple(found)


def read_profile(
    path: Path, label: str, kind: str, problems: list[ContentError]
) -> tuple[Profile, str] | None:
    """Read a topic or figure profile and its body; the file name is its slug."""
    data, lines, body, body_line = read_source(path, label)
    found: list[ContentError] = []
    fields = _Fields(data, lines, label, found)
    fields.check_known(PROFILE_FIELDS)
    stem, suffix = split_language(path.stem)
    slug = slugify(stem)
    if not is_safe_slug(slug) or slug != stem:
        fields.error(
            None,
            f"profile file names are slugs: rename it to `{slug or 'a-name'}{'.' + suffix if suffix else ''}.md`",
        )
    entity = fields.text("kind") or "person"
    if entity not in ("person", "organization"):
        fields.error("kind", "`kind` must be `person` or `organization`")
    profile = Profile(
        kind=kind,
        path=label,
        slug=slug,
        name=fields.text("name") or stem.replace("-", " ").title(),
        aliases=fields.names("aliases"),
        role=fields.text("role"),
        summary=fields.text("summary"),
        entity=entity,
        image=fields.image(),
        body_line=body_line,
        lang=_language(fields, path),
        field_lines=FieldLines(tuple(lines.items())),
    )
    problems.extend(found)
    return None if any(not p.warning for p in found) else (profile, body)
