"""``dossier check``: each editorial problem found once, as text or JSON, with the right exit code."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import article

from generator.cli import main

SOURCES = "[{name: Wire, url: 'https://example.org/'}]"
GOOD = {"summary": "One sentence.", "sources": SOURCES}
ROLE = "kind: person\nrole: A role\n"
FILES = {
    "content/figures/qassem-soleimani.md": f"---\nname: Qassem Soleimani\naliases: [Soleimani]\n{ROLE}---\nBio.\n",
    "content/figures/adel-abdul-mahdi.md": f"---\nname: Adel Abdul Mahdi\naliases: [Mahdi]\n{ROLE}---\nBio.\n",
    "content/figures/mahdi-army.md": f"---\nname: Mahdi Army\naliases: [Mahdi]\n{ROLE}---\nBio.\n",
    # No `kind`, no `role`.
    "content/figures/nobody-at-all.md": "---\nname: Nobody At All\n---\nBio.\n",
    "content/topics/unused.md": "---\nname: Unused\n---\nNothing.\n",
    # Mentions Soleimani without listing him; lists Adel Abdul Mahdi without naming him.
    "content/articles/2020/strike.md": article(
        "Strike",
        "2020-01-03",
        "The strike came at night. The Mahdi Army fired first. Gen. Kenneth McKenzie, commander of U.S. "
        "Central Command, approved it.\n\nOfficials said Soleimani’s convoy was hit. He died.\n\n"
        "See [the vote](vote.md) and [the lost one](lost.md).",
        topics=["Iraq"],
        figures=["Adel Abdul Mahdi", "Mahdi Army"],
        **GOOD,
    ),
    # No summary, no sources; names a figure nobody else names and who has no profile.
    "content/articles/2020/vote.md": article(
        "Vote",
        "2020-01-05",
        "Soleimani was gone; Mahdi Army and Ali al-Sistani spoke. Kenneth McKenzie did not.",
        topics=["Iraq"],
        figures=["Soleimani", "Mahdi Army", "Ali al-Sistani"],
    ),
}
EXPECTED = [
    ("content/articles/2020/strike.md", 5, "warning", "unmentioned-figure"),
    ("content/articles/2020/strike.md", 10, "warning", "new-name"),
    ("content/articles/2020/strike.md", 12, "warning", "unlisted-figure"),
    ("content/articles/2020/strike.md", 14, "error", "broken-link"),
    ("content/articles/2020/vote.md", 2, "warning", "missing-summary"),
    ("content/articles/2020/vote.md", 2, "warning", "no-sources"),
    ("content/articles/2020/vote.md", 5, "warning", "single-appearance"),
    ("content/figures/mahdi-army.md", 3, "error", "name-collision"),
    ("content/figures/nobody-at-all.md", 1, "warning", "unused-figure"),
    ("content/figures/nobody-at-all.md", 2, "warning", "incomplete-figure"),
    ("content/topics/unused.md", 1, "warning", "unused-topic"),
]


def run(site, *args):
    return CliRunner().invoke(main, ["check", "--source", str(site), *args])


@pytest.fixture
def crafted(tiny_site):
    return tiny_site(FILES)


def test_check_finds_each_problem_once_as_json(crafted):
    result = run(crafted, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [(f["path"], f["line"], f["severity"], f["code"]) for f in findings] == EXPECTED
    unlisted = next(f for f in findings if f["code"] == "unlisted-figure")
    assert "“Officials said Soleimani’s convoy was hit.”" in unlisted["message"]
    assert "add `Qassem Soleimani` to `figures`" in unlisted["message"]
    broken = next(f for f in findings if f["code"] == "broken-link")
    assert "`lost.md`" in broken["message"]
    new = next(f for f in findings if f["code"] == "new-name")
    assert new["message"].startswith(
        "names Kenneth McKenzie (person, commander of U.S. Central Command) 2 times, in 2 articles, "
        "but no figure answers to the name: “Gen. Kenneth McKenzie, commander of U.S. Central Command, "
        "approved it.”; add `Kenneth McKenzie` to `figures` and write content/figures/kenneth-mckenzie.md"
    )
    incomplete = next(f for f in findings if f["code"] == "incomplete-figure")
    assert incomplete["message"] == (
        "Nobody At All has no `kind` and no `role`: add `kind: person` or `kind: organization` and "
        "`role:` what they are, e.g. `role: commander of U.S. Central Command`"
    )
    collision = next(f for f in findings if f["code"] == "name-collision")
    assert "`Mahdi`" in collision["message"] and "Adel Abdul Mahdi" in collision["message"]


def test_check_as_text_gives_path_line_and_message(crafted):
    result = run(crafted)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    assert lines[3].startswith("content/articles/2020/strike.md:14: error: broken link `lost.md`")
    assert lines[3].endswith("[broken-link]")
    assert "2 error(s), 9 warning(s)" in result.stderr


def test_warnings_alone_exit_0(crafted):
    (crafted / "content/figures/mahdi-army.md").write_text("---\nname: Mahdi Army\n---\nBio.\n")
    strike = crafted / "content/articles/2020/strike.md"
    strike.write_text(strike.read_text().replace(" and [the lost one](lost.md)", ""))
    result = run(crafted, "--format", "json")
    assert result.exit_code == 0, result.stdout
    codes = [f["code"] for f in json.loads(result.stdout)]
    assert "broken-link" not in codes and "name-collision" not in codes and codes


def test_a_link_to_a_draft_is_an_error(tiny_site):
    site = tiny_site(
        {
            "content/articles/a.md": article("A", "2020-01-01", "See [b](b.md).", topics=["T"], **GOOD),
            "content/articles/b.md": article("B", "2020-01-02", "Draft.", topics=["T"], draft="true", **GOOD),
        }
    )
    findings = json.loads(run(site, "--format", "json").stdout)
    assert [(f["path"], f["code"]) for f in findings] == [("content/articles/a.md", "broken-link")]
    assert "is a draft" in findings[0]["message"]


def test_unreadable_content_is_an_error(tiny_site):
    site = tiny_site({"content/articles/a.md": "no front matter\n"})
    result = run(site)
    assert result.exit_code == 1
    assert "content/articles/a.md:1: error: does not start with front matter" in result.stdout


def test_the_sample_passes_check_without_errors(sample_copy):
    result = run(sample_copy, "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert [f for f in json.loads(result.stdout) if f["severity"] == "error"] == []


def test_check_takes_profile_lines_from_the_records_without_reading_a_profile_again(crafted, monkeypatch):
    from generator.content import reading, records, spellings

    read = []
    read_source = records.read_source
    for module in (records, reading, spellings):
        monkeypatch.setattr(
            module, "read_source", lambda path, label: read.append(label) or read_source(path, label)
        )
    findings = json.loads(run(crafted, "--format", "json").stdout)
    assert [(f["path"], f["line"], f["severity"], f["code"]) for f in findings] == EXPECTED
    profiles = [path for path in read if path.startswith(("content/figures/", "content/topics/"))]
    assert sorted(profiles) == sorted(
        path for path in FILES if path.startswith(("content/figures/", "content/topics/"))
    )


def test_a_topic_named_in_the_text_is_no_new_figure(tiny_site):
    site = tiny_site(
        {
            "content/topics/popular-mobilization-forces.md": (
                "---\nname: Popular Mobilization Forces\naliases: [Hashd al-Shaabi]\n---\nAbout.\n"
            ),
            "content/articles/a.md": article(
                "A",
                "2020-01-01",
                "Fighters of the Hashd al-Shaabi marched on Tuesday. Later the Hashd al-Shaabi withdrew.\n\n"
                "Kataib Hezbollah said it had not fired. Kataib Hezbollah denied it again on Wednesday.\n\n"
                "Jonathan Hoffman, the Pentagon's spokesman, spoke. Jonathan Hoffman said nothing more.",
                topics=["Popular Mobilization Forces", "Kataib Hezbollah"],
                **GOOD,
            ),
        }
    )
    findings = json.loads(run(site, "--format", "json").stdout)
    assert [f["message"].split(" (")[0] for f in findings if f["code"] == "new-name"] == [
        "names Jonathan Hoffman"
    ]
