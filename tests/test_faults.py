"""Faults: a killed build, a full disk or a read-only output folder never lose the last good site."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from conftest import REPO, article, run_build

SEED = 8  # the kill moments are random, but the same on every run
KILLS = 5


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes; symbolic links are a failure."""
    files = {}
    for path in sorted(folder.rglob("*")):
        assert not path.is_symlink(), f"{path} is a symbolic link"
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def set_aside(site: Path) -> bool:
    """Whether a previous build is still set aside beside the output (``.build.old``)."""
    return (site / ".build.old").exists()


def build_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--source", str(site)]


def cli_build(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*build_command(site), *args], capture_output=True, text=True, timeout=120, check=False
    )


def corpus(root: Path, articles: int) -> Path:
    """The benchmark corpus: big enough that a build takes a few seconds."""
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/corpus.py"), "--articles", str(articles), str(root)],
        check=True,
    )
    return root


def set_title(site: Path, title: str) -> None:
    """Change the site title: every page changes, so every page is written again."""
    (site / "site.yaml").write_text(f"title: {title}\ntimezone: UTC\nsearch: false\n")


def start_build(site: Path) -> subprocess.Popen:
    """A real build in its own process group, so that a kill also takes its worker pool."""
    return subprocess.Popen(
        build_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def state_stamp(site: Path) -> int:
    """When the writer last marked its state file (it does so before touching any output folder)."""
    return max((p.stat().st_mtime_ns for p in site.glob(".dossier-cache/*.state")), default=0)


def wait_for_writing(site: Path, process: subprocess.Popen, before: int) -> None:
    """Wait until the build has checked everything and starts writing (or has ended)."""
    while state_stamp(site) == before and process.poll() is None:
        time.sleep(0.005)


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_previous_build_whole(tmp_path):
    site = corpus(tmp_path / "site", 150)
    good: dict[str, dict[str, bytes]] = {}
    writing = []  # how long builds spend writing, to aim the kills
    for title in ("Dossier B", "Dossier A"):  # the state left in build/ is A's
        set_title(site, title)
        before = state_stamp(site)
        process = start_build(site)
        wait_for_writing(site, process, before)
        started = time.perf_counter()
        assert process.wait(120) == 0
        writing.append(time.perf_counter() - started)
        good[title] = snapshot(site / "build")
    assert good["Dossier A"] != good["Dossier B"]
    rng = random.Random(SEED)
    mid_write = 0
    for kill in range(KILLS):
        set_title(site, "Dossier B")
        before = state_stamp(site)
        process = start_build(site)
        if kill == 0:
            time.sleep(0.3)  # while it reads and checks the content
        else:
            wait_for_writing(site, process, before)
            time.sleep(rng.uniform(0, 0.9 * min(writing)))
            mid_write += process.poll() is None
        with suppress(ProcessLookupError):  # a build may finish before its kill
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # The output is the last good build, or the new one if the kill came after the swap.
        after = snapshot(site / "build")
        assert after in (good["Dossier A"], good["Dossier B"])
        # The editor undoes the edit: the next build recovers and gives exactly A again.
        set_title(site, "Dossier A")
        result = cli_build(site)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(site / "build") == good["Dossier A"]
        assert not set_aside(site)
    assert mid_write >= 2, "too few kills landed while the build was writing; raise the corpus size"


def test_a_build_killed_between_its_two_renames_is_put_back(tiny_site):
    site = tiny_site({"content/articles/a.md": article("A", "2020-01-01", topics=["x"])})
    assert run_build(site).ok
    before = snapshot(site / "build")
    # Where the swap takes two renames, a kill between them leaves the build aside.
    os.replace(site / "build", site / ".build.old")
    (site / ".build.partial/half").mkdir(parents=True)
    # Even a build that fails on its content puts the previous build back.
    (site / "content/articles/a.md").write_text("---\ntitle: [\n---\n")
    assert not run_build(site).ok
    assert snapshot(site / "build") == before
    assert not set_aside(site)


# A read-only or full output disk: a small tmpfs mounted for the test (root only).


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small memory disk at ``folder``, unmounted afterwards; skips where it cannot be mounted."""
    if not can_mount():
        pytest.skip("mounting a test disk needs root (the CI machine runs the tests as root)")
    folder.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a test disk here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def one_line_error(result: subprocess.CompletedProcess, reason: str) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(line for line in result.stderr.splitlines() if reason in line)
    assert "nothing written" in result.stderr
    return line


def small_site(root: Path) -> Path:
    """A one-article site without search (Pagefind would fill a small disk on its own)."""
    from conftest import write_site

    return write_site(
        root,
        {
            "site.yaml": "title: Tiny dossier\ntimezone: UTC\nsearch: false\n",
            "content/articles/a.md": article("A", "2020-01-01", topics=["x"]),
        },
    )


@pytest.mark.slow
def test_a_full_disk_is_a_clear_error_and_the_previous_build_stays(tmp_path):
    site = small_site(tmp_path / "site")
    with tmpfs(tmp_path / "disk", "1m") as disk:
        output = disk / "build"
        assert cli_build(site, "--output", str(output)).returncode == 0
        before = snapshot(output)
        # A document bigger than the free space: the new build cannot be staged.
        (site / "content/static").mkdir(parents=True)
        (site / "content/static/report.pdf").write_bytes(os.urandom(1_500_000))
        result = cli_build(site, "--output", str(output))
        line = one_line_error(result, "No space left on device")
        assert "the disk is full; free some space and build again" in line
        assert snapshot(output) == before
        assert sorted(p.name for p in disk.iterdir()) == ["build"]


@pytest.mark.slow
def test_a_read_only_output_disk_is_a_clear_error_and_the_previous_build_stays(tmp_path):
    site = small_site(tmp_path / "site")
    with tmpfs(tmp_path / "disk", "4m") as disk:
        output = disk / "build"
        assert cli_build(site, "--output", str(output)).returncode == 0
        before = snapshot(output)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        (site / "content/articles/a.md").write_text(article("B", "2020-01-01", topics=["x"]))
        line = one_line_error(cli_build(site, "--output", str(output)), "Read-only file system")
        assert "choose another one with --output" in line
        assert snapshot(output) == before


def test_an_output_folder_below_a_file_is_a_clear_error(tmp_path):
    site = small_site(tmp_path / "site")
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    line = one_line_error(cli_build(site, "--output", str(tmp_path / "notes.txt/build")), "Not a directory")
    assert "choose another output folder with --output" in line
    assert (tmp_path / "notes.txt").read_text() == "a file, not a folder"
