"""``dossier check``: editorial lint of the content; reads everything, writes nothing.

Errors are what breaks the site or makes it ambiguous (unreadable files, broken
links between source files, names two figures answer to); warnings are what an
editor should look at (a figure mentioned but not listed, a profile nobody uses).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from generator.commands.build import BuildOptions
from generator.commands.importer import topic_names
from generator.commands.languages import own_timeline
from generator.commands.publishing import left_out_reasons, linkable, links_of, select_published
from generator.content.addresses import with_slugs
from generator.content.reading import Content, load_content
from generator.content.records import read_source
from generator.content.spellings import spelling_clashes
from generator.content.timeline import link_timeline
from generator.content.translations import split_languages
from generator.core.config import RelatedConfig, SiteConfig, language_config, load_config
from generator.core.locales import DOMAIN, LOCALES, TEMPLATE, theme_language
from generator.core.models import SUBJECT_KINDS, Article, ContentError, ContentProblem, Profile, Subject
from generator.core.slugs import slugify
from generator.index.dossier import Dossier, build_dossier
from generator.markup.links import source_link_problems
from generator.markup.mentions import Mention, MentionTable, mention_table, name_collisions, sentences
from generator.render import theme_folders
from generator.wire.names import NewName, find_new_names

SUBJECT_FOLDERS = {"topic": "topics", "figure": "figures"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by the check."""

    path: str
    line: int | None
    severity: str  # "error" or "warning"
    code: str  # stable name of the kind of problem, e.g. "unlisted-figure"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def _from_problem(problem: ContentError, code: str) -> Finding:
    severity = "warning" if problem.warning else "error"
    return Finding(problem.path, problem.line, severity, code, problem.message)


def check_site(site: Path, now: datetime | None = None) -> list[Finding]:
    """Every finding for the site at ``site``, sorted by file and line; a site in several
    languages is checked one language at a time, and for its translations."""
    config, config_problems = load_config(site / "site.yaml")
    findings = [_from_problem(p, "config") for p in config_problems]
    if config is None:
        return findings
    content = load_content(site, config.tz)
    findings += [_from_problem(p, "content") for p in content.problems]
    slug_problems: list[ContentError] = []
    content = with_slugs(site, content, config.slugs, slug_problems)
    findings += [_from_problem(p, "slug") for p in slug_problems]
    languages = config.languages or (config.language,)
    split, problems = split_languages(site, content.articles, content.profiles, languages)
    findings += [_from_problem(p, "translation") for p in problems]
    timeline_problems: list[ContentError] = []
    for lang in languages:
        own = replace(
            content,
            articles=split.articles[lang],
            profiles=split.profiles[lang],
            timeline=content.timeline
            if lang == languages[0]
            else own_timeline(site, lang, timeline_problems),
        )
        own_file = f"site.{lang.lower()}.yaml"
        own_config, found = language_config(replace(config, language=lang), site / own_file, own_file)
        findings += [_from_problem(p, "config") for p in found]
        findings += _untranslated(site, own_config)
        # A profile the language borrows from the default one is checked there.
        borrowed = {p.path for p in own.profiles if (p.lang or languages[0]) != lang}
        findings += [f for f in _check_records(site, config, own, now) if f.path not in borrowed]
    findings += [_from_problem(p, "timeline") for p in timeline_problems]
    return sorted(set(findings), key=lambda f: (f.path, f.line or 0, f.code, f.message))


def _check_records(site: Path, config: SiteConfig, content: Content, now: datetime | None) -> list[Finding]:
    """The findings of one language's articles and profiles."""
    findings: list[Finding] = []
    articles, profiles = content.articles, content.profiles
    published, left_out = select_published(articles, BuildOptions(site=site, now=now), config)

    # Links from published pages must reach published pages; a left-out article only needs the file.
    reasons = left_out_reasons(left_out)
    written = links_of(content.facts)
    links = source_link_problems([*published, *profiles], written, linkable(published, profiles), reasons)
    links += source_link_problems(left_out, written, linkable(list(articles), profiles), {})
    findings += [_from_problem(p, "broken-link") for p in links]
    findings += _collisions(profiles)
    findings += [_from_problem(p, "name-spelling") for p in spelling_clashes(site, articles, profiles)]

    # The dossier's own collision problems are the ones reported above, with both names.
    # Related articles are not needed here: weights of 0 skip computing them.
    dossier, _ = build_dossier(articles, profiles, RelatedConfig(figures=0, topics=0))
    table = mention_table(articles, profiles)
    for article in articles:
        lines = FieldLines(site, article.path)
        listed = {s.slug: s for s in dossier.subjects_of[article.path]["figure"]}
        findings += _article_findings(article, content.bodies[article.path], lines, listed, table)
    findings += _subject_findings(site, dossier)
    findings += _new_name_findings(articles, content.bodies, table, profiles)
    findings += _incomplete_figures(profiles)
    _, timeline_problems = link_timeline(content.timeline, dossier, articles)
    findings += [_from_problem(p, "timeline") for p in timeline_problems]
    return findings


