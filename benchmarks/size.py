"""Measure what a build publishes: ``python benchmarks/size.py --articles 1000 10000``.

For each size, a synthetic dossier (benchmarks/corpus.py) is built with the
default settings, search included, and the output's bytes are reported per part
(article pages, topic and figure pages, feeds, search index, open data, ...)
with the bytes per article, and how many such articles fit in GitHub Pages'
1 GB. ``--json FILE`` keeps the figures. ``--keep DIR`` leaves the corpora and
their builds in DIR (a temporary folder otherwise).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

PAGES_LIMIT = 10**9  # GitHub Pages: "published sites may be no larger than 1 GB"
# Each published file is put in one part by its path; the first pattern that matches wins.
PARTS = (
    ("article pages", r"\d{4}/\d\d/\d\d/[^/]+/index\.html"),
    ("topic pages", r"topics/[^/]+/(page/\d+/)?index\.html"),
    ("figure pages", r"figures/[^/]+/(page/\d+/)?index\.html"),
    ("site feed", r"feed\.xml"),
    ("topic feeds", r"topics/[^/]+/feed\.xml"),
    ("figure feeds", r"figures/[^/]+/feed\.xml"),
    ("search index", r"pagefind/.*"),
    ("open data", r"data/.*"),
    ("sitemap", r"sitemap.*\.xml"),
    ("other pages", r".*\.html"),
    ("assets", r".*"),
)


def part_of(path: str) -> str:
    return next(name for name, pattern in PARTS if re.fullmatch(pattern, path))


def measure(output: Path) -> dict[str, dict[str, int]]:
    """Bytes and files of each part of a built site."""
    parts: dict[str, dict[str, int]] = defaultdict(lambda: {"bytes": 0, "files": 0})
    for file in output.rglob("*"):
        if file.is_file():
            part = parts[part_of(file.relative_to(output).as_posix())]
            part["bytes"] += file.stat().st_size
            part["files"] += 1
    return {name: parts[name] for name, _ in PARTS if name in parts}


def default_settings(path: Path) -> None:
    """Leave every setting of the corpus's site.yaml but title and time zone at its default."""
    lines = path.read_text().splitlines()
    path.write_text("".join(f"{line}\n" for line in lines if line.startswith(("title:", "timezone:"))))


def build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--no-cache", "--source", str(site)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def report(articles: int, parts: dict[str, dict[str, int]]) -> dict:
    total = sum(p["bytes"] for p in parts.values())
    per_article = total / articles
    print(
        f"\n{articles:,} articles: {total / 2**20:,.1f} MiB in {sum(p['files'] for p in parts.values()):,} files"
    )
    print(f"{'part':<14} {'MiB':>8} {'files':>7} {'KB/file':>8} {'KB/article':>11}")
    for name, part in parts.items():
        print(
            f"{name:<14} {part['bytes'] / 2**20:>8.1f} {part['files']:>7,} "
            f"{part['bytes'] / part['files'] / 1000:>8.1f} {part['bytes'] / articles / 1000:>11.1f}"
        )
    print(f"{'total':<14} {total / 2**20:>8.1f} {'':>7} {'':>8} {per_article / 1000:>11.1f}")
    print(
        f"at {per_article / 1000:.1f} KB per article, GitHub Pages' 1 GB holds about {PAGES_LIMIT / per_article:,.0f}"
    )
    return {"articles": articles, "bytes": total, "bytes_per_article": round(per_article), "parts": parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossier-size-"))
    results = []
    try:
        for count in args.articles:
            site = work / f"size-{count}"
            if site.exists():
                shutil.rmtree(site)
            site.mkdir(parents=True)
            corpus.write_dossier(site, count)
            default_settings(site / "site.yaml")
            seconds = build(site)
            print(f"built {count:,} articles in {seconds:.0f} s", file=sys.stderr)
            results.append(report(count, measure(site / "build")))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
