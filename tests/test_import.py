"""``dossier import``: wire copy becomes an article whose front matter reads back as expected."""

from __future__ import annotations

import re
import time
from datetime import UTC

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.importer import WireError, headline, read_wire
from generator.content.records import read_article

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
# The figures a draft of the hearing story lists once its candidates are taken: known, then new.
DRAFTED_FIGURES = (
    "Qassem Soleimani",
    "Kenneth F. McKenzie Jr.",
    "Senate Armed Services Committee",
    "Jack Reed",
)


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
        / "content/articles/2020/2020-01-21-crowds-gathered-outside-the-embassy-as-mark-milley-met-iraqi-officials.md"
    )
    assert f"Created {path.relative_to(site).as_posix()}" in result.output
    record, body = read_back(path)
    assert record.title == "Crowds gathered outside the embassy as Mark Milley met Iraqi officials"
    assert record.summary == (
        "Crowds gathered outside the embassy on Tuesday as Gen. Mark Milley met Iraqi officials: "
        'the talks were "frank," one said.'
    )
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
    assert headline(story) == "Canada said it had evidence of a missile strike"
    long = read_wire(
        "date 2020-01-01\nOTTAWA — One two three four five six seven eight nine ten eleven the twelve."
    )
    assert headline(long) == "One two three four five six seven eight nine ten eleven"
    clause = read_wire(
        "date 2020-01-01\nTEHRAN — Iran struck back early on Wednesday, firing more than a dozen missiles at bases."
    )
    assert headline(clause) == "Iran struck back"


STORY = """date 2020-01-07
WASHINGTON — Gen. Kenneth F. McKenzie Jr., commander of U.S. Central Command, told senators on Tuesday
that missile units in Iraq had moved, weeks after Soleimani was killed.

"We are ready for whatever comes next," McKenzie told the Senate Armed Services Committee.

Sen. Jack Reed of Rhode Island, the ranking Democrat, asked about Iraq. Iraq's parliament met on Monday.
"""


def front_matter(path):
    return path.read_text(encoding="utf-8").split("---\n")[1]


def test_new_names_are_a_commented_block_an_editor_can_uncomment(site, tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run(site, str(tmp_path / "story.txt"))
    assert result.exit_code == 0, result.output
    assert "3 new name(s) listed as comments in `figures`" in result.output
    (path,) = (site / "content/articles/2020").glob("2020-01-07-*.md")
    head = front_matter(path)
    assert (
        '# - "Kenneth F. McKenzie Jr."  # person, commander of U.S. Central Command; 2 mentions, quoted once'
        in head
    )
    assert '# - "Jack Reed"  # person, ranking Democrat; 1 mention' in head
    assert "Senate Armed Services Committee" in head  # an organisation
    record, _ = read_back(path)
    assert record.figures == ("Qassem Soleimani",)
    path.write_text(path.read_text(encoding="utf-8").replace("\n# - ", "\n- "), encoding="utf-8")
    record, _ = read_back(path)
    assert record.figures == DRAFTED_FIGURES


def test_topics_are_the_dossiers_own_most_used_first_and_the_summary_stands_alone(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/topics/iraq.md": "---\nname: Iraq\n---\nAbout Iraq.\n",
            "content/topics/war-powers.md": "---\nname: War powers\naliases: [war powers resolution]\n---\n.\n",
            "content/topics/unused.md": "---\nname: Flight PS752\n---\n.\n",
        }
    )
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert run(site, str(tmp_path / "story.txt")).exit_code == 0
    (path,) = (site / "content/articles/2020").glob("2020-01-07-*.md")
    record, _ = read_back(path)
    assert record.topics == ("Iraq",)
    assert record.title == "Kenneth McKenzie told senators missile units in Iraq had moved"
    assert record.summary == (
        "Gen. Kenneth F. McKenzie Jr., commander of U.S. Central Command, told senators on Tuesday "
        "that missile units in Iraq had moved, weeks after Soleimani was killed."
    )


