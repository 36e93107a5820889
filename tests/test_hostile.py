"""Arbitrary input never crashes the reader: it gives a record or a ContentError."""

from __future__ import annotations

import contextlib
from datetime import UTC

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import read_article, read_profile
from generator.models import Article, ContentProblem, Profile
from generator.slugs import is_safe_slug, slugify
from generator.timeline import read_timeline

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
            record = reader(path, "content/a.md", extra, problems)
        except ContentProblem as problem:
            assert problem.error.path == "content/a.md" and problem.error.message
            continue
        assert record is None or isinstance(record, Article | Profile)
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
    from generator.check import body_mentions
    from generator.importer import WireError, read_wire
    from generator.markup import MarkupError, to_html
    from generator.mentions import mention_table

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
