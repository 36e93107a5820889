"""Read ``content/`` into records, collecting every problem in one pass."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from generator.content.bodies import BodyFacts, body_facts, text_digest
from generator.content.images import is_raster
from generator.content.timeline import TimelineFile, read_timeline
from generator.core.models import (
    Article,
    CacheLost,
    ContentError,
    ContentProblem,
    ImageRef,
    Profile,
    Quote,
    Source,
)
from generator.core.parallel import fork_pool
from generator.core.slugs import RESERVED, is_safe_slug, slugify
from generator.core.yamltext import load_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
MIN_PARALLEL_READS = 1000  # below this many files to read, a process pool costs more than it saves
ARTICLE_FIELDS = (
    "title", "date", "updated", "location", "topics", "figures",
    "summary", "sources", "draft", "slug", "autolink", "quotes", "image",
)  # fmt: skip
PROFILE_FIELDS = ("name", "aliases", "role", "summary", "kind", "image")
IMAGE_FIELDS = ("src", "alt", "caption", "credit")
SUBJECT_FOLDERS = {"topic": "topics", "figure": "figures"}
SAFE_URL_SCHEMES = ("http", "https", "mailto", "ftp")
_LEADING_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")


@dataclass(frozen=True, slots=True)
class Listing:
    """The files below ``content/``, by folder, as (path, label), with the problems met listing them."""

    files: dict[str, list[tuple[str, str]]]  # "articles", "topics", "figures", "static"
    problems: dict[str, list[ContentError]]
    markdown: dict[str, list[tuple[str, str]]]  # the articles and profiles, by folder
    images: tuple[str, ...]  # the labels of the raster images, sorted


class BodyChanged(CacheLost):
    """A body read again is not the one read before: the record read then may be stale too."""


class Bodies(Mapping[str, str]):
    """The Markdown body of each article and profile, by path: those read by this build,
    and the others read again from their files when first asked for (see bodies.py)."""

    def __init__(self, site: Path, texts: dict[str, str], facts: dict[str, BodyFacts]):
        self._site, self._texts, self._facts = site, texts, facts

    def __getitem__(self, path: str) -> str:
        text = self._texts.get(path)
        if text is None:
            facts = self._facts[path]
            _, _, text, _ = read_source(self._site / path, path)
            if text_digest(text) != facts.digest:
                raise BodyChanged(
                    ContentError(
                        path,
                        None,
                        "changed while the site was being built, or kept its size and time "
                        "through an edit: build again (the build cache was cleared)",
                    )
                )
            self._texts[path] = text
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)


@dataclass(frozen=True, slots=True)
class Content:
    """Everything read from ``content/``: records, static files and problems."""

    articles: tuple[Article, ...]
    profiles: tuple[Profile, ...]
    bodies: Bodies  # the Markdown body of each article and profile, by path
    facts: dict[str, BodyFacts]  # what each body holds, by path
    static_files: tuple[str, ...]  # relative to content/static, forward slashes; images left out
    image_files: tuple[str, ...]  # images anywhere below content/, relative to the site
    problems: tuple[ContentError, ...]  # errors and warnings, in file order
    timeline: TimelineFile = TimelineFile()  # key events and eras of content/timeline.yaml
    listing: Listing | None = None  # the files it was read from


# What a file read before gave: path -> (its size, time and inode then, (record, facts of its body),
# its problems).
ReadMemo = dict[str, tuple[tuple, tuple[Article | Profile, BodyFacts] | None, list[ContentError]]]


def load_content(
    site: Path,
    tz: tzinfo,
    folder: str = "content",
    memo: ReadMemo | None = None,
    last: Content | None = None,
    saved: set[str] | None = None,
    jobs: int = 1,
    stats: dict[str, os.stat_result] | None = None,
) -> Content:
    """Read every article, profile and static file below ``site/folder``; over ``jobs``
    worker processes when there are many files to read.

    With ``memo`` (from the build cache), a file whose size, modification time
    and inode are unchanged is not read again (its body is read again only if
    a stage asks for the text, see ``Bodies``); ``memo`` is updated in place.

    A preview that is told which files change may pass ``last``, what this
    function gave before with the same ``memo``, and ``saved``, the labels of
    the Markdown files saved since (no file came or went, no other file
    changed). Then the folders are not listed again, the files are not asked
    for their times, and only the saved files are read.

    ``stats`` holds what was asked of files a moment before (see ``cache.signature``),
    by path: those are not asked again.
    """
    root = site / folder
    if saved is None or last is None or last.listing is None:
        saved, listing = None, _listing(root, site)
    else:
        listing = last.listing
    problems: list[ContentError] = []
    articles: list[Article] = []
    profiles: list[Profile] = []
    texts: dict[str, str] = {}
    facts: dict[str, BodyFacts] = {}
    seen: ReadMemo = {}
    folders = {"articles": (read_article, tz)} | {
        sub: (read_profile, kind) for kind, sub in SUBJECT_FOLDERS.items()
    }
    # Which files must be read: every one, or (with memo) those not as they were.
    known = {
        label: _known(memo, saved, path, label, extra, stats or {})
        for subfolder, (_, extra) in folders.items()
        for path, label in listing.markdown[subfolder]
    }
    todo = [
        (reader, path, label, extra)
        for subfolder, (reader, extra) in folders.items()
        for path, label in listing.markdown[subfolder]
        if known[label][1] is None
    ]
    fresh = dict(zip([label for _, _, label, _ in todo], _read_all(todo, jobs), strict=True))
    for subfolder, (reader, _) in folders.items():
        problems.extend(listing.problems[subfolder])
        for _, label in listing.markdown[subfolder]:
            signature, kept = known[label]
            if kept is None:
                read, found = fresh[label]
                if read is not None:
                    record, body_facts, texts[label] = read
                    before = memo.get(label, (None, None))[1] if memo is not None else None
                    if before and before[0] == record:
                        record = before[0]  # the very record of before: what was made of it is known
                    read = (record, body_facts)
                kept = (signature, read, found)
            if signature is not None:
                seen[label] = kept
            problems.extend(kept[2])
            if kept[1] is not None:
                record, facts[label] = kept[1]
                (articles if reader is read_article else profiles).append(record)
    if memo is not None:  # forget files that are gone
        memo.clear()
        memo.update(seen)
    timeline, timeline_problems = read_timeline(site, folder)
    problems.extend(timeline_problems)
    problems.extend(listing.problems["static"])
    static_root = f"{folder}/static/"
    static = [
        label[len(static_root) :]
        for path, label in listing.files["static"]
        if not (name := os.path.basename(path)).startswith(".") and not is_raster(name)
    ]
    return Content(
        tuple(articles),
        tuple(profiles),
        Bodies(site, texts, facts),
        facts,
        tuple(static),
        listing.images,
        tuple(problems),
        timeline,
        listing,
    )


def _listing(root: Path, site: Path) -> Listing:
    files, problems = {}, {}
    skip = 0 if str(site) == "." else len(os.path.join(site, ""))  # the labels of paths below site
    for subfolder in ("articles", *SUBJECT_FOLDERS.values(), "static"):
        problems[subfolder] = []
        files[subfolder] = [
            (path, path[skip:].replace(os.sep, "/"))
            for path in _files(root / subfolder, site, problems[subfolder])
        ]
    markdown = {folder: _markdown(files[folder]) for folder in ("articles", *SUBJECT_FOLDERS.values())}
    return Listing(
        files, problems, markdown, _image_files([e for entries in files.values() for e in entries])
    )


def _image_files(entries: list[tuple[str, str]]) -> tuple[str, ...]:
    """The raster images among the listed files: published only after processing, never as they are.

    Links among them were already reported by the listings; here they are skipped.
    """
    found = [
        label
        for path, label in entries
        if is_raster(name := os.path.basename(path)) and not name.startswith(".") and not os.path.islink(path)
    ]
    return tuple(sorted(found))


def _known(
    memo: ReadMemo | None,
    saved: set[str] | None,
    path: str,
    label: str,
    extra,
    stats: dict[str, os.stat_result],
) -> tuple[tuple | None, tuple | None]:
    """The file's signature (its size, time and inode; None when not asked), and what
    ``memo`` remembers of it when that still holds, else None: the file must be read.

    With ``saved`` (see ``load_content``), a file remembered and not saved is
    taken as unchanged without asking, and a saved one is read again even if
    its size and time are as remembered (two saves within one clock tick).
    """
    if memo is None:
        return None, None
    remembered = memo.get(label)
    again = saved is not None and label in saved
    if saved is not None and not again and remembered is not None:
        return remembered[0], remembered
    try:
        info = stats.get(path) or os.stat(path)
    except OSError:  # reading it will say what is wrong
        return None, None
    signature = (info.st_size, info.st_mtime_ns, info.st_ino, str(extra))
    if remembered and remembered[0] == signature and not again:
        return signature, remembered
    return signature, None


def _read_all(files: list[tuple], jobs: int) -> list[tuple[tuple | None, list[ContentError]]]:
    """Each file's (record, facts of its body, body), None when it cannot be read, and its
    problems; over a process pool when there are enough files to pay for it."""
    if jobs > 1 and len(files) >= MIN_PARALLEL_READS:
        with fork_pool(jobs) as pool:
            return list(pool.map(_read_one, files, chunksize=max(1, len(files) // (8 * jobs))))
    return [_read_one(file) for file in files]


def _read_one(file: tuple) -> tuple[tuple | None, list[ContentError]]:
    reader, path, label, extra = file
    found: list[ContentError] = []
    read = _read(reader, path, label, found, extra)
    if read is None:
        return None, found
    record, body = read
    return (record, body_facts(label, body, record.body_line), body), found


def _read(reader, path: str, label: str, problems: list[ContentError], extra):
    """Run one reader; a file that cannot be read at all adds its one problem."""
    try:
        return reader(Path(path), label, extra, problems)
    except ContentProblem as problem:
        problems.append(problem.error)
        return None


def _label(path: Path, site: Path) -> str:
    return path.relative_to(site).as_posix()


def _files(folder: Path, site: Path, problems: list[ContentError]) -> list[str]:
    """Every regular file below ``folder``: each folder's files by name, then its subfolders.

    Links that leave ``site`` or lead nowhere are refused, links to folders are not
    followed, and pipes, sockets and devices are no content. A folder's listing
    tells most of this without asking the system about each file.
    """
    if not folder.is_dir():
        return []
    site_real = site.resolve()
    found: list[str] = []
    pending = [str(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # a folder that cannot be listed holds nothing we can read
        subfolders = []
        for entry in entries:
            if entry.is_symlink():
                path = Path(entry.path)
                if _links_to_folder(entry):
                    problems.append(
                        ContentError(
                            _label(path, site),
                            None,
                            "is a link to a folder; links to folders are not followed",
                            True,
                        )
                    )
                elif _leads_into(path, site_real):
                    found.append(entry.path)
                else:
                    problems.append(
                        ContentError(
                            _label(path, site),
                            None,
                            "is a link that leads outside the site or nowhere; replace it with the file itself",
                        )
                    )
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                found.append(entry.path)
            else:
                # Reading a named pipe would wait forever; a socket or a device is no content either.
                problems.append(
                    ContentError(
                        _label(Path(entry.path), site),
                        None,
                        "is not a regular file (a pipe, socket or device); remove it",
                    )
                )
        pending.extend(reversed(subfolders))  # the first subfolder is listed next
    return found


def _links_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a loop of links
        return False


def _leads_into(link: Path, site_real: Path) -> bool:
    """Whether a link leads to a regular file inside the site."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop of links, or a link to nothing
        return False
    return target.is_relative_to(site_real) and target.is_file()