def _untranslated(site: Path, config: SiteConfig) -> list[Finding]:
    """The theme's messages that no catalogue translates into the site's language: they show in English."""
    try:
        language = theme_language(config, theme_folders(site, config.theme), site)
        missing = language.untranslated()
    except ContentProblem as problem:
        return [_from_problem(problem.error, "catalogue")]
    where = f"{LOCALES}/{language.tag.replace('-', '_')}/LC_MESSAGES/{DOMAIN}.po"
    return [
        Finding(
            where,
            None,
            "warning",
            "untranslated",
            f"no {language.name} translation of the message {json.dumps(message.msgid, ensure_ascii=False)}: "
            f"it shows in English; add it to {where} (the theme's {TEMPLATE} lists every message)",
        )
        for message in missing
    ]


def _field_lines(site: Path, path: str) -> dict[str, int]:
    """The line of each front-matter field of a file that was read once already."""
    try:
        return read_source(site / path, path)[1]
    except ContentProblem:
        return {}


class FieldLines:
    """The lines of a file's front-matter fields, read again only if a finding needs one."""

    def __init__(self, site: Path, path: str):
        self.site, self.path = site, path
        self.lines: dict[str, int] | None = None

    def get(self, field: str, default: int | None = None) -> int | None:
        if self.lines is None:
            self.lines = _field_lines(self.site, self.path)
        return self.lines.get(field, default)


def _collisions(profiles: tuple[Profile, ...]) -> list[Finding]:
    findings = []
    lines = {profile.path: profile.field_lines for profile in profiles}
    for collision in name_collisions(profiles):
        line = lines[collision.path].get(collision.field) if collision.field != "slug" else 1
        what = "its file name" if collision.field == "slug" else f"`{collision.field}`"
        findings.append(
            Finding(
                collision.path,
                line,
                "error",
                "name-collision",
                f"`{collision.name}` in {what} also names {collision.other_name} ({collision.other_path}), "
                f"so it links to neither: make the names and aliases of the two {collision.kind}s distinct",
            )
        )
    return findings


def _article_findings(
    article: Article, body: str, lines: FieldLines, listed: dict[str, Subject], table: MentionTable
) -> list[Finding]:
    findings = []
    first: dict[str, tuple[Mention, int, str]] = {}
    for line, mention, sentence in body_mentions(body, article.body_line, table):
        first.setdefault(mention.slug, (mention, line, sentence))
    for slug, (_, line, sentence) in first.items():
        if slug not in listed:
            name = table.name_of(slug)
            findings.append(
                Finding(
                    article.path,
                    line,
                    "warning",
                    "unlisted-figure",
                    f"mentions {name} but `figures` does not list them: “{sentence}”; "
                    f"add `{name}` to `figures`",
                )
            )
    for slug, subject in listed.items():
        if slug not in first:
            findings.append(
                Finding(
                    article.path,
                    lines.get("figures", 1),
                    "warning",
                    "unmentioned-figure",
                    f"`figures` lists {subject.name}, but the body never mentions them by a known name: "
                    "mention them, add the name used as an alias, or remove them from `figures`",
                )
            )
    if not article.summary:
        findings.append(
            Finding(
                article.path,
                lines.get("summary", lines.get("title", 1)),
                "warning",
                "missing-summary",
                "has no `summary`: add one sentence for lists, feeds and search results",
            )
        )
    if not article.sources:
        findings.append(
            Finding(
                article.path,
                lines.get("sources", lines.get("title", 1)),
                "warning",
                "no-sources",
                "has no `sources`: add where the facts come from, e.g. "
                "`sources: [{name: Pentagon statement, url: https://...}]`",
            )
        )
    return findings


def _subject_findings(site: Path, dossier: Dossier) -> list[Finding]:
    findings = []
    for kind in SUBJECT_KINDS:
        field = kind + "s"
        for subject in dossier.subjects[kind]:
            if subject.profile and not subject.articles:
                findings.append(
                    Finding(
                        subject.profile.path,
                        1,
                        "warning",
                        f"unused-{kind}",
                        f"no article names {subject.name}: add it to an article's `{field}`, "
                        "or delete the profile",
                    )
                )
            elif kind == "figure" and not subject.profile and len(subject.articles) == 1:
                (article,) = subject.articles
                findings.append(
                    Finding(
                        article.path,
                        _field_lines(site, article.path).get(field, 1),
                        "warning",
                        "single-appearance",
                        f"{subject.name} appears in this article only and has no profile: check the "
                        f"spelling, or add content/{SUBJECT_FOLDERS[kind]}/{subject.slug}.md",
                    )
                )
    return findings


