"""`dossier deploy` into real git repositories: the branch holds the build, the checkout stays as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import article, require_tool, write_site

from generator.cli import main
from generator.commands.deploy import git_reason

IGNORE = "/build/\n/.dossier-cache/\n"


@pytest.fixture(autouse=True)
def git_identity(monkeypatch, tmp_path):
    """Git with a known identity and none of this machine's own configuration."""
    require_tool(shutil.which("git") is not None, "git is not installed")
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Editor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "editor@example.org")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A site committed in a git checkout on `main`, with a bare repository as `origin`."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    site = write_site(
        tmp_path / "checkout",
        {
            ".gitignore": IGNORE,
            "content/articles/2024/2024-01-02-talks.md": article(
                "Talks begin", "2024-01-02", topics=["Talks"]
            ),
        },
    )
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "The site")
    git(site, "remote", "add", "origin", str(remote))
    return site


def remote_of(site: Path) -> Path:
    return site.parent / "remote.git"


def deploy(site: Path, *args: str):
    return CliRunner().invoke(main, ["deploy", "--source", str(site), *args])


def state(site: Path) -> dict[str, str]:
    """Everything about a checkout that a deploy must leave alone."""
    return {
        "branch": git(site, "symbolic-ref", "HEAD"),
        "head": git(site, "rev-parse", "HEAD"),
        "status": git(site, "status", "--porcelain", "--untracked-files=all"),
        "staged": git(site, "diff", "--cached"),
        "unstaged": git(site, "diff"),
        "index": git(site, "ls-files", "--stage"),
    }


def blob_id(path: Path) -> str:
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def commits(repository: Path, branch: str = "gh-pages") -> list[str]:
    return git(repository, "rev-list", branch).split()


def test_branch_holds_exactly_the_build_output(checkout):
    result = deploy(checkout)
    assert result.exit_code == 0, result.output
    remote = remote_of(checkout)
    listing = git(remote, "ls-tree", "-r", "gh-pages").splitlines()
    published = {line.split("\t")[1]: line.split()[2] for line in listing}
    build = checkout / "build"
    expected = {p.relative_to(build).as_posix(): blob_id(p) for p in build.rglob("*") if p.is_file()}
    assert published == expected
    assert ".nojekyll" in published and "index.html" in published and "404.html" in published
    assert git(remote, "log", "-1", "--format=%B", "gh-pages") == "Publish Tiny dossier"
    assert len(commits(remote)) == 1


def test_a_change_adds_one_commit_and_no_change_adds_none(checkout):
    remote = remote_of(checkout)
    assert deploy(checkout).exit_code == 0
    first = commits(remote)
    story = checkout / "content/articles/2024/2024-01-02-talks.md"
    story.write_text(article("Talks begin in Geneva", "2024-01-02", topics=["Talks"]))

    assert deploy(checkout).exit_code == 0
    second = commits(remote)
    assert len(second) == 2 and second[1:] == first
    assert "Talks begin in Geneva" in git(remote, "show", "gh-pages:index.html")

    again = deploy(checkout)
    assert again.exit_code == 0, again.output
    assert "Nothing changed" in again.output
    assert commits(remote) == second


def test_checkout_is_left_exactly_as_it_was(checkout):
    (checkout / "content/articles/2024/2024-02-01-staged.md").write_text(
        article("Staged story", "2024-02-01", topics=["Talks"])
    )
    git(checkout, "add", "content/articles/2024/2024-02-01-staged.md")
    story = checkout / "content/articles/2024/2024-01-02-talks.md"
    story.write_text(story.read_text() + "\nAn unsaved edit.\n")
    (checkout / "notes.txt").write_text("untracked")
    before = state(checkout)

    assert deploy(checkout).exit_code == 0
    assert deploy(checkout).exit_code == 0
    assert state(checkout) == before
    assert git(checkout, "stash", "list") == ""
    # What was published is the working tree as it is, edits included.
    assert "Staged story" in git(remote_of(checkout), "show", "gh-pages:index.html")


def test_broken_build_pushes_nothing(checkout):
    remote = remote_of(checkout)
    assert deploy(checkout).exit_code == 0
    published = commits(remote)
    (checkout / "content/articles/2024/2024-03-01-broken.md").write_text("---\ntitle: [unclosed\n---\n")

    result = deploy(checkout)
    assert result.exit_code == 1
    assert "2024-03-01-broken.md:" in result.output
    assert "Deploy failed: the build has errors" in result.output
    assert "Traceback" not in result.output
    assert commits(remote) == published
    assert commits(checkout) == published


def test_broken_first_deploy_creates_no_branch(checkout):
    (checkout / "content/articles/2024/2024-03-01-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    assert deploy(checkout).exit_code == 1
    assert git(remote_of(checkout), "branch", "--list") == ""
    assert git(checkout, "branch", "--list", "gh-pages") == ""


def test_missing_remote_is_one_clear_line(checkout):
    result = deploy(checkout, "--remote", "upstream")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Deploy failed: the repository has no remote `upstream`: add it with "
        "`git remote add upstream URL`, or pass --remote NAME or --no-push"
    ]
    assert not (checkout / "build").exists()  # checked before building


def test_folder_outside_any_repository_is_one_clear_line(tmp_path):
    site = write_site(tmp_path / "plain", {})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "deploy", "--source", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Deploy failed: {site} is not in a git repository: "
        "run `git init` and `git remote add origin URL` there first"
    ]


