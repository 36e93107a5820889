"""Shared fixtures: tiny sites written inline, the sample site, and tool checks."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, BuildReport, build

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# A fixed "now" so that tests do not depend on the day they run.
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

SITE_YAML = "title: Tiny dossier\ntimezone: UTC\n"


def article(title: str, day: str, body: str = "Body text.", **fields: object) -> str:
    """The text of an article file with the given front matter."""
    lines = [f"title: {title!r}".replace("'", '"') if ":" in title else f"title: {title}", f"date: {day}"]
    for key, value in fields.items():
        if isinstance(value, list | tuple):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        lines.append(f"{key}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body).strip() + "\n"


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) below ``root``; site.yaml by default."""
    files = {"site.yaml": SITE_YAML, **files}
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


@pytest.fixture
def tiny_site(tmp_path):
    """``tiny_site(files)`` writes a small site in a temporary folder and returns its path."""

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        return write_site(tmp_path / "site", files or {})

    return make


def run_build(site: Path, session=None, **options: object) -> BuildReport:
    options.setdefault("now", NOW)
    options.setdefault("cache", False)
    return build(BuildOptions(site=site, **options), session=session)


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory) -> Path:
    """A copy of the repository's sample site (content, theme, site.yaml)."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("content", "themes"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    return root


@pytest.fixture(scope="session")
def sample_build(sample_copy, tmp_path_factory) -> Path:
    """The sample, built once with the defaults: the output folder, for tests that only read it."""
    output = tmp_path_factory.mktemp("sample-build") / "build"
    report = run_build(sample_copy, output=output)
    assert report.ok, [str(p) for p in report.problems]
    return output


def example_copy(tmp_path_factory, name: str) -> Path:
    """A copy of ``examples/<name>`` (a build may leave a cache beside the site)."""
    root = tmp_path_factory.mktemp(name) / "site"
    shutil.copytree(REPO / "examples" / name, root)
    return root


def built_cleanly(site: Path, tmp_path_factory) -> Path:
    """``site`` built with the defaults, with no problem at all: the output folder."""
    output = tmp_path_factory.mktemp(f"{site.parent.name}-build") / "build"
    report = run_build(site, output=output)
    assert report.ok, [str(p) for p in report.problems]
    assert [str(p) for p in report.problems] == []
    return output


@contextmanager
def opened(browser, **options: object) -> Iterator:
    """A new page of ``browser`` (Playwright's ``new_page`` options), closed after."""
    page = browser.new_page(**options)
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (see ``chromium``)."""
    with chromium() as launched:
        yield launched


def require_tool(available: bool, reason: str) -> None:
    """Skip a test that needs a missing tool; in CI a missing tool is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on this machine, quietly: its address, ending in a slash."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright; skips without either, fails in CI."""
    require_tool(chromium_path() is not None, "needs Chromium (Debian package `chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require_tool(sync_playwright is not None, "needs Playwright: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
