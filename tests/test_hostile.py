"""Arbitrary input never crashes the reader: it gives a record or a ContentError."""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC
from html.parser import HTMLParser

import markupsafe
import pytest
from conftest import article, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.content.records import read_article, read_profile
from generator.content.timeline import read_timeline
from generator.core.models import Article, ContentProblem, Profile
from generator.core.slugs import is_safe_slug, slugify
from generator.render import make_environment

FIELDS = ["title", "date", "topics", "figures", "sources", "slug", "draft", "summary", "updated", "quotes"]
yaml_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2020-01-03", "2020-02-30", "0000-01-01", "no", "12:30", "010", "[a, b]", "{a: 1}", "~", "&a x", "*a", "!!python/object:os.system", "'", '"', "- x", "javascript:alert(1)"]),
)  # fmt: skip


def front_matter(pairs: list[tuple[str, str]]) -> str:
    return "---\n" + "\n".join(f"{key}: {value}" for key, value in pairs) + "\n---\nBody.\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.builds(front_matter, st.lists(st.tuples(st.sampled_from(FIELDS), yaml_values), max_size=8)),
    )
)
def test_any_text_gives_a_record_or_an_error(tmp_path, text):
    path = tmp_path / "a.md"
    path.write_text(
        text, encoding="utf-8", errors="surrogatepass"
    ) if "\ud800" not in text else path.write_bytes(b"\xff")
    for reader, extra in ((read_article, UTC), (read_profile, "figure")):
        problems: list = []
        try:
            read = reader(path, "content/a.md", extra, problems)
        except ContentProblem as problem:
            assert problem.error.path == "content/a.md" and problem.error.message
            continue
        record = read[0] if read else None
        assert record is None or isinstance(record, Article | Profile) and isinstance(read[1], str)
        if record is None:
            assert any(not p.warning for p in problems)
        if isinstance(record, Article):
            assert is_safe_slug(record.slug) and record.title


@given(st.text(max_size=80))
def test_slugs_are_safe_path_segments_and_stable(name):
    slug = slugify(name)
    assert (
        slug == ""
        or is_safe_slug(slug)
        or slug in {"con", "prn", "aux", "nul"}
        or slug.startswith(("com", "lpt"))
    )
    assert slugify(name) == slug
    assert "/" not in slug and ".." not in slug and "\\" not in slug and "\x00" not in slug


NAMES = [
    "Abu Mahdi al-Muhandis",
    "Mahdi",
    "Kata'ib Hezbollah",
    "'Ndrangheta",
    "Gen. Qassem Soleimani",
    "Soleimani",
]
wire_like = st.text(
    alphabet=st.sampled_from(list("Mahdi al-MuhandisKata'ib ’Soleimani.\n *`[]()#>-_\"“”")), max_size=200
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), wire_like))
def test_mentions_never_overlap_and_markdown_with_autolinks_never_crashes(text):
    from generator.commands.check import body_mentions
    from generator.commands.importer import WireError, read_wire
    from generator.markup import MarkupError, to_html
    from generator.markup.mentions import mention_table

    profiles = [Profile("figure", f"content/figures/f{i}.md", f"f{i}", name) for i, name in enumerate(NAMES)]
    table = mention_table([], profiles)
    found = table.find(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert all(text[m.start : m.end] == m.text for m in found)
    list(body_mentions(text, 1, table))
    with contextlib.suppress(MarkupError):
        to_html(text, table)
    with contextlib.suppress(WireError):
        read_wire(text)


TIMELINE_KEYS = ["date", "title", "article", "figures", "summary", "start", "end", "label", "when"]


def timeline_text(events: list[list[tuple[str, str]]], eras: list[list[tuple[str, str]]]) -> str:
    def entries(items):
        return "".join(
            "  - " + "\n    ".join(f"{key}: {value}" for key, value in pairs) + "\n"
            for pairs in items
            if pairs
        )

    return f"events:\n{entries(events)}eras:\n{entries(eras)}"


timeline_entries = st.lists(
    st.lists(st.tuples(st.sampled_from(TIMELINE_KEYS), yaml_values), max_size=5), max_size=4
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), st.builds(timeline_text, timeline_entries, timeline_entries)))
def test_any_timeline_file_gives_events_or_errors(tmp_path, text):
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "timeline.yaml").write_bytes(text.encode("utf-8", errors="replace"))
    timeline, problems = read_timeline(tmp_path)
    assert all(p.path == "content/timeline.yaml" and p.message for p in problems)
    assert all(event.title for event in timeline.events)
    assert all(era.label and era.start.first <= era.end.last for era in timeline.eras)