def test_add_figures_drafts_profiles_that_build_and_check_and_never_overwrites(sample_copy, tmp_path):
    import json
    import shutil

    from conftest import run_build

    site = tmp_path / "site"
    shutil.copytree(sample_copy, site)
    kept = site / "content/figures/jack-reed.md"  # an editor's, half written: no figure yet
    kept.write_text("name: Jack Reed\nMine.\n")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run(site, str(tmp_path / "story.txt"), "--add-figures")
    assert result.exit_code == 0, result.output
    assert "drafted content/figures/kenneth-f-mckenzie-jr.md" in result.output
    assert "kept content/figures/jack-reed.md as it was" in result.output
    assert kept.read_text() == "name: Jack Reed\nMine.\n"
    kept.write_text("---\nname: Jack Reed\nkind: person\nrole: Senator from Rhode Island\n---\nMine.\n")
    profile = (site / "content/figures/kenneth-f-mckenzie-jr.md").read_text()
    assert profile.startswith(
        '---\nname: "Kenneth F. McKenzie Jr."\nkind: person\nrole: "commander of U.S. Central Command"\n'
        'aliases: ["McKenzie"]\n'
    )
    organisation = (site / "content/figures/senate-armed-services-committee.md").read_text()
    assert "kind: organization" in organisation and "role:" not in organisation
    path = site / re.search(r"Created (\S+)", result.output).group(1)
    record, _ = read_back(path)
    assert record.figures == DRAFTED_FIGURES
    checked = CliRunner().invoke(main, ["check", "--source", str(site), "--format", "json"])
    findings = json.loads(checked.stdout)
    assert [f for f in findings if f["severity"] == "error"] == []
    missing = [f["path"] for f in findings if f["code"] == "incomplete-figure"]
    assert missing == ["content/figures/senate-armed-services-committee.md"]
    report = run_build(site, drafts=True)
    assert report.ok, report
    page = (site / "build/figures/kenneth-f-mckenzie-jr/index.html").read_text()
    assert "We are ready for whatever comes next" in page  # the quote is his once he is a figure


SEVERAL = (
    "date 2020-02-01\nWASHINGTON — Talks ended on Monday.\n\n"
    "date 2020-02-02\nBAGHDAD, Iraq — Talks began again.\n---\n"
    "date 2020-02-03\nTEHRAN, Iran — Talks ended again.\n\f"
    "date 2020-02-04\nno dateline here.\n"
)


def test_a_file_of_several_stories_is_split_and_summed_up(site, tmp_path):
    wire = tmp_path / "feed.txt"
    wire.write_text(SEVERAL, encoding="utf-8")
    result = run(site, str(wire))
    assert result.exit_code == 1
    assert len(list((site / "content/articles/2020").glob("2020-02-0*.md"))) == 3
    assert f"{wire}:9: the text starts with `no dateline here.`, not a dateline" in result.output
    assert "Imported 3 of 4 stories: 3 created; 1 skipped (1 not wire copy)." in result.output
    again = run(site, str(wire))
    assert (
        "Imported 0 of 4 stories: 0 created; 4 skipped (3 already exists, 1 not wire copy)." in again.output
    )


def test_a_folder_is_imported_file_by_file(site, tmp_path):
    folder = tmp_path / "feed"
    (folder / "day2").mkdir(parents=True)
    (folder / "a.txt").write_text("date 2020-03-01\nWASHINGTON — One story.\n")
    (folder / "day2/b.txt").write_text("date 2020-03-02\nWASHINGTON — Another story.\n")
    (folder / ".hidden").write_text("not wire copy")
    result = run(site, str(folder))
    assert result.exit_code == 0, result.output
    assert "Imported 2 of 2 stories: 2 created." in result.output
    assert len(list((site / "content/articles/2020").glob("2020-03-0*.md"))) == 2


