"""Screenshots of every kind of page, at a phone's and a desktop's width, light and dark.

Run from the repository root: ``python scripts/screenshots.py [--site .] [--out screenshots]``
(``--language fa`` builds a copy of the site in another language, e.g. to see a right-to-left
layout; ``--tree fa`` takes the Persian tree of a site in several languages).
It builds the site into a temporary folder, serves it on a local port and saves,
for each kind of page (home, timeline, article, topic, figure, the two indexes,
search, not found), full-page PNGs named ``<kind>-<width>-<scheme>.png``. Of each
kind it takes the biggest page, which shows the most of what the templates can.
Needs Playwright and Chromium (``/usr/bin/chromium`` or ``chromium`` on the path).
The images are for looking at; they are not committed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.commands.build import BuildOptions, build

WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")


def pages(out: Path) -> dict[str, str]:
    """A path of each kind of page, relative to the site's root."""

    def biggest(pattern: str) -> str:
        found = sorted(out.glob(pattern))
        if not found:
            return ""
        page = max(found, key=lambda p: p.stat().st_size)
        return page.parent.relative_to(out).as_posix() + "/"

    kinds = {
        "home": "",
        "timeline": "timeline/",
        "article": biggest("2*/*/*/*/index.html"),
        "topic": biggest("topics/*/index.html"),
        "figure": biggest("figures/*/index.html"),
        "topics": "topics/",
        "figures": "figures/",
        "search": "search/",
        "not-found": "404.html",
    }
    return {kind: path for kind, path in kinds.items() if path or kind == "home"}


def in_language(site: Path, language: str, folder: Path) -> Path:
    """A copy of ``site`` (its site.yaml, content and themes) whose site.yaml says ``language``."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("content", "themes"):
        if (site / part).is_dir():
            shutil.copytree(site / part, folder / part)
    text = (site / "site.yaml").read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^language:.*$", f"language: {language}", text)
    (folder / "site.yaml").write_text(
        text if found else f"{text.rstrip()}\nlanguage: {language}\n", encoding="utf-8"
    )
    return folder


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="where the PNGs go")
    parser.add_argument("--only", nargs="*", default=(), help="kinds of page to take (default: all)")
    parser.add_argument("--language", help="build the site in this language instead of its own, e.g. fa")
    parser.add_argument(
        "--tree", default="", help="of a site in several languages, one language's tree, e.g. fa"
    )
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        built = Path(temporary) / "site"
        site = args.site
        if args.language:
            site = in_language(args.site, args.language, Path(temporary) / "source")
        report = build(BuildOptions(site=site, output=built, cache=False))
        if not report.ok:
            raise SystemExit("\n".join(str(p) for p in report.problems))
        server, root = serve(built)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                tree = f"{args.tree}/" if args.tree else ""
                for kind, path in pages(built / tree).items():
                    if args.only and kind not in args.only:
                        continue
                    for width in WIDTHS:
                        for scheme in SCHEMES:
                            page = browser.new_page(
                                viewport={"width": width, "height": 900}, color_scheme=scheme
                            )
                            page.goto(root + tree + path)
                            page.wait_for_load_state("networkidle")
                            name = args.out / f"{args.tree + '-' if tree else ''}{kind}-{width}-{scheme}.png"
                            page.screenshot(path=str(name), full_page=True)
                            page.close()
                            print(name)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
