"""Publish a build folder as the whole content of a git branch, leaving the checkout alone."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.core.config import SiteConfig
from generator.output.folder import output_lock

# Git's way of saying "this ref must not exist yet" to `update-ref`.
NO_REF = ""
# Variables that would point git at another repository, index or work tree than ours.
_GIT_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")


class DeployError(Exception):
    """A deploy cannot go on; the message is one line: what is wrong and how to fix it."""


def host_files(config: SiteConfig) -> dict[str, bytes]:
    """What GitHub Pages reads beside the pages: ``.nojekyll`` always, ``CNAME`` for a custom domain.

    Without ``.nojekyll`` a branch-published site goes through Jekyll, which drops
    files and folders whose names start with "_".
    """
    files = {".nojekyll": b""}
    if config.cname:
        files["CNAME"] = f"{config.cname}\n".encode()
    return files


@dataclass(frozen=True, slots=True)
class Target:
    """Where a deploy goes: a branch of the repository holding the site, and a remote."""

    root: Path
    remote: str
    branch: str

    @property
    def ref(self) -> str:
        return f"refs/heads/{self.branch}"


@dataclass(frozen=True, slots=True)
class DeployResult:
    """What a deploy did."""

    target: Target
    commit: str
    created: bool  # False when the branch already held exactly this output
    pushed: bool

    def summary(self) -> str:
        short = self.commit[:7]
        if self.created:
            done = f"Committed the site to {self.target.branch} ({short})"
        else:
            done = f"Nothing changed: {self.target.branch} already holds this site ({short}), no new commit"
        if not self.pushed:
            return f"{done}; not pushed (--no-push)"
        if self.created:
            return f"{done}; pushed to {self.target.remote}"
        return f"{done}; {self.target.remote} is up to date"


def locate(source: Path, remote: str, branch: str, push: bool) -> Target:
    """Check everything that can be checked before building; raise DeployError on a problem."""
    root = _repository_root(source)
    _check_branch(root, branch)
    if push:
        _check_remote(root, remote)
    return Target(root, remote, branch)


def publish(
    target: Target, folder: Path, message: str, push: bool, follow_remote: bool = False
) -> DeployResult:
    """Commit ``folder`` as the whole tree of the branch, on top of its history, then push it.

    Only objects and the branch's ref are written: the user's working tree, index
    and current branch never change. The remote's branch is never forced: when it
    has diverged from the branch here, ``follow_remote`` puts the commit on top of it.
    The output folder is held (see folder.output_lock) while it is read.
    """
    local = _resolve(target.root, target.ref)
    parent = _parent(target, local, push, follow_remote)
    with output_lock(folder):
        tree = write_tree(target.root, folder)
    if parent is not None and _resolve(target.root, f"{parent}^{{tree}}") == tree:
        commit, created = parent, False
    else:
        commit, created = _commit(target.root, tree, parent, message), True
    if commit != local:
        _git(target.root, "update-ref", "-m", "dossier deploy", target.ref, commit, local or NO_REF)
    if push:
        _push(target)
    return DeployResult(target, commit, created, push)


def write_tree(root: Path, folder: Path) -> str:
    """Store every file below ``folder`` in the repository and return the tree's id.

    Blobs are hashed as they are (no line-ending or attribute filters), and the
    tree is made in a temporary index so that the user's index is never touched.
    """
    folder = folder.resolve()  # git runs in the repository's root, not in the current folder
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    if not files:
        raise DeployError(f"{folder} is empty: build the site before deploying it")
    names = [path.relative_to(folder).as_posix() for path in files]
    if any("\n" in name for name in names):
        raise DeployError(f"{folder} holds a file name with a line break: rename it and deploy again")
    hashed = _git(
        root, "hash-object", "-w", "--no-filters", "--stdin-paths", input="\n".join(map(str, files))
    )
    blobs = hashed.split()
    entries = "".join(f"100644 {blob}\t{name}\0" for blob, name in zip(blobs, names, strict=True))
    with tempfile.TemporaryDirectory(prefix="dossier-deploy-") as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(root, "update-index", "-z", "--index-info", input=entries, env=index)
        return _git(root, "write-tree", env=index).strip()


def _repository_root(source: Path) -> Path:
    if not source.is_dir():
        raise DeployError(f"{source} is not a folder: pass the site folder with --source")
    try:
        return Path(_git(source, "rev-parse", "--show-toplevel").strip())
    except DeployError as exc:
        if "not a git repository" not in str(exc):
            raise DeployError(f"git cannot use the repository holding {source}: {exc}") from None
        raise DeployError(
            f"{source} is not in a git repository: run `git init` and `git remote add origin URL` there first"
        ) from None


def _check_branch(root: Path, branch: str) -> None:
    try:
        _git(root, "check-ref-format", "--branch", branch)
    except DeployError:
        raise DeployError(f"`{branch}` is not a valid branch name: choose another with --branch") from None
    # Moving a branch that is checked out would make its work tree look changed.
    worktrees = _git(root, "worktree", "list", "--porcelain")
    if f"branch refs/heads/{branch}" in worktrees.splitlines():
        raise DeployError(
            f"`{branch}` is checked out in a work tree: switch to another branch or deploy with --branch gh-pages"
        )


def _check_remote(root: Path, remote: str) -> None:
    try:
        _git(root, "remote", "get-url", remote)
    except DeployError:
        raise DeployError(
            f"the repository has no remote `{remote}`: add it with `git remote add {remote} URL`, "
            "or pass --remote NAME or --no-push"
        ) from None


def _parent(target: Target, local: str | None, push: bool, follow_remote: bool) -> str | None:
    """The commit the new one goes on: the branch's tip here or on the remote, whichever is newer."""
    if not push:
        # Offline: a remote-tracking copy still keeps us on the published history.
        return local or _resolve(target.root, f"refs/remotes/{target.remote}/{target.branch}")
    published = _remote_tip(target)
    if published is None or published == local:
        return local
    try:
        _git(target.root, "fetch", "--no-tags", target.remote, target.ref)
    except DeployError as exc:
        raise DeployError(f"cannot fetch {target.branch} from `{target.remote}`: {exc}") from None
    if local is None or follow_remote or _is_ancestor(target.root, local, published):
        return published
    if _is_ancestor(target.root, published, local):
        return local  # commits here not yet pushed: the push takes them along
    raise DeployError(
        f"{target.branch} here and on `{target.remote}` have diverged (was the published one rewritten?): "
        f"deploy with --follow-remote to publish on top of `{target.remote}`'s history, leaving out the "
        f"commits only this repository has, or reconcile the branches with git"
    )