@pytest.mark.parametrize(
    ("lede", "title"),
    [
        ("Brig. Gen. Amir Ali Hajizadeh, the head of the aerospace force, said on Saturday that he took full "
         "responsibility for the downing of the airliner.", "Amir Ali Hajizadeh said he took full responsibility"),
        ("Justin Trudeau said on Thursday that Canada had intelligence from several sources showing that a "
         "missile brought down the airliner.", "Justin Trudeau said Canada had intelligence from several sources"),
        ("After hours of closed-door talks, Iraq's parliament voted on Sunday to expel American troops from the "
         "country in response to the killing of Qassem Soleimani.",
         "Iraq's parliament voted to expel American troops from the country"),
        ("A US drone strike near Baghdad International Airport killed Qassem Soleimani, the commander of Iran's "
         "elite Quds Force, early on Friday, the Pentagon said.",
         "US drone strike near Baghdad International Airport killed Qassem Soleimani"),
        ("A fire and explosion damaged a building at the Natanz nuclear site on Thursday, the Atomic Energy "
         "Organization of Iran said, adding that nobody was hurt.",
         "Fire and explosion damaged a building at the Natanz nuclear site"),
        ("Hundreds of protesters gathered outside the embassy on Tuesday to denounce the bombing, police said.",
         "Hundreds of protesters gathered outside the embassy to denounce the bombing"),
        ("An explosion at the al-Ahli Arab Hospital in Gaza killed hundreds of people on Tuesday, according to "
         "health officials in the territory.",
         "Explosion at the al-Ahli Arab Hospital in Gaza killed hundreds of people"),
        ("The House of Representatives voted on Thursday to limit President Donald Trump's ability to wage war "
         "against Iran without the approval of Congress.",
         "House of Representatives voted to limit Donald Trump's ability to wage war"),
        ("The Treasury Department imposed new sanctions on Iran's steel industry on Friday.",
         "Treasury Department imposed new sanctions on Iran's steel industry"),
        ("A missile and drone attack on a military camp in central Yemen killed more than 100 soldiers on "
         "Saturday, officials said.", "Missile and drone attack killed more than 100 soldiers"),
    ],
)  # fmt: skip
def test_headline_keeps_subject_verb_and_object(lede, title):
    assert headline(read_wire(f"date 2020-01-01\nWASHINGTON — {lede}")) == title


def test_every_headline_of_the_wire_corpus_is_short_and_ends_a_phrase():
    from pathlib import Path

    from generator.commands.importer import summary
    from generator.commands.wirebatch import split_stories
    from generator.wire.lede import _DANGLING, HEADLINE_WORDS

    corpus = Path(__file__).resolve().parent.parent / "benchmarks/wire"
    stories = [
        text
        for name in ("stories", "held-out")
        for _, text in split_stories((corpus / f"{name}.txt").read_text())
    ]
    assert len(stories) == 30
    for text in stories:
        story = read_wire(text)
        title = headline(story)
        words = title.split()
        assert 3 <= len(words) <= HEADLINE_WORDS, title
        assert words[-1].lower() not in _DANGLING and not words[-1].endswith(("ing", ",")), title
        assert title.count("“") == title.count("”") and title.count('"') % 2 == 0, title
        assert summary(story).endswith((".", "”", '"')) and story.location.split(",")[
            0
        ].upper() not in summary(story)


def test_an_empty_folder_is_reported(site, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty/.hidden").write_text("date 2020-03-01\nWASHINGTON — Hidden.\n")
    result = run(site, str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty'}: holds no file to import" in result.output


def test_a_drafted_short_alias_is_not_read_inside_a_longer_name(site, tmp_path):
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "date 2021-09-28\nWASHINGTON — Gen. Frank McKenzie spoke. McKenzie left.\n\n"
        "date 2021-09-29\nWASHINGTON — Gen. Kenneth F. McKenzie Jr. spoke. Gen. McKenzie left.\n"
    )
    result = run(site, str(feed), "--add-figures")
    assert result.exit_code == 0, result.output
    assert "drafted content/figures/frank-mckenzie.md" in result.output
    assert "drafted content/figures/kenneth-f-mckenzie-jr.md" in result.output
    second = site / re.findall(r"Created (\S+)", result.output)[1]
    record, _ = read_back(second)
    assert record.figures == ("Kenneth F. McKenzie Jr.",)
    profile = (site / "content/figures/kenneth-f-mckenzie-jr.md").read_text()
    assert "aliases:" not in profile  # "McKenzie" is Frank McKenzie's already


def test_a_site_that_cannot_be_written_to_is_reported_without_a_traceback(site, tmp_path):
    import os

    if os.geteuid() == 0:
        folder = site / "content/articles/2020"
        folder.mkdir(parents=True)
        (folder / "2020-02-01-talks-ended.md").mkdir()  # a folder where the article would go
    else:
        (site / "content").chmod(0o500)
    wire = tmp_path / "one.txt"
    wire.write_text("date 2020-02-01\nWASHINGTON — Talks ended.\n")
    result = run(site, str(wire), "--force")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert f"{wire}: cannot be written: " in result.output
