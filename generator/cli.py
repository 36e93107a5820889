"""The ``dossier`` command: parses arguments, calls the stages, prints results."""

from __future__ import annotations

import inspect
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import click

from generator import __version__
from generator.commands.build import BuildOptions, build, clean, site_inputs
from generator.commands.deploy import DeployError, locate, publish
from generator.commands.new import NewError, date_problem, new_article
from generator.commands.report import BuildReport
from generator.commands.scaffold import ScaffoldError, create_site
from generator.commands.session import Session
from generator.content.reading import load_content
from generator.core.config import load_config
from generator.core.slugs import slugify
from generator.output.cache import write_deferred

if TYPE_CHECKING:
    from generator.commands.importer import Imported
    from generator.commands.serve import Outcome
    from generator.core.config import SiteConfig

Command = TypeVar("Command", bound=Callable)  # a command's function, given an option


def _site_option(function: Command) -> Command:
    return click.option(
        "--source", "-s", "site", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
        show_default=True, help="The site folder: site.yaml and content/.",
    )(function)  # fmt: skip


def _output_option(function: Command) -> Command:
    return click.option(
        "--output", "-o", type=click.Path(file_okay=False, path_type=Path),
        help="Output folder [default: SOURCE/build].",
    )(function)  # fmt: skip


def run() -> None:
    """The ``dossier`` command as a process: ``main``, then an exit that skips tidying up memory.

    A build leaves the cache's records and its index behind, and Python frees them
    one by one at exit: 14% of the CPU time of a rebuild after an edit at 1,000
    articles (benchmarks/README.md). By the time ``main`` returns every file is
    written and closed, so the process ends at once. An error that escapes
    ``main`` still ends the usual way, with its traceback.
    """
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


class CommandGroup(click.Group):
    """A group whose ``--help`` lists each command with its whole description, where click
    would cut it at the terminal's width ("Check the content as an editor would: exit 1
    on errors, 0 with...")."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                first = inspect.cleandoc(command.help or "").split("\n\n")[0]
                rows.append((name, command.short_help or " ".join(first.split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
def main() -> None:
    """Dossier: turn a folder of news articles into a cross-linked static site."""


@main.command("build")
@_site_option
@_output_option
@click.option("--drafts", is_flag=True, help="Include articles marked `draft: true`.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--base-url", help="Override base_url from site.yaml for this build.")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the build cache.")
@click.option(
    "--offline", is_flag=True,
    help="Links name files (timeline/index.html), so the site reads from a folder; no search.",
)  # fmt: skip
@click.option(
    "--zip", "archive", type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the built site as a zip file, e.g. dossier.zip (with --offline, to read from a folder).",
)  # fmt: skip
def build_command(
    site: Path,
    output: Path | None,
    drafts: bool,
    future: bool,
    strict: bool,
    base_url: str | None,
    no_cache: bool,
    offline: bool,
    archive: Path | None,
) -> None:
    """Build the site into the output folder."""
    options = BuildOptions(
        site=site,
        output=output,
        drafts=drafts,
        future=future,
        strict=strict,
        base_url=base_url,
        cache=not no_cache,
        offline=offline,
    )
    report = build(options, progress=_progress_printer(), waiting=_waiting_for(options.output_dir))
    built = print_report(report)
    if built and archive is not None:
        from generator.output.archive import ArchiveError, write_archive

        try:
            count = write_archive(options.output_dir, archive)
        except ArchiveError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        click.echo(f"Wrote {archive}: {count} files in the folder {archive.stem}/", err=True)
    sys.exit(0 if built else 1)


def _waiting_for(output: Path) -> Callable[[], None]:
    """What to say when another build of the same folder is running."""
    return lambda: click.echo(f"waiting for another build of {output} to end", err=True)


@main.command("clean")
@_site_option
@_output_option
def clean_command(site: Path, output: Path | None) -> None:
    """Drop the build cache and the spare folder; the next build starts cold. The site stays."""
    removed = clean(BuildOptions(site=site, output=output))
    for path in removed:
        click.echo(f"removed {path}")
    if not removed:
        click.echo("nothing to remove")


def print_report(report: BuildReport) -> bool:
    """Print every problem as ``path:line: message`` and the summary line; True if it built."""
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.ok and report.left_out and len(report.left_out) <= 5:
        for article in report.left_out:
            reason = "draft" if article.draft else "dated in the future"
            click.echo(f"{article.path}: left out ({reason})", err=True)
    click.echo(report.summary(), err=not report.ok)
    return report.ok


def _progress_printer() -> Callable[[int, int], None] | None:
    """A progress line for long builds, shown only on a terminal."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if total < 500 or (now - last[0] < 0.2 and done != total):
            return
        last[0] = now
        end = "\n" if done == total else ""
        click.echo(f"\rRendering pages: {done}/{total}", nl=False, err=True)
        if end:
            click.echo("\r" + " " * 40 + "\r", nl=False, err=True)

    return show


