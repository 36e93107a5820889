"""The release workflow: from a version tag, build, check and publish with trusted publishing."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from conftest import REPO

from generator import DISTRIBUTION, __version__

RELEASE = REPO / ".github" / "workflows" / "release.yml"


def workflow() -> dict:
    return yaml.safe_load(RELEASE.read_text(encoding="utf-8"))


def step(job: str, name: str) -> dict:
    return next(s for s in workflow()["jobs"][job]["steps"] if s.get("name") == name)


def test_release_runs_on_version_tags_only():
    triggers = workflow().get("on", workflow().get(True))  # YAML 1.1 reads `on` as True
    assert triggers == {"push": {"tags": ["v*"]}}


def test_only_the_publishing_job_may_prove_who_it_is():
    flow = workflow()
    assert flow["permissions"] == {"contents": "read"}
    assert "permissions" not in flow["jobs"]["build"]
    publish = flow["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["environment"]["url"] == f"https://pypi.org/project/{DISTRIBUTION}/"
    uses = [s["uses"] for s in publish["steps"] if "uses" in s]
    assert uses[-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert not any("password" in s.get("with", {}) for s in publish["steps"])  # no token: trusted publishing


def test_build_job_checks_the_files_it_publishes():
    run = step("build", "Build the sdist and the wheel")["run"]
    assert "python -m build" in run and "twine check --strict dist/*" in run
    tried = step("build", "Try the wheel in a fresh environment")["run"]
    assert 'pip" install dist/*.whl' in tried and 'dossier" build' in tried


@pytest.mark.parametrize(("tag", "passes"), [(f"v{__version__}", True), ("v99.0.0", False), ("v", False)])
def test_tag_check_refuses_a_tag_that_is_not_the_version(tag, passes):
    command = step("build", "Check that the tag names the version")["run"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"GITHUB_REF_NAME": tag}
    done = subprocess.run(["bash", "-e", "-c", command], cwd=REPO, env=env, capture_output=True, text=True)
    assert (done.returncode == 0) is passes, done.stderr
