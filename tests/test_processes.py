"""Worker processes are forked only from a process that runs no other thread.

A fork copies one thread; a lock another thread held at that moment stays held
in the child for ever. ``dossier serve`` runs a web server, a file watcher and a
search indexer in threads, so its rebuilds must not fork; a build from the
command line has no thread and forks its workers.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from conftest import REPO, article, write_site

from generator.core import parallel

# Runs the ``dossier`` command given after it, noting the threads alive at every fork.
NOTING_FORKS = textwrap.dedent(
    """
    import json, os, sys, threading
    forks = open(sys.argv.pop(1), "a")
    real_fork = os.fork

    def fork():
        names = sorted(thread.name for thread in threading.enumerate())
        forks.write(json.dumps(names) + "\\n")
        forks.flush()
        return real_fork()

    os.fork = fork
    from generator.cli import run
    sys.argv[0] = "dossier"
    run()
    """
)


def large_site(root):
    """Enough articles that a build spreads Markdown and pages over workers where it may."""
    files = {
        f"content/articles/a{i:03}.md": article(
            f"Story {i}", f"2020-{1 + i % 12:02}-{1 + i % 28:02}", f"Body {i}.", topics=[f"T{i % 5}"]
        )
        for i in range(450)
    }
    return write_site(root / "site", {"site.yaml": "title: T\ntimezone: UTC\n", **files})


def dossier(log, *args: str, **options) -> subprocess.Popen:
    # From Python 3.12 a fork with threads running is also a DeprecationWarning: an error here.
    return subprocess.Popen(
        [sys.executable, "-W", "error:This process:DeprecationWarning", "-c", NOTING_FORKS, str(log), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **options,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def forks_in(log) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


@pytest.mark.slow
def test_a_build_from_the_command_line_forks_its_workers(tmp_path):
    site, log = large_site(tmp_path), tmp_path / "forks.jsonl"
    process = dossier(log, "build", "--source", str(site), "--no-cache")
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    forks = forks_in(log)
    assert forks, "no worker was forked: the site is too small to show anything"
    assert all(names == ["MainThread"] for names in forks)


@pytest.mark.slow
def test_a_preview_rebuild_with_its_threads_running_does_not_fork(tmp_path):
    site, log = large_site(tmp_path), tmp_path / "forks.jsonl"
    # The site's own copy of a template every page extends, watched from the start.
    base = (REPO / "themes" / "default" / "templates" / "base.html").read_text()
    template = site / "themes" / "default" / "templates" / "base.html"
    template.parent.mkdir(parents=True)
    template.write_text(base)
    process = dossier(log, "serve", "--source", str(site), "--port", str(free_port()))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        wait_for(lines, process, "Serving the preview")
        first = len(forks_in(log))
        # The rebuild renders every page, which a build without threads spreads over workers.
        template.write_text(base.replace("</body>", "<!-- edited --></body>"))
        wait_for(lines, process, "changed:", timeout=300)
        rebuilt = site / ".dossier-cache" / "serve" / "site" / "index.html"
        assert "<!-- edited -->" in rebuilt.read_text()
    finally:
        process.terminate()
        process.wait(30)
    forks = forks_in(log)
    assert first > 0, "the first build, before any thread ran, forked no worker"
    assert [names for names in forks if names != ["MainThread"]] == []
    assert len(forks) == first, "the rebuild forked"


def wait_for(lines: list[str], process: subprocess.Popen, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in line for line in lines):
            return
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never printed:\n{''.join(lines)}")


def test_a_pool_asked_for_while_a_thread_runs_runs_its_tasks_here():
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait, name="watcher")
    watcher.start()
    try:
        assert not parallel.safe_to_fork()
        with parallel.fork_pool(2, {"shared": 7}) as pool:
            results = list(pool.map(_read_shared, [1, 2, 3]))
    finally:
        stop.set()
        watcher.join()
    assert results == [8, 9, 10]
    assert parallel.shared() is None


def _read_shared(number: int) -> int:
    return parallel.shared()["shared"] + number


def test_work_left_to_the_background_runs_in_a_thread_while_threads_run():
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait, name="watcher")
    watcher.start()
    seen: list[int] = []
    try:
        wait = parallel.in_background(lambda: seen.append(1))
        assert wait() is True
        failed = parallel.in_background(lambda: 1 / 0)
        assert failed() is False
    finally:
        stop.set()
        watcher.join()
    assert seen == [1], "the task ran in another process: what it did is not seen here"
