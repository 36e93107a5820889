"""The last part of each article's URL, as ``slugs:`` in site.yaml asks.

``slugs: ascii`` (the default) keeps what the reader made of the file name
(``kshte-shdn-slimani``, transliterated); ``slugs: unicode`` keeps the file
name's own letters (``کشته-شدن-سلیمانی``), and falls back to the transliteration
when the name has no letters or digits. An article's ``slug:`` is kept as
written; one outside a-z needs ``slugs: unicode``. Topics and figures keep
their transliterated slugs: a slug is their identity in every language.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from generator.content.reading import Content
from generator.content.records import name_stem
from generator.content.translations import field_line
from generator.core.models import Article, ContentError
from generator.core.slugs import is_safe_slug, slugify, unicode_slug


def with_slugs(site: Path, content: Content, mode: str, problems: list[ContentError]) -> Content:
    """``content`` with each article's slug as ``mode`` makes it; problems go into ``problems``."""
    if mode != "unicode":
        problems.extend(_outside_ascii(site, content.articles))
        return content
    return replace(content, articles=tuple(_in_own_letters(article) for article in content.articles))


def _in_own_letters(article: Article) -> Article:
    stem = name_stem(PurePosixPath(article.path))
    if article.slug != slugify(stem):  # written in the front matter: kept as it is
        return article
    return replace(article, slug=unicode_slug(stem) or article.slug)


def _outside_ascii(site: Path, articles: tuple[Article, ...]) -> list[ContentError]:
    return [
        ContentError(
            article.path,
            field_line(site, article.path, "slug"),
            f"`slug: {article.slug}` holds letters outside a-z: add `slugs: unicode` to site.yaml, "
            f"or write `slug: {slugify(article.slug)}`",
        )
        for article in articles
        if not is_safe_slug(article.slug)
    ]