# Whole builds over hostile files: a clear message or a correct site, in bounded time.


def build_with(tiny_site, files: dict[str, str | bytes], prepare=None):
    site = tiny_site(files)
    if prepare is not None:
        prepare(site)
    return run_build(site), site


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[" * 20_000, "content/articles/a.md:7: 20000 `[` in one paragraph are too many"),
        ("Fine.\n\n" + "![x](" * 3_000, "content/articles/a.md:9: 3000 `[` in one paragraph"),
        ("\n".join("  " * i + "- item" for i in range(1000)), "content/articles/a.md:208: this line starts with 402 columns"),
    ],
    ids=["brackets", "image-links", "nested-lists"],
)  # fmt: skip
def test_pathological_markdown_is_refused_quickly_with_the_file_named(tiny_site, body, expected):
    started = time.perf_counter()
    report, _ = build_with(
        tiny_site, {"content/articles/a.md": article("A", "2020-01-03", body, topics=["x"])}
    )
    assert time.perf_counter() - started < 20
    assert not report.ok
    assert any(m.startswith(expected) for m in messages(report)), messages(report)


def test_many_links_and_deep_quotes_still_convert(tiny_site):
    links = " ".join(f"[link {i}](https://example.org/{i})" for i in range(400))
    body = links + "\n\n" + "> " * 150 + "deep\n\n" + "*" * 5_000 + "\n\n" + "`" * 10_000
    report, site = build_with(
        tiny_site, {"content/articles/a.md": article("A", "2020-01-03", body, topics=["x"])}
    )
    assert report.ok, messages(report)
    assert 'href="https://example.org/399"' in (site / "build/2020/01/03/a/index.html").read_text()


def test_link_loops_and_pipes_are_reported_not_followed(tiny_site):
    def prepare(site):
        articles = site / "content/articles"
        os.symlink(articles, articles / "loop")
        os.symlink("self.md", articles / "self.md")
        os.symlink("b.md", articles / "a-to-b.md")
        os.symlink("a-to-b.md", articles / "b.md")
        os.mkfifo(articles / "pipe.md")

    started = time.perf_counter()
    report, _ = build_with(
        tiny_site, {"content/articles/ok.md": article("Ok", "2020-01-03", topics=["x"])}, prepare
    )
    assert time.perf_counter() - started < 20
    found = messages(report)
    for name in ("self.md", "a-to-b.md", "b.md"):
        assert (
            f"content/articles/{name}: is a link that leads outside the site or nowhere; replace it with the file itself"
            in found
        )
    assert "content/articles/pipe.md: is not a regular file (a pipe, socket or device); remove it" in found
    assert "content/articles/loop: warning: is a link to a folder; links to folders are not followed" in found
    assert not report.ok


@pytest.mark.parametrize("files", [{}, {"content/articles/.keep": ""}, {"content/.keep": ""}])
def test_an_empty_or_missing_content_folder_builds_an_empty_site(tiny_site, files):
    report, site = build_with(tiny_site, files)
    assert report.ok, messages(report)
    assert report.counts["article"] == 0
    assert (site / "build/index.html").is_file() and (site / "build/timeline/index.html").is_file()


@pytest.mark.parametrize(
    ("slug", "shown"),
    [("a/b", "a/b"), ("'a\\b'", "a\\b"), ('"a\\0b"', "a\\x00b"), ("'..'", ".."), ("'.'", "."), ("AUX", "AUX"), ("'-'", "-")],
)  # fmt: skip
def test_unsafe_slugs_are_refused(tiny_site, slug, shown):
    report, site = build_with(
        tiny_site, {"content/articles/a.md": article("A", "2020-01-03", topics=["x"], slug=slug)}
    )
    assert not report.ok
    assert any(m.startswith(f"content/articles/a.md:5: `slug: {shown}`") for m in messages(report)), messages(
        report
    )
    assert not (site / "build").exists()


