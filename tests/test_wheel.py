"""The package as a new user gets it: a wheel built with ``python -m build``, installed into a
fresh virtual environment (not editable), and the Pages workflow ``dossier init`` writes, run
step by step the way GitHub would run it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO, require_tool

from generator import DISTRIBUTION, __version__
from generator.commands.scaffold import WORKFLOW_PATH

pytestmark = pytest.mark.slow

# What configure-pages gives the workflow: the site's address, without the final "/".
PAGES_BASE_URL = "https://reader.github.io/brink-of-war"
WIRE = "date 2020-01-21\nBAGHDAD — Crowds gathered outside the embassy on Tuesday.\n"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``command``; its output, or a failure that shows it."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def user_env(venv: Path, **extra: str) -> dict[str, str]:
    """The environment of a user whose shell has the virtual environment activated."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(venv)
    return env | extra


def fresh_venv(path: Path) -> Path:
    run([sys.executable, "-m", "venv", str(path)], cwd=path.parent)
    return path


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and wheel, built from a copy of the repository's package files."""
    for module in ("build", "twine"):
        require_tool(
            importlib.util.find_spec(module) is not None, f"needs {module}: pip install -e '.[test]'"
        )
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for name in ("generator", "themes", "schemas"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = source / "dist"
    run([sys.executable, "-m", "build", "--outdir", str(out), "."], cwd=source)
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def test_build_makes_an_sdist_and_a_wheel_that_twine_accepts(dist):
    stem = f"{DISTRIBUTION.replace('-', '_')}-{__version__}"
    assert sorted(p.name for p in dist.iterdir()) == [f"{stem}-py3-none-any.whl", f"{stem}.tar.gz"]
    output = run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())], cwd=dist)
    assert output.count("PASSED") == 2


def test_wheel_carries_the_default_theme_and_the_schemas(dist):
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        packaged = {name: wheel.read(name) for name in wheel.namelist() if not name.endswith("/")}
        entry_points = next(n for n in packaged if n.endswith(".dist-info/entry_points.txt"))
        assert "dossier = generator.cli:run" in packaged[entry_points].decode()
    source = dist.parent  # the copy the wheel was built from
    for folder in ("themes", "schemas"):
        files = sorted(p for p in (source / folder).rglob("*") if p.is_file())
        assert files
        for path in files:
            name = f"generator/_data/{path.relative_to(source).as_posix()}"
            assert packaged.get(name) == path.read_bytes(), f"{name} missing or different in the wheel"
    for path in (source / "generator").glob("*.py"):
        assert f"generator/{path.name}" in packaged


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (its dependencies from the index)."""
    venv = fresh_venv(tmp_path_factory.mktemp("user") / "venv")
    # As the user's shell runs it: a PYTHONPATH naming a checkout would make pip take it as installed.
    run([str(venv / "bin" / "pip"), "install", "-q", str(wheel_of(dist))], cwd=venv, env=user_env(venv))
    return venv


def test_installed_wheel_inits_builds_checks_and_adds_articles(installed, tmp_path):
    env = user_env(installed)
    where = run(["python", "-c", "import generator; print(generator.__file__)"], cwd=tmp_path, env=env)
    assert Path(where.strip()).is_relative_to(installed), "the test must use the wheel, not the checkout"
    shipped = "from generator.core.resources import schema_path, shipped; print(shipped('themes')); print(schema_path('articles'))"
    themes, schema = map(Path, run(["python", "-c", shipped], cwd=tmp_path, env=env).split())
    assert themes.is_relative_to(installed) and (themes / "default" / "templates" / "base.html").is_file()
    assert (
        schema.is_relative_to(installed)
        and schema.read_bytes() == (REPO / "schemas" / schema.name).read_bytes()
    )

    run(["dossier", "init", "brink-of-war"], cwd=tmp_path, env=env)
    site = tmp_path / "brink-of-war"
    assert not (site / "themes").exists()  # the theme comes from the package
    built = run(["dossier", "build"], cwd=site, env=env)
    assert "Built 1 article, 1 topic, 1 figure" in built
    page = (site / "build" / "index.html").read_text(encoding="utf-8")
    assert "Brink of war" in page and (site / "build" / "assets" / "style.css").is_file()
    run(["dossier", "check"], cwd=site, env=env)

    created = run(["dossier", "new", "--date", "2024-05-21", "Talks resume in Oman"], cwd=site, env=env)
    assert "content/articles/2024/2024-05-21-talks-resume-in-oman.md" in created
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    imported = run(["dossier", "import", "--title", "Embassy protest", str(tmp_path / "wire.txt")], site, env)
    assert "2020-01-21-embassy-protest.md" in imported
    built = run(["dossier", "build", "--drafts"], cwd=site, env=env)
    assert "Built 3 articles" in built


def test_a_site_theme_overrides_the_packaged_one(installed, tmp_path):
    env = user_env(installed)
    run(["dossier", "init", "site"], cwd=tmp_path, env=env)
    site = tmp_path / "site"
    templates = site / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text("<!doctype html><title>Lost</title><p>Our own 404</p>\n")
    run(["dossier", "build"], cwd=site, env=env)
    assert "Our own 404" in (site / "build" / "404.html").read_text(encoding="utf-8")
    assert "Welcome to Site" in (site / "build" / "index.html").read_text(encoding="utf-8")


def test_pages_workflow_of_a_new_site_runs_as_written(dist, installed, tmp_path):
    """The workflow's own ``run:`` steps, in order, in a fresh environment: what GitHub runs
    after checking out the site and setting up Python. Its requirements.txt is installed from
    the wheel built here, as the package index would serve it."""
    run(["dossier", "init", "brink-of-war"], cwd=tmp_path, env=user_env(installed))
    site = tmp_path / "brink-of-war"
    workflow = yaml.safe_load((site / WORKFLOW_PATH).read_text(encoding="utf-8"))
    steps = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert steps and steps[0] == "pip install -r requirements.txt"

    runner = fresh_venv(tmp_path / "runner")
    links = f"{dist} {os.environ.get('PIP_FIND_LINKS', '')}".strip()
    env = user_env(runner, PIP_FIND_LINKS=links)
    for step in steps:
        command = step.replace("${{ steps.pages.outputs.base_url }}", PAGES_BASE_URL)
        assert "${{" not in command, f"a step needs a value the test does not give: {command}"
        run(["bash", "-e", "-c", command], cwd=site, env=env)

    installed_here = run(["pip", "show", DISTRIBUTION], cwd=site, env=env)
    assert f"Version: {__version__}" in installed_here
    feed = (site / "build" / "feed.xml").read_text(encoding="utf-8")
    assert f"{PAGES_BASE_URL}/" in feed
    assert (site / "build" / "index.html").is_file()


def test_release_workflow_tries_the_wheel_as_written(dist, tmp_path):
    """The release job's own trial of the wheel: a fresh environment, init, build, check."""
    release = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    (trial,) = [
        s["run"] for s in release["jobs"]["build"]["steps"] if s.get("name", "").startswith("Try the wheel")
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run(["bash", "-e", "-c", trial], cwd=dist.parent, env=env | {"RUNNER_TEMP": str(tmp_path)})
    assert (tmp_path / "site" / "build" / "index.html").is_file()
