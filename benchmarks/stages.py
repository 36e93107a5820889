"""Where one rebuild's time goes, stage by stage: ``python benchmarks/stages.py DIR --edit body``.

DIR is a corpus written by corpus.py, built once before (its output, spare and
cache in their usual state). The middle article is edited (``body``: a sentence
added; ``add``: a copy of it saved as a new article), then one build runs in
this process with a timer around each stage. The profiler is not used: it
slows the Python stages and not Pagefind, and would misstate their shares.

``--part-months N`` indexes articles in parts of N months instead of a year
(the build's own split is untouched on disk): what smaller search bundles would
cost and save. Build DIR once with the same option before timing.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import first_article  # noqa: E402

started = time.perf_counter()
import generator.commands.build as build  # noqa: E402
import generator.output.cache as cache  # noqa: E402
import generator.output.search_index as search_index  # noqa: E402
import generator.output.write as write  # noqa: E402
from generator.core.models import Article  # noqa: E402
from generator.site.routes import kind_of  # noqa: E402

IMPORTED = time.perf_counter() - started
STAGES = ("signature", "read_content", "gather", "unchanged_pages", "render_all", "made_of", "render")


def timed(owner: object, name: str, seconds: dict[str, float], label: str = "") -> None:
    """Wrap ``owner.name`` so that its time adds up under ``label``."""
    function = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label or name] = seconds.get(label or name, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


def parts_of_months(months: int):
    """search_index.parts, with articles in parts of ``months`` months."""

    def parts(routes):
        groups = defaultdict(list)
        for route in routes:
            if found := kind_of(route).search_part(route):
                key = found[0]
                if isinstance(route.subject, Article):
                    day = route.subject.date
                    key = f"{day.year}-{(day.month - 1) // months + 1}"
                groups[key].append((route.url, route.out_path))
        return [search_index.Part(key, tuple(sorted(pages))) for key, pages in sorted(groups.items())]

    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edit", choices=["body", "add", "none"], default="body")
    parser.add_argument("--part-months", type=int, default=12)
    args = parser.parse_args()
    if args.part_months < 12:
        search_index.parts = parts_of_months(args.part_months)
    article = first_article(args.site)
    stamp = time.time_ns()
    if args.edit == "body":
        article.write_text(article.read_text() + f"\nOne more sentence, number {stamp}.\n")
    elif args.edit == "add":
        text = article.read_text().replace("title: ", f"title: Added story {stamp}, ", 1)
        (article.parent / f"added-{stamp}.md").write_text(text)
    seconds: dict[str, float] = {}
    for name in STAGES:
        timed(build, name, seconds)
    timed(search_index, "publish", seconds, "search index")
    timed(cache.Cache, "load", seconds, "cache load")
    timed(cache.Cache, "save", seconds, "cache save")
    timed(write.Writer, "__init__", seconds, "writer")
    timed(write.Writer, "commit", seconds, "commit")
    options = build.BuildOptions(site=args.site, jobs=int(os.environ.get("JOBS", "0")))
    start = time.perf_counter()
    report = build.build(options)
    total = time.perf_counter() - start
    print(f"imports {IMPORTED:.3f} s, build {total:.3f} s, {report.written} files written, ok: {report.ok}")
    for name, value in seconds.items():
        print(f"  {name:<16} {value:.3f} s")


if __name__ == "__main__":
    main()
