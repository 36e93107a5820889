"""A site in several languages (``languages: [en, fa]``): one tree of pages per language.

Each language's tree is the site of one language as any other build makes it
(its articles, its profiles, its catalogue, dates and direction), under its own
folder (``/fa/``; the default language's at the root when the site asks). All
trees are written through the build's one writer (a ``Subtree`` each), so they
are swapped in together, and a failure in any language leaves the previous site
as it was. The root holds what a host reads there, and, when no language lives
at the root, a page that links to each.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.commands.session import Session
from generator.content.reading import Content
from generator.content.timeline import TimelineFile, read_timeline
from generator.content.translations import split_languages
from generator.core.config import SiteConfig, language_config
from generator.core.models import ContentError
from generator.index.dossier import Links, LinksMemo
from generator.output.static import copy_static
from generator.output.subtree import Subtree
from generator.output.write import Writer
from generator.render import Renderer
from generator.site.translations import own_name


@dataclass(frozen=True, slots=True)
class Tree:
    """One language's part of the site: its configuration, its records and its session."""

    lang: str
    config: SiteConfig  # the site's, in this language, with ``language_path`` its folder
    content: Content  # this language's articles, and the profiles it shows
    session: Session
    groups: dict[str, str]  # the translation group of every article of the site, by path
    others: tuple[str, ...]  # the folders of the other trees, when this one is the root

    def subtree(self, writer: Writer) -> Subtree:
        """This tree's folder of the build's output, as a writer of its own."""
        made_of = writer.made_of.get(self.lang) if isinstance(writer.made_of, dict) else None
        return Subtree(writer, self.config.language_path, made_of, self.others)


class TreeMemo(MutableMapping[str, Links]):
    """One language's part of the build cache's memo of related articles (see
    ``dossier.build_dossier``): each tree finds its own last links there."""

    def __init__(self, memo: LinksMemo, lang: str):
        self.memo, self.prefix = memo, f"{lang}:"

    def __getitem__(self, key: str) -> Links:
        return self.memo[self.prefix + key]

    def __setitem__(self, key: str, value: Links) -> None:
        self.memo[self.prefix + key] = value

    def __delitem__(self, key: str) -> None:
        del self.memo[self.prefix + key]

    def __iter__(self) -> Iterator[str]:
        return (key.removeprefix(self.prefix) for key in list(self.memo) if key.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def links_memo(memo: LinksMemo, config: SiteConfig) -> LinksMemo:
    """The memo of related articles a tree keeps: the site's own, or its language's part of it."""
    return TreeMemo(memo, config.language) if config.languages else memo


def language_path(config: SiteConfig, lang: str) -> str:
    """The folder of a language's tree: ``"fa/"``, or ``""`` for the default language at the root."""
    at_root = config.default_language_at_root and lang == config.languages[0]
    return "" if at_root else f"{lang}/"


def language_trees(
    site: Path, config: SiteConfig, content: Content, session: Session, problems: list[ContentError]
) -> list[Tree]:
    """The tree of each language, the default first; the problems of translations go into ``problems``."""
    split, found = split_languages(site, content.articles, content.profiles, config.languages)
    problems.extend(found)
    folders = [language_path(config, lang) for lang in config.languages]
    trees = []
    for lang, folder in zip(config.languages, folders, strict=True):
        default = lang == config.languages[0]
        own = replace(
            content,
            articles=split.articles[lang],
            profiles=split.profiles[lang],
            problems=(),  # reported once, for the whole site
            timeline=content.timeline if default else own_timeline(site, lang, problems),
        )
        others = tuple(other for other in folders if other) if not folder else ()
        own_file = f"site.{lang.lower()}.yaml"
        tree_config, found = language_config(
            replace(config, language=lang, language_path=folder), site / own_file, own_file
        )
        problems.extend(found)
        trees.append(Tree(lang, tree_config, own, session.branch(lang), split.groups, others))
    return trees


def own_timeline(site: Path, lang: str, problems: list[ContentError]) -> TimelineFile:
    """The key events and eras of a language other than the default one: ``timeline.fa.yaml``
    beside ``timeline.yaml``, written in that language; none when there is no such file."""
    timeline, found = read_timeline(site, name=f"timeline.{lang.lower()}.yaml")
    problems.extend(found)
    return timeline


def search_cache(cache: Path | None, config: SiteConfig) -> Path | None:
    """Where a tree's search index keeps what it knows: one place per language."""
    if cache is None or not config.languages:
        return cache
    folder = cache / "search" / config.language
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def root_files(
    writer: Writer, config: SiteConfig, trees: list[Tree], renderer: Renderer, host: dict[str, bytes]
) -> None:
    """What the root holds: the files a host reads there; and when no language lives at the
    root, a page linking to each, the theme's assets, and the default language's 404 page
    (its links are absolute: a host shows it for any address it does not have)."""
    for name, data in host.items():
        writer.put(name, data)
    if any(not tree.config.language_path for tree in trees):
        return
    copy_static(writer, renderer.site, renderer.folders, ())
    # Crawlers read robots.txt at the root only: it names every language's sitemap.
    sitemaps = [config.absolute(f"/{tree.config.language_path}sitemap.xml") for tree in trees]
    robots = "User-agent: *\nDisallow:\n" + "".join(
        f"\nSitemap: {url}" for url in sitemaps if config.base_url
    )
    writer.put("robots.txt", (robots.rstrip("\n") + "\n").encode())
    missing = f"{trees[0].config.language_path}404.html"
    made_here = writer.spare.get(missing) == writer.stamps.get(missing)
    if not config.offline:  # read from a folder, no host shows a 404 page: the page of languages is there
        writer.put("404.html", ((writer.staging if made_here else writer.output) / missing).read_bytes())
    index = "index.html" if config.offline else ""  # read from a folder, a link names the file
    choices = [
        (tree.lang, own_name(tree.lang), tree.config.language_path + index, tree.config.title)
        for tree in trees
    ]
    page = renderer.env.get_template("languages.html").render(
        choices=choices,
        default=choices[0],
        absolute=config.absolute,
    )
    writer.put("index.html", page.encode("utf-8"))
    if config.offline:
        writer.put("404.html", page.encode("utf-8"))
