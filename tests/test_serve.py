"""``dossier serve``: a real server process over a tiny site, spoken to over HTTP."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import article, write_site

from generator.commands.preview_web import is_safe_path, reload_paths
from generator.commands.serve import describe_exception
from generator.commands.watch import ChangeWatcher

SECRET = "do-not-serve-this-5c1e"
PREVIEW_OUTPUT = Path(".dossier-cache/serve/site")  # where the preview is built, below the site
ARTICLE_URL = "2020/01/03/strike/"


def tiny(root: Path, **files: str) -> Path:
    """A one-article site whose site.yaml holds a string that must never be served."""
    return write_site(
        root,
        {
            "site.yaml": f"title: Tiny dossier\ntimezone: UTC\n# {SECRET}\n",
            "content/articles/2020-01-03-strike.md": article(
                "Strike in Baghdad", "2020-01-03", topics=["Iraq"], figures=["Someone"]
            ),
            **files,
        },
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A running ``dossier serve`` process and everything it printed."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self.port = 0
        self.base = "/"
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader take the last lines
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never printed; output:\n{self.output}")

    def get(
        self,
        path: str,
        host: str = "127.0.0.1",
        headers: dict[str, str] | None = None,
        method: str = "GET",
    ) -> tuple[int, dict[str, str], bytes]:
        """A raw GET: http.client sends the path exactly as written, ``..`` included."""
        connection = http.client.HTTPConnection(host, self.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def status(self) -> dict:
        return json.loads(self.get("/__dossier__/status")[2])

    def wait_for_build(self, number: int, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["build"] >= number:
                return status
            time.sleep(0.05)
        raise AssertionError(f"build {number} never happened; output:\n{self.output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def serve_command(site: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "serve", "--source", str(site), *args]


def start(site: Path, *args: str) -> Served:
    process = subprocess.Popen(
        serve_command(site, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # A test runner started in the background may ignore SIGINT; the server must see Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return Served(process)


@contextmanager
def serving(site: Path, *args: str) -> Iterator[Served]:
    """``dossier serve`` on a free port (unless ``args`` name one), stopped whatever happens."""
    if "--port" not in args:
        args = (*args, "--port", str(free_port()))
    served = start(site, *args)
    try:
        url = served.wait_for("Serving the preview at")
        found = re.search(r"http://[^:]+:(\d+)(/\S*)", url)
        assert found, url
        served.port, served.base = int(found.group(1)), found.group(2)
        yield served
    finally:
        served.stop()


def test_page_carries_the_reload_scripts_that_are_never_written_to_disk(tmp_path):
    site = tiny(tmp_path / "site")
    with serving(site) as served:
        status, headers, body = served.get("/" + ARTICLE_URL)
        assert status == 200
        assert b"Strike in Baghdad" in body
        assert b"/__dossier__/reload" in body and b"/__dossier__/status" in body
        assert served.status() == {"ok": True, "errors": [], "build": 1}
    on_disk = [p for p in site.rglob("*") if p.is_file() and not p.name.endswith(".pickle")]
    assert (site / PREVIEW_OUTPUT / ARTICLE_URL / "index.html") in on_disk
    leaked = [p for p in on_disk if b"__dossier__" in p.read_bytes()]
    assert leaked == []
    assert not (site / "build").exists()  # the preview leaves the real build alone


def test_a_head_request_gets_the_headers_of_a_get(tmp_path):
    site = tiny(tmp_path / "site")
    with serving(site) as served:
        for path in ("/" + ARTICLE_URL, "/assets/style.css", "/no/such/page/"):
            status, headers, body = served.get(path)
            head_status, head_headers, head_body = served.get(path, method="HEAD")
            assert head_body == b""
            assert head_status == status
            assert head_headers["Content-Length"] == headers["Content-Length"] == str(len(body)), path


TRAVERSALS = [
    "/../site.yaml",
    "/../../../site.yaml",
    "/%2e%2e/site.yaml",
    "/%2e%2e/%2e%2e/%2e%2e/site.yaml",
    "/..%2fsite.yaml",
    "/..%2f..%2f..%2fsite.yaml",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2fsite.yaml",
    "/assets/../../../../site.yaml",
    "/..%5c..%5c..%5csite.yaml",
    "/%00/../site.yaml",
]


def test_paths_out_of_the_output_get_404_and_never_the_file(tmp_path):
    site = tiny(tmp_path / "site")
    absolute = "/" + (site / "site.yaml").resolve().as_posix()  # "//tmp/.../site.yaml"
    with serving(site) as served:
        for path in [*TRAVERSALS, absolute, "/%2f" + absolute[2:]]:
            status, _, body = served.get(path)
            assert status == 404, path
            assert SECRET.encode() not in body, path


def test_links_out_of_the_output_get_404(tmp_path):
    site = tiny(tmp_path / "site")
    with serving(site) as served:
        output = site / PREVIEW_OUTPUT
        (output / "leak.yaml").symlink_to((site / "site.yaml").resolve())
        (output / "leakdir").symlink_to(site.resolve(), target_is_directory=True)
        for path in ("/leak.yaml", "/leakdir/site.yaml", "/leakdir/"):
            status, _, body = served.get(path)
            assert status == 404, path
            assert SECRET.encode() not in body


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port``, read from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket tables")
def test_listens_only_on_the_loopback_address_by_default(tmp_path):
    with serving(tiny(tmp_path / "site")) as served:
        assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, nothing else
        assert "warning" not in served.output


def test_requests_for_another_host_name_are_refused(tmp_path):
    # A page whose name was made to point at 127.0.0.1 (DNS rebinding) must not read the preview.
    with serving(tiny(tmp_path / "site")) as served:
        for path in ("/" + ARTICLE_URL, "/__dossier__/status"):
            status, _, body = served.get(path, headers={"Host": f"attacker.example:{served.port}"})
            assert status == 403 and b"Strike" not in body
        for name in ("localhost", "127.0.0.1", "[::1]"):
            assert served.get("/" + ARTICLE_URL, headers={"Host": f"{name}:{served.port}"})[0] == 200


def test_another_host_is_a_warning(tmp_path):
    with serving(tiny(tmp_path / "site"), "--host", "127.0.0.2") as served:
        served.wait_for("warning: listening on 127.0.0.2")
        assert served.get("/", host="127.0.0.2")[0] == 200


def test_a_chosen_port_in_use_is_a_one_line_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            serve_command(tiny(tmp_path / "site"), "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: port {port} on 127.0.0.1 is already in use: stop the program using it or choose another --port"
    )
    assert "Built" not in result.stdout  # it says so at once, before building


def test_a_folder_without_site_yaml_is_a_one_line_error(tmp_path):
    result = subprocess.run(
        serve_command(tmp_path, "--port", str(free_port())), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "site.yaml: not found" in result.stderr


def test_a_busy_default_port_moves_to_the_next_free_one(tmp_path):
    with socket.socket() as busy:
        # Held here for the whole test: another test's preview may hold it for a moment, then let go.
        deadline = time.monotonic() + 20
        while True:
            try:
                busy.bind(("127.0.0.1", 8000))
                busy.listen()
                break
            except OSError:
                assert time.monotonic() < deadline, "port 8000 stayed busy"
                time.sleep(0.2)
        served = start(tiny(tmp_path / "site"))
        try:
            line = served.wait_for("Serving the preview at")
            port = int(re.search(r":(\d+)/", line).group(1))
            assert 8000 < port < 8020
            served.port = port
            assert served.get("/")[0] == 200
        finally:
            served.stop()


def test_site_is_served_under_the_base_path_of_base_url(tmp_path):
    site = tiny(tmp_path / "site", **{"site.yaml": "title: Tiny\nbase_url: https://user.github.io/repo/\n"})
    with serving(site) as served:
        assert served.base == "/repo/"
        status, _, body = served.get("/repo/" + ARTICLE_URL)
        assert status == 200 and b"Strike in Baghdad" in body
        status, headers, _ = served.get("/")
        assert status in (301, 302) and headers["Location"] == "/repo/"
        assert served.get("/repo")[1].get("Location") == "/repo/"
        assert served.get("/" + ARTICLE_URL)[0] == 404  # not at the root: as on GitHub Pages
        assert served.get("/repo/2020/01/03/strike")[1].get("Location") == "/repo/2020/01/03/strike/"


def test_ctrl_c_stops_with_exit_code_0_and_no_traceback(tmp_path):
    with serving(tiny(tmp_path / "site")) as served:
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(10) == 0
        served.wait_for("Stopped.")
        assert "Traceback" not in served.output


def test_broken_article_is_shown_and_the_last_good_build_stays_served(tmp_path):
    site = tiny(tmp_path / "site")
    path = site / "content/articles/2020-01-03-strike.md"
    with serving(site) as served:
        path.write_text(article("Strike in Baghdad", "2020-02-30"))
        status = served.wait_for_build(2)
        message = "content/articles/2020-01-03-strike.md:3: `date: 2020-02-30` is not a valid date"
        assert not status["ok"] and status["errors"][0].startswith(message)
        served.wait_for(message)
        served.wait_for("changed: build failed, 1 error(s)")
        page = served.get("/" + ARTICLE_URL)
        assert page[0] == 200 and b"Strike in Baghdad" in page[2]

        path.write_text(article("Strike near Baghdad", "2020-01-03"))
        assert served.wait_for_build(3)["ok"]
        assert b"Strike near Baghdad" in served.get("/" + ARTICLE_URL)[2]
        served.wait_for("2020-01-03-strike.md changed: ")
        assert "Traceback" not in served.output


def test_a_template_that_raises_is_an_error_not_a_crash(tmp_path):
    site = tiny(tmp_path / "site")
    template = site / "themes/default/templates/timeline.html"
    with serving(site) as served:
        template.parent.mkdir(parents=True)
        template.write_text('{% extends "base.html" %}\n{% block main %}\n{{ 1 // 0 }}\n{% endblock %}\n')
        status = served.wait_for_build(2)
        assert not status["ok"]
        assert status["errors"] == [
            "themes/default/templates/timeline.html:3: ZeroDivisionError: integer division or modulo by zero"
        ]
        template.unlink()
        assert served.wait_for_build(3)["ok"]
        assert "Traceback" not in served.output


@pytest.mark.slow
def test_a_template_with_a_syntax_error_is_an_error_not_a_crash(tmp_path):
    site = tiny(tmp_path / "site")
    template = site / "themes/default/templates/timeline.html"
    with serving(site) as served:
        template.parent.mkdir(parents=True)
        template.write_text('{% extends "base.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n')
        status = served.wait_for_build(2)
        assert not status["ok"]
        assert status["errors"][0].startswith("themes/default/templates/timeline.html:3: ")
        # The last good pages are still served, and a fixed template builds again.
        assert served.get("/timeline/")[0] == 200
        template.write_text(
            '{% extends "base.html" %}\n{% block main %}\n<p>Fixed timeline</p>\n{% endblock %}\n'
        )
        assert served.wait_for_build(3)["ok"]
        assert b"Fixed timeline" in served.get("/timeline/")[2]
        assert "Traceback" not in served.output


@pytest.mark.slow
def test_theme_files_deleted_while_serving_are_errors_not_a_crash(tmp_path):
    site = tiny(tmp_path / "site")
    (site / "site.yaml").write_text("title: Tiny dossier\ntimezone: UTC\ntheme: mine\n")
    theme = site / "themes/mine"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "templates/timeline.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>My timeline</p>\n{% endblock %}\n'
    )
    (theme / "static/extra.css").write_text("p { color: black; }\n")
    with serving(site) as served:
        assert b"My timeline" in served.get("/timeline/")[2]
        assert served.get("/assets/extra.css")[0] == 200
        # One template and one asset go: the default theme's template takes over.
        (theme / "templates/timeline.html").unlink()
        (theme / "static/extra.css").unlink()
        assert served.wait_for_build(2)["ok"]
        assert b"My timeline" not in served.get("/timeline/")[2]
        assert served.get("/assets/extra.css")[0] == 404
        # The whole theme goes: a clear error, and the last good pages are still served.
        shutil.rmtree(theme)
        status = served.wait_for_build(3)
        assert not status["ok"]
        assert status["errors"] == [
            "site.yaml: theme `mine` not found: create themes/mine/ or use `theme: default`"
        ]
        assert served.get("/timeline/")[0] == 200
        (theme / "templates").mkdir(parents=True)
        assert served.wait_for_build(4)["ok"]
        assert "Traceback" not in served.output


def test_a_burst_of_saves_is_one_rebuild(tmp_path):
    site = tiny(tmp_path / "site")
    with serving(site) as served:
        for day in range(10, 20):
            path = site / f"content/articles/2020-01-{day}-more.md"
            path.write_text(article(f"More {day}", f"2020-01-{day}", topics=["Iraq"]))
        served.wait_for_build(2)
        time.sleep(1)  # time enough for a second rebuild, if there were one
        assert served.status()["build"] == 2
        served.wait_for("2020-01-10-more.md and 9 more changed: ")
        assert served.get("/2020/01/19/more/")[0] == 200


def test_drafts_and_future_articles_are_left_out_unless_asked(tmp_path):
    site = tiny(
        tmp_path / "site",
        **{
            "content/articles/2020-01-04-draft.md": article("Draft", "2020-01-04", draft="true"),
            "content/articles/2999-01-01-later.md": article("Later", "2999-01-01"),
        },
    )
    with serving(site) as served:
        served.wait_for("left out 1 draft(s) and 1 future article(s)")
        assert served.get("/2020/01/04/draft/")[0] == 404
    with serving(site, "--drafts", "--future") as served:
        served.wait_for("nothing left out")
        assert served.get("/2020/01/04/draft/")[0] == 200
        assert served.get("/2999/01/01/later/")[0] == 200


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("", True),
        ("index.html", True),
        ("2020/01/03/strike/", True),
        ("..", False),
        ("../site.yaml", False),
        ("assets/../../x", False),
        ("./index.html", False),
        ("/etc/passwd", False),
        ("..\\site.yaml", False),
        ("a\0b", False),
    ],
)
def test_which_url_paths_are_safe(path, safe):
    assert is_safe_path(path) is safe


@pytest.mark.parametrize(
    ("changed", "in_place", "sent"),
    [
        (["themes/x/static/style.css"], True, ["themes/x/static/style.css"]),
        (["a.css", "b.css"], True, ["a.css", "b.css"]),
        (["content/static/map.png"], True, ["content/static/map.png"]),
        (["themes/x/static/style.css"], False, ["*"]),  # the overlay comes or goes: whole page
        (["style.css", "content/a.md"], True, ["*"]),
        (["content/a.md"], True, ["*"]),
    ],
)
def test_only_stylesheets_and_images_are_swapped_in_place(changed, in_place, sent):
    assert reload_paths(changed, in_place) == sent


async def until(condition, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_watcher_calls_back_once_for_a_burst_with_every_changed_file(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "old.md").write_text("old")
    calls: list[list[str]] = []
    watcher = ChangeWatcher()
    for path in (content, tmp_path / "site.yaml", tmp_path / "themes"):
        watcher.watch(path, calls.append)

    async def edit() -> None:
        watcher.start()
        try:
            (content / "a.md").write_text("a")
            (content / ".a.md.swp").write_text("editor scratch")
            (content / "old.md").unlink()
            (tmp_path / "site.yaml").write_text("title: T\n")
            (tmp_path / "build").mkdir()  # beside the sources, not one of them
            await until(lambda: calls)
            await asyncio.sleep(0.3)
            assert calls == [
                sorted(str(tmp_path / p) for p in ("content/a.md", "content/old.md", "site.yaml"))
            ]
            # A watched folder that appears later is watched from then on.
            (tmp_path / "themes").mkdir()
            await until(lambda: len(calls) == 2)
            (tmp_path / "themes" / "style.css").write_text("h1 {}")
            await until(lambda: len(calls) == 3)
            assert calls[2] == [str(tmp_path / "themes" / "style.css")]
        finally:
            watcher.stop()

    asyncio.run(edit())


def test_an_error_raised_in_a_template_names_the_template_line(tmp_path):
    import jinja2

    (tmp_path / "page.html").write_text("line one\n{{ 1 // 0 }}\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    with pytest.raises(ZeroDivisionError) as caught:
        env.get_template("page.html").render()
    assert describe_exception(caught.value, tmp_path) == (
        "page.html:2: ZeroDivisionError: integer division or modulo by zero"
    )
    assert describe_exception(KeyError("x"), tmp_path) == "internal error: KeyError: 'x'"


def test_the_reload_socket_opens_only_to_the_preview_s_own_pages(tmp_path):
    import asyncio

    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    async def status_of(url: str, origin: str) -> int:
        try:
            socket = await websocket_connect(HTTPRequest(url, headers={"Origin": origin}))
        except HTTPClientError as exc:
            return exc.code
        socket.close()
        return 101

    with serving(tiny(tmp_path / "site")) as served:
        url = f"ws://127.0.0.1:{served.port}/__dossier__/reload"
        assert asyncio.run(status_of(url, f"http://127.0.0.1:{served.port}")) == 101
        assert asyncio.run(status_of(url, "http://attacker.example")) == 403
        assert asyncio.run(status_of(url, f"http://localhost:{served.port}")) == 403  # another origin
