"""Where processes cannot be forked (Windows), a build runs in one process and gives the same site."""

from __future__ import annotations

import multiprocessing

from conftest import article, run_build, write_site

from generator.core import parallel


def test_without_fork_a_build_takes_no_pool_and_gives_the_same_site(tmp_path, monkeypatch):
    files = {
        f"content/articles/a{i:03}.md": article(
            f"Story {i}", f"2020-{1 + i % 12:02}-{1 + i % 28:02}", f"Body {i}.", topics=[f"T{i % 5}"]
        )
        for i in range(300)  # enough for every stage to ask for a pool where it can
    }
    site = write_site(tmp_path / "site", {"site.yaml": "title: T\ntimezone: UTC\nsearch: false\n", **files})
    assert run_build(site, output=tmp_path / "forked").ok
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert parallel.default_jobs() == 1

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was asked for where processes cannot be forked")

    monkeypatch.setattr(parallel, "fork_pool", no_pool)
    for module in ("content.reading", "index.dossier", "content.images", "output.workers"):
        monkeypatch.setattr(f"generator.{module}.fork_pool", no_pool)
    assert run_build(site, output=tmp_path / "alone").ok

    def files_of(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files_of(tmp_path / "alone") == files_of(tmp_path / "forked")
