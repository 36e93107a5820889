"""Links made inside Markdown bodies: figure mentions and links between source files.

The Markdown step runs before any URL exists, and its HTML is cached by
content, so it writes placeholders instead of URLs: ``dossier:figure/<slug>``
for the first mention of a figure, ``dossier:source/<href as written>`` for a
link such as ``[text](../2020/other.md#part)``. When a page is rendered,
``resolve`` turns them into links relative to that page (or absolute, for
feeds). ``source_link_problems`` reports links to files that are not published.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from generator.core.models import ContentError
from generator.markup.mentions import MentionTable

FIGURE = "dossier:figure/"
SOURCE = "dossier:source/"
_PLACEHOLDER = re.compile(r'href="dossier:(figure|source)/([^"]*)"')
# Never linked inside: links, code, headings, and elements whose text is not prose.
NO_AUTOLINK = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "script", "style"})


def is_source_link(href: str) -> bool:
    """True for a relative link to a Markdown file: ``../2020/other.md``, ``other.md#part``."""
    if ".md" not in href.lower():  # most links, told without splitting them
        return False
    parts = urlsplit(href)
    return (
        not parts.scheme and not parts.netloc and parts.path.lower().endswith(".md") and parts.path[:1] != "/"
    )


def source_target(from_path: str, href: str) -> tuple[str, str]:
    """The site-relative path a source link points to, and its ``#fragment`` (or "")."""
    parts = urlsplit(href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), unquote(parts.path)))
    return target, parts.fragment


class _SourceLinks(Treeprocessor):
    """Marks links to Markdown files, to be resolved to their pages' URLs."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if is_source_link(href):
                link.set("href", SOURCE + href)


class _Autolinks(Treeprocessor):
    """Links the first mention of each figure, in prose only."""

    def __init__(self, md: Markdown, extension: DossierLinks):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        table = self.extension.mentions
        if table is not None:
            self._walk(root, table, set())

    def _walk(self, element: etree.Element, table: MentionTable, seen: set[str]) -> None:
        children = list(element)
        if element.text:
            element.text, links = _split(element.text, table, seen)
            for index, link in enumerate(links):
                element.insert(index, link)
        for child in children:
            if child.tag not in NO_AUTOLINK:
                self._walk(child, table, seen)
            if child.tail:
                child.tail, links = _split(child.tail, table, seen)
                place = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(place + offset, link)


def _split(text: str, table: MentionTable, seen: set[str]) -> tuple[str, list[etree.Element]]:
    """``text`` cut at the first mention of each figure not yet ``seen``: the lead and the links."""
    if isinstance(text, AtomicString):
        return text, []
    links: list[etree.Element] = []
    lead, cursor = text, 0
    for mention in table.find(text):
        if mention.slug in seen:
            continue
        seen.add(mention.slug)
        before = text[cursor : mention.start]
        if links:
            links[-1].tail = before
        else:
            lead = before
        link = etree.Element("a", {"class": "mention", "href": FIGURE + mention.slug})
        link.text = mention.text
        links.append(link)
        cursor = mention.end
    if links:
        links[-1].tail = text[cursor:]
    return lead, links


class DossierLinks(Extension):
    """The Python-Markdown extension: source-file links always, figure links when ``mentions`` is set."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mentions: MentionTable | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline parsing (20), so links, code and emphasis are elements;
        # before abbreviations (7) and smart quotes (6), which change the text.
        md.treeprocessors.register(_SourceLinks(md), "dossier_source_links", 9)
        md.treeprocessors.register(_Autolinks(md, self), "dossier_autolinks", 8)


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """Where placeholders lead: site URLs of published source files and of figures."""

    sources: dict[str, str]  # source path ("content/articles/2020/x.md") -> site URL
    figures: dict[str, str]  # figure slug -> site URL


