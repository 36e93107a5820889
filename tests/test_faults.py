"""Faults: a killed build, a full disk or a read-only output folder never lose the last good site."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
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


# A build never publishes the wrong site: a record of a folder is trusted only for that folder.


def sample_site(root: Path, title: str = "One") -> Path:
    from conftest import write_site

    return write_site(
        root,
        {
            "site.yaml": "title: Tiny dossier\ntimezone: UTC\nsearch: false\n",
            "content/articles/a.md": article(f"Title {title}", "2020-01-01", topics=["x"]),
            "content/articles/b.md": article("Retracted", "2020-01-02", topics=["x"]),
        },
    )


def retitle(site: Path, title: str) -> None:
    (site / "content/articles/a.md").write_text(article(f"Title {title}", "2020-01-01", topics=["x"]))


def cold_build(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build from nothing makes of ``site`` as it is now."""
    output = tmp_path / f"cold-{len(list(tmp_path.glob('cold-*')))}"
    result = cli_build(site, "--no-cache", "--output", str(output))
    assert result.returncode == 0, result.stderr
    return snapshot(output)


def test_a_build_after_a_build_without_cache_does_not_trust_the_other_folder(tmp_path):
    site = sample_site(tmp_path / "site")
    assert cli_build(site).returncode == 0
    retitle(site, "Two")
    assert cli_build(site).returncode == 0
    retitle(site, "Three")
    assert cli_build(site, "--no-cache").returncode == 0  # exchanges the folders behind the cache's back
    retitle(site, "One")
    assert cli_build(site).returncode == 0
    page = (site / "build/2020/01/01/a/index.html").read_text()
    assert "Title One" in page and "Title Two" not in page
    assert snapshot(site / "build") == cold_build(site, tmp_path)


@pytest.mark.parametrize("lose", ["clean", "remove the cache", "garble the state"])
def test_a_lost_build_state_never_keeps_a_removed_article(tmp_path, lose):
    site = sample_site(tmp_path / "site")
    assert cli_build(site).returncode == 0
    if lose == "clean":
        assert (
            subprocess.run(
                [sys.executable, "-m", "generator", "clean", "--source", str(site)], check=False
            ).returncode
            == 0
        )
    elif lose == "remove the cache":
        shutil.rmtree(site / ".dossier-cache")
    else:
        for state in site.glob(".dossier-cache/*.state"):
            state.write_bytes(os.urandom(state.stat().st_size))
    for _ in range(3):  # the fault showed on every second build
        retitle(site, "Changed")
        assert cli_build(site).returncode == 0
    (site / "content/articles/b.md").unlink()
    for _ in range(2):
        assert cli_build(site).returncode == 0
        assert not (site / "build/2020/01/02/b").exists()
        assert snapshot(site / "build") == cold_build(site, tmp_path)


