"""The sample dossier builds cleanly, completely and reproducibly."""

from __future__ import annotations

import hashlib

from conftest import run_build
from htmlcheck import broken_links


def tree_digest(root):
    digest = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def test_sample_builds_without_warnings(sample_copy, tmp_path):
    report = run_build(sample_copy, output=tmp_path / "out")
    assert report.ok, [str(p) for p in report.problems]
    assert [str(p) for p in report.problems] == []
    assert report.counts["article"] >= 3


def test_every_link_resolves(sample_copy, tmp_path):
    out = tmp_path / "out"
    assert run_build(sample_copy, output=out).ok
    assert broken_links(out) == []


def test_every_link_resolves_under_a_sub_path(sample_copy, tmp_path):
    out = tmp_path / "out"
    assert run_build(sample_copy, output=out, base_url="https://example.org/sub/path/").ok
    assert broken_links(out, "/sub/path/") == []
    assert 'href="/sub/path/assets/style.css"' in (out / "404.html").read_text()


def test_two_builds_give_identical_bytes(sample_copy, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_build(sample_copy, output=first).ok
    assert run_build(sample_copy, output=second).ok
    assert tree_digest(first) == tree_digest(second)


def test_readme_documents_every_site_yaml_key():
    from conftest import REPO

    from generator.core.config import describe_keys

    readme = (REPO / "README.md").read_text()
    missing = [key for key, _, _ in describe_keys() if f"| `{key}` |" not in readme]
    assert missing == []


def test_readme_starts_with_the_two_setup_commands():
    from conftest import REPO

    head = (REPO / "README.md").read_text().split("\n\n")[1]
    assert "pip install -e . && dossier build" in head
    assert "pip install -e '.[test]' && pytest" in head
