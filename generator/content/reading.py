"""Read ``content/`` into records, collecting every problem in one pass."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from generator.content.bodies import BodyFacts, body_facts, text_digest
from generator.content.images import is_raster
from generator.content.records import read_article, read_profile, read_source
from generator.content.timeline import TimelineFile, read_timeline
from generator.core.models import (
    Article,
    CacheLost,
    ContentError,
    ContentProblem,
    Profile,
)
from generator.core.parallel import fork_pool

MIN_PARALLEL_READS = 1000  # below this many files to read, a process pool costs more than it saves
SUBJECT_FOLDERS = {"topic": "topics", "figure": "figures"}


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


@dataclass(frozen=True, slots=True)
class SourceRead:
    """The record an article's or profile's file gave, and the facts of its body."""

    record: Article | Profile
    facts: BodyFacts


@dataclass(frozen=True, slots=True)
class Remembered:
    """What reading one file gave, kept for the next build."""

    signature: tuple | None  # its size, time, inode and reader: what makes it the same file
    read: SourceRead | None  # None: it could not be read
    problems: list[ContentError]


ReadMemo = dict[str, Remembered]  # by label


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
    articles, profiles, texts, facts, problems = _read_markdown(listing, tz, memo, saved, jobs, stats or {})
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


def _read_markdown(
    listing: Listing,
    tz: tzinfo,
    memo: ReadMemo | None,
    saved: set[str] | None,
    jobs: int,
    stats: dict[str, os.stat_result],
) -> tuple[list[Article], list[Profile], dict[str, str], dict[str, BodyFacts], list[ContentError]]:
    """The articles and profiles listed, read or (with ``memo``) remembered; the bodies read,
    the facts of every body, and the problems found."""
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
        label: _known(memo, saved, path, label, extra, stats)
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
    for subfolder in folders:
        problems.extend(listing.problems[subfolder])
        for _, label in listing.markdown[subfolder]:
            signature, kept = known[label]
            if kept is None:
                read, found = fresh[label]
                source = None
                if read is not None:
                    record, body_facts, texts[label] = read
                    before = memo[label].read if memo is not None and label in memo else None
                    if before and before.record == record:
                        record = before.record  # the very record of before: what was made of it is known
                    source = SourceRead(record, body_facts)
                kept = Remembered(signature, source, found)
            if signature is not None:
                seen[label] = kept
            problems.extend(kept.problems)
            if kept.read is not None:
                record, facts[label] = kept.read.record, kept.read.facts
                if isinstance(record, Article):
                    articles.append(record)
                else:
                    profiles.append(record)
    if memo is not None:  # forget files that are gone
        memo.clear()
        memo.update(seen)
    return articles, profiles, texts, facts, problems


def _listing(root: Path, site: Path) -> Listing:
    files: dict[str, list[tuple[str, str]]] = {}
    problems: dict[str, list[ContentError]] = {}
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
    extra: tzinfo | str,
    stats: dict[str, os.stat_result],
) -> tuple[tuple | None, Remembered | None]:
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
        return remembered.signature, remembered
    try:
        info = stats.get(path) or os.stat(path)
    except OSError:  # reading it will say what is wrong
        return None, None
    signature = (info.st_size, info.st_mtime_ns, info.st_ino, str(extra))
    if remembered and remembered.signature == signature and not again:
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


def _read(
    reader: Callable[..., tuple[Article | Profile, str] | None],
    path: str,
    label: str,
    problems: list[ContentError],
    extra: tzinfo | str,
) -> tuple[Article | Profile, str] | None:
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