def _remote_tip(target: Target) -> str | None:
    try:
        listing = _git(target.root, "ls-remote", "--heads", target.remote, target.ref)
    except DeployError as exc:
        raise DeployError(f"cannot reach remote `{target.remote}`: {exc}") from None
    for line in listing.splitlines():
        sha, _, name = line.partition("\t")
        if name == target.ref:
            return sha
    return None


def _commit(root: Path, tree: str, parent: str | None, message: str) -> str:
    parents = ["-p", parent] if parent else []
    try:
        return _git(root, "commit-tree", tree, *parents, "-m", message).strip()
    except DeployError as exc:
        raise DeployError(f"git cannot make the commit: {exc}") from None


def _push(target: Target) -> None:
    try:
        _git(target.root, "push", target.remote, f"{target.ref}:{target.ref}")
    except DeployError as exc:
        raise DeployError(
            f"`{target.remote}` refused the push of {target.branch}: {exc} "
            "(the commit is kept locally; fix this and deploy again)"
        ) from None


def _resolve(root: Path, name: str) -> str | None:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", name).strip()
    except DeployError:
        return None


def _is_ancestor(root: Path, older: str, newer: str) -> bool:
    try:
        _git(root, "merge-base", "--is-ancestor", older, newer)
    except DeployError:
        return False
    return True


def _git(folder: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> str:
    """Run git in ``folder`` and return its output; a failure raises DeployError with git's reason."""
    environment = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARIABLES}
    environment["LC_ALL"] = "C"  # git's messages in one language, so that they can be recognised
    environment.update(env or {})
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            input=input,
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
    except FileNotFoundError:
        raise DeployError("git is not installed: install it and deploy again") from None
    if done.returncode != 0:
        raise DeployError(git_reason(done.stderr) or f"`git {args[0]}` failed")
    return done.stdout


def git_reason(stderr: str) -> str:
    """Git's own words for a failure, on one line: rejected refs and errors, without the hints."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    rejected = [line.lstrip("! ").strip() for line in lines if line.startswith("!")]
    remote = [line for line in lines if line.startswith("remote:") and len(line) > len("remote:")]
    errors = [line for line in lines if line.startswith(("error:", "fatal:"))]
    chosen = rejected + remote or errors or lines[-1:]
    return "; ".join(dict.fromkeys(chosen))
