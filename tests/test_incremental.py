"""Incremental builds: only what changed is rendered, and the result equals a cold build."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import article, run_build, write_site

STORIES = {
    f"content/articles/2020/2020-01-{day:02}-story-{day}.md": article(
        f"Story {day}",
        f"2020-01-{day:02}",
        f"Paragraph about day {day}.\n\n## Details\n\n- one\n- two",
        topics=["Iran", "Iraq"] if day % 2 else ["Iran"],
        figures=["Trump", "Soleimani"] if day % 3 else ["Pompeo"],
        summary=f"Summary {day}.",
    )
    for day in range(1, 13)
}


def digest(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def incremental(site, **options):
    return run_build(site, cache=True, **options)


@pytest.fixture
def site(tmp_path):
    return write_site(
        tmp_path / "site", {**STORIES, "content/figures/trump.md": "---\nname: Trump\n---\nBio.\n"}
    )


EDITS = [
    (
        "content/articles/2020/2020-01-05-story-5.md",
        lambda t: t.replace("Paragraph about day 5", "Rewritten body"),
    ),
    (
        "content/articles/2020/2020-01-06-story-6.md",
        lambda t: t.replace("topics: [Iran]", "topics: [Iraq, Syria]"),
    ),
    (
        "content/articles/2020/2020-01-07-story-7.md",
        lambda t: t.replace("figures: [Trump, Soleimani]", "figures: [Esper]"),
    ),
    ("content/figures/trump.md", lambda t: t.replace("Bio.", "A longer biography.")),
    ("site.yaml", lambda t: t + "per_page: 3\n"),
    (
        "content/articles/2020/2020-01-02-story-2.md",
        lambda t: t.replace("date: 2020-01-02", "date: 2020-02-02"),
    ),
    ("content/articles/2020/2020-01-09-story-9.md", None),  # deleted
    ("content/timeline.yaml", "events:\n  - date: 2020-01\n    title: A month\n    article: story-5\n"),
    (
        "content/timeline.yaml",
        "events:\n  - date: 2020-01-04/2020-01-08\n    title: Talks\n    figures: [Trump]\n"
        "eras:\n  - {start: 2020-01, end: 2020-02, label: Winter}\n",
    ),
    ("themes/default/templates/404.html", "{% extends 'base.html' %}{% block main %}Lost{% endblock %}"),
]


def test_incremental_build_after_each_edit_equals_a_cold_build(site, tmp_path):
    assert incremental(site).ok
    for relative, change in EDITS:
        path = site / relative
        if change is None:
            path.unlink()
        elif isinstance(change, str):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(change)
        else:
            path.write_text(change(path.read_text()))
        report = incremental(site)
        assert report.ok, [str(p) for p in report.problems]
        cold = tmp_path / "cold"
        shutil.rmtree(cold, ignore_errors=True)
        assert run_build(site, output=cold).ok
        assert digest(site / "build") == digest(cold), f"after editing {relative}"


def test_no_change_rebuild_writes_nothing_and_keeps_mtimes(site):
    assert incremental(site).ok
    page = site / "build/topics/iran/index.html"
    before = page.stat().st_mtime_ns
    report = incremental(site)
    assert report.written == 0 and report.kept > 0
    assert page.stat().st_mtime_ns == before


def test_body_edit_rewrites_only_the_pages_that_show_the_body(site):
    assert incremental(site).ok
    path = site / "content/articles/2020/2020-01-05-story-5.md"
    path.write_text(path.read_text().replace("Paragraph about day 5", "A new paragraph"))
    report = incremental(site)
    # The article page and the five Atom feeds that carry its full text (the site's, Iran's, Iraq's,
    # Trump's, Soleimani's); lists show titles and summaries, not bodies.
    assert report.written == 1 + 5


def test_timeline_edit_rewrites_only_the_timeline_page_and_its_data_file(site):
    timeline = site / "content/timeline.yaml"
    timeline.write_text("events:\n  - date: 2020-01\n    title: A month\n")
    assert incremental(site).ok
    before = digest(site / "build")
    timeline.write_text("events:\n  - date: 2020-01\n    title: A month of talks\n    figures: [Trump]\n")
    report = incremental(site)
    assert report.ok and report.written == 2
    after = digest(site / "build")
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "data/timelinejs.json",
        "timeline/index.html",
    ]


def test_parallel_build_matches_single_process_build(tmp_path):
    files = {
        f"content/articles/a{i:04}.md": article(
            f"Story {i}",
            f"2020-{1 + i % 12:02}-{1 + i % 28:02}",
            f"Body {i}.",
            topics=[f"T{i % 7}"],
            figures=[f"F{i % 11}", f"F{i % 5}"],
        )
        for i in range(450)
    }
    site = write_site(tmp_path / "site", files)
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_build(site, output=one, jobs=1).ok
    assert run_build(site, output=two, jobs=2).ok
    assert digest(one) == digest(two)