def test_datetimes_in_any_zone_and_bare_dates_sort_by_the_moment(tiny_site):
    files = {
        # 20:00 UTC on the 3rd, written as the 4th in a zone 5 hours ahead.
        "content/articles/east.md": article("East", "2020-01-04T01:00:00+05:00", topics=["x"]),
        "content/articles/west.md": article("West", "2020-01-03T21:00:00Z", topics=["x"]),
        "content/articles/naive.md": article("Naive", "2020-01-03T19:00:00", topics=["x"]),
        "content/articles/day.md": article("Day", "2020-01-02", topics=["x"]),
    }
    report, site = build_with(tiny_site, files)
    assert report.ok, messages(report)
    topic = (site / "build/topics/x/index.html").read_text()
    positions = [topic.index(f">{title}</a>") for title in ("Day", "Naive", "East", "West")]
    newest_first = positions == sorted(positions, reverse=True)
    assert positions == sorted(positions) or newest_first, positions


class Scripts(HTMLParser):
    """Every <script> of a page: its attributes and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def strings(value) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in strings(item)] if isinstance(value, list) else []


def test_site_yaml_values_are_escaped_in_every_output_file(tiny_site):
    evil = "\"'><script>alert(1)</script>"
    quoted = evil.replace("\\", "\\\\").replace('"', '\\"')
    files = {
        "site.yaml": f'title: "T{quoted}"\ndescription: "D{quoted}"\ntimezone: UTC\nbase_url: https://example.org/\n',
        "content/articles/a.md": article("A", "2020-01-03", topics=["x"], summary=f'"S{quoted}"'),
    }
    report, site = build_with(tiny_site, files)
    assert report.ok, messages(report)
    pages = sorted((site / "build").rglob("*.html"))
    assert pages
    for path in [*pages, *(site / "build").rglob("*.xml")]:
        assert "<script>alert(1)" not in path.read_text(), path
    held_whole = []
    for path in pages:
        parser = Scripts()
        parser.feed(path.read_text())
        for attrs, text in parser.scripts:
            # Only our own scripts run; JSON-LD parses whole, so no value broke out of it.
            assert "alert" not in text or attrs.get("type") == "application/ld+json", path
            if attrs.get("type") == "application/ld+json":
                held_whole += [s for s in strings(json.loads(text)) if f"T{evil}" in s]
    assert held_whole  # the values are there as written, as data
    # The data files are JSON: the values are data there, exactly as written.
    for path in (site / "build").rglob("*.json"):
        json.loads(path.read_text())


def test_the_output_never_holds_links(tiny_site, tmp_path):
    def prepare(site):
        static = site / "content/static"
        static.mkdir(parents=True)
        (static / "map.pdf").write_bytes(b"%PDF-1.4")  # images are processed, not copied: a document
        os.symlink("map.pdf", static / "same-map.pdf")
        theme = site / "themes/default/static"
        theme.mkdir(parents=True)
        (theme / "extra.css").write_text("p { color: black; }\n")
        os.symlink("extra.css", theme / "alias.css")

    report, site = build_with(
        tiny_site, {"content/articles/a.md": article("A", "2020-01-03", topics=["x"])}, prepare
    )
    assert report.ok, messages(report)
    links = [p for p in (site / "build").rglob("*") if p.is_symlink()]
    assert links == []
    assert (site / "build/static/same-map.pdf").read_bytes() == b"%PDF-1.4"


def test_the_template_fast_path_is_on_in_every_version_the_project_allows():
    """Jinja2 is capped in pyproject.toml to the versions the quick compiler was checked with:
    there it must be on, and compile what themes output to ``escape_text``."""
    from generator.render import fastpath

    assert fastpath.ACTIVE, fastpath.REASON
    environment = make_environment([])
    assert environment.code_generator_class is fastpath.TextCompiler
    assert "environment.escape_text(" in environment.compile("<p>{{ value }}</p>", raw=True)
    assert environment.context_class is fastpath.QuickContext


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.integers(),
        st.text().map(Markup),
        st.text().map(lambda text: Markup("<b>{}</b>").format(text)),
    )
)
def test_templates_output_values_escaped_as_markupsafe_escapes_them(value):
    template = make_environment([]).from_string(
        "<p>{{ value }}</p>{% set held %}{{ value }}{% endset %}{{ held }}"
    )
    escaped = str(markupsafe.escape(value))
    assert template.render(value=value) == f"<p>{escaped}</p>{escaped}"
