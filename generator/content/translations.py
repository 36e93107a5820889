"""A dossier in several languages: which article translates which, and each language's records.

An article is in the site's default language unless its file name says otherwise
(``foo.fa.md``) or its front matter does (``lang: fa``). ``foo.fa.md`` translates
``foo.md`` beside it; any article may name the one it translates with
``translation_of:`` (a slug or a file name without ``.md``). Articles joined so
form one group, which holds at most one article per language.

Topics and figures have one identity (one slug) in every language: a profile
``iran.fa.md`` gives the Persian name and text of ``iran``; a language without
a profile of its own shows the default language's.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

from generator.content.records import split_language
from generator.core.models import Article, ContentError, Profile


@dataclass(frozen=True, slots=True)
class Languages:
    """The records of each language, and the groups of articles that translate each other."""

    articles: dict[str, tuple[Article, ...]]  # by language, in the order they were read
    profiles: dict[str, tuple[Profile, ...]]  # by language: its own, or the default language's
    groups: dict[str, str]  # article path -> the path of the first article of its group


Record = TypeVar("Record", bound=Article | Profile)


def language_of(record: Article | Profile, default: str) -> str:
    return record.lang or default


def _as_written(records: Sequence[Record], languages: tuple[str, ...]) -> list[Record]:
    """The records with their language written as site.yaml writes it (``pt-br`` → ``pt-BR``)."""
    written = {lang.lower(): lang for lang in languages}
    return [
        replace(r, lang=written[r.lang]) if r.lang in written and r.lang != written[r.lang] else r
        for r in records
    ]


def split_languages(
    site: Path, articles: tuple[Article, ...], profiles: tuple[Profile, ...], languages: tuple[str, ...]
) -> tuple[Languages, list[ContentError]]:
    """Each language's articles and profiles, and the translation groups; with every problem."""
    default = languages[0]
    articles, profiles = tuple(_as_written(articles, languages)), tuple(_as_written(profiles, languages))
    problems = foreign(site, (*articles, *profiles), languages)
    known = [a for a in articles if language_of(a, default) in languages]
    groups = _groups(site, known, default, problems)
    by_language = {lang: tuple(a for a in known if language_of(a, default) == lang) for lang in languages}
    own = {(p.kind, p.slug, language_of(p, default)): p for p in profiles}
    keys = list(dict.fromkeys((p.kind, p.slug) for p in profiles))  # in the order they were read
    shown = {}
    for lang in languages:
        chosen = [own.get((kind, slug, lang)) or own.get((kind, slug, default)) for kind, slug in keys]
        shown[lang] = tuple(p for p in chosen if p is not None)
    return Languages(by_language, shown, groups), problems


def foreign(
    site: Path, records: Sequence[Article | Profile], languages: tuple[str, ...]
) -> list[ContentError]:
    """An error for each record in a language the site does not have."""
    records = _as_written(records, languages)
    return [
        ContentError(
            record.path,
            field_line(site, record.path, "lang"),
            f"is in `{record.lang}`, not one of the site's languages ({', '.join(languages)}): add it "
            "to `languages:` in site.yaml, or rename the file",
        )
        for record in records
        if language_of(record, languages[0]) not in languages
    ]


def _groups(
    site: Path, articles: list[Article], default: str, problems: list[ContentError]
) -> dict[str, str]:
    """Join each translation to what it translates; report names that lead nowhere and two
    articles of one language in one group."""
    parent = {a.path: a.path for a in articles}

    def root(path: str) -> str:
        while parent[path] != path:
            path = parent[path]
        return path

    by_name: dict[str, list[Article]] = {}
    for article in articles:
        for name in {article.slug, _stem(article.path)}:
            by_name.setdefault(name, []).append(article)
    for article in articles:
        target = _translated(article, by_name, default, site, problems)
        if target is not None:
            low, high = sorted((root(article.path), root(target.path)))
            parent[high] = low
    groups = {a.path: root(a.path) for a in articles}
    members: dict[tuple[str, str], Article] = {}
    for article in articles:
        key = (groups[article.path], language_of(article, default))
        if key not in members:
            members[key] = article
            continue
        # Said where ``translation_of:`` is written, if either says it; a file name's pairing is at line 1.
        first, second = sorted((members[key], article), key=lambda a: bool(a.translation_of))
        problems.append(
            ContentError(
                second.path,
                field_line(site, second.path, "translation_of") or 1,
                f"translates the same article as {first.path}, in the same language ({key[1]}): "
                "one of them must translate another article, or be a translation of none",
            )
        )
    return groups


def _translated(
    article: Article,
    by_name: dict[str, list[Article]],
    default: str,
    site: Path,
    problems: list[ContentError],
) -> Article | None:
    """The article ``article`` translates: named by ``translation_of:``, or ``foo.md`` beside ``foo.fa.md``."""
    lang = language_of(article, default)
    others = [a for a in by_name.get(article.translation_of, ()) if language_of(a, default) != lang]
    if article.translation_of:
        if len(others) == 1:
            return others[0]
        line = field_line(site, article.path, "translation_of")
        if others:
            paths = ", ".join(a.path for a in others)
            message = f"`translation_of: {article.translation_of}` names {len(others)} articles ({paths}): name the file instead"
        else:
            names = sorted(by_name)
            hint = difflib.get_close_matches(article.translation_of, names, n=1)
            fix = (
                f"did you mean `{hint[0]}`?"
                if hint
                else "write the slug or file name (without .md) of the article it translates"
            )
            message = (
                f"`translation_of: {article.translation_of}` is not an article in another language: {fix}"
            )
        problems.append(ContentError(article.path, line, message))
        return None
    path = PurePosixPath(article.path)
    stem, named = split_language(path.stem)
    if not named:
        return None
    original = str(path.with_name(f"{stem}.md"))
    found = [a for a in by_name.get(_stem(original), ()) if a.path == original]
    return found[0] if found else None


def _stem(path: str) -> str:
    """``content/articles/2020/foo.fa.md`` → ``foo.fa``: what ``translation_of:`` may name."""
    return PurePosixPath(path).name.removesuffix(".md")


def field_line(site: Path, path: str, key: str) -> int | None:
    """The line of ``key:`` in the front matter of ``path``, for a message; None when not found."""
    try:
        lines = (site / path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines[1:], 2):
        if line.rstrip() in ("---", "..."):
            return None
        if line.startswith(f"{key}:"):
            return number
    return None
