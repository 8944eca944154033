"""Publishing a built site to an S3-compatible bucket, sending only what changed.

`plan` compares the output folder with the bucket's listing: a file whose size and MD5
match the object's is left alone. An object uploaded in parts has an ETag that is not
its MD5 but the MD5 of its parts' MD5s (`…-N`): it is computed here from the file for
the part sizes that give N parts (ours first). Failing those, or where ETags are not
MD5s at all (objects encrypted with KMS keys), the MD5 that every upload stores in the
object's metadata (`x-amz-meta-md5`) is asked for, when the sizes are the same.

`Deployer.run` then changes the bucket in an order in which a reader never follows a
link to a file not there yet, nor finds a feed entry without its page:

1. new files other than pages (assets, images, the search index's new files),
2. new pages, which nothing published links to yet,
3. changed files other than pages (a stylesheet, the search index's entry file),
4. changed pages,
5. the home page, feeds, sitemaps and `updates.json`, which announce the new content,
6. deletions, once nothing uploaded links to what goes.

Each step finishes before the next starts; a file that fails (botocore has retried it
with back-off by then) stops the deploy after its step, so nothing that would link to it
goes up, and nothing is deleted. The bucket then holds the old site plus some new files,
every page whole: running the deploy again compares again and finishes the job.

Credentials come from boto3's own chain (environment, shared files, the machine's role)
and are never printed: every message passes through `redact` first.
"""

from __future__ import annotations

import base64
import hashlib
import math
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import botocore.exceptions
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

from sitegen.model.config import DeploySettings, DeployTarget
from sitegen.publish import headers

MiB = 1024 * 1024
PART_SIZE = 8 * MiB  # boto3's own default, so a file it uploads in parts matches ours
# Part sizes other tools use (the AWS CLI, s3cmd, rclone, MinIO's client), tried when a
# multipart ETag's part count does not fit ours.
_OTHER_PART_SIZES = (5 * MiB, 16 * MiB, 15 * MiB, 64 * MiB, 100 * MiB, 128 * MiB)
ATTEMPTS = 6  # per request, with botocore's exponential back-off and jitter between
WORKERS = 8  # requests at once within a step
_CHUNK = 1024 * 1024  # bytes read at a time while hashing
ANNOUNCE, DELETE = 5, 6  # the last two steps (see the module's docstring)


class DeployError(Exception):
    """The deploy could not start or had to stop; the message is one line to print."""


@dataclass(frozen=True)
class Local:
    path: str  # output path, with forward slashes
    file: Path
    size: int
    md5: str  # hex


@dataclass(frozen=True)
class Remote:
    key: str
    size: int
    etag: str  # without quotes


@dataclass(frozen=True)
class Step:
    path: str
    action: str  # "new", "changed" or "delete"
    order: int  # 1 to 6, as in the module's docstring


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]  # in the order they are done
    unchanged: int

    def count(self, action: str) -> int:
        return sum(s.action == action for s in self.steps)

    @property
    def uploads(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.action != "delete")

    @property
    def deletes(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.action == "delete")


@dataclass
class Outcome:
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    not_done: list[str] = field(default_factory=list)  # steps not tried after a failure


def order_of(path: str, new: bool) -> int:
    """Which step uploads a file (see the module's docstring)."""
    if headers.is_announcing(path):
        return ANNOUNCE
    page = path.endswith(".html")
    if new:
        return 2 if page else 1
    return 4 if page else 3


def url_of(target: DeployTarget) -> str:
    return f"s3://{target.bucket}/{target.prefix}"


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every credential in it blanked out."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return text


def known_secrets(session: boto3.session.Session | None = None) -> list[str]:
    """The credentials boto3 finds, to keep out of every message."""
    try:
        credentials = (session or boto3.session.Session()).get_credentials()
    except Exception:  # noqa: BLE001 - a broken profile: nothing found, nothing to hide
        return []
    if credentials is None:
        return []
    frozen = credentials.get_frozen_credentials()
    return [s for s in (frozen.access_key, frozen.secret_key, frozen.token) if s]


def describe(exc: BaseException) -> str:
    """An exception from boto3 as a short reason, without its traceback."""
    if isinstance(exc, botocore.exceptions.ClientError):
        error = exc.response.get("Error", {})
        code = error.get("Code") or exc.response.get("ResponseMetadata", {}).get(
            "HTTPStatusCode", "error"
        )
        message = error.get("Message") or ""
        return f"{code}: {message}".rstrip(": ")
    if isinstance(exc, botocore.exceptions.NoCredentialsError):
        return (
            "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
            "AWS_PROFILE naming a profile in ~/.aws/credentials"
        )
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0]


