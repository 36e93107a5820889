"""site.yaml: validated once, every problem with its line, defaults for the rest."""

from __future__ import annotations

import pytest
from conftest import run_build

from generator.core.config import load_config


def load(tmp_path, text):
    path = tmp_path / "site.yaml"
    path.write_text(text)
    return load_config(path)


def test_defaults_fill_everything_but_title(tmp_path):
    config, problems = load(tmp_path, "title: T\n")
    assert problems == []
    assert (config.per_page, config.timezone, config.base_path, config.related.limit) == (20, "UTC", "/", 5)


def test_every_problem_is_reported_with_its_line(tmp_path):
    config, problems = load(
        tmp_path, "title: T\nper_page: many\ntimezone: Mars/Olympus\nsearch: maybe\ntheem: x\n"
    )
    assert config is None
    messages = [str(p) for p in problems]
    assert "site.yaml:2: `per_page` must be a whole number greater than 0, e.g. `per_page: 20`" in messages
    assert any(m.startswith("site.yaml:3: unknown time zone") for m in messages)
    assert "site.yaml:4: `search` must be true or false" in messages
    assert "site.yaml:5: warning: unknown key `theem`: did you mean `theme`?" in messages


def test_title_is_required(tmp_path):
    config, problems = load(tmp_path, "description: no title\n")
    assert config is None and "`title` is required" in str(problems[0])


def test_base_url_gets_a_trailing_slash_and_a_base_path(tmp_path):
    config, _ = load(tmp_path, "title: T\nbase_url: https://user.github.io/repo\n")
    assert config.base_url == "https://user.github.io/repo/"
    assert config.base_path == "/repo/"
    assert config.absolute("/topics/iran/") == "https://user.github.io/repo/topics/iran/"


def test_base_url_must_be_absolute(tmp_path):
    config, problems = load(tmp_path, "title: T\nbase_url: user.github.io\n")
    assert config is None and "must be an absolute http(s) URL" in str(problems[0])


def test_broken_site_yaml_stops_the_build(tiny_site):
    site = tiny_site({"site.yaml": "title: [oops\n"})
    report = run_build(site)
    assert not report.ok and str(report.problems[0]).startswith("site.yaml:")


def test_unknown_theme_is_reported(tiny_site):
    site = tiny_site({"site.yaml": "title: T\ntheme: nowhere\n"})
    report = run_build(site)
    assert not report.ok and "theme `nowhere` not found" in str(report.problems[0])


def test_site_theme_overrides_single_templates(tiny_site):
    site = tiny_site(
        {
            "site.yaml": "title: T\ntheme: local\n",
            "themes/local/templates/404.html": '{% extends "base.html" %}{% block main %}<p>Custom lost page</p>{% endblock %}',
        }
    )
    assert run_build(site).ok
    assert "Custom lost page" in (site / "build/404.html").read_text()
    assert "Timeline" in (site / "build/index.html").read_text()  # the rest falls back to default


@pytest.mark.parametrize(
    "cname",
    [
        '"dossier.example.org\\nevil.example"',
        "https://dossier.example.org",
        "example.org/dossier",
        "localhost",
    ],
    ids=["newline", "a-url", "a-path", "one-label"],
)
def test_a_cname_that_is_not_a_domain_is_an_error_at_its_line(tmp_path, cname):
    config, problems = load(tmp_path, f"title: T\ncname: {cname}\n")
    assert config is None
    (message,) = [str(p) for p in problems]
    assert message.startswith("site.yaml:2: cname `") and "is not a domain name" in message
    assert "\n" not in message


def test_a_domain_is_a_cname(tmp_path):
    config, problems = load(tmp_path, "title: T\ncname: Dossier.Example.org\n")
    assert problems == [] and config.cname == "Dossier.Example.org"


def test_control_characters_from_content_reach_the_terminal_as_escapes(tiny_site):
    from conftest import article

    site = tiny_site(
        {"content/articles/\x1b]0;owned\x07\x1b[2J.md": article("A", "2020-13-45", topics=["x"])}
    )
    report = run_build(site)
    assert not report.ok
    (line,) = [str(p) for p in report.problems]
    assert "\x1b" not in line and "\x07" not in line
    assert line.startswith("content/articles/\\x1b]0;owned\\x07\\x1b[2J.md:")
