"""Parse built pages and follow every link: the site's own link checker for tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class LinkCollector(HTMLParser):
    """Collects href/src/srcset targets and element ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(values[name])
        if values.get("srcset"):
            self.links.extend(part.strip().split(" ")[0] for part in values["srcset"].split(","))


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(build: Path, base_path: str = "/") -> list[str]:
    """Every internal link of every page that does not resolve to a file (or anchor) in ``build``."""
    pages = sorted(build.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    problems = []
    for page, collector in parsed.items():
        page_url = base_path + page.relative_to(build).as_posix()
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "#")) and not link[1:]:
                continue
            target = urlsplit(urljoin(page_url, link))
            path = unquote(target.path)
            if not path.startswith(base_path):
                problems.append(f"{page_url}: {link} leaves the site's base path {base_path}")
                continue
            file = build / path[len(base_path) :]
            if path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                problems.append(f"{page_url}: {link} -> {path} does not exist")
                continue
            if target.fragment and file.suffix == ".html":
                ids = parsed[file].ids if file in parsed else parse(file).ids
                if unquote(target.fragment) not in ids:
                    problems.append(f"{page_url}: {link} -> no id {target.fragment!r}")
    return problems
