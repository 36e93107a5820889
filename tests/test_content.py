"""Reading content: every problem reported as path:line, nothing written on error."""

from __future__ import annotations

import os
from datetime import UTC

import pytest
from conftest import article, run_build


def problems(report) -> list[str]:
    return [str(p) for p in report.problems]


def build_one(
    tiny_site, text: str | bytes, name: str = "content/articles/2020/2020-01-03-story.md", **options
):
    site = tiny_site({name: text})
    return run_build(site, **options), site


def test_valid_article_builds(tiny_site):
    report, site = build_one(tiny_site, article("Story", "2020-01-03", topics=["Iran"]))
    assert report.ok, problems(report)
    assert (site / "build/2020/01/03/story/index.html").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: [unclosed\ndate: 2020-01-03\n---\nbody", ":3: "),
        ("---\ndate: 2020-01-03\n---\nbody", ":1: `title` is required"),
        ("---\ntitle: A\ndate: 2020-02-30\n---\nbody", ":3: `date: 2020-02-30` is not a valid date"),
        ("---\ntitle: A\ndate: 0000-01-01\n---\nbody", ":3: `date: 0000-01-01` is not a valid date"),
        ("---\ntitle: A\ndate: 2020\n---\nbody", ":3: `date: 2020` is not a valid date"),
        (
            "---\ntitle: A\ndate: 2020-01-03\ntopcis: [Iran]\n---\nbody",
            ":4: unknown field `topcis`: did you mean `topics`?",
        ),
        ("---\ntitle: A\ndate: 2020-01-03\n", ":1: front matter is not closed"),
        ("no front matter here", ":1: does not start with front matter"),
        ("", ":1: is empty"),
        ("---\n- a\n- b\n---\nbody", ":2: front matter must be `key: value` lines, not a list"),
        ("---\njust a string\n---\nbody", ":2: front matter must be `key: value` lines, not a single value"),
        ("---\ntitle: !!python/object/apply:os.system [ls]\ndate: 2020-01-03\n---\n", ":2: YAML tags"),
        ("---\ntitle: &a A\nsummary: *a\ndate: 2020-01-03\n---\n", "anchors and aliases"),
        ("---\ntitle: A\ndate: 2020-01-03\nslug: ../../etc\n---\n", ":4: `slug: ../../etc` may only hold"),
        ("---\ntitle: A\ndate: 2020-01-03\nslug: con\n---\n", ":4: `slug: con` is a reserved name"),
        (
            "---\ntitle: A\ndate: 2020-01-03\nsources: ['javascript:alert(1)']\n---\n",
            ":4: source URL `javascript:alert(1)`",
        ),
        (
            "---\ntitle: A\ndate: 2020-01-03\nsources: ['data:text/html,<script>alert(1)</script>']\n---\n",
            ":4: source URL `data:text/html",
        ),
        (
            "---\ntitle: A\ndate: 2020-01-03\nsources: ['http://[oops']\n---\n",
            ":4: source URL `http://[oops`",
        ),
        (
            "---\ntitle: A\ndate: 2020-01-03\nsources: ['https://exa mple.org/']\n---\n",
            ":4: source URL `https://exa mple.org/` is not a valid web address",
        ),
        ("---\ntitle: true\ndate: 2020-01-03\n---\n", ":2: `title` must be text; put the value in quotes"),
        (b"---\ntitle: A\ndate: 2020-01-03\n---\n\nfine\n\xff\xfe bad\n", ":7: is not valid UTF-8"),
    ],
)
def test_bad_input_is_reported_with_path_and_line(tiny_site, text, expected):
    report, site = build_one(tiny_site, text)
    assert not report.ok
    messages = problems(report)
    assert any(
        m.startswith("content/articles/2020/2020-01-03-story.md") and expected in m for m in messages
    ), messages
    assert not (site / "build").exists()