@main.command("check")
@_site_option
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text: one `path:line: severity: message [code]` per line; json: a list of objects.",
)  # fmt: skip
def check_command(site: Path, output_format: str) -> None:
    """Check the content as an editor would: exit 1 on errors, 0 with warnings only."""
    from generator.commands.check import check_site

    findings = check_site(site)
    errors = sum(1 for f in findings if f.severity == "error")
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    sys.exit(1 if errors else 0)


@main.command("import")
@_site_option
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@click.option("--title", help="The headline [default: made from the first sentence, as a draft].")
@click.option("--force", is_flag=True, help="Replace an article file that already exists.")
@click.option(
    "--add-figures",
    is_flag=True,
    help="List the new names found in `figures` and draft a profile for each in content/figures/.",
)
def import_command(
    site: Path, files: tuple[Path, ...], title: str | None, force: bool, add_figures: bool
) -> None:
    """Turn wire copy (FILEs, folders of them, or - for standard input) into draft articles.

    A file may hold several stories, each starting with its `date` line after a blank
    line, a line of marks (---) or a form feed.
    """
    from generator.commands.wirebatch import batch_summary, import_batch, wire_files

    paths = wire_files(files)
    if not paths:
        click.echo(f"{files[0]}: holds no file to import (hidden files are left out)", err=True)
        sys.exit(1)
    if title and len(paths) > 1:
        raise click.BadParameter("--title names one article: import one FILE at a time", param_hint="--title")
    config, problems = load_config(site / "site.yaml")
    if config is None:  # not a site's folder, or its settings are wrong: write no article there
        for problem in problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    sources: list = []
    for file in paths:
        label = "<stdin>" if str(file) == "-" else str(file)
        try:
            sources.append(
                (label, sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8-sig"))
            )
        except (OSError, UnicodeDecodeError) as exc:
            sources.append((label, exc))
    outcomes = import_batch(sources, site, load_content(site, config.tz), title, force, add_figures)
    for outcome in outcomes:
        if outcome.error:
            click.echo(outcome.error, err=True)
            continue
        done = cast("Imported", outcome.imported)  # an outcome without an error has one
        note = " (a draft: check the headline, then set `draft: false`)" if done.draft else ""
        new = f"; {done.candidates} new name(s) listed as comments in `figures`" if done.candidates else ""
        click.echo(f"Created {done.path}{note}{new}")
        for profile in done.profiles:
            click.echo(f"  drafted {profile}: check its role and aliases")
        for profile in done.kept:
            click.echo(f"  kept {profile} as it was (it exists already)")
    if len(outcomes) > 1:
        click.echo(batch_summary(outcomes))
    sys.exit(1 if any(o.error for o in outcomes) else 0)


@main.command("new")
@_site_option
@click.argument("title")
@click.option("--date", "day", help="Date of the article, YYYY-MM-DD [default: today].")
@click.option("--lang", default="", help="Its language, one of site.yaml's `languages` [default: the first].")
def new_command(site: Path, title: str, day: str | None, lang: str) -> None:
    """Write a new draft article with its front matter filled in."""
    config, problems = load_config(site / "site.yaml")
    if config is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    if day is not None and (wrong_date := date_problem(day)):
        raise click.BadParameter(wrong_date, param_hint="--date")
    today = datetime.now(config.tz).date().isoformat() if day is None else day
    if not slugify(title):
        raise click.BadParameter("the title needs letters or digits", param_hint="TITLE")
    languages = config.languages or (config.language,)
    if lang and lang not in languages:
        raise click.BadParameter(f"`{lang}` is not one of site.yaml's languages ({', '.join(languages)})")
    try:
        path = new_article(
            site, title, today, "" if lang == languages[0] else lang, config.slugs == "unicode"
        )
    except NewError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Created {path} (a draft: set `draft: false` to publish it)")


@main.command("deploy")
@_site_option
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that holds the site.")
@click.option("--message", "-m", help='Commit message [default: "Publish <site title>"].')
@click.option("--no-push", is_flag=True, help="Commit to the local branch only; do not contact the remote.")
@click.option(
    "--follow-remote",
    is_flag=True,
    help="When the branch here and on the remote have diverged (the published one was rewritten), "
    "commit on top of the remote's and leave out the commits only this repository has.",
)
def deploy_command(
    site: Path, remote: str, branch: str, message: str | None, no_push: bool, follow_remote: bool
) -> None:
    """Build the site, commit it as the whole of a branch (for GitHub Pages) and push it.

    Your working tree, index and current branch are left as they are.
    """
    options = BuildOptions(site=site)
    try:
        target = locate(site, remote, branch, push=not no_push)
        report = build(options, progress=_progress_printer(), waiting=_waiting_for(options.output_dir))
        if not print_report(report):
            raise DeployError("the build has errors (listed above): fix them and deploy again")
        config = cast("SiteConfig", load_config(site / "site.yaml")[0])  # the build read it
        if not config.base_url:
            click.echo(
                "site.yaml: warning: base_url is empty: the site goes out without its address, so "
                "it has no sitemap, its feeds and link previews have no absolute links, and its 404 "
                "page works only at the root of a domain; set `base_url: https://USER.github.io/REPO/`",
                err=True,
            )
        result = publish(
            target,
            options.output_dir,
            message or f"Publish {config.title}",
            push=not no_push,
            follow_remote=follow_remote,
        )
    except DeployError as exc:
        click.echo(f"Deploy failed: {exc}", err=True)
        sys.exit(1)
    click.echo(result.summary())


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def init_command(folder: Path) -> None:
    """Start a new dossier in FOLDER: settings, a first article, a topic, a figure, a Pages workflow."""
    # Dated in UTC, the default time zone of a new site, so the article is never "in the future".
    today = datetime.now(UTC).date()
    try:
        written = create_site(folder, today)
    except ScaffoldError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"Created {path}")
    click.echo(
        f"Next: cd {folder}, then `dossier serve` to preview it with live reload, or "
        "`dossier build --offline` and open build/index.html; publish with `dossier deploy`, "
        "or push to GitHub and let .github/workflows/pages.yml do it"
    )


