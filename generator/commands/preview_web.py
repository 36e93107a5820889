"""The preview's web side: the pages it serves, its status, and the reloads it sends.

Every HTML page the preview sends (never the files on disk) carries two
scripts before ``</head>``. One asks ``STATUS_URL`` for the last build and shows
its errors over the page. The other opens a WebSocket to ``RELOAD_URL``; when the
preview tells it of a change, it swaps a stylesheet or an image in place, or
reloads the page. Only pages the preview served may open the socket (their origin
is checked), and it is told file names of stylesheets and images, or "*".
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tornado import web, websocket

if TYPE_CHECKING:
    from generator.commands.serve import Preview

STATUS_URL = "/__dossier__/status"
RELOAD_URL = "/__dossier__/reload"
# Swapped in place (stylesheets, images) instead of reloading the page.
IN_PLACE = (".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")

# Keeps a socket open to the preview; on a change, swaps what it can in place or reloads.
RELOAD_SCRIPT = b"""<script data-dossier-reload>
(function () {
  var preview = window.DossierPreview = {connected: false};
  function fresh(url) { return url.split("?")[0] + "?reload=" + Date.now(); }
  function named(url, name) { return new URL(url, location.href).pathname.split("/").pop() === name; }
  function swap(path) {
    var name = path.split("/").pop(), found = false;
    document.querySelectorAll('link[rel~="stylesheet"][href]').forEach(function (link) {
      if (named(link.href, name)) { link.href = fresh(link.href); found = true; }
    });
    document.querySelectorAll("img[src]").forEach(function (image) {
      if (named(image.src, name)) { image.removeAttribute("srcset"); image.src = fresh(image.src); found = true; }
    });
    return found;
  }
  function connect() {
    var socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/__dossier__/reload");
    socket.onopen = function () { preview.connected = true; };
    socket.onmessage = function (event) {
      var paths = JSON.parse(event.data).paths;
      if (paths.indexOf("*") >= 0 || !paths.every(swap)) location.reload();
    };
    socket.onclose = function () { preview.connected = false; setTimeout(connect, 1000); };
  }
  connect();
})();
</script>
"""

OVERLAY_SCRIPT = b"""<script data-dossier-preview>
(function () {
  function show(status) {
    var box = document.createElement("div");
    box.id = "dossier-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;" +
      "overflow:auto;margin:0;padding:1rem 3rem 1rem 1.25rem;background:#2b0b0e;color:#ffe4e6;" +
      "border-top:4px solid #e5484d;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "box-shadow:0 -6px 24px rgba(0,0,0,.45);text-align:left";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font-weight:bold";
    title.textContent = "Build failed: this page is the last good build. Save a fix to reload.";
    box.appendChild(title);
    status.errors.forEach(function (message) {
      var line = document.createElement("pre");
      line.style.cssText = "margin:0;white-space:pre-wrap;font:inherit";
      line.textContent = message;
      box.appendChild(line);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\\u00d7";
    close.setAttribute("aria-label", "Hide the build errors");
    close.style.cssText = "position:absolute;top:.5rem;right:.75rem;background:none;border:0;" +
      "color:inherit;font-size:1.5rem;cursor:pointer";
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    document.body.appendChild(box);
  }
  fetch("/__dossier__/status", {cache: "no-store"})
    .then(function (response) { return response.json(); })
    .then(function (status) {
      if (status.ok) return;
      if (document.body) show(status);
      else document.addEventListener("DOMContentLoaded", function () { show(status); });
    })
    .catch(function () {});
})();
</script>
"""


def with_scripts(page: bytes) -> bytes:
    """The page with the preview's scripts before ``</head>``."""
    return page.replace(b"</head>", RELOAD_SCRIPT + OVERLAY_SCRIPT + b"</head>", 1)


def reload_paths(paths: list[str], in_place: bool) -> list[str]:
    """What to tell the open pages: each stylesheet or image when only those changed, else "*",
    a reload of the page (the names of drafts are nobody's business)."""
    if in_place and paths and all(p.lower().endswith(IN_PLACE) for p in paths):
        return paths
    return ["*"]


def is_safe_path(relative: str) -> bool:
    """A URL path (already decoded) that stays inside the served folder as written."""
    if not relative:
        return True
    if "\0" in relative or "\\" in relative or relative.startswith("/"):
        return False
    return all(part not in ("..", ".") for part in relative.split("/"))


class LocalHandler(web.RequestHandler):
    """Refuses requests addressed to a name that is not this machine's (see ``Preview.allows``)."""

    preview: Preview

    def prepare(self) -> None:
        if not self.preview.allows(self.request.host_name):
            raise web.HTTPError(403)


class SiteFileHandler(LocalHandler, web.StaticFileHandler):
    """Serves the build folder under the site's base path and answers 404 for anything outside it.

    Paths with ``..`` (decoded from ``%2e%2e`` and ``%2f`` by the router),
    absolute paths, and links that resolve outside the folder all get the
    site's 404 page. Pages get the overlay script on the way out.
    """

    def initialize(self, preview: Preview) -> None:  # type: ignore[override]
        # Resolved, so that a link in the folder's own path does not make every file "outside".
        root = str(preview.root.resolve())
        super().initialize(path=root, default_filename="index.html", allowed_symlink_directory=root)
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        base = self.preview.base_path.lstrip("/")
        if base and path in ("", base.rstrip("/")):
            self.redirect(self.preview.base_path)
            return
        if not path.startswith(base) or not is_safe_path(path[len(base) :]):
            raise web.HTTPError(404)
        try:
            await super().get(path[len(base) :], include_body)
        except web.HTTPError as exc:
            # 403 (outside the folder, or not a regular file): say "not here" and nothing more.
            raise web.HTTPError(404 if exc.status_code == 403 else exc.status_code) from None

    async def head(self, path: str) -> None:
        # The body is made and dropped by the server (HEAD sends none), so that the headers are
        # those of a GET, after the scripts have been put into the page.
        await self.get(path, include_body=True)

    @classmethod
    def get_content(cls, abspath: str, start: int | None = None, end: int | None = None) -> Any:
        if not abspath.endswith(".html"):
            return super().get_content(abspath, start, end)
        with open(abspath, "rb") as handle:
            return with_scripts(handle.read())[start:end]

    def get_content_size(self) -> int:
        assert self.absolute_path is not None
        if self.absolute_path.endswith(".html"):
            return len(self.get_content(self.absolute_path))
        return super().get_content_size()

    def compute_etag(self) -> str | None:
        return None  # every request gets the file as it is now

    def should_return_304(self) -> bool:
        return False

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code != 404:
            super().write_error(status_code, **kwargs)
            return
        # The 404 page also carries the scripts, so it reloads when the page appears.
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(self.preview.not_found_page())


class StatusHandler(LocalHandler):
    """``/__dossier__/status``: the last build attempt as JSON, for the overlay script."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write(self.preview.status())


class ReloadSocket(LocalHandler, websocket.WebSocketHandler):
    """``/__dossier__/reload``: the socket each open page keeps, to be told of changes."""

    listening: set[ReloadSocket] = set()

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def check_origin(self, origin: str) -> bool:
        return urlsplit(origin).netloc == self.request.host  # a page of this preview, nobody else's

    def open(self, *args: str, **kwargs: str) -> None:
        ReloadSocket.listening.add(self)

    def on_close(self) -> None:
        ReloadSocket.listening.discard(self)

    @classmethod
    def tell(cls, paths: list[str]) -> None:
        """Tell every open page what changed (on the server's thread)."""
        message = json.dumps({"paths": paths})
        for socket in list(cls.listening):
            try:
                socket.write_message(message)
            except websocket.WebSocketClosedError:
                cls.listening.discard(socket)


def application(preview: Preview) -> web.Application:
    return web.Application(
        [
            (RELOAD_URL, ReloadSocket, {"preview": preview}),
            (STATUS_URL, StatusHandler, {"preview": preview}),
            (r"/(.*)", SiteFileHandler, {"preview": preview}),
        ]
    )
