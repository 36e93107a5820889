"""``dossier init``: the files of a new site, written only into a folder that has none of them."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

from generator import DISTRIBUTION, __version__
from generator.core.config import describe_keys
from generator.core.slugs import slugify

# The one copy of the GitHub Pages workflow. This repository's own
# .github/workflows/pages.yml is this text with REPOSITORY_INSTALL (a test keeps
# them identical); a new site gets it with SITE_INSTALL.
PAGES_WORKFLOW = """\
# Build the dossier and publish it with GitHub Pages on every push to main.
# Once, on GitHub: Settings > Pages > Build and deployment > Source: "GitHub Actions".
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

# Read the repository, publish to Pages, and prove to Pages who is publishing (OIDC).
permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer run waits instead of cutting one short.
concurrency:
  group: "pages"
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Check out
        uses: actions/checkout@v7
      - name: Set up Python
        uses: actions/setup-python@v7
        with:
          python-version: "3.11"
      - name: Install Dossier
        run: @INSTALL@
      - name: Find the site's address
        id: pages
        uses: actions/configure-pages@v6
      - name: Build
        # base_url has no trailing slash: https://user.github.io/repo or a custom domain.
        run: dossier build --base-url "${{ steps.pages.outputs.base_url }}/"
      - name: Upload the site
        uses: actions/upload-pages-artifact@v5
        with:
          path: build

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"""
REPOSITORY_INSTALL = "pip install -e ."
SITE_INSTALL = "pip install -r requirements.txt"
WORKFLOW_PATH = ".github/workflows/pages.yml"


class ScaffoldError(Exception):
    """The site cannot be created; the message says why and what to do."""


def pages_workflow(install: str) -> str:
    """The GitHub Pages workflow, installing Dossier with the ``install`` command."""
    return PAGES_WORKFLOW.replace("@INSTALL@", install)


def create_site(folder: Path, today: date) -> list[Path]:
    """Write a new site into ``folder``; refuse, writing nothing, if any of its files exists."""
    files = site_files(site_title(folder), today)
    clashes = [name for name in files if _clashes(folder, name)]
    if clashes:
        raise ScaffoldError(
            f"{folder} already has {', '.join(clashes)}: nothing written; "
            "run `dossier init` in an empty folder or move those files away"
        )
    written = []
    for name, text in files.items():
        path = folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise ScaffoldError(f"cannot write {path}: {exc.strerror}") from None
        written.append(path)
    return written


def _clashes(folder: Path, name: str) -> bool:
    """True if the file exists, or a folder it needs is in the way as a file."""
    path = folder / name
    return path.exists() or any(parent.is_file() for parent in path.parents)


def site_title(folder: Path) -> str:
    """A title made from the folder's name: "brink-of-war" gives "Brink of war"."""
    words = re.sub(r"[-_.\s]+", " ", folder.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "My dossier"


def site_files(title: str, today: date) -> dict[str, str]:
    """Every file of a new site, by path relative to its folder."""
    topic, figure = "Getting started", "Jane Doe"
    return {
        "site.yaml": site_yaml(title),
        f"content/articles/{today:%Y}/{today.isoformat()}-welcome.md": welcome_article(
            title, today, topic, figure
        ),
        f"content/topics/{slugify(topic)}.md": TOPIC.format(name=topic),
        f"content/figures/{slugify(figure)}.md": FIGURE.format(name=figure, slug=slugify(figure)),
        ".gitignore": "/build/\n/.build.partial/\n/.dossier-cache/\n.venv/\n",
        "requirements.txt": requirements(),
        WORKFLOW_PATH: pages_workflow(SITE_INSTALL),
    }


def site_yaml(title: str) -> str:
    """site.yaml with the title set and every other key documented, at its default, commented out."""
    lines = [
        "# The settings of this dossier. Only `title` is required; every other key is shown",
        "# with its default value, commented out: remove the `# ` before a key to change it.",
    ]
    for key, default, doc in describe_keys():
        value, prefix = (title, "") if key == "title" else (default, "# ")
        lines += ["", f"# {doc[:1].upper()}{doc[1:]}.", f"{prefix}{key}: {yaml_value(value)}"]
    return "\n".join(lines) + "\n"


def yaml_value(value: object) -> str:
    """A default as YAML on one line: strings quoted, nested settings as a flow mapping."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        pairs = (f"{f.name}: {yaml_value(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return "{" + ", ".join(pairs) + "}"
    # A JSON string is a valid double-quoted YAML string.
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def welcome_article(title: str, today: date, topic: str, figure: str) -> str:
    headline = json.dumps(f"Welcome to {title}", ensure_ascii=False)
    return WELCOME.format(headline=headline, day=today.isoformat(), topic=topic, figure=figure)


def requirements() -> str:
    """requirements.txt for the Pages workflow: this Dossier's distribution, at this version or later."""
    major, minor = __version__.split(".")[:2]
    return (
        "# What the GitHub Pages workflow installs to build this site: the Dossier that\n"
        "# wrote it, or a later release.\n"
        f"{DISTRIBUTION}>={major}.{minor}\n"
    )


WELCOME = """\
---
title: {headline}
date: {day}
topics: [{topic}]
figures: [{figure}]
summary: What this dossier is for, and how its articles are written.
sources:
  - {{name: GitHub Pages documentation, url: "https://docs.github.com/en/pages"}}
draft: false
---

This is the first article of the dossier. Every article is one Markdown file under
`content/articles/`, with its facts in the front matter at the top: `title` and `date`
are required, `topics` and `figures` link the article to their pages, where readers
follow the story through time and through the people in it.

{figure} stands in for the first person of your story: her profile is in
`content/figures/`, and the topic "{topic}" is described in `content/topics/`.
Rename them, or delete them and write your own.

Start a new article with `dossier new "Headline"`, build the site with `dossier build`,
and publish it with `dossier deploy` or the workflow in `.github/workflows/pages.yml`.
"""

TOPIC = """\
---
name: {name}
summary: How this dossier is put together; replace it with the first topic of your story.
---

A topic gathers every article about one thread of the story and shows them as a
timeline. Its page exists as soon as an article names it in `topics:`; this file, named
after the topic's slug, adds a summary and this description.
"""

FIGURE = """\
---
name: {name}
kind: person
aliases: [J. Doe]
role: A placeholder for someone in the news
summary: A stand-in for the first person of your story, to be replaced.
---

A figure is a person or an organisation in the news. Articles name figures in
`figures:`; this profile, `content/figures/{slug}.md`, adds a role, a summary, other
names the figure is known by (`aliases`) and this short biography.
"""