@main.command("serve")
@_site_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than 127.0.0.1 shares the preview.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), help="Port to listen on [default: 8000, or the next free one]."
)
@click.option("--drafts", is_flag=True, help="Include articles marked `draft: true`.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
def serve_command(
    site: Path, host: str, port: int | None, drafts: bool, future: bool, open_browser: bool
) -> None:
    """Preview the site with live reload: every save rebuilds it and reloads the open pages."""
    from generator.commands.indexer import Indexer
    from generator.commands.serve import (
        run as preview,  # imported here: the other commands do not need the web server
    )
    from generator.render import theme_folders

    if not (site / "site.yaml").is_file():
        click.echo(
            f"{site / 'site.yaml'}: not found: give the site folder with --source, or start one with `dossier init`",
            err=True,
        )
        sys.exit(1)
    # The preview has its own output and cache, so it never touches build/ nor slows the next build.
    folder = site / ".dossier-cache" / "serve"
    options = BuildOptions(
        site=site, output=folder / "site", cache_dir=folder, drafts=drafts, future=future, defer_cache=True
    )
    config, _ = load_config(site / "site.yaml")
    themes = theme_folders(site, config.theme if config else "default")
    watch = [*site_inputs(site, themes), site / "themes"]  # themes/: a site theme made while previewing
    session = Session()
    # The preview shows a saved page at once; the search index catches up in the background.
    session.indexer = Indexer()
    code = preview(
        lambda paths: _preview_outcome(options, session, paths), root=options.output_dir, watch=watch,
        site=site, host=host, port=port, open_browser=open_browser,
        background=lambda news: setattr(session.indexer, "on_ready", news),
    )  # fmt: skip
    write_deferred()
    sys.exit(code)


def _preview_outcome(options: BuildOptions, session: Session, paths: list[str] | None) -> Outcome:
    """Build for the preview (``paths``: the files changed since the last build, None for
    the first) and put the report in the words the preview shows."""
    from generator.commands.serve import Outcome

    if paths is not None:
        session.note(paths)
    report = build(options, session=session)
    summary = report.summary()
    if report.left_out:
        summary += " (--drafts and --future include them)"
    return Outcome(
        ok=report.ok,
        errors=tuple(str(p) for p in report.errors),
        warnings=tuple(str(p) for p in report.problems if p.warning),
        summary=summary,
        detail=f"{report.written} files written, {report.kept} unchanged",
        base_path=report.base_path,
    )
