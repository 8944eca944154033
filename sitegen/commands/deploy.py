"""`sitegen deploy`: publish the built site to a bucket named in site.yaml.

The output folder must be the whole result of a finished build (`publish.finished`),
and it stays locked against builds while it is read and sent (`publish.lock`). The
plan is printed; in a dry run nothing else happens. Otherwise the deploy asks before
changing the bucket (at a terminal; elsewhere `--yes` says yes), refuses more than
`--max-deletes` deletions (a wrong prefix or the wrong output folder would otherwise
empty a live site), sends the changes (`publish.deploy`) and, when site.yaml names a
WebSub hub, tells it which feeds changed (`publish.websub`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitegen.model.config import DEFAULT_MAX_DELETES, DeploySettings, DeployTarget
from sitegen.publish import deploy as s3
from sitegen.publish import finished, lock, websub
from sitegen.read import config as site_config
from sitegen.shared.errors import Diagnostics, did_you_mean
from sitegen.shared.folders import OUTPUT

FEEDS = ("feed.xml", "atom.xml", "feed.json", "docket.xml")


@dataclass(frozen=True)
class DeployRequest:
    site_dir: Path
    out_dir: Path | None = None  # default: SITE/public
    target: str | None = None  # default: the only one
    dry_run: bool = False
    yes: bool = False
    max_deletes: int = DEFAULT_MAX_DELETES  # negative: no limit
    verbose: bool = False
    quiet: bool = False
    wait: float = lock.DEFAULT_WAIT


class _Stop(Exception):
    """Ends the command with this message printed as an error."""


def choose(settings: DeploySettings, name: str | None) -> DeployTarget:
    names = [t.name for t in settings.targets]
    if not names:
        raise _Stop(
            "site.yaml names no place to deploy to: add "
            "`deploy: {targets: {production: {url: s3://BUCKET/PREFIX}}}`"
        )
    if name is None:
        if len(names) > 1:
            listed = ", ".join(names)
            raise _Stop(f"site.yaml names several targets: choose one with --target ({listed})")
        return settings.targets[0]
    target = settings.target(name)
    if target is None:
        raise _Stop(
            f"no target `{name}` in site.yaml (it names {', '.join(names)})"
            + did_you_mean(name, names)
        )
    return target


def deploy(
    request: DeployRequest,
    out: TextIO | None = None,
    ask: Callable[[str], bool | None] | None = None,
) -> int:
    """Run one deploy; messages go to `out` (standard error); the exit status is returned."""
    stream = out or sys.stderr

    def say(line: str) -> None:
        print(line, file=stream, flush=True)

    diag = Diagnostics()
    loaded = site_config.load_all(request.site_dir, diag)
    for problem in diag.sorted():
        say(str(problem))
    if loaded is None:
        say("deploy failed: site.yaml has errors; nothing was sent")
        return 1
    config, settings = loaded
    out_dir = request.out_dir or request.site_dir / OUTPUT
    try:
        target = choose(settings, request.target)
        held = lock.acquire(out_dir, request.site_dir, request.wait, say)
    except (_Stop, lock.Busy) as exc:
        say(f"error: {exc}")
        return 1
    except OSError as exc:
        say(f"error: cannot lock {out_dir}: {exc.strerror or exc}")
        return 1
    try:
        return _locked(request, config.base_url, settings, target, out_dir, say, ask)
    finally:
        held.release()


def _locked(
    request: DeployRequest,
    base_url: str,
    settings: DeploySettings,
    target: DeployTarget,
    out_dir: Path,
    say: Callable[[str], None],
    ask: Callable[[str], bool | None] | None,
) -> int:
    started = time.perf_counter()
    where = s3.url_of(target)
    try:
        listing = finished.check(request.site_dir, out_dir)
    except finished.NotDeployable as exc:
        say(f"error: {exc}; nothing was sent")
        return 1
    # Hidden files are the build's own records (`pagefind/.sitegen-digest`): a site's
    # static/ never publishes one (`statics`), so none is the site's.
    public = [p for p in listing.files if not any(x.startswith(".") for x in p.split("/"))]
    local = s3.local_files(out_dir, public)
    try:
        deployer = s3.Deployer(target, settings)
        plan = deployer.plan(local, deployer.remote())
    except s3.DeployError as exc:
        say(f"error: {exc}")
        return 1
    except Exception as exc:  # noqa: BLE001 - botocore's own (a bad endpoint): one line
        say(f"error: cannot reach {where}: {s3.redact(s3.describe(exc), s3.known_secrets())}")
        return 1
    if not request.quiet or request.dry_run:
        say(f"deploy {out_dir} to {where} (target {target.name}): {s3.summary(plan)}")
    if request.dry_run or request.verbose:
        for step in plan.steps:
            say(f"  {'would ' if request.dry_run else ''}{_verb(step.action):8} {step.path}")
    deletes = len(plan.deletes)
    if 0 <= request.max_deletes < deletes:
        say(
            f"error: refusing to delete {deletes} files from {where}, more than --max-deletes "
            f"{request.max_deletes}: check that the target and output folder are the right "
            f"ones, then run again with --max-deletes {deletes}; nothing was sent"
        )
        return 1
    if request.dry_run:
        say("dry run: nothing was sent")
        return 0
    if not plan.steps:
        if not request.quiet:
            say(f"{where} is up to date: nothing to send")
        return 0
    if not request.yes:
        question = f"upload {len(plan.uploads)} and delete {deletes} file(s) in {where}?"
        if ask is None:
            ask = _ask_terminal
        answer = ask(question)
        if answer is None:
            say("error: standard input is not a terminal: add --yes to deploy without being asked")
            return 1
        if not answer:
            say("nothing was sent")
            return 1

    def report(step: s3.Step) -> None:
        if request.verbose:
            say(f"  {_verb(step.action, done=True):8} {step.path}")

    outcome = deployer.run(plan, local, report)
    if outcome.failed:
        say(s3.stopped_line(outcome, plan))
        return 1
    if not request.quiet:
        say(
            f"deployed to {where}: {plan.count('new')} new, {plan.count('changed')} changed, "
            f"{len(outcome.deleted)} deleted ({plan.unchanged} unchanged) "
            f"in {s3.elapsed(started)}"
        )
    feeds = sorted(p for p in outcome.uploaded if p.rsplit("/", 1)[-1] in FEEDS)
    if settings.websub_hub and feeds:
        topics = [base_url + p for p in feeds]
        problem = websub.ping(settings.websub_hub, topics)
        if problem:
            say(f"warning: WebSub hub {settings.websub_hub} not told of new entries: {problem}")
        elif not request.quiet:
            say(f"told the WebSub hub of {len(topics)} changed feed(s)")
    return 0


def _verb(action: str, done: bool = False) -> str:
    if action == "delete":
        return "deleted" if done else "delete"
    return f"uploaded ({action})" if done else action


def _ask_terminal(question: str) -> bool | None:
    """Yes or no from the terminal; None when standard input is not one."""
    if not sys.stdin.isatty():
        return None
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")