def test_every_problem_is_reported_in_one_pass(tiny_site):
    site = tiny_site(
        {
            "content/articles/a.md": "---\ntitle: A\n---\n",
            "content/articles/b.md": "---\ndate: 2020-01-01\n---\n",
            "content/articles/c.md": "---\ntitle: C\ndate: nope\nfigurez: []\n---\n",
        }
    )
    report = run_build(site)
    files = sorted({p.path for p in report.errors})
    assert files == ["content/articles/a.md", "content/articles/b.md", "content/articles/c.md"]
    assert len(report.errors) == 4


def test_failed_build_leaves_previous_build_untouched(tiny_site):
    report, site = build_one(tiny_site, article("Story", "2020-01-03", topics=["Iran"]))
    assert report.ok
    before = {p: p.read_bytes() for p in (site / "build").rglob("*") if p.is_file()}
    (site / "content/articles/2020/2020-01-03-story.md").write_text("---\ntitle: [\n---\n")
    assert not run_build(site).ok
    after = {p: p.read_bytes() for p in (site / "build").rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.glob(".build*"))


def test_yaml_1_1_surprises_are_read_as_written(tiny_site):
    text = article("no", "2020-01-03", location="12:30", summary="010", topics=["Iran"])
    report, site = build_one(tiny_site, text)
    assert report.ok, problems(report)
    page = (site / "build/2020/01/03/story/index.html").read_text()
    assert '<h1 class="story__title">no</h1>' in page
    assert "12:30" in page and "010" in page


def test_bom_and_crlf_and_cr_line_endings(tiny_site):
    crlf = "\ufeff" + article("Windows", "2020-01-03", topics=["Iran"]).replace("\n", "\r\n")
    cr = article("Classic Mac", "2020-01-04", topics=["Iran"]).replace("\n", "\r")
    site = tiny_site({"content/articles/a.md": crlf, "content/articles/b.md": cr})
    report = run_build(site)
    assert report.ok, problems(report)
    assert report.counts["article"] == 2


def test_scripts_in_fields_are_escaped(tiny_site):
    evil = '"<script>alert(1)</script>'
    text = f"---\ntitle: '{evil}'\ndate: 2020-01-03\ntopics: ['{evil}']\nsummary: '{evil}'\n---\nbody\n"
    report, site = build_one(tiny_site, text)
    assert report.ok, problems(report)
    for page in (site / "build").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(), page


def test_no_topics_is_a_warning_and_strict_makes_it_an_error(tiny_site):
    report, _ = build_one(tiny_site, article("Lonely", "2020-01-03"))
    assert report.ok
    assert any("has no topics" in m and "warning" in m for m in problems(report))
    strict, _ = build_one(tiny_site, article("Lonely", "2020-01-03"), strict=True)
    assert not strict.ok


def test_two_articles_on_one_url_name_both_files(tiny_site):
    site = tiny_site(
        {
            "content/articles/a/2020-01-03-same.md": article("One", "2020-01-03", topics=["x"]),
            "content/articles/b/2020-01-03-same.md": article("Two", "2020-01-03", topics=["x"]),
        }
    )
    report = run_build(site)
    assert not report.ok
    message = next(m for m in problems(report) if "/2020/01/03/same/" in m)
    assert (
        "content/articles/a/2020-01-03-same.md" in message
        and "content/articles/b/2020-01-03-same.md" in message
    )


def test_drafts_and_future_articles_are_left_out_unless_asked(tiny_site):
    site = tiny_site(
        {
            "content/articles/draft.md": article("Draft", "2020-01-03", draft="true", topics=["x"]),
            "content/articles/future.md": article("Future", "2030-01-03", topics=["x"]),
            "content/articles/now.md": article("Now", "2020-01-02", topics=["x"]),
        }
    )
    report = run_build(site)
    assert report.ok and report.counts["article"] == 1
    assert sorted(a.title for a in report.left_out) == ["Draft", "Future"]
    assert "left out 1 draft(s) and 1 future article(s)" in report.summary()
    assert run_build(site, drafts=True, future=True).counts["article"] == 3


