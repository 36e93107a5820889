"""Quality gates on the built sample: valid HTML (Nu HTML Checker) and accessibility (axe-core).

Both tools come from npm into ``.tools/`` (``.ci/run`` installs them):
``npm install --prefix .tools vnu-jar axe-core``. Without them the tests skip
locally and fail in CI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, chromium, require_tool, run_build, served, write_site

TOOLS = REPO / ".tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
INSTALL = "run: npm install --prefix .tools vnu-jar axe-core"
# A small site whose fields hold markup, quotes and empty values: escaped output must validate too.
EDGE_SITE = {
    "site.yaml": 'title: "Dossier <b>&</b> \\"quotes\\""\ndescription: "<script>alert(1)</script>"\ntimezone: UTC\nsearch: false\n',
    "content/articles/a.md": (
        "---\ntitle: '\"<script>alert(1)</script> & co'\ndate: 2020-01-03T10:00:00+01:00\n"
        "topics: ['<i>Topic</i>', \"O'Brien & sons\"]\nfigures: ['\"Quoted\" <Name>']\n"
        "summary: 'A <summary> with \"quotes\" & ampersands'\nlocation: '<Here>'\n"
        "sources:\n  - {name: '<Source>', url: 'https://example.org/?a=1&b=\"2\"'}\n"
        "---\n\nBody with <em>inline HTML</em> & an [empty link]().\n"
    ),
    "content/articles/b.md": "---\ntitle: Bare\ndate: 2020-01-04\ntopics: [x]\n---\n",
}


def build_quality_sites(sample_copy: Path, root: Path) -> list[Path]:
    """The sample dossier and the edge site, built; their output folders."""
    sample = root / "sample"
    report = run_build(sample_copy, output=sample)
    assert report.ok, [str(p) for p in report.problems]
    edge_site = write_site(root / "edge-site", EDGE_SITE)
    edge = root / "edge"
    report = run_build(edge_site, output=edge)
    assert report.ok, [str(p) for p in report.problems]
    return [sample, edge]


def nu_errors(files: list[Path], root: Path) -> list[str]:
    """Every error the Nu HTML Checker finds in ``files``, as ``file:line: message``.

    One Java process checks every file: starting the JVM is the slow part.
    """
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        messages = json.loads(result.stderr or "{}")["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu HTML Checker did not answer in JSON:\n{result.stderr}\n{result.stdout}")
    errors = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        errors.append(f"{name}:{message.get('lastLine', '?')}: {message['message']}")
    return errors


@pytest.mark.slow
def test_every_page_is_valid_html_for_the_nu_checker(sample_copy, tmp_path):
    require_tool(shutil.which("java") is not None, "needs Java (Debian package default-jre-headless)")
    require_tool(VNU_JAR.is_file(), f"needs the Nu HTML Checker; {INSTALL}")
    outputs = build_quality_sites(sample_copy, tmp_path)
    files = sorted(path for output in outputs for path in output.rglob("*.html"))
    assert len(files) > 40
    errors = nu_errors(files, tmp_path)
    assert not errors, "\n".join(errors)


@pytest.mark.slow
def test_the_checker_reports_an_invalid_page_with_its_line(tmp_path):
    require_tool(shutil.which("java") is not None, "needs Java (Debian package default-jre-headless)")
    require_tool(VNU_JAR.is_file(), f"needs the Nu HTML Checker; {INSTALL}")
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html>\n<html lang="en">\n<title>x</title>\n<p><div></p>\n')
    errors = nu_errors([page], tmp_path)
    assert errors and all(e.startswith("bad.html:4: ") for e in errors), errors


# Accessibility: axe-core in Chromium, in light and dark mode.


def pages_to_check(build: Path) -> list[str]:
    """Home, an article, a topic, a figure, the timeline, the indexes and the search page.

    Of each kind the biggest page: it shows the most of what the templates can show.
    """

    def biggest(pattern: str) -> str:
        page = max(sorted(build.glob(pattern)), key=lambda p: p.stat().st_size)
        return page.parent.relative_to(build).as_posix() + "/"

    return [
        "",
        biggest("2*/*/*/*/index.html"),
        biggest("topics/*/index.html"),
        biggest("figures/*/index.html"),
        "timeline/",
        "topics/",
        "figures/",
        "search/",
        "search/?q=Soleimani",
        "404.html",
    ]


def serious_violations(page, url: str) -> list[str]:
    """What axe-core finds serious or critical on ``url``: ``url: rule (help): elements``."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "?q=" in url:  # the results are what a reader reads on that page
        page.wait_for_selector(".search-result__title a", timeout=15_000)
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{url}: {v['id']} ({v['help']}): " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@contextmanager
def chromium_page(scheme: str = "light"):
    """A Chromium page in the given colour scheme; skips without the tools, fails in CI."""
    require_tool(AXE_JS.is_file(), f"needs axe-core; {INSTALL}")
    with chromium() as browser:
        yield browser.new_page(color_scheme=scheme)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations_in_chromium(sample_build, scheme):
    problems = []
    with served(sample_build) as site, chromium_page(scheme) as page:
        for path in pages_to_check(sample_build):
            problems += serious_violations(page, site + path)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.browser
def test_axe_reports_an_inaccessible_page(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>x</title>'
        '<p style="color:#bbb;background:#fff">faint</p><img src="missing.png"></html>'
    )
    with served(tmp_path) as site, chromium_page() as page:
        found = serious_violations(page, site + "bad.html")
    assert any(": image-alt " in f for f in found) and any(": color-contrast " in f for f in found), found
