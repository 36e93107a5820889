"""`dossier init`: a new site that builds cleanly at once, and never a file overwritten."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, run_build
from htmlcheck import broken_links

from generator import DISTRIBUTION, __version__
from generator.cli import main
from generator.commands.scaffold import (
    REPOSITORY_INSTALL,
    SITE_INSTALL,
    WORKFLOW_PATH,
    pages_workflow,
    site_files,
    site_title,
)
from generator.core.config import SiteConfig, describe_keys, load_config

DAY = date(2024, 5, 20)


def init(*args: str):
    return CliRunner().invoke(main, ["init", *args])


def test_new_site_builds_with_no_warnings_and_no_broken_links(tmp_path):
    site = tmp_path / "brink-of-war"
    result = init(str(site))
    assert result.exit_code == 0, result.output

    built = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert built.exit_code == 0, built.output
    assert built.output.strip().splitlines()[-1].startswith("Built 1 article, 1 topic, 1 figure: ")

    report = run_build(site, now=datetime.now(UTC), output=tmp_path / "out")
    assert report.ok and report.problems == ()
    assert report.counts == {"article": 1, "topic": 1, "figure": 1}
    assert broken_links(tmp_path / "out") == []
    figure = (tmp_path / "out" / "figures" / "jane-doe" / "index.html").read_text()
    assert "A placeholder for someone in the news" in figure


def test_init_writes_the_promised_files(tmp_path):
    site = tmp_path / "site"
    result = init(str(site))
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    today = datetime.now(UTC).date()
    assert written == sorted(
        [
            ".github/workflows/pages.yml",
            ".gitignore",
            f"content/articles/{today:%Y}/{today.isoformat()}-welcome.md",
            "content/figures/jane-doe.md",
            "content/topics/getting-started.md",
            "requirements.txt",
            "site.yaml",
        ]
    )
    assert (site / ".gitignore").read_text().split() == [
        "/build/",
        "/.build.partial/",
        "/.dossier-cache/",
        ".venv/",
    ]
    for name in written:
        assert f"Created {site / name}" in result.output


def test_init_without_a_folder_uses_the_current_one(tmp_path, monkeypatch):
    folder = tmp_path / "war-diary"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert init().exit_code == 0
    config, problems = load_config(folder / "site.yaml")
    assert problems == [] and config.title == "War diary"


def test_init_refuses_a_folder_with_a_site_and_writes_nothing(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yaml").write_text("title: Mine\n")
    result = init(str(site))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"{site} already has site.yaml: nothing written; "
        "run `dossier init` in an empty folder or move those files away"
    ]
    assert [p.name for p in site.rglob("*")] == ["site.yaml"]
    assert (site / "site.yaml").read_text() == "title: Mine\n"


def test_init_lists_every_file_in_the_way(tmp_path):
    site = tmp_path / "site"
    (site / ".github").mkdir(parents=True)
    (site / ".github" / "workflows").write_text("a file where a folder must go")
    (site / ".gitignore").write_text("*.tmp\n")
    result = init(str(site))
    assert result.exit_code == 1
    assert ".gitignore, .github/workflows/pages.yml: nothing written" in result.output
    assert not (site / "site.yaml").exists() and not (site / "content").exists()


def test_site_yaml_documents_every_key_with_a_default_that_parses(tmp_path):
    text = site_files("A dossier", DAY)["site.yaml"]
    for key, _default, doc in describe_keys():
        assert doc[1:] in text, key
        assert re.search(rf"^(# )?{key}: ", text, re.MULTILINE), key
    # Every commented default is valid as written: uncomment them all.
    uncommented = re.sub(r"^# (\w+: )", r"\1", text, flags=re.MULTILINE)
    (tmp_path / "site.yaml").write_text(uncommented)
    config, problems = load_config(tmp_path / "site.yaml")
    assert problems == []
    assert config == SiteConfig(title="A dossier")


@pytest.mark.parametrize(
    ("folder", "title"),
    [("brink-of-war", "Brink of war"), ("my_dossier", "My dossier"), ("Iran 2020", "Iran 2020")],
)
def test_title_comes_from_the_folder_name(tmp_path, folder, title):
    assert site_title(tmp_path / folder) == title


def test_new_site_gets_the_repository_workflow_with_its_own_install_step(tmp_path):
    workflow = site_files("A dossier", DAY)[WORKFLOW_PATH]
    assert workflow == pages_workflow(SITE_INSTALL)
    repository = (REPO / WORKFLOW_PATH).read_text(encoding="utf-8")
    assert workflow.replace(SITE_INSTALL, REPOSITORY_INSTALL) == repository


def test_requirements_name_the_distribution_at_the_version_that_wrote_them():
    requirements = site_files("A dossier", DAY)["requirements.txt"]
    major, minor = __version__.split(".")[:2]
    lines = [line for line in requirements.splitlines() if not line.startswith("#")]
    assert lines == [f"dossier-ssg>={major}.{minor}"]
    assert DISTRIBUTION == "dossier-ssg"
    assert re.search(r'^name = "dossier-ssg"$', (REPO / "pyproject.toml").read_text(), re.MULTILINE)


def test_welcome_article_is_dated_the_day_it_was_made(tmp_path):
    files = site_files("A dossier", DAY)
    (name,) = [name for name in files if name.startswith("content/articles/")]
    assert name == "content/articles/2024/2024-05-20-welcome.md"
    assert "date: 2024-05-20\n" in files[name]
    assert 'title: "Welcome to A dossier"' in files[name]


def test_site_title_with_quotes_stays_valid_yaml(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name, text in site_files('The "Quoted": dossier', DAY).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    report = run_build(site, output=tmp_path / "out")
    assert report.ok and report.problems == ()
    assert 'The "Quoted": dossier' in load_config(site / "site.yaml")[0].title
    assert Path(tmp_path / "out" / "index.html").exists()