def test_article_dated_today_is_not_future_in_any_time_zone(tiny_site):
    from datetime import datetime

    # 23:30 UTC on 1 June is already 2 June in Tokyo: an article dated 2 June is published there.
    late = datetime(2024, 6, 1, 23, 30, tzinfo=UTC)
    site = tiny_site(
        {
            "site.yaml": "title: T\ntimezone: Asia/Tokyo\n",
            "content/articles/today.md": article("Today", "2024-06-02", topics=["x"]),
        }
    )
    assert run_build(site, now=late).counts["article"] == 1


@pytest.mark.parametrize(
    ("zone", "written", "due"),
    [
        ("Asia/Tokyo", "2024-06-02", "2024-06-01T15:00:00+00:00"),  # midnight in Tokyo
        ("UTC", "2024-06-02T09:30:00+02:00", "2024-06-02T07:30:00+00:00"),
        # Clocks in Santiago skip that midnight: the day starts at 01:00, 04:00 UTC.
        ("America/Santiago", "2022-09-11", "2022-09-11T04:00:00+00:00"),
    ],
)
def test_an_article_is_published_at_the_moment_the_build_says_it_comes_due(zone, written, due):
    from datetime import datetime, timedelta

    from generator.commands.build import BuildOptions, next_due, select_published
    from generator.content.records import parse_moment
    from generator.core.config import SiteConfig
    from generator.core.models import Article

    config = SiteConfig(title="T", timezone=zone)
    moment, has_time = parse_moment(written, config.tz)
    record = Article(
        path="a.md", slug="a", title="A", date=moment, has_time=has_time, updated=None, location="",
        topics=(), figures=(), summary="", sources=(), draft=False, body_line=1,
    )  # fmt: skip
    due_at = datetime.fromisoformat(due)
    before = BuildOptions(now=due_at - timedelta(seconds=1))
    published, left_out = select_published((record,), before, config)
    assert (published, left_out) == ([], [record])
    assert next_due(left_out, before, config).timestamp() == due_at.timestamp()  # == is False in a gap
    assert select_published((record,), BuildOptions(now=due_at), config) == ([record], [])


def test_topic_names_differing_by_case_and_accents_are_one_topic(tiny_site):
    site = tiny_site(
        {
            "content/articles/a.md": article("A", "2020-01-01", topics=["Iran"]),
            "content/articles/b.md": article("B", "2020-01-02", topics=["IRAN"]),
            "content/articles/c.md": article("C", "2020-01-03", topics=["Irán"]),
        }
    )
    report = run_build(site)
    assert report.counts["topic"] == 1
    page = (site / "build/topics/iran/index.html").read_text()
    assert all(f">{t}</a>" in page for t in "ABC")


def test_alias_resolves_to_figure_page(tiny_site):
    site = tiny_site(
        {
            "content/figures/qassem-soleimani.md": "---\nname: Qassem Soleimani\naliases: [Soleimani, Gen. Qassem Soleimani]\n---\nBio.\n",
            "content/articles/a.md": article("A", "2020-01-01", topics=["x"], figures=["Soleimani"]),
            "content/articles/b.md": article(
                "B", "2020-01-02", topics=["x"], figures=['"Gen. Qassem Soleimani"']
            ),
        }
    )
    report = run_build(site)
    assert report.ok and report.counts["figure"] == 1
    page = (site / "build/figures/qassem-soleimani/index.html").read_text()
    assert ">A</a>" in page and ">B</a>" in page


def test_alias_colliding_with_another_figure_is_an_error(tiny_site):
    site = tiny_site(
        {
            "content/figures/a.md": "---\nname: Alpha\naliases: [Shared]\n---\n",
            "content/figures/b.md": "---\nname: Beta\naliases: [shared]\n---\n",
        }
    )
    report = run_build(site)
    assert not report.ok
    assert any("content/figures/b.md" in m and "content/figures/a.md" in m for m in problems(report))