@dataclass(slots=True)
class _NameTally:
    """A new name across the articles: where it first occurs, how often, in how many articles."""

    path: str
    line: int
    name: NewName  # as found where it first occurs
    mentions: int = 0
    articles: int = 0


def _new_name_findings(
    articles: Sequence[Article], bodies: Mapping[str, str], table: MentionTable, profiles: Sequence[Profile]
) -> list[Finding]:
    """A name no figure answers to, found twice in an article or in two articles: once, where it
    first occurs (articles in path order), with its sentence."""
    topics = topic_names(articles, profiles).slugs
    seen: dict[str, _NameTally] = {}  # by slug
    for article in sorted(articles, key=lambda a: a.path):
        blocks = [
            (line, _NOT_PROSE.sub("", text))
            for line, text in _paragraphs(bodies[article.path], article.body_line)
        ]
        if not blocks:
            continue
        for name in find_new_names([text for _, text in blocks], table, topics):
            line, text = blocks[name.paragraph]
            first = line + text.count("\n", 0, name.offset)
            tally = seen.setdefault(slugify(name.name), _NameTally(article.path, first, name))
            tally.mentions += name.count
            tally.articles += 1
    findings = []
    for slug, tally in seen.items():
        if tally.mentions < 2:
            continue
        name, mentions = tally.name, tally.mentions
        what = f"{name.kind}, {name.role}" if name.role else name.kind
        elsewhere = f", in {tally.articles} articles" if tally.articles > 1 else ""
        findings.append(
            Finding(
                tally.path,
                tally.line,
                "warning",
                "new-name",
                f"names {name.name} ({what}) {mentions} times{elsewhere}, but no figure answers to the name: "
                f"“{name.sentence}”; add `{name.name}` to `figures` and write content/figures/{slug}.md, "
                "or add the name as an alias of a figure",
            )
        )
    return findings


def _incomplete_figures(profiles: Sequence[Profile]) -> list[Finding]:
    """A figure's profile without `role` or `kind`: its page and cards would say less than they can."""
    findings = []
    for profile in profiles:
        if profile.kind != "figure":
            continue
        lines = profile.field_lines
        missing = [
            field
            for field in ("kind", "role")
            if field not in lines or (field == "role" and not profile.role)
        ]
        if not missing:
            continue
        advice = {
            "kind": "`kind: person` or `kind: organization`",
            "role": "`role:` what they are, e.g. `role: commander of U.S. Central Command`",
        }
        findings.append(
            Finding(
                profile.path,
                lines.get("name", 1),
                "warning",
                "incomplete-figure",
                f"{profile.name} has no {' and no '.join(f'`{f}`' for f in missing)}: add "
                + " and ".join(advice[f] for f in missing),
            )
        )
    return findings


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Markdown marks that are not prose: code spans, link targets, emphasis and heading marks.
_NOT_PROSE = re.compile(r"`+[^`\n]*`+|\]\([^)\n]*\)|^ {0,3}#+ |[*_\[\]]", re.MULTILINE)


def body_mentions(body: str, body_line: int, table: MentionTable) -> Iterator[tuple[int, Mention, str]]:
    """Every mention in a Markdown body, outside code: (line in the file, mention, its sentence)."""
    for start_line, paragraph in _paragraphs(body, body_line):
        text = _NOT_PROSE.sub("", paragraph)
        mentions = table.find(text)
        spans = sentences(text) if mentions else []
        for mention in mentions:
            line = start_line + text.count("\n", 0, mention.start)
            start, end = next(((s, e) for s, e in spans if s <= mention.start <= e), (0, len(text)))
            yield line, mention, " ".join(text[start:end].split())


def _paragraphs(body: str, body_line: int) -> Iterator[tuple[int, str]]:
    """Blocks of prose separated by blank lines, with the line each starts on; code is left out."""
    block: list[str] = []
    start, fence = body_line, ""
    for number, line in enumerate([*body.split("\n"), ""], body_line):
        marker = _FENCE.match(line)
        if marker and (not fence or marker.group(1)[0] == fence[0]):
            fence = "" if fence else marker.group(1)
            line = ""
        elif fence or (line.startswith(("    ", "\t")) and not block):
            line = ""
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, "\n".join(block)
            block = []
