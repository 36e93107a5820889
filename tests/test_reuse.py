"""Random edits to a small dossier: after each, the incremental build equals a cold one.

Incremental builds take a page from the last build when what its context is
made from is unchanged (generator/output/reuse.py). That list is written by hand, so
this test edits front matter, bodies, profiles and files at random and compares
every output file with a build from nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace

import pytest
from conftest import run_build, write_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import digest

from generator.commands.session import Session

# Short lists, so that an edit moves articles between pages, feeds and related lists;
# no search index, whose pages are checked elsewhere, so that more edits are tried.
SITE_YAML = (
    "title: Tiny dossier\ntimezone: UTC\nper_page: 3\nfeed_limit: 4\nhome_articles: 3\n"
    "related: {limit: 2}\nsearch: false\n"
)
STORIES = range(8)  # edited at random; story 8 only moves in time, and the linker links to it
ANCHOR = 8
LINKER = "content/articles/linker.md"
TOPICS = ["Iran", "Iraq", "Oil", "Sanctions"]
FIGURES = ["Trump", "Soleimani", "Pompeo", "Esper"]
TITLES = ["Talks", "Strike", "Iran", "Oil deal"]  # some alike, one named as a topic
PARAGRAPHS = [
    "A quiet day.",
    "Trump spoke about oil.",
    "“We will respond,” Soleimani said.",
    "See [the earlier story](story-1.md).",
    "Esper and Pompeo met.",
]
PROFILES = {  # a file name is a slug; a profile may rename its subject and keep the old name as an alias
    "content/figures/trump.md": [
        None,
        "name: Trump\nrole: President\n",
        "name: Donald Trump\naliases: [Trump]\n",
    ],
    "content/figures/esper.md": [None, "name: Esper\nkind: organization\nsummary: Defense.\n"],
    "content/topics/oil.md": [
        None,
        "name: Oil\nsummary: Crude and markets.\n",
        "name: Crude\naliases: [Oil]\n",
    ],
}
PROFILE_BODIES = {  # a link to a source file, as bodies may have
    "content/topics/oil.md": "About oil: see [the anchor](../articles/story-8.md).\n",
}


@dataclass(frozen=True)
class Story:
    title: str
    day: int  # days after 2020-01-01
    topics: tuple[str, ...]
    figures: tuple[str, ...]
    summary: str = ""
    body: tuple[str, ...] = ("A quiet day.",)
    draft: bool = False

    def text(self) -> str:
        month, day = divmod(self.day, 28)
        lines = [
            f"title: {self.title}",
            f"date: 2020-{month + 1:02}-{day + 1:02}",
            f"topics: [{', '.join(self.topics)}]",
            f"figures: [{', '.join(self.figures)}]",
        ]
        if self.summary:
            lines.append(f"summary: {self.summary}")
        if self.draft:
            lines.append("draft: true")
        return "---\n" + "\n".join(lines) + "\n---\n\n" + "\n\n".join(self.body) + "\n"


@dataclass
class Dossier:
    stories: dict[int, Story | None]
    profiles: dict[str, str | None] = field(default_factory=dict)

    def files(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {
            f"content/articles/story-{n}.md": story.text() if story else None
            for n, story in self.stories.items()
        }
        # In no topic and with no figure: its page changes with the anchor's only through the link.
        found[LINKER] = Story("Linker", 20, (), (), body=("See [the anchor](story-8.md).",)).text()
        return found | self.profiles


def start() -> Dossier:
    dossier = Dossier(
        {
            n: Story(TITLES[n % 4] if n % 3 else f"Story {n}", n * 3, (TOPICS[n % 2],), (FIGURES[n % 3],))
            for n in STORIES
        }
    )
    dossier.stories[ANCHOR] = Story("Anchor", 10, (), ())
    for path in PROFILES:  # each profile there from the start, so that one edit can rename its subject
        apply(dossier, ("profile", path, 1))
    return dossier


subsets = st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple)
figure_sets = st.lists(st.sampled_from(FIGURES), max_size=3, unique=True).map(tuple)
story = st.sampled_from(list(STORIES))
edits = st.one_of(
    st.tuples(st.just("topics"), story, subsets),
    st.tuples(st.just("figures"), story, figure_sets),
    st.tuples(st.just("title"), story, st.sampled_from(TITLES)),
    st.tuples(st.just("day"), st.sampled_from([*STORIES, ANCHOR]), st.integers(0, 30)),
    st.tuples(st.just("summary"), story, st.sampled_from(["", "Short.", "Another summary."])),
    st.tuples(
        st.just("body"), story, st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=3).map(tuple)
    ),
    st.tuples(st.just("draft"), story, st.booleans()),
    st.tuples(st.just("delete"), story, st.none()),
    st.tuples(st.just("profile"), st.sampled_from(sorted(PROFILES)), st.integers(0, 2)),
)


def apply(dossier: Dossier, edit: tuple) -> None:
    kind, which, value = edit
    if kind == "profile":
        choices = PROFILES[which]
        text = choices[value % len(choices)]
        body = PROFILE_BODIES.get(which, "About them.\n")
        dossier.profiles[which] = f"---\n{text}---\n{body}" if text else None
    elif kind == "delete":
        dossier.stories[which] = None
    else:
        current = dossier.stories[which] or Story(f"Story {which}", which, (), ())
        dossier.stories[which] = replace(current, **{kind: value})


def write(site, files: dict[str, str | None]) -> list[str]:
    """Write the files whose text changed, remove those that went: untouched files keep their mtime.

    Returns the paths written or removed, as a preview's watcher reports them.
    """
    changed = []
    for relative, text in files.items():
        path = site / relative
        if text is None:
            if path.exists():
                path.unlink()
                changed.append(str(path))
        elif not path.is_file() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(str(path))
    return changed


def edit_and_compare(root, steps: list[tuple], session: Session | None = None) -> None:
    """Apply ``steps`` one by one; after each, the incremental build equals a cold one.

    With ``session``, builds are a preview's: told which files changed, cache kept in memory.
    """
    site = write_site(root / "site", {"site.yaml": SITE_YAML})
    dossier = start()
    write(site, dossier.files())
    options = {"cache": True, "defer_cache": session is not None, "session": session}
    assert run_build(site, **options).ok
    for number, edit in enumerate(steps):
        apply(dossier, edit)
        changed = write(site, dossier.files())
        if session is not None:
            session.note(changed)
        report = run_build(site, **options)
        cold = root / f"cold-{number}"
        assert run_build(site, output=cold).ok == report.ok, edit
        if report.ok:
            assert digest(site / "build") == digest(cold), f"after {steps[: number + 1]}"
        shutil.rmtree(cold, ignore_errors=True)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(edits, min_size=1, max_size=6))
def test_incremental_builds_equal_cold_builds_after_random_edits(tmp_path_factory, steps):
    edit_and_compare(tmp_path_factory.mktemp("reuse"), steps)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(edits, min_size=1, max_size=6))
def test_preview_builds_told_what_changed_equal_cold_builds(tmp_path_factory, steps):
    """A preview's session reads only the files saved and reuses the rest of the last build."""
    edit_and_compare(tmp_path_factory.mktemp("session"), steps, Session())