def resolve(html_text: str, source_path: str, targets: LinkTargets, link: Callable[[str], str]) -> str:
    """The HTML of the file at ``source_path`` with its placeholders as real links.

    ``link`` turns a site URL into the URL the page needs (relative, or absolute in feeds).
    """
    if "dossier:" not in html_text:
        return html_text

    def replace(match: re.Match[str]) -> str:
        kind, value = match.group(1), html.unescape(match.group(2))
        url, fragment = _target(kind, value, source_path, targets)
        if url is None and kind == "source":  # reported before rendering; keep the link as written
            return f'href="{html.escape(value)}"'
        target = link(url) + (f"#{fragment}" if fragment else "") if url else "#"
        return f'href="{html.escape(target)}"'

    return _PLACEHOLDER.sub(replace, html_text)


def placeholders(html_text: str) -> str:
    """The placeholders of ``html_text``, one ``kind/value`` a line: all that ``resolve`` looks up."""
    if "dossier:" not in html_text:
        return ""
    return "\n".join(f"{kind}/{value}" for kind, value in _PLACEHOLDER.findall(html_text))


def targets_of(found: str, source_path: str, targets: LinkTargets) -> list[str | None]:
    """The site URLs the placeholders ``found`` in an HTML (see ``placeholders``) lead to:
    what ``resolve`` reads of ``targets``."""
    return [
        _target(kind, html.unescape(value), source_path, targets)[0]
        for kind, _, value in (line.partition("/") for line in found.split("\n") if line)
    ]


def links_sources(found: str) -> bool:
    """Whether the placeholders ``found`` in an HTML (see ``placeholders``) link a source file."""
    return found.startswith("source/") or "\nsource/" in found


def _target(kind: str, value: str, source_path: str, targets: LinkTargets) -> tuple[str | None, str]:
    """The site URL (None when unknown) and ``#fragment`` of one placeholder."""
    if kind == "figure":
        return targets.figures.get(value), ""
    path, fragment = source_target(source_path, value)
    return targets.sources.get(path), fragment


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A link to a Markdown file, as written in a body."""

    line: int
    href: str
    target: str  # the file it points to, relative to the site folder
    fragment: str


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)")


_MAYBE_SOURCE = re.compile(r"\.md", re.IGNORECASE)  # faster than lowering every body


def source_links(path: str, body: str, body_line: int) -> list[SourceLink]:
    """Every link to a Markdown file in ``body`` (outside code), with its line in the file."""
    found: list[SourceLink] = []
    if not _MAYBE_SOURCE.search(body):
        return found  # most bodies link no source file: skip the line-by-line scan
    fence = ""
    for number, line in enumerate(body.split("\n"), body_line):
        marker = _FENCE.match(line)
        if marker and (not fence or marker.group(1)[0] == fence[0]):
            fence = "" if fence else marker.group(1)
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        prose = _CODE_SPAN.sub("", line)
        for match in [*_INLINE.finditer(prose), *_REFERENCE.finditer(prose)]:
            href = match.group(1).strip("<>")
            if is_source_link(href):
                target, fragment = source_target(path, href)
                found.append(SourceLink(number, href, target, fragment))
    return found


def source_link_problems(
    records: Iterable,
    links: Mapping[str, Iterable[SourceLink]],
    published: Iterable[str],
    left_out: dict[str, str],
) -> list[ContentError]:
    """Links whose file is missing or not published in this build: one error each.

    ``records`` are articles and profiles (with ``path``), ``links`` the links to
    source files in each one's body, by path (see ``source_links``); ``left_out``
    maps the path of an article left out to the reason ("a draft").
    """
    linkable = set(published)
    problems = []
    for record in records:
        for link in links[record.path]:
            if link.target in linkable:
                continue
            if link.target in left_out:
                why = f"{link.target} is {left_out[link.target]}, left out of this build"
                fix = "publish it or remove the link"
            else:
                why = f"{link.target} does not exist"
                fix = "fix the path (it is relative to this file) or remove the link"
            problems.append(ContentError(record.path, link.line, f"broken link `{link.href}`: {why}; {fix}"))
    return problems
