"""The published site works under a sub-path as GitHub Pages serves it, and the Pages workflow is sound."""

from __future__ import annotations

import html
import mimetypes
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, run_build
from htmlcheck import LinkCollector

from generator.cli import main
from generator.commands.scaffold import REPOSITORY_INSTALL, WORKFLOW_PATH, pages_workflow

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
ABSOLUTE_URL = re.compile(r"https?://[^\s<>\"']+")
# Files for machines (robots.txt, sitemap, feeds, data) hold absolute URLs.
MACHINE_TYPES = ("text/plain", "application/xml", "text/xml", "application/atom+xml", "application/json")


class PagesHandler(BaseHTTPRequestHandler):
    """Serves a build folder under a base path the way GitHub Pages does.

    A folder answers with its index.html, a folder without the final "/" is
    redirected, and anything missing gets 404.html with status 404.
    """

    def __init__(self, *args, root: Path, base_path: str, **kwargs):
        self.root, self.base_path = root, base_path
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        file = self._file(path)
        if file is not None and file.is_dir():
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
        elif file is not None and file.is_file():
            self._send(200, file)
        else:
            self._send(404, self.root / "404.html")

    def _file(self, path: str) -> Path | None:
        if not path.startswith(self.base_path):
            return None
        file = (self.root / path[len(self.base_path) :]).resolve()
        if not file.is_relative_to(self.root.resolve()):
            return None
        return file / "index.html" if path.endswith("/") else file

    def _send(self, status: int, file: Path) -> None:
        body = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output quiet


@contextmanager
def pages_server(root: Path, base_path: str) -> Iterator[str]:
    """Serve ``root`` at http://127.0.0.1:PORT<base_path>; yields that URL."""
    handler = partial(PagesHandler, root=root, base_path=base_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET, following redirects."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def links_of(url: str, content_type: str, body: bytes) -> list[str]:
    """Absolute URLs of every href/src of a page, url() of a stylesheet, or URL in a feed or sitemap."""
    if content_type == "text/html":
        collector = LinkCollector()
        collector.feed(body.decode("utf-8"))
        found = collector.links
    elif content_type == "text/css":
        found = CSS_URL.findall(body.decode("utf-8"))
    elif content_type in MACHINE_TYPES:
        # Feeds carry HTML as escaped text: unescape it so that links end at their quotes.
        found = ABSOLUTE_URL.findall(html.unescape(body.decode("utf-8")))
    else:
        found = []
    # A link to an anchor of the same page is not another request.
    return [urldefrag(urljoin(url, link))[0] for link in found if not link.startswith("#")]


def crawl(start: str, public_base: str, also: list[str]) -> dict[str, int]:
    """Follow every internal link from ``start`` and ``also``; the status of every URL reached.

    Absolute links to the public address (canonical URLs, feeds, the sitemap)
    are followed on the local server, so they are checked too.
    """
    statuses: dict[str, int] = {}
    queue = [start, *also]
    while queue:
        url = queue.pop()
        if url in statuses:
            continue
        status, content_type, body = fetch(url)
        statuses[url] = status
        if status != 200:
            continue
        for link in links_of(url, content_type, body):
            if link.startswith(public_base):
                link = start + link[len(public_base) :]
            if link.startswith(start) and link not in statuses:
                queue.append(link)
    return statuses


@pytest.mark.parametrize("public_base", ["https://example.github.io/myrepo/", "https://example.github.io/"])
def test_every_link_answers_200_when_served_under_the_base_path(sample_copy, tmp_path, public_base):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "-s", str(sample_copy), "-o", str(out), "--base-url", public_base, "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    with pages_server(out, urlsplit(public_base).path) as start:
        # robots.txt leads to the sitemap, when the build makes them.
        statuses = crawl(start, public_base, [start + "robots.txt"] if (out / "robots.txt").exists() else [])
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert broken == {}
    assert len(statuses) > 50  # pages, stylesheet and images: the crawl went everywhere
    assert f"{start}assets/style.css" in statuses


@pytest.mark.parametrize("missing", ["a/b/c/d/", "nowhere", "2020/01/03/no-such-story/", "x/y.html"])
def test_missing_page_at_any_depth_gets_the_404_page_with_its_styles(sample_copy, tmp_path, missing):
    out = tmp_path / "out"
    assert run_build(sample_copy, output=out, base_url="https://example.github.io/myrepo/").ok
    with pages_server(out, "/myrepo/") as start:
        status, content_type, body = fetch(start + missing)
        assert status == 404
        assert b"Page not found" in body
        links = links_of(start + missing, content_type, body)
        assert f"{start}assets/style.css" in links
        internal = [link for link in links if link.startswith(start)]
        assert {link: fetch(link)[0] for link in internal} == dict.fromkeys(internal, 200)


def test_output_has_nojekyll_and_the_custom_domain(tiny_site, tmp_path):
    site = tiny_site({"site.yaml": "title: Tiny\ncname: news.example.org\n"})
    assert run_build(site, output=tmp_path / "out").ok
    assert (tmp_path / "out" / ".nojekyll").read_bytes() == b""
    assert (tmp_path / "out" / "CNAME").read_text() == "news.example.org\n"


def test_no_cname_file_without_a_custom_domain(tiny_site, tmp_path):
    assert run_build(tiny_site(), output=tmp_path / "out").ok
    assert (tmp_path / "out" / ".nojekyll").exists()
    assert not (tmp_path / "out" / "CNAME").exists()


def test_host_files_survive_an_incremental_build(tiny_site, tmp_path):
    site = tiny_site({"site.yaml": "title: Tiny\ncname: news.example.org\n"})
    assert run_build(site, output=tmp_path / "out", cache=True).ok
    assert run_build(site, output=tmp_path / "out", cache=True).ok
    assert (tmp_path / "out" / "CNAME").read_text() == "news.example.org\n"
    assert (tmp_path / "out" / ".nojekyll").exists()


def test_repository_workflow_is_the_one_init_writes():
    assert (REPO / WORKFLOW_PATH).read_text(encoding="utf-8") == pages_workflow(REPOSITORY_INSTALL)


def test_workflow_publishes_with_the_official_pages_actions():
    workflow = yaml.safe_load((REPO / WORKFLOW_PATH).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"

    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step["uses"].split("@")[0] for step in build["steps"] if "uses" in step]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    for step in build["steps"] + deploy["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
    steps = {step.get("id"): step for step in build["steps"]}
    python = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    assert any(step.get("run") == "pip install -e ." for step in build["steps"])
    assert "pages" in steps
    build_run = next(step["run"] for step in build["steps"] if "dossier build" in step.get("run", ""))
    # configure-pages gives base_url without the final "/".
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in build_run
    upload = next(step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "build"

    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    (step,) = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@") and step["id"] == "deployment"