def test_refused_push_shows_the_remote_reason(checkout):
    hook = remote_of(checkout) / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'deploys are closed today' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = deploy(checkout)
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if line.startswith("Deploy failed")]
    assert "`origin` refused the push of gh-pages" in line
    assert "deploys are closed today" in line
    assert git(remote_of(checkout), "branch", "--list") == ""


def test_deploy_continues_the_remote_history_when_the_branch_is_not_here(checkout):
    remote = remote_of(checkout)
    assert deploy(checkout).exit_code == 0
    first = commits(remote)
    git(checkout, "branch", "-D", "gh-pages")  # e.g. a fresh clone, or another machine
    (checkout / "content/articles/2024/2024-01-05-more.md").write_text(
        article("More talks", "2024-01-05", topics=["Talks"])
    )
    result = deploy(checkout)
    assert result.exit_code == 0, result.output
    assert commits(remote)[1:] == first


def test_no_push_commits_locally_and_a_later_deploy_pushes_it(checkout):
    remote = remote_of(checkout)
    result = deploy(checkout, "--no-push", "--message", "Preview")
    assert result.exit_code == 0, result.output
    assert "not pushed" in result.output
    assert git(remote, "branch", "--list") == ""
    assert git(checkout, "log", "-1", "--format=%B", "gh-pages") == "Preview"

    assert deploy(checkout).exit_code == 0
    assert commits(remote) == commits(checkout)


def test_refuses_to_move_the_checked_out_branch(checkout):
    head = git(checkout, "rev-parse", "HEAD")
    result = deploy(checkout, "--branch", "main")
    assert result.exit_code == 1
    assert "`main` is checked out" in result.output
    assert git(checkout, "rev-parse", "HEAD") == head


@pytest.mark.parametrize(
    ("stderr", "reason"),
    [
        (
            "To ../remote.git\n ! [rejected]        gh-pages -> gh-pages (fetch first)\n"
            "error: failed to push some refs to '../remote.git'\nhint: Updates were rejected because\n",
            "[rejected]        gh-pages -> gh-pages (fetch first)",
        ),
        (
            "remote: deploys are closed today\nTo ../remote.git\n"
            " ! [remote rejected] gh-pages -> gh-pages (pre-receive hook declined)\n",
            "[remote rejected] gh-pages -> gh-pages (pre-receive hook declined); remote: deploys are closed today",
        ),
        (
            "fatal: 'nowhere' does not appear to be a git repository\n",
            "fatal: 'nowhere' does not appear to be a git repository",
        ),
        ("something odd\nand its last line\n", "and its last line"),
        ("", ""),
    ],
)
def test_git_reason_is_one_line_of_gits_own_words(stderr, reason):
    assert git_reason(stderr) == reason


def test_deploy_without_a_base_url_warns_and_still_publishes(checkout):
    result = deploy(checkout, "--no-push")
    assert result.exit_code == 0, result.output
    assert "site.yaml: warning: base_url is empty" in result.output
    assert "set `base_url: https://USER.github.io/REPO/`" in result.output
    assert git(checkout, "ls-tree", "--name-only", "gh-pages", "index.html") == "index.html"


def test_deploy_with_a_base_url_does_not_warn_of_it(checkout):
    with (checkout / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("base_url: https://editor.github.io/talks/\n")
    result = deploy(checkout, "--no-push")
    assert result.exit_code == 0, result.output
    assert "base_url" not in result.output


def test_a_site_in_a_subfolder_of_its_repository_deploys_its_own_build(tmp_path, monkeypatch):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repository = tmp_path / "repository"
    site = write_site(
        repository / "dossier",
        {"content/articles/2024-01-02-talks.md": article("Talks begin", "2024-01-02", topics=["Talks"])},
    )
    (repository / ".gitignore").write_text("build/\n.dossier-cache/\n")
    # A build/ at the repository's root that must not be published instead.
    (repository / "build").mkdir()
    (repository / "build/index.html").write_text("not the dossier")
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "The site")
    git(repository, "remote", "add", "origin", str(remote))
    for where, source in ((site, "."), (repository, "dossier")):
        monkeypatch.chdir(where)
        result = CliRunner().invoke(main, ["deploy", "--source", source])
        assert result.exit_code == 0, result.output
        published = git(remote, "show", "gh-pages:index.html")
        assert published == (site / "build/index.html").read_text().strip()
        assert "not the dossier" not in published


def test_a_rewritten_remote_branch_is_followed_only_when_asked(checkout, tmp_path):
    remote = remote_of(checkout)
    assert deploy(checkout).exit_code == 0
    # Someone publishes a rewritten gh-pages from another clone.
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    git(other, "checkout", "-q", "--orphan", "rewritten", "origin/gh-pages")
    git(other, "commit", "-q", "-m", "Rewritten")
    git(other, "push", "-q", "--force", "origin", "rewritten:gh-pages")
    rewritten = commits(remote)
    (checkout / "content/articles/2024/2024-01-05-more.md").write_text(
        article("More talks", "2024-01-05", topics=["Talks"])
    )
    result = deploy(checkout)
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if line.startswith("Deploy failed")]
    assert "have diverged" in line and "--follow-remote" in line
    assert commits(remote) == rewritten  # nothing forced
    result = deploy(checkout, "--follow-remote")
    assert result.exit_code == 0, result.output
    assert commits(remote)[1:] == rewritten  # on top of the published history
    assert "2024/01/05/more/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")
