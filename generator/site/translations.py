"""Where each page of a site in several languages is in the other languages: the language
switcher and the ``hreflang`` links.

An article's other languages are its translations (see content/translations.py);
every other page (home, timeline, indexes, a topic or figure, which share one
slug in every language) is at the same address in each tree that has it. A page
without a counterpart in a language links to that language's home page instead,
and says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.core.config import SiteConfig
from generator.core.locales import babel_locale
from generator.core.models import Article, Route
from generator.site.urls import url_for

PAGE_SUFFIX = "page/"  # of the later pages of a long list: /topics/page/2/


@lru_cache(maxsize=64)
def own_name(lang: str) -> str:
    """A language's name in itself, as a switcher shows it: "English", "فارسی", "Deutsch"."""
    locale = babel_locale(lang)
    name = (locale.get_display_name(locale) if locale is not None else None) or lang
    return name[:1].upper() + name[1:]


@dataclass(frozen=True, slots=True)
class Alternate:
    """A page in another language, or that language's home page when the page has none there."""

    lang: str
    name: str  # the language's own name
    target: str  # for ``url()``: the page, from the root of the tree that links to it ("/../fa/x/")
    absolute: str  # its absolute URL under base_url; "" without one
    available: bool  # False: there is no such page in that language; ``target`` is its home page


@dataclass(frozen=True, slots=True)
class PageLanguages:
    """A page's place in every language: itself, the others, and the default language's."""

    this: Alternate
    others: tuple[Alternate, ...]
    default: Alternate  # ``x-default``: the page in the default language, or this page

    @property
    def translated(self) -> tuple[Alternate, ...]:
        """The page and its translations: the ``hreflang`` links."""
        return (self.this, *(other for other in self.others if other.available))


class Translations:
    """The pages of every language's tree, and which of them translate each other."""

    def __init__(
        self,
        config: SiteConfig,
        trees: Sequence[tuple[str, str, list[Route]]],
        groups: dict[str, str],
    ):
        """``trees``: (language, folder, routes) of each tree, the default first; ``groups``:
        the translation group of each article, by path."""
        self.config = config
        self.languages = [lang for lang, _, _ in trees]
        self.folders = {lang: folder for lang, folder, _ in trees}
        self.urls = {lang: {route.url for route in routes} for lang, _, routes in trees}
        self.articles: dict[str, dict[str, str]] = {}  # url -> {language: url} of its group
        by_group: dict[str, dict[str, str]] = {}
        for lang, _, routes in trees:
            for route in routes:
                # An article's page (not another page about it): the one at its URL.
                if isinstance(route.subject, Article) and route.url == url_for(route.subject):
                    group = by_group.setdefault(groups.get(route.subject.path, route.subject.path), {})
                    group[lang] = route.url
                    self.articles[f"{lang}\0{route.url}"] = group

    def of(self, lang: str) -> PageLinks:
        """What the pages of ``lang``'s tree ask: ``translations(page.url)`` in templates."""
        return PageLinks(self, lang)

    def page(self, lang: str, url: str) -> PageLanguages:
        group = self.articles.get(f"{lang}\0{url}")
        found = []
        for other in self.languages:
            there = group.get(other) if group is not None else self._same(other, url)
            if there is None:
                found.append(self._alternate(lang, other, "/", False))
            else:
                found.append(self._alternate(lang, other, there, True))
        this = next(a for a in found if a.lang == lang)
        default = found[0] if found[0].available else this
        return PageLanguages(this, tuple(a for a in found if a.lang != lang), default)

    def _same(self, lang: str, url: str) -> str | None:
        """The same page in ``lang``'s tree; for a later page of a list, its first page."""
        urls = self.urls[lang]
        if url in urls:
            return url
        first = url.partition(PAGE_SUFFIX)[0]
        return first if PAGE_SUFFIX in url and first in urls else None

    def _alternate(self, lang: str, other: str, url: str, available: bool) -> Alternate:
        depth = self.folders[lang].count("/")
        folder = self.folders[other]
        target = "/" + "../" * depth + folder + url[1:]
        absolute = self.config.absolute("/" + folder + url[1:]) if self.config.base_url else ""
        return Alternate(other, own_name(other), target, absolute, available)

    def fingerprint(self, lang: str) -> str:
        """A hash of where every page of ``lang`` links to in the other languages: part of
        every page's inputs, so that a page is made again when a translation comes or goes."""
        digest = hashlib.blake2b(digest_size=16)
        for url in sorted(self.urls[lang]):
            digest.update(repr((url, self.page(lang, url))).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


class PageLinks:
    """``translations(page.url)`` in the templates of one language's tree."""

    __slots__ = ("table", "lang")

    def __init__(self, table: Translations, lang: str):
        self.table, self.lang = table, lang

    def __call__(self, url: str) -> PageLanguages:
        return self.table.page(self.lang, url)