def test_builds_of_one_folder_run_one_at_a_time(tmp_path):
    site = corpus(tmp_path / "site", 60)
    assert cli_build(site).returncode == 0
    base = site / "themes/default/templates/base.html"
    if not base.exists():  # the corpus uses the packaged theme: give it one of its own
        shutil.copytree(REPO / "themes", site / "themes")
    for round_ in range(4):
        with base.open("a") as handle:
            handle.write(f"<!-- {round_} -->\n")
        first = subprocess.Popen(
            build_command(site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        time.sleep(0.3)
        second = cli_build(site)
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        assert second.returncode == 0, second.stderr
        assert "Traceback" not in err + second.stderr
        assert (site / "build/index.html").is_file()
        assert snapshot(site / "build") == cold_build(site, tmp_path)


def test_an_output_folder_a_build_did_not_make_is_refused(tmp_path):
    site = sample_site(tmp_path / "site")
    mine = tmp_path / "mine"
    (mine / "photos").mkdir(parents=True)
    (mine / "index.html").write_text("<p>my own page</p>")
    (mine / "photos/cat.jpg").write_bytes(b"not really a cat")
    before = snapshot(mine)
    line = one_line_error(cli_build(site, "--output", str(mine)), "no Dossier build made")
    assert "--output" in line
    clean = subprocess.run(
        [sys.executable, "-m", "generator", "clean", "--source", str(site), "--output", str(mine)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert clean.returncode == 0, clean.stderr
    assert snapshot(mine) == before
    # A folder a build made is built into again, of course.
    assert cli_build(site, "--output", str(tmp_path / "out")).returncode == 0
    assert cli_build(site, "--output", str(tmp_path / "out")).returncode == 0


def test_the_root_of_the_file_system_is_refused_as_output(tmp_path):
    site = sample_site(tmp_path / "site")
    line = one_line_error(cli_build(site, "--output", "/"), "root of the file system")
    assert "build/" in line


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage", ["random bytes", "cut short", "one byte changed", "empty"], ids=lambda d: d.replace(" ", "-")
)
def test_every_damaged_cache_file_is_read_as_none(tmp_path, damage):
    """The drill: each file of the cache in turn is damaged; the next build is a cold build's twin."""
    import io

    from PIL import Image

    site = sample_site(tmp_path / "site")
    (site / "site.yaml").write_text("title: Tiny dossier\ntimezone: UTC\n")  # search on: its files too
    picture = io.BytesIO()
    Image.new("RGB", (640, 360), (200, 80, 40)).save(picture, "PNG")
    (site / "content/articles/lead.png").write_bytes(picture.getvalue())
    (site / "content/articles/c.md").write_text(
        article("Pictured", "2020-01-03", topics=["x"], image="{src: lead.png, alt: An orange field}")
    )
    assert cli_build(site).returncode == 0
    retitle(site, "Two")
    assert cli_build(site).returncode == 0
    files = sorted(p for p in (site / ".dossier-cache").rglob("*") if p.is_file())
    assert len(files) >= 5, files
    rng = random.Random(f"{SEED}{damage}")
    cold = {}
    for title in ("Drill 0", "Drill 1"):
        retitle(site, title)
        cold[title] = cold_build(site, tmp_path)
    for number, path in enumerate(files):
        data = path.read_bytes()
        if damage == "random bytes":
            data = rng.randbytes(max(len(data), 64))
        elif damage == "cut short":
            data = data[: len(data) // 2]
        elif damage == "one byte changed" and data:
            at = rng.randrange(len(data))
            data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
        else:
            data = b""
        path.write_bytes(data)
        title = f"Drill {number % 2}"  # a change, so that the build reads the cache
        retitle(site, title)
        result = cli_build(site)
        assert result.returncode == 0, f"{path.name}: {result.stderr}"
        assert "Traceback" not in result.stderr
        assert snapshot(site / "build") == cold[title], path.name


def ends_within(stream, seconds: float) -> bool:
    """Whether every writer of ``stream`` closes it within ``seconds``."""
    ended = threading.Event()
    threading.Thread(target=lambda: (stream.read(), ended.set()), daemon=True).start()
    return ended.wait(seconds)


def descendants(pid: int) -> set[int]:
    """The processes ``pid`` started, and theirs (from /proc)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            with suppress(OSError):
                children = {int(child) for child in task.read_text().split()}
                todo += children - found
                found |= children
    return found


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended)."""
    running = set()
    for pid in pids:
        with suppress(OSError):
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                running.add(pid)
    return running


@pytest.mark.slow
def test_a_killed_build_leaves_no_process_behind(tmp_path):
    """Its workers and Pagefind end with it: nothing holds its output (``dossier build | cat`` ends)."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to find the build's processes")
    site = corpus(tmp_path / "site", 400)
    assert cli_build(site).returncode == 0
    for round_ in range(4):
        set_title(site, f"Dossier {round_}")
        if round_ == 3:  # search on: Pagefind indexes at the end of the build
            (site / "site.yaml").write_text("title: Dossier 3\ntimezone: UTC\n")
        before = state_stamp(site)
        process = subprocess.Popen(
            [*build_command(site), "--no-cache" if round_ == 2 else "--strict"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        if round_ == 2:
            time.sleep(1.0)  # without a cache there is no state to watch: while it reads or renders
        elif round_ == 3:
            while process.poll() is None and not any(
                "pagefind" in command_of(pid) for pid in alive(descendants(process.pid))
            ):
                time.sleep(0.02)
            assert process.poll() is None, "the build ended before Pagefind started: raise the corpus size"
        else:
            wait_for_writing(site, process, before)
            time.sleep(0.2)
        started = alive(descendants(process.pid))
        process.kill()  # the build alone, as a kill -9 of it would
        process.wait()
        assert ends_within(process.stdout, 15), "a process of the killed build still holds its output"
        deadline = time.monotonic() + 15
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(started), f"round {round_}: processes of the killed build still run"
        result = cli_build(site)
        assert result.returncode == 0, result.stderr
        assert snapshot(site / "build") == cold_build(site, tmp_path)
