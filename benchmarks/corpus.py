"""Write a deterministic synthetic dossier for benchmarks: ``python benchmarks/corpus.py --articles N DIR``.

Each article has a ~600-word Markdown body with headings, lists, quotes and
links, 1–4 of 150 topics and 1–6 of 1,500 figures, dated over 15 years. The same
arguments always give the same files. With ``--format hugo`` or
``--format pelican`` the same articles are written for those generators.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

WORDS = (
    "government minister said statement officials reported attack border talks agreement forces "
    "president parliament vote sanctions embassy military region security council crisis week "
    "according sources confirmed negotiations response strike protest economy oil election court "
    "spokesman investigation report allies pressure ceasefire aid diplomats capital province"
).split()
FIRST = "Amir Sara Daniel Leila Omar Nadia Victor Elena Karim Maya Yusuf Ines Tomas Hana Rami".split()
LAST = "Haddad Novak Rahimi Okafor Lindqvist Moreau Tanaka Petrov Alvarez Nasser Kowalski Ibrahim".split()
START = date(2010, 1, 1)


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, figures: list[str]) -> str:
    parts = []
    for section in range(3):
        if section:
            parts.append(f"## {sentence(rng, 3, 6)[:-1]}")
        for _ in range(2):
            text = " ".join(sentence(rng) for _ in range(4))
            parts.append(
                f"{text} {rng.choice(figures)} was mentioned in [a report](https://example.org/{rng.randint(1, 999)})."
            )
        if section == 1:
            parts.append("\n".join(f"- {sentence(rng, 5, 9)}" for _ in range(4)))
        if section == 2:
            parts.append(f"> {sentence(rng, 12, 20)}")
    return "\n\n".join(parts) + "\n"


def names(count: int, rng: random.Random) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {len(found)}"
        found.append(name)
    return found


def articles(count: int, seed: int = 7):
    """Yield (slug, title, day, topics, figures, body) for ``count`` articles."""
    rng = random.Random(seed)
    topics = [f"Topic {i} {rng.choice(WORDS)}" for i in range(150)]
    figures = names(1500, rng)
    for index in range(count):
        day = START + timedelta(days=rng.randrange(15 * 365))
        chosen_topics = rng.sample(topics, rng.randint(1, 4))
        chosen_figures = rng.sample(figures, rng.randint(1, 6))
        title = sentence(rng, 5, 10)[:-1]
        yield f"story-{index:06d}", title, day, chosen_topics, chosen_figures, body(rng, chosen_figures)


def write_dossier(root: Path, count: int) -> None:
    # The defaults a new user gets, search included.
    (root / "site.yaml").write_text("title: Benchmark dossier\ntimezone: UTC\n")
    for slug, title, day, topics, figures, text in articles(count):
        folder = root / "content" / "articles" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        meta = (
            f"---\ntitle: {title}\ndate: {day.isoformat()}\nlocation: Capital\n"
            f"topics: [{', '.join(topics)}]\nfigures: [{', '.join(figures)}]\n"
            f"summary: {title}.\n---\n\n"
        )
        (folder / f"{day.isoformat()}-{slug}.md").write_text(meta + text)


# A minimal theme, so that Hugo renders what Dossier renders: article pages with their
# topics, figures and related articles; paginated lists; a page per topic and figure.
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark"
[taxonomies]
  topic = "topics"
  figure = "figures"
[pagination]
  pagerSize = 20
[related]
  threshold = 1
  includeNewer = true
  toLower = false
  [[related.indices]]
    name = "figures"
    weight = 2
  [[related.indices]]
    name = "topics"
    weight = 1
"""
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        '<body><main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>'
        "{{ .Content }}"
        '<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>'
        '<ul>{{ range .GetTerms "figures" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>'
        "<ul>{{ range first 5 (.Site.RegularPages.Related .) }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
        "</article>{{ end }}\n"
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>'
        "{{ end }}</ul>{{ end }}\n"
    ),
}


def write_hugo(root: Path, count: int) -> None:
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)
    for slug, title, day, topics, figures, text in articles(count):
        folder = root / "content" / "posts" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        quoted = lambda items: ", ".join(f'"{i}"' for i in items)  # noqa: E731
        meta = (
            f'---\ntitle: "{title}"\ndate: {day.isoformat()}\nslug: {slug}\n'
            f"topics: [{quoted(topics)}]\nfigures: [{quoted(figures)}]\n---\n\n"
        )
        (folder / f"{slug}.md").write_text(meta + text)


def write_pelican(root: Path, count: int) -> None:
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Benchmark"\nSITEURL = ""\nPATH = "content"\nTIMEZONE = "UTC"\n'
        "DEFAULT_LANG = 'en'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nTRANSLATION_FEED_ATOM = None\n"
        "DEFAULT_PAGINATION = 20\nLOAD_CONTENT_CACHE = False\n"
    )
    for slug, title, day, topics, figures, text in articles(count):
        folder = root / "content" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        meta = (
            f"Title: {title}\nDate: {day.isoformat()}\nSlug: {slug}\n"
            f"Tags: {', '.join(topics + figures)}\nCategory: news\n\n"
        )
        (folder / f"{slug}.md").write_text(meta + text)


WRITERS = {"dossier": write_dossier, "hugo": write_hugo, "pelican": write_pelican}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--format", choices=sorted(WRITERS), default="dossier")
    args = parser.parse_args()
    if args.folder.exists():
        shutil.rmtree(args.folder)
    args.folder.mkdir(parents=True)
    WRITERS[args.format](args.folder, args.articles)


if __name__ == "__main__":
    main()
