"""What a reader's first search costs: ``python benchmarks/first_search.py BUILD [--query WORD]``.

BUILD is a built site (its search bundles in /pagefind/). It is served from this
machine, and Chromium (Debian's, through Playwright) opens /search/?q=WORD in a
fresh profile each round, as a first visit: the seconds until the first result
shows, how many requests the search made under /pagefind/ and their bytes, and
the seconds a second query takes on the same page. No network lies between:
what is measured is what the browser does with the bundles, which grows with
their number. ``--order newest`` (or ``oldest``) orders the first search by date,
and says whether the articles shown are in that order.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import threading
import time
from datetime import datetime
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# When the first result is shown, in seconds from the start of the page's navigation, noted by
# the page itself: a busy page answers Playwright's polling late.
SHOWN = """
new MutationObserver(function (changes, observer) {
  var list = document.getElementById("search-results");
  if (list && list.firstElementChild) {
    window.shownAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def in_order(page, order: str) -> bool:
    """Whether the articles the page shows are in date order, newest or oldest first."""
    metas = page.eval_on_selector_all(".search-result__meta", "s => s.map(e => e.textContent)")
    days = [datetime.strptime(m.split(" · ")[1], "%d %B %Y") for m in metas if m.startswith("article")]
    return days == sorted(days, reverse=order == "newest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--query", default="election")
    parser.add_argument("--second", default="strike")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--order", choices=["newest", "oldest"])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(args.build))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/search/?q={args.query}"
    if args.order:
        address += f"&sort={args.order}"
    firsts, seconds = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for _ in range(args.runs):
            context = browser.new_context()
            page = context.new_page()
            fetched: list[int] = []

            def note(request, fetched=fetched) -> None:
                if "/pagefind/" in request.url:
                    fetched.append(request.sizes()["responseBodySize"])

            page.on("requestfinished", note)
            page.add_init_script(SHOWN)
            page.goto(address)
            page.wait_for_function("window.shownAt !== undefined", timeout=60_000)
            firsts.append(page.evaluate("window.shownAt") / 1000)
            if args.order:
                print(f"in {args.order}-first order: {in_order(page, args.order)}")
            requests, size = len(fetched), sum(fetched)
            start = time.perf_counter()
            page.fill("input[name=q]", args.second)
            page.press("input[name=q]", "Enter")
            page.wait_for_function(
                "word => [...document.querySelectorAll('.search-result__excerpt mark')]"
                ".some(m => m.textContent.toLowerCase().startsWith(word))",
                arg=args.second,
                timeout=60_000,
            )
            seconds.append(time.perf_counter() - start)
            context.close()
            print(f"first search {firsts[-1]:.2f} s, {requests} requests, {size / 1e6:.2f} MB")
        browser.close()
    server.shutdown()
    print(
        f"median: first search {statistics.median(firsts):.2f} s, "
        f"second {statistics.median(seconds):.2f} s ({args.runs} runs)"
    )


if __name__ == "__main__":
    main()