def md5_of(file: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with file.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def multipart_etag(file: Path, part_size: int) -> str:
    """The ETag S3 gives an object uploaded from `file` in parts of `part_size`."""
    parts = []
    with file.open("rb") as handle:
        while True:
            digest = hashlib.md5(usedforsecurity=False)
            left = part_size
            while left and (chunk := handle.read(min(_CHUNK, left))):
                digest.update(chunk)
                left -= len(chunk)
            if left == part_size:
                break
            parts.append(digest.digest())
    whole = hashlib.md5(b"".join(parts), usedforsecurity=False).hexdigest()
    return f"{whole}-{len(parts)}"


def part_sizes(size: int, parts: int, ours: int) -> list[int]:
    """Part sizes that cut `size` bytes into `parts` parts, the likeliest first."""
    candidates = [ours, *_OTHER_PART_SIZES]
    # And the size a tool that aims at a part count picks: whole MiB, rounded up.
    candidates.append(math.ceil(size / parts / MiB) * MiB)
    seen: list[int] = []
    for candidate in candidates:
        if candidate > 0 and math.ceil(size / candidate) == parts and candidate not in seen:
            seen.append(candidate)
    return seen


def local_files(out_dir: Path, paths: Iterable[str]) -> dict[str, Local]:
    found = {}
    for path in sorted(paths):
        file = out_dir / path
        found[path] = Local(path, file, file.stat().st_size, md5_of(file))
    return found


class Deployer:
    """One deploy of an output folder to one target."""

    def __init__(
        self,
        target: DeployTarget,
        settings: DeploySettings,
        *,
        part_size: int | None = None,  # default: PART_SIZE
        attempts: int | None = None,  # default: ATTEMPTS
        workers: int | None = None,  # default: WORKERS
        session: boto3.session.Session | None = None,
    ) -> None:
        self.target = target
        self.settings = settings
        self.part_size = part_size or PART_SIZE
        self.workers = workers = workers or WORKERS
        attempts = attempts or ATTEMPTS
        self.session = session or boto3.session.Session()
        config = Config(
            retries={"mode": "standard", "max_attempts": attempts},
            connect_timeout=10,
            read_timeout=60,
            max_pool_connections=workers * 2,
            # An S3-compatible service (MinIO above all) wants the bucket in the path.
            s3={"addressing_style": "path"} if target.endpoint else None,
            # Checksums only where S3 requires them: newer ones are not understood by
            # every S3-compatible service; the body's MD5 is sent and checked anyway.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        self.client = self.session.client(
            "s3", endpoint_url=target.endpoint, region_name=target.region, config=config
        )
        self.transfer = TransferConfig(
            multipart_threshold=self.part_size,
            multipart_chunksize=self.part_size,
            use_threads=False,
        )

    # -- what a message may not show -------------------------------------

    def secrets(self) -> list[str]:
        return known_secrets(self.session)

    def clean(self, text: str) -> str:
        return redact(text, self.secrets())

    # -- comparing --------------------------------------------------------

    def remote(self) -> dict[str, Remote]:
        """Every object under the target's prefix, by output path."""
        prefix = self.target.prefix
        found: dict[str, Remote] = {}
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.target.bucket, Prefix=prefix
            )
            for page in pages:
                for item in page.get("Contents", ()):
                    key = item["Key"]
                    path = key[len(prefix) :]
                    if path and not path.endswith("/"):  # "folders" some tools make
                        found[path] = Remote(key, item["Size"], item["ETag"].strip('"'))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
            why = self.clean(describe(exc))
            raise DeployError(f"cannot list {url_of(self.target)}: {why}") from None
        return found

    def same(self, local: Local, remote: Remote) -> bool:
        if local.size != remote.size:
            return False
        if remote.etag == local.md5:
            return True
        _, _, count = remote.etag.rpartition("-")
        if count.isdigit():
            for size in part_sizes(local.size, int(count), self.part_size):
                if multipart_etag(local.file, size) == remote.etag:
                    return True
        # Parts of a size no tool here uses, or a bucket whose ETags are not MD5s at all
        # (encrypted with KMS keys): the MD5 stored at upload tells, for one request.
        try:
            head = self.client.head_object(Bucket=self.target.bucket, Key=remote.key)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
            return False  # cannot tell: upload it again, which is always correct
        return head.get("Metadata", {}).get("md5") == local.md5

    def plan(self, local: dict[str, Local], remote: dict[str, Remote]) -> Plan:
        steps = []
        unchanged = 0

        def compare(path: str) -> bool | None:
            there = remote.get(path)
            return None if there is None else self.same(local[path], there)

        # At once: a comparison may hash a large file or ask the bucket (`same`).
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            found = dict(zip(local, pool.map(compare, local), strict=True))
        for path, same in found.items():
            if same is None:
                steps.append(Step(path, "new", order_of(path, new=True)))
            elif not same:
                steps.append(Step(path, "changed", order_of(path, new=False)))
            else:
                unchanged += 1
        steps += [Step(path, "delete", DELETE) for path in sorted(remote) if path not in local]
        steps.sort(key=lambda s: (s.order, s.path == "index.html", s.path))
        return Plan(tuple(steps), unchanged)

    # -- changing the bucket ---------------------------------------------

    def upload(self, local: Local) -> None:
        extra = {
            "ContentType": headers.content_type(local.path),
            "CacheControl": headers.cache_control(local.path, self.settings.cache_control),
            "Metadata": {"md5": local.md5},  # for a multipart ETag (see `same`)
        }
        key = self.target.prefix + local.path
        if local.size < self.part_size:
            body = local.file.read_bytes()
            digest = hashlib.md5(body, usedforsecurity=False).digest()
            if digest.hex() != local.md5:
                raise DeployError(f"{local.path} changed while deploying: build again")
            self.client.put_object(
                Bucket=self.target.bucket,
                Key=key,
                Body=body,
                ContentMD5=base64.b64encode(digest).decode(),  # the service checks the bytes
                **extra,
            )
        else:
            self.client.upload_file(
                str(local.file), self.target.bucket, key, ExtraArgs=extra, Config=self.transfer
            )

    def delete(self, paths: list[str]) -> None:
        keys = [{"Key": self.target.prefix + p} for p in paths]
        for start in range(0, len(keys), 1000):  # the most one request may name
            batch = keys[start : start + 1000]
            answer = self.client.delete_objects(
                Bucket=self.target.bucket, Delete={"Objects": batch, "Quiet": True}
            )
            errors = answer.get("Errors") or []
            if errors:
                first = errors[0]
                raise DeployError(
                    f"{first.get('Key', '')[len(self.target.prefix) :]}: "
                    f"{first.get('Code', '')}: {first.get('Message', '')}"
                )

    def run(
        self,
        plan: Plan,
        local: dict[str, Local],
        report: Callable[[Step], None] | None = None,
    ) -> Outcome:
        """Carry out `plan`, step by step; stop after a step in which a file failed."""
        outcome = Outcome()
        lock = threading.Lock()

        def one(step: Step) -> None:
            try:
                self.upload(local[step.path])
            except Exception as exc:  # noqa: BLE001 - reported, and the deploy stops
                why = exc.args[0] if isinstance(exc, DeployError) else describe(exc)
                with lock:
                    outcome.failed.append((step.path, self.clean(why)))
                return
            with lock:
                outcome.uploaded.append(step.path)
            if report is not None:
                report(step)

        for order in sorted({s.order for s in plan.steps}):
            batch = [s for s in plan.steps if s.order == order]
            if outcome.failed:
                outcome.not_done += [s.path for s in batch]
                continue
            if order == DELETE:
                try:
                    self.delete([s.path for s in batch])
                except Exception as exc:  # noqa: BLE001
                    why = exc.args[0] if isinstance(exc, DeployError) else describe(exc)
                    outcome.failed.append(("(deleting)", self.clean(why)))
                    outcome.not_done += [s.path for s in batch]
                    continue
                outcome.deleted += [s.path for s in batch]
                if report is not None:
                    for step in batch:
                        report(step)
                continue
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                list(pool.map(one, batch))
        return outcome


def summary(plan: Plan) -> str:
    return (
        f"{plan.count('new')} new, {plan.count('changed')} changed, "
        f"{plan.count('delete')} to delete, {plan.unchanged} unchanged"
    )


def stopped_line(outcome: Outcome, plan: Plan) -> str:
    """The one line that says how far a failed deploy got."""
    path, why = outcome.failed[0]
    more = f" and {len(outcome.failed) - 1} more" if len(outcome.failed) > 1 else ""
    total = len(plan.uploads)
    left = total - len(outcome.uploaded)
    deleted = f"{len(outcome.deleted)} deleted" if outcome.deleted else "nothing deleted"
    return (
        f"deploy stopped: {len(outcome.uploaded)} of {total} file(s) uploaded, {left} not "
        f"({path}: {why}{more}); {deleted}; run `sitegen deploy` again to finish"
    )


def elapsed(started: float) -> str:
    return f"{time.perf_counter() - started:.1f}s"
