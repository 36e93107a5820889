"""Names spelled differently that one slug would make into one topic or figure.

A topic's or figure's identity is its slug, so ``Iran`` and ``IRAN`` are one topic: case and
accents do not matter. Transliteration loses more than case: ``سد`` (dam) and ``صد``
(hundred) are both ``sd``. Two names whose letters outside the Latin script differ are two
names; when they make one slug, the build stops and says where, instead of merging them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.content.records import read_source
from generator.core.models import SUBJECT_KINDS, Article, ContentError, ContentProblem, Profile
from generator.core.romanize import spelling
from generator.core.slugs import slugify


def spelling_clashes(
    site: Path, articles: Sequence[Article], profiles: Sequence[Profile]
) -> list[ContentError]:
    """One error for each name that shares its slug with a name spelled otherwise, at its first
    occurrence (profiles, then articles, each in path order); the names of one profile agree."""
    first: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {}  # (kind, slug) -> spelling -> where
    owner: dict[tuple[str, str], str] = {}  # (kind, spelling) -> the profile that lists it
    problems: list[ContentError] = []
    for kind, path, field, name in _names(articles, profiles):
        written = spelling(name)
        if not written:
            continue
        slug = slugify(name)
        seen = first.setdefault((kind, slug), {})
        if written in seen:
            continue
        if field in ("name", "aliases"):
            owner[(kind, written)] = path
        others = [
            where
            for other, where in seen.items()
            if not (field in ("name", "aliases") and owner.get((kind, other)) == path)
        ]
        seen[written] = (path, field, name)
        if others:
            other_path, _, other_name = others[0]
            problems.append(
                ContentError(
                    path,
                    _line(site, path, field),
                    f"`{name}` and `{other_name}` ({other_path}) are spelled differently but make the "
                    f"same page name `{slug}`: if they are one {kind}, spell them alike or list one "
                    f"in the {kind}'s `aliases`; if not, tell them apart with another word",
                )
            )
    return problems


def _names(articles: Sequence[Article], profiles: Sequence[Profile]) -> Iterator[tuple[str, str, str, str]]:
    for profile in sorted(profiles, key=lambda p: p.path):
        yield profile.kind, profile.path, "name", profile.name
        for alias in profile.aliases:
            yield profile.kind, profile.path, "aliases", alias
    for article in sorted(articles, key=lambda a: a.path):
        for kind in SUBJECT_KINDS:
            for name in getattr(article, kind + "s"):
                yield kind, article.path, kind + "s", name


def _line(site: Path, path: str, field: str) -> int | None:
    """The line of ``field`` in the file; read again only for an error."""
    try:
        return read_source(site / path, path)[1].get(field)
    except ContentProblem:
        return None
