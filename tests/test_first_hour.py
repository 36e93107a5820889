"""The first hour with Dossier: what a new user meets, in the words they expect."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import REPO

from generator.cli import main
from generator.commands.new import date_problem


def dossier(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_repository_ignores_a_virtual_environment():
    assert ".venv/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check"],
        ["new", "A headline"],
        ["import", "-"],
        ["serve"],
    ],
)
def test_a_folder_without_site_yaml_suggests_dossier_init(tmp_path, command):
    result = dossier(*command[:1], "--source", str(tmp_path), *command[1:], stdin="date 2020-01-01\nText.\n")
    assert result.exit_code == 1
    assert "not found" in result.output and "`dossier init`" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "content").exists() and not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        ("2020-02-30", "2020-02-30: the day does not exist: February 2020 has 29 days"),
        ("2019-02-29", "2019-02-29: the day does not exist: February 2019 has 28 days"),
        ("2020-04-31", "2020-04-31: the day does not exist: April 2020 has 30 days"),
        ("2020-01-00", "2020-01-00: the day does not exist: January 2020 has 31 days"),
        ("2020-13-01", "2020-13-01: there is no month 13; write the date as YYYY-MM-DD"),
        ("0000-01-01", "0000-01-01: there is no year 0"),
        ("2020-2-3", "2020-2-3: write the date as YYYY-MM-DD"),
        ("3 March 2020", "3 March 2020: write the date as YYYY-MM-DD"),
        ("2020-02-29", None),
        ("2020-12-31", None),
    ],
)
def test_date_problem_says_what_is_wrong_with_a_date(day, problem):
    assert date_problem(day) == problem


def test_new_with_a_day_that_does_not_exist_writes_nothing(tiny_site):
    site = tiny_site()
    result = dossier("new", "--source", str(site), "--date", "2020-02-30", "Talks")
    assert result.exit_code == 2
    assert "2020-02-30: the day does not exist: February 2020 has 29 days" in result.output
    assert not (site / "content").exists()


def test_help_shows_each_command_with_its_whole_description():
    result = dossier("--help")
    assert result.exit_code == 0
    listing = " ".join(result.output.split("Commands:")[1].split())
    assert "..." not in listing
    for name, command in main.commands.items():
        first = " ".join(command.help.split("\n\n")[0].split())
        assert f"{name} {first}" in listing, name


def test_a_new_site_counts_one_article_topic_and_figure_in_the_singular(tmp_path):
    site = tmp_path / "site"
    assert dossier("init", str(site)).exit_code == 0
    built = dossier("build", "--source", str(site), "--output", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html")}
    plural = [
        (p.name, m) for p, text in pages.items() for m in re.findall(r"\b1 (?:article|topic|figure)s\b", text)
    ]
    assert plural == []
    home = pages[tmp_path / "out" / "index.html"]
    assert all(f"1 {kind}</a>" in home for kind in ("article", "topic", "figure"))
    assert "The one topic of Site." in pages[tmp_path / "out" / "topics" / "index.html"]


def test_init_says_how_to_see_the_new_site(tmp_path):
    site = tmp_path / "site"
    result = dossier("init", str(site))
    assert result.exit_code == 0
    last = result.output.strip().splitlines()[-1]
    assert f"Next: cd {site}, then `dossier serve`" in last
    assert "`dossier build --offline` and open build/index.html" in last
