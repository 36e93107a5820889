"""Compare two or more versions of the code on one corpus, their runs in turns:
``python benchmarks/ab.py --site DIR --tree before=PATH --tree after=PATH``.

Each ``--tree`` is a folder holding a ``generator`` package (a checkout, or
``git archive COMMIT | tar -x -C PATH``). Each tree builds its own copy of the
corpus, as a whole process, round after round in turns (the machine's speed
drifts over minutes; runs side by side compare fairly), and the median wall and
CPU seconds (the build and every process it starts) of each are printed.
Scenarios: ``cold`` (no output, no cache, as a fresh clone), ``edit`` (one
article's body edited after builds that left the output, its spare and the cache
in their usual state, the build after the edit timed), ``title`` (the same with
its title edited: a change to the dossier's shape), ``add`` (a copy of the
article saved as a new one), and ``serve`` (in
``dossier serve``, the seconds from saving an article, then a template every
page extends, to the article's page served with the change; wall time only).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _fetch, _free_port, first_article, measure, set_aside, start_preview  # noqa: E402

SET_ASIDE = "set-aside"


def command(tree: Path, site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--source", str(site), *extra]


def prepare_cold(site: Path) -> None:
    for folder in ("build", ".build.partial", ".dossier-cache"):
        set_aside(site / folder)


def prepare_edit(tree: Path, site: Path, number: int, part: str = "edit") -> None:
    """Build with the first article as it was (and no article added), then edit its body
    (``edit``) or its title (``title``), or save a copy of it as a new article (``add``)."""
    article = first_article(site)
    original = article.read_text(encoding="utf-8").split("\nOne more sentence")[0]
    original = original.replace(" (retitled)", "")
    article.write_text(original, encoding="utf-8")
    for added in article.parent.glob("added-*.md"):
        added.unlink()
    subprocess.run(command(tree, site), cwd=tree, env=env_of(tree), check=True, capture_output=True)
    if part == "add":
        text = original.replace("title: ", f"title: Added story {number}, ", 1)
        (article.parent / f"added-{number}.md").write_text(text, encoding="utf-8")
    elif part == "title":
        head, rest = original.split("\ntitle: ", 1)
        title, rest = rest.split("\n", 1)
        article.write_text(f"{head}\ntitle: {title} (retitled)\n{rest}", encoding="utf-8")
    else:
        article.write_text(original + f"\nOne more sentence, number {number}.\n", encoding="utf-8")


def serve_seconds(tree: Path, site: Path, number: int) -> dict[str, float]:
    """Seconds from a save to the page served with it: an article's body, then a template."""
    article = first_article(site)
    original = article.read_text(encoding="utf-8").split("\nOne more sentence")[0]
    article.write_text(original, encoding="utf-8")
    template = site / "themes" / "default" / "templates" / "base.html"
    base = (tree / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(base, encoding="utf-8")
    port = _free_port()
    server = start_preview(site, port, cwd=tree, env=env_of(tree))
    try:
        slug = article.stem[11:] if article.stem[:4].isdigit() else article.stem
        served = site / ".dossier-cache" / "serve" / "site"
        page = next(served.rglob(f"{slug}/index.html")).relative_to(served).parent.as_posix()
        url = f"http://127.0.0.1:{port}/{page}/"
        seconds = {}
        for what in ("body", "template"):
            marker = f"Served marker {number} {time.time_ns()}"
            os.sync()
            started = time.perf_counter()
            if what == "body":
                article.write_text(original + f"\n{marker}.\n", encoding="utf-8")
            else:
                template.write_text(base.replace("</body>", f"<!-- {marker} --></body>"), encoding="utf-8")
            while marker not in _fetch(url):
                if time.perf_counter() - started > 300:
                    raise SystemExit(f"the page was not served within 300 s after a {what} edit")
                time.sleep(0.01)
            seconds[what] = time.perf_counter() - started
        return seconds
    finally:
        article.write_text(original, encoding="utf-8")
        template.unlink()
        server.terminate()
        server.wait(timeout=30)


def env_of(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a corpus written by corpus.py")
    parser.add_argument("--tree", action="append", required=True, help="NAME=PATH, two or more")
    parser.add_argument("--scenario", choices=["cold", "edit", "title", "add", "serve"], action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/dossier-ab"))
    args = parser.parse_args()

    trees = {name: Path(path).resolve() for name, path in (t.split("=", 1) for t in args.tree)}
    sites = {}
    for name, tree in trees.items():
        compileall.compile_dir(tree / "generator", quiet=1)
        site = args.work / "sites" / name / args.site.name
        shutil.rmtree(site.parent, ignore_errors=True)
        shutil.copytree(args.site, site)
        sites[name] = site
    scenarios = args.scenario or ["cold", "edit"]
    samples: dict[tuple[str, str], list[dict[str, float]]] = {}
    for scenario in scenarios:
        if scenario in ("edit", "title", "add"):
            for name, tree in trees.items():  # two builds: both folders and the cache as after many
                prepare_edit(tree, sites[name], -1, scenario)
        for run in range(args.runs):
            # The order of the trees turns with the round, so that none is always first.
            order = list(trees)[run % len(trees) :] + list(trees)[: run % len(trees)]
            for name in order:
                tree, site = trees[name], sites[name]
                if scenario == "serve":
                    for what, seconds in serve_seconds(tree, site, run).items():
                        samples.setdefault((f"serve, {what} saved", name), []).append(
                            {"wall": seconds, "cpu": 0}
                        )
                        print(f"serve, {what} saved, {name}: {seconds:.2f} s", flush=True)
                    continue
                if scenario == "cold":
                    prepare_cold(site)
                    extra = ["--no-cache"]
                else:
                    prepare_edit(tree, site, run, scenario)
                    extra = []
                os.sync()
                environ = os.environ.copy()
                os.environ["PYTHONPATH"] = str(tree)
                try:
                    sample = measure(command(tree, site, *extra), cwd=tree)
                finally:
                    os.environ.clear()
                    os.environ.update(environ)
                samples.setdefault((scenario, name), []).append(sample)
                print(f"{scenario} {name}: {sample['wall']:.2f} s, {sample['cpu']:.2f} s CPU", flush=True)
    print(f"\n{args.site.name}, median of {args.runs} runs in turns\n")
    print("| scenario | tree | wall s | CPU s | runs (wall) |")
    print("| --- | --- | --- | --- | --- |")
    for (scenario, name), runs in samples.items():
        wall = statistics.median(s["wall"] for s in runs)
        cpu = statistics.median(s["cpu"] for s in runs)
        each = ", ".join(f"{s['wall']:.2f}" for s in runs)
        print(f"| {scenario} | {name} | {wall:.2f} | {cpu:.2f} | {each} |")
    for site in sites.values():
        shutil.rmtree(site.parent / SET_ASIDE, ignore_errors=True)


if __name__ == "__main__":
    main()