def test_output_folder_holding_the_sources_is_refused(tiny_site):
    site = tiny_site({"content/articles/a.md": article("A", "2020-01-01", topics=["x"])})
    report = run_build(site, output=site)
    assert not report.ok
    assert (site / "site.yaml").exists() and (site / "content/articles/a.md").exists()


def test_link_out_of_the_site_is_refused(tiny_site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(article("Secret", "2020-01-01", topics=["x"]))
    site = tiny_site({"content/articles/a.md": article("A", "2020-01-01", topics=["x"])})
    os.symlink(secret, site / "content/articles/secret.md")
    report = run_build(site)
    assert not report.ok
    assert any("content/articles/secret.md" in m and "outside the site" in m for m in problems(report))


def test_files_no_longer_produced_are_removed(tiny_site):
    site = tiny_site(
        {
            "content/articles/a.md": article("A", "2020-01-01", topics=["Old topic"]),
        }
    )
    assert run_build(site).ok
    assert (site / "build/topics/old-topic/index.html").exists()
    (site / "content/articles/a.md").write_text(article("A", "2020-01-01", topics=["New topic"]))
    assert run_build(site).ok
    assert not (site / "build/topics/old-topic").exists()
    assert (site / "build/topics/new-topic/index.html").exists()


def test_oversized_file_is_refused_by_name(tiny_site):
    big = article("Big", "2020-01-01", topics=["x"]) + ("word " * 1_200_000)
    report, _ = build_one(tiny_site, big)
    assert not report.ok
    assert any("files are limited to" in m for m in problems(report))


def test_source_urls_are_written_the_way_html_allows(tiny_site):
    sources = "sources:\n  - {name: Report, url: 'https://example.org/a b?q=\"x\"&y=<1>#top'}\n  - https://bücher.example/ü\n"
    text = f"---\ntitle: A\ndate: 2020-01-03\ntopics: [x]\n{sources}---\nbody\n"
    report, site = build_one(tiny_site, text)
    assert report.ok, problems(report)
    page = (site / "build/2020/01/03/story/index.html").read_text()
    assert 'href="https://example.org/a%20b?q=%22x%22&amp;y=%3C1%3E#top"' in page
    assert 'href="https://xn--bcher-kva.example/%C3%BC"' in page
    assert ">bücher.example</a>" in page


def test_many_files_are_read_over_worker_processes_as_one_process_reads_them(tiny_site, monkeypatch):
    import generator.content.reading as content
    from generator.content.reading import load_content

    files = {
        f"content/articles/{i:02}.md": article(
            f"Story {i}", f"2020-01-{1 + i % 28:02}", f"Body {i}.", topics=["T"]
        )
        for i in range(30)
    }
    files["content/articles/broken.md"] = "---\ntitle: [unclosed\ndate: 2020-01-03\n---\nbody"
    files["content/articles/nameless.md"] = "---\ndate: 2020-01-03\n---\nbody"
    files["content/figures/someone.md"] = "---\nname: Someone\nrole: a role\n---\nA life."
    site = tiny_site(files)
    one = load_content(site, UTC)
    pools = []
    real_pool = content.fork_pool
    monkeypatch.setattr(content, "fork_pool", lambda jobs: pools.append(jobs) or real_pool(jobs))
    monkeypatch.setattr(content, "MIN_PARALLEL_READS", 10)
    two = load_content(site, UTC, jobs=2)
    assert pools == [2]
    assert len(one.articles) == 30 and len(one.profiles) == 1
    errors = [p.path for p in one.problems if not p.warning]
    assert errors == ["content/articles/broken.md", "content/articles/nameless.md"]
    assert two.articles == one.articles
    assert two.profiles == one.profiles
    assert two.bodies == one.bodies
    assert two.problems == one.problems