def _markdown(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (p, label) for p, label in entries if p.endswith(".md") and not os.path.basename(p).startswith(".")
    ]


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
        seen: set[str] = set()
        for item in items:
            if not isinstance(item, str) or not item.strip():
                self.error(key, f"`{key}` must be a list of names, e.g. `{key}: [Iran, Iraq]`")
                return ()
            name = " ".join(item.split())
            slug = slugify(name)
            if not slug:
                self.error(key, f"`{name}` in `{key}` has no letters or digits to make a page name from")
            elif slug not in seen:
                seen.add(slug)
                names.append(name)
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
    )
    problems.extend(found)
    return None if any(not p.warning for p in found) else (article, body)


def _article_slug(fields: _Fields, path: Path) -> str:
    given = fields.data.get("slug")
    if given is not None:
        text = str(given)
        if not is_safe_slug(text):
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
    slug = slugify(_LEADING_DATE.sub("", path.stem))
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
    slug = slugify(path.stem)
    if not is_safe_slug(slug) or slug != path.stem:
        fields.error(None, f"profile file names are slugs: rename it to `{slug or 'a-name'}.md`")
    entity = fields.text("kind") or "person"
    if entity not in ("person", "organization"):
        fields.error("kind", "`kind` must be `person` or `organization`")
    profile = Profile(
        kind=kind,
        path=label,
        slug=slug,
        name=fields.text("name") or path.stem.replace("-", " ").title(),
        aliases=fields.names("aliases"),
        role=fields.text("role"),
        summary=fields.text("summary"),
        entity=entity,
        image=fields.image(),
        body_line=body_line,
    )
    problems.extend(found)
    return None if any(not p.warning for p in found) else (profile, body)
