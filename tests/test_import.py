"""``dossier import``: wire copy becomes an article whose front matter reads back as expected."""

from __future__ import annotations

import time
from datetime import UTC

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content import read_article
from generator.importer import WireError, headline, read_wire

PROFILES = {
    "content/figures/qassem-soleimani.md": "---\nname: Qassem Soleimani\naliases: [Soleimani]\n---\nBio.\n",
    "content/figures/mark-milley.md": "---\nname: Mark Milley\naliases: [Milley, Gen. Mark Milley]\n---\nBio.\n",
}
WIRE = """date 2020-01-21
BAGHDAD, Iraq — Crowds gathered outside the embassy on Tuesday as Gen. Mark Milley met Iraqi officials: the talks
were "frank," one said.

Milley's visit came weeks after Soleimani was killed. [Analysis] follows *soon*.

1. Not a list.
"""


def run(site, *args, stdin=None):
    return CliRunner().invoke(main, ["import", "--source", str(site), *args], input=stdin)


def read_back(path):
    problems = []
    record, body = read_article(path, path.name, UTC, problems)
    assert [p for p in problems if not p.warning] == []
    return record, body


@pytest.fixture
def site(tiny_site, tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    return tiny_site(PROFILES)


def test_wire_copy_becomes_a_draft_article(site, tmp_path):
    result = run(site, str(tmp_path / "wire.txt"))
    assert result.exit_code == 0, result.output
    path = (
        site
        / "content/articles/2020/2020-01-21-crowds-gathered-outside-the-embassy-on-tuesday-as-gen-mark-milley-met.md"
    )
    assert f"Created {path.relative_to(site).as_posix()}" in result.output
    record, body = read_back(path)
    assert record.title == "Crowds gathered outside the embassy on Tuesday as Gen. Mark Milley met"
    assert record.date.date().isoformat() == "2020-01-21" and not record.has_time
    assert record.location == "Baghdad, Iraq"
    assert record.figures == ("Mark Milley", "Qassem Soleimani")
    assert record.draft is True
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0].startswith("BAGHDAD, Iraq — Crowds gathered") and paragraphs[0].endswith(
        '"frank," one said.'
    )
    assert (
        paragraphs[1]
        == r"Milley's visit came weeks after Soleimani was killed. \[Analysis\] follows \*soon\*."
    )
    assert paragraphs[2] == r"1\. Not a list."


def test_a_title_given_is_used_and_quoted_safely(site, tmp_path):
    title = 'Milley: "talks were frank" # not a comment'
    result = run(site, str(tmp_path / "wire.txt"), "--title", title)
    assert result.exit_code == 0, result.output
    record, _ = read_back(site / "content/articles/2020/2020-01-21-milley-talks-were-frank-not-a-comment.md")
    assert record.title == title and record.draft is False


def test_an_existing_article_is_not_overwritten_without_force(site, tmp_path):
    wire = str(tmp_path / "wire.txt")
    assert run(site, wire, "--title", "Talks").exit_code == 0
    path = site / "content/articles/2020/2020-01-21-talks.md"
    path.write_text(path.read_text() + "\nAn editor's note.\n")
    result = run(site, wire, "--title", "Talks")
    assert result.exit_code == 1
    assert "content/articles/2020/2020-01-21-talks.md already exists" in result.output
    assert "An editor's note." in path.read_text()
    assert run(site, wire, "--title", "Talks", "--force").exit_code == 0
    assert "An editor's note." not in path.read_text()


def test_stdin_is_read_for_a_dash(site):
    result = run(site, "-", "--title", "From stdin", stdin="date: 2020-02-01\nWASHINGTON -- Talks ended.\n")
    assert result.exit_code == 0, result.output
    record, body = read_back(site / "content/articles/2020/2020-02-01-from-stdin.md")
    assert record.location == "Washington" and body.strip() == "WASHINGTON -- Talks ended."


def test_a_file_not_in_the_format_is_reported_and_nothing_is_written(site, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("2020-01-03 Washington - no date word\n")
    good = tmp_path / "wire.txt"
    result = run(site, str(bad), str(good))
    assert result.exit_code == 1
    assert f"{bad}: starts with `2020-01-03`, not `date`" in result.output
    assert len(list((site / "content/articles/2020").glob("*.md"))) == 1


def test_copy_too_long_for_an_article_is_refused_quickly_and_nothing_is_written(site, tmp_path):
    sentence = "Officials in Baghdad said on Friday that the talks with Washington would resume. "
    long = tmp_path / "long.txt"
    long.write_text("date 2020-01-03\nBAGHDAD, Iraq — " + sentence * 130_000)  # 10 MB, no blank line
    started = time.perf_counter()
    result = run(site, str(long))
    assert time.perf_counter() - started < 30  # seconds, not the minutes of a quadratic reading
    assert result.exit_code == 1
    assert "articles are limited to 5 MB: split the copy" in result.output
    assert not (site / "content/articles/2020").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("date 2020-02-30\nWASHINGTON — x", "`date 2020-02-30` is not a valid date"),
        ("date 2020-02-03\n", "has a date but no text"),
        ("date 2020-02-03\nWashington — officials said", "not a dateline"),
    ],
)
def test_bad_wire_copy_says_what_is_wrong(text, message):
    with pytest.raises(WireError, match=message):
        read_wire(text)


@pytest.mark.parametrize(
    ("first_line", "location"),
    [
        ("WASHINGTON — Text.", "Washington"),
        ("BAGHDAD, Iraq — Text.", "Baghdad, Iraq"),
        ("AL-ASAD AIR BASE, Iraq – Text.", "Al-Asad Air Base, Iraq"),
        ("NEW YORK -- Text.", "New York"),
        ("TEHRAN - Text.", "Tehran"),
        ("KYIV, Ukraine (Wire) — Text.", "Kyiv, Ukraine"),
        ("WASHINGTON—Text.", "Washington"),
        ("ERBIL, IRAQ, Jan. 8 (Wire) — Text.", "Erbil, Iraq"),
        ("KYIV/TEHRAN — Text.", "Kyiv/Tehran"),
    ],
)
def test_datelines_give_the_location_in_title_case(first_line, location):
    assert read_wire(f"date 2020-01-01\n{first_line}").location == location


def test_a_date_with_a_time_is_kept_as_written():
    assert read_wire("DATE: 2020-01-08T01:30:00+03:30\nTEHRAN — Text.").day == "2020-01-08T01:30:00+03:30"


def test_headline_is_the_start_of_the_first_sentence_without_a_dangling_word():
    story = read_wire(
        "date 2020-01-01\nOTTAWA — Canada said on Thursday that it had evidence of a missile strike."
    )
    assert headline(story) == "Canada said on Thursday that it had evidence of a missile strike"
    long = read_wire(
        "date 2020-01-01\nOTTAWA — One two three four five six seven eight nine ten eleven the twelve."
    )
    assert headline(long) == "One two three four five six seven eight nine ten eleven"
    clause = read_wire(
        "date 2020-01-01\nTEHRAN — Iran struck back early on Wednesday, firing more than a dozen missiles at bases."
    )
    assert headline(clause) == "Iran struck back early on Wednesday"
