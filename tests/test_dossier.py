"""Cross-links: related articles, story threads, co-appearances, pagination."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import article, run_build
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.config import RelatedConfig
from generator.core.models import Article
from generator.index.dossier import build_dossier


def record(slug: str, day: int, topics=(), figures=()) -> Article:
    return Article(
        path=f"content/articles/{slug}.md", slug=slug, title=slug.title(),
        date=datetime(2020, 1, day, tzinfo=UTC), has_time=False, updated=None, location="",
        topics=tuple(topics), figures=tuple(figures), summary="", sources=(), draft=False, body_line=4,
    )  # fmt: skip


def test_shared_figures_weigh_more_than_shared_topics():
    base = record("base", 10, topics=["Iran", "Iraq"], figures=["Soleimani"])
    by_topics = record("by-topics", 11, topics=["Iran", "Iraq"])
    by_figure = record("by-figure", 20, figures=["Soleimani"])
    unrelated = record("unrelated", 12, topics=["Other"])
    dossier, _ = build_dossier(
        [base, by_topics, by_figure, unrelated], (), RelatedConfig(figures=3, topics=1)
    )
    assert [a.slug for a in dossier.related[base.path]] == ["by-figure", "by-topics"]


def test_ties_are_broken_by_closeness_in_time():
    base = record("base", 10, topics=["Iran"])
    far, near = record("far", 1, topics=["Iran"]), record("near", 12, topics=["Iran"])
    dossier, _ = build_dossier([base, far, near], (), RelatedConfig(limit=1))
    assert [a.slug for a in dossier.related[base.path]] == ["near"]


stories = st.lists(
    st.tuples(
        st.integers(1, 28),  # day
        st.lists(st.sampled_from("ABCD"), max_size=3, unique=True),  # topics
        st.lists(st.sampled_from("vwxyz"), max_size=3, unique=True),  # figures
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=400, deadline=None)
@given(found=stories, figures=st.integers(0, 3), topics=st.integers(0, 2), limit=st.integers(0, 6))
def test_related_articles_are_the_best_scored_then_the_closest_in_time_then_the_older(
    found, figures, topics, limit
):
    articles = [record(f"a{n}", day, topics, people) for n, (day, topics, people) in enumerate(found)]
    dossier, _ = build_dossier(articles, (), RelatedConfig(figures=figures, topics=topics, limit=limit))
    ordered = list(dossier.articles)
    for here, mine in enumerate(ordered):
        ranked = []
        for place, other in enumerate(ordered):
            score = figures * len(set(mine.figures) & set(other.figures))
            score += topics * len(set(mine.topics) & set(other.topics))
            if place != here and score > 0:
                distance = abs(other.date.timestamp() - mine.date.timestamp())
                ranked.append((-score, distance, place, other.slug))
        expected = [slug for *_, slug in sorted(ranked)[:limit]]
        assert [a.slug for a in dossier.related[mine.path]] == expected


def test_story_thread_gives_previous_and_next_in_each_topic():
    a, b, c = record("a", 1, ["Iran"]), record("b", 2, ["Iran", "Iraq"]), record("c", 3, ["Iran"])
    dossier, _ = build_dossier([c, a, b], (), RelatedConfig())
    steps = {s.topic.name: s for s in dossier.threads[b.path]}
    assert (steps["Iran"].previous.slug, steps["Iran"].next.slug) == ("a", "c")
    assert (steps["Iraq"].previous, steps["Iraq"].next) == (None, None)


def test_co_appearances_count_shared_articles():
    articles = [
        record("a", 1, figures=["Trump", "Pompeo"]),
        record("b", 2, figures=["Trump", "Pompeo", "Esper"]),
        record("c", 3, figures=["Trump", "Esper"]),
        record("d", 4, figures=["Trump", "Pompeo"]),
    ]
    dossier, _ = build_dossier(articles, (), RelatedConfig())
    assert [(s.name, n) for s, n in dossier.co_appearances["trump"]] == [("Pompeo", 3), ("Esper", 2)]


def test_long_lists_paginate(tiny_site):
    files = {
        f"content/articles/a{i:02}.md": article(f"Story {i}", f"2020-01-{i:02}", topics=["Iran"])
        for i in range(1, 26)
    }
    site = tiny_site({"site.yaml": "title: T\nper_page: 10\n", **files})
    assert run_build(site).ok
    first = (site / "build/topics/iran/index.html").read_text()
    third = (site / "build/topics/iran/page/3/index.html").read_text()
    assert "Page 1 of 3" in first and 'href="../../topics/iran/page/2/"' in first
    assert "Story 25" in third and "Story 1<" not in third
    assert not (site / "build/topics/iran/page/4").exists()


def test_article_page_links_topics_figures_related_and_threads(tiny_site):
    site = tiny_site(
        {
            "content/articles/a.md": article("First", "2020-01-01", topics=["Iran"], figures=["Trump"]),
            "content/articles/b.md": article("Second", "2020-01-02", topics=["Iran"], figures=["Trump"]),
        }
    )
    assert run_build(site).ok
    page = (site / "build/2020/01/02/b/index.html").read_text()
    assert 'href="../../../../topics/iran/"' in page
    assert 'href="../../../../figures/trump/"' in page
    assert 'rel="prev" href="../../../../2020/01/01/a/"' in page
    assert page.count('href="../../../../2020/01/01/a/"') == 1  # the thread; related leaves it out


def test_many_articles_are_ranked_over_worker_processes_as_one_process_ranks_them(monkeypatch):
    import generator.index.dossier as dossier_module

    articles = [
        record(f"a{n}", 1 + n % 28, [f"T{n % 5}", f"T{n % 3}"], [f"F{n % 7}", f"F{n % 11}"])
        for n in range(120)
    ]
    one, _ = build_dossier(articles, (), RelatedConfig())
    pools = []
    real_pool = dossier_module.fork_pool
    monkeypatch.setattr(
        dossier_module, "fork_pool", lambda jobs, *a: pools.append(jobs) or real_pool(jobs, *a)
    )
    monkeypatch.setattr(dossier_module, "MIN_PARALLEL_RELATED", 50)
    two, _ = build_dossier(articles, (), RelatedConfig(), jobs=2)
    assert pools == [2]
    assert two.related == one.related
    assert sum(len(found) for found in one.related.values()) > 500
