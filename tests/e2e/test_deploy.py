"""`sitegen deploy`: a built site sent to an S3 server on 127.0.0.1, changed files only.

The server is moto's (it speaks S3's HTTP API), started by the tests; boto3 talks to
it over HTTP with made-up credentials from the environment. Where a test needs to see
the requests in order, or to break some of them, the deploy goes through `Proxy`, a
small HTTP relay on 127.0.0.1 in front of the server. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import feedparser
import pytest
from moto.server import ThreadedMotoServer

from sitegen.commands.cli import main
from sitegen.commands.deploy import DeployRequest
from sitegen.commands.deploy import deploy as deploy_command
from sitegen.publish import deploy as s3
from sitegen.shared.folders import OUTPUT_MARKER
from tests.support import EPOCH, article

KEY_ID = "AKIAEXAMPLEKEYID7Q2Z"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
BUCKET = "newsroom"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000173a5d50e0000000049454e44ae426082"
)


# -- the S3 server and a relay in front of it -----------------------------------


@pytest.fixture(scope="module")
def moto_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def credentials(monkeypatch, tmp_path):
    """Made-up credentials in the environment, and no other place boto3 could look."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def bucket(moto_server, credentials):
    """An empty bucket on a fresh server, and a client to read it with."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST"))
    client = boto3.client("s3", endpoint_url=moto_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    return client


Fault = Callable[[int, str, str], str | None]  # (request number, method, path) -> fault


@dataclass
class Proxy:
    """Relays requests to the S3 server; logs the ones answered, and breaks those that
    `fault` names: "503" (a refusal to retry), "403" (one not to), "drop" (the
    connection closed without an answer)."""

    upstream: str
    fault: Fault | None = None
    log: list[tuple[str, str]] = field(default_factory=list)  # (method, key) answered 2xx
    count: int = 0
    url: str = ""

    def keys(self, method: str) -> list[str]:
        return [key for m, key in self.log if m == method]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self
        lock = threading.Lock()
        upstream = urlsplit(self.upstream)

        class Relay(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # noqa: ANN002
                pass

            def relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with lock:
                    proxy.count += 1
                    number = proxy.count
                fault = proxy.fault(number, self.command, self.path) if proxy.fault else None
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if fault in ("503", "403"):
                    code = "SlowDown" if fault == "503" else "AccessDenied"
                    message = f"Refused for key {KEY_ID}" if fault == "403" else "Slow down"
                    reply = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
                    self.send_response(int(fault))
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply.encode())
                    return
                conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
                skip = {"host", "expect", "connection", "content-length"}
                headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
                headers["Content-Length"] = str(len(body))
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                conn.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                if 200 <= answer.status < 300:
                    key = unquote(urlsplit(self.path).path).removeprefix(f"/{BUCKET}/")
                    if self.command == "POST" and "delete" in self.path:
                        for deleted in _deleted_keys(body):
                            with lock:
                                proxy.log.append(("DELETE", deleted))
                    else:
                        with lock:
                            proxy.log.append((self.command, key))

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = relay

        return Relay


def _deleted_keys(body: bytes) -> list[str]:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(body)
    return [el.text or "" for el in root.iter() if el.tag.endswith("Key")]


@pytest.fixture
def proxy(moto_server, bucket):
    relay = Proxy(moto_server)
    server = ThreadingHTTPServer(("127.0.0.1", 0), relay.handler())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    relay.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield relay
    server.shutdown()
    server.server_close()


# -- sites, builds and deploys ----------------------------------------------------


def site_yaml(endpoint: str, extra: str = "") -> str:
    return f"""\
title: Trial Desk
base_url: https://news.example.org/trial/
sections:
  news: {{title: News}}
deploy:
  targets:
    production: {{url: "s3://{BUCKET}/trial", endpoint: "{endpoint}", region: us-east-1}}
{extra}"""


def stories(n: int) -> dict[str, str]:
    return {
        f"content/articles/day-{i}.md": article(
            title=f"Day {i} of the trial",
            date=f"2026-05-{i:02d}",
            body=f"What happened on day {i}.",
        )
        for i in range(1, n + 1)
    }


@dataclass
class Run:
    code: int
    output: str


@pytest.fixture
def deploy(capsys):
    def run(site: Path, *args: str) -> Run:
        code = main(["deploy", "--site", str(site), *args])
        captured = capsys.readouterr()
        output = captured.out + captured.err
        # Whatever happened, the credentials are never shown.
        assert KEY_ID not in output and SECRET not in output
        return Run(code, output)

    return run


@pytest.fixture
def newsroom(make_site, build, proxy):
    """A built site with a stylesheet, an image and a hashed script, deployed through
    the relay."""
    files = {
        **stories(3),
        "static/images/court.png": "",
        "static/js/app.3f9a1c2be0.js": "console.log('hashed');\n",
    }
    site = make_site(files, site_yaml(proxy.url))
    (site / "static/images/court.png").write_bytes(PNG)
    assert build(site, "--no-search").code == 0
    return site


def bucket_files(client) -> dict[str, bytes]:
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", ()):
            body = client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
            found[item["Key"]] = body
    return found


def output_files(out: Path) -> dict[str, bytes]:
    """The site as readers get it: the build's marker file is sitegen's, never deployed."""
    return {
        "trial/" + p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).as_posix() != OUTPUT_MARKER
    }


def snapshot(out: Path) -> dict[str, str]:
    return {k: hashlib.sha256(v).hexdigest() for k, v in output_files(out).items()}


# -- the tests -------------------------------------------------------------------


def test_the_first_deploy_uploads_the_whole_site_with_the_headers_a_cdn_needs(
    newsroom, bucket, proxy, deploy
):
    run = deploy(newsroom, "--yes")
    assert run.code == 0, run.output
    out = newsroom / "public"
    assert bucket_files(bucket) == output_files(out)
    assert "deployed to s3://newsroom/trial/" in run.output

    def head(key: str) -> tuple[str, str]:
        answer = bucket.head_object(Bucket=BUCKET, Key=f"trial/{key}")
        return answer["ContentType"], answer["CacheControl"]

    short = "public, max-age=60"
    assert head("index.html") == ("text/html; charset=utf-8", short)
    assert head("feed.xml") == ("application/rss+xml; charset=utf-8", short)
    assert head("atom.xml") == ("application/atom+xml; charset=utf-8", short)
    assert head("feed.json") == ("application/feed+json; charset=utf-8", short)
    assert head("sitemap.xml") == ("application/xml; charset=utf-8", short)
    assert head("assets/sitegen.css") == ("text/css; charset=utf-8", "public, max-age=3600")
    assert head("images/court.png") == ("image/png", "public, max-age=3600")
    assert head("js/app.3f9a1c2be0.js") == (
        "text/javascript; charset=utf-8",
        "public, max-age=31536000, immutable",
    )


def test_a_second_deploy_with_nothing_changed_sends_nothing(newsroom, proxy, deploy):
    assert deploy(newsroom, "--yes").code == 0
    proxy.log.clear()
    run = deploy(newsroom, "--yes")
    assert run.code == 0
    assert "up to date" in run.output
    assert [m for m, _ in proxy.log if m != "GET"] == []


def test_one_edit_sends_only_the_changed_files_new_first_then_pages_then_home_and_feeds(
    newsroom, bucket, proxy, build, deploy
):
    assert deploy(newsroom, "--yes").code == 0
    out = newsroom / "public"
    before = snapshot(out)
    # A new article with a new photo, and an old article withdrawn.
    (newsroom / "static/images/verdict.png").write_bytes(PNG + b"\0")
    (newsroom / "content/articles/day-4.md").write_text(
        article(
            title="The verdict",
            date="2026-05-04",
            body="[The jury, in a photo](/trial/images/verdict.png)",
        ),
        encoding="utf-8",
    )
    (newsroom / "content/articles/day-1.md").unlink()
    assert build(newsroom, "--no-search").code == 0
    after = snapshot(out)
    proxy.log.clear()

    run = deploy(newsroom, "--yes")
    assert run.code == 0, run.output
    assert bucket_files(bucket) == output_files(out)
    uploaded = proxy.keys("PUT")
    deleted = proxy.keys("DELETE")
    new = {k for k in after if k not in before}
    changed = {k for k in after if k in before and after[k] != before[k]}
    gone = {k for k in before if k not in after}
    assert set(uploaded) == new | changed  # nothing unchanged travels
    assert set(deleted) == gone and gone
    assert "trial/images/verdict.png" in new

    position = {key: i for i, (m, key) in enumerate(proxy.log) if m in ("PUT", "DELETE")}
    announcing = {
        k
        for k in new | changed
        if k == "trial/index.html" or "feed" in k or k.endswith(("atom.xml", "sitemap.xml"))
    }
    pages = {k for k in new | changed if k.endswith(".html")} - announcing
    assets = (new | changed) - pages - announcing
    assert max(position[k] for k in assets) < min(position[k] for k in pages)
    new_pages = pages & new
    changed_pages = pages - new
    assert max(position[k] for k in new_pages) < min(position[k] for k in changed_pages)
    assert max(position[k] for k in pages) < min(position[k] for k in announcing)
    assert max(position[k] for k in announcing) < min(position[k] for k in gone)


def test_deletions_past_the_cap_are_refused_and_nothing_is_sent(
    newsroom, bucket, proxy, build, deploy
):
    assert deploy(newsroom, "--yes").code == 0
    before = bucket_files(bucket)
    for i in (1, 2):
        (newsroom / f"content/articles/day-{i}.md").unlink()
    assert build(newsroom, "--no-search").code == 0
    gone = len([k for k in before if k not in output_files(newsroom / "public")])
    proxy.log.clear()

    run = deploy(newsroom, "--yes", "--max-deletes", str(gone - 1))
    assert run.code == 1
    assert f"refusing to delete {gone} files" in run.output
    assert f"--max-deletes {gone}" in run.output
    assert bucket_files(bucket) == before
    assert [m for m, _ in proxy.log if m != "GET"] == []

    run = deploy(newsroom, "--yes", "--max-deletes", str(gone))
    assert run.code == 0, run.output
    assert bucket_files(bucket) == output_files(newsroom / "public")


def test_a_dry_run_prints_the_plan_and_changes_nothing(newsroom, bucket, proxy, build, deploy):
    assert deploy(newsroom, "--yes").code == 0
    (newsroom / "content/articles/day-4.md").write_text(article(title="Closing arguments"))
    (newsroom / "content/articles/day-3.md").unlink()
    assert build(newsroom, "--no-search").code == 0
    before = bucket_files(bucket)
    proxy.log.clear()

    run = deploy(newsroom, "--dry-run")
    assert run.code == 0
    assert "would new      news/closing-arguments/index.html" in run.output or (
        "news/closing-arguments/index.html" in run.output
    )
    assert "would delete" in run.output
    assert "dry run: nothing was sent" in run.output
    assert bucket_files(bucket) == before
    assert {m for m, _ in proxy.log} <= {"GET", "HEAD"}


def test_a_server_that_fails_every_third_request_still_ends_with_the_whole_site(
    newsroom, bucket, proxy, build, deploy
):
    # Every third request is refused (503) or its connection dropped, by turns.
    proxy.fault = lambda n, method, path: None if n % 3 else ("503" if n % 6 else "drop")
    run = deploy(newsroom, "--yes")
    assert run.code == 0, run.output
    assert bucket_files(bucket) == output_files(newsroom / "public")
    # And an edit after that, through the same faults.
    (newsroom / "content/articles/day-4.md").write_text(article(title="Day four"))
    assert build(newsroom, "--no-search").code == 0
    assert deploy(newsroom, "--yes").code == 0
    assert bucket_files(bucket) == output_files(newsroom / "public")


def test_a_refused_upload_stops_the_deploy_on_one_line_and_running_again_finishes(
    newsroom, bucket, proxy, build, deploy
):
    assert deploy(newsroom, "--yes").code == 0
    (newsroom / "static/images/verdict.png").write_bytes(PNG + b"\0")
    (newsroom / "content/articles/day-4.md").write_text(
        article(title="The verdict", body="[The jury, in a photo](/trial/images/verdict.png)")
    )
    (newsroom / "content/articles/day-1.md").unlink()
    assert build(newsroom, "--no-search").code == 0
    before = bucket_files(bucket)

    proxy.fault = lambda n, method, path: "403" if "verdict.png" in path else None
    run = deploy(newsroom, "--yes")
    assert run.code == 1
    [line] = [line for line in run.output.splitlines() if "deploy stopped" in line]
    assert "images/verdict.png: AccessDenied" in line
    assert "nothing deleted" in line and "run `sitegen deploy` again" in line
    now = bucket_files(bucket)
    # The page that shows the photo, the home page and the feeds did not go up; nothing
    # was deleted: readers see the previous site.
    assert "trial/news/the-verdict/index.html" not in now
    for key in ("trial/index.html", "trial/feed.xml"):
        assert now[key] == before[key]
    assert set(before) <= set(now)

    proxy.fault = None
    run = deploy(newsroom, "--yes")
    assert run.code == 0, run.output
    assert bucket_files(bucket) == output_files(newsroom / "public")


def test_credentials_never_appear_even_in_errors(newsroom, proxy, deploy, monkeypatch):
    monkeypatch.setattr(s3, "ATTEMPTS", 2)  # the server that is not there: fail soon
    # An error whose message holds the key id (see Proxy: "Refused for key …").
    proxy.fault = lambda n, method, path: "403"
    run = deploy(newsroom, "--yes")  # `deploy` asserts the credentials are not shown
    assert run.code == 1 and "AccessDenied" in run.output and "[redacted]" in run.output
    # A bucket that does not exist, and a server that is not there.
    proxy.fault = None
    yaml = (newsroom / "site.yaml").read_text()
    (newsroom / "site.yaml").write_text(yaml.replace(f"s3://{BUCKET}/", "s3://no-such-bucket/"))
    run = deploy(newsroom, "--yes", "-v")
    assert run.code == 1 and "NoSuchBucket" in run.output
    (newsroom / "site.yaml").write_text(yaml.replace(proxy.url, "http://127.0.0.1:9"))
    run = deploy(newsroom, "--yes", "--dry-run")
    assert run.code == 1 and "cannot list" in run.output


def test_an_output_folder_from_a_failed_or_partial_build_is_never_deployed(
    newsroom, bucket, proxy, build, deploy
):
    public = newsroom / "public"
    # An editor's mistake fails the build: the old output stays, but is not deployed.
    (newsroom / "content/articles/day-9.md").write_text("---\ntitle: Broken\n---\n")
    assert build(newsroom, "--no-search").code == 1
    run = deploy(newsroom, "--yes")
    assert run.code == 1 and "the last build into" in run.output and "failed" in run.output
    (newsroom / "content/articles/day-9.md").unlink()
    assert build(newsroom, "--no-search").code == 0
    # A build interrupted part way through writing (as a kill would).
    (newsroom / "content/articles/day-3.md").write_text(article(title="Day three, again"))
    from sitegen.incremental import stale

    real_put, calls = stale.put, []

    def dies(root, path, data):
        calls.append(path)
        if len(calls) > 1:
            raise KeyboardInterrupt
        real_put(root, path, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stale, "put", dies)
        assert build(newsroom, "--no-search", "-j", "1").code == 130
    run = deploy(newsroom, "--yes")
    assert run.code == 1 and "did not finish" in run.output
    assert build(newsroom, "--no-search").code == 0
    # A file changed by hand after the build.
    (public / "robots.txt").write_text("User-agent: *\n")
    run = deploy(newsroom, "--yes")
    assert run.code == 1 and "changed since the build" in run.output
    # A build with drafts.
    assert build(newsroom, "--no-search", "--drafts").code == 0
    run = deploy(newsroom, "--yes")
    assert run.code == 1 and "drafts" in run.output
    assert proxy.log == [] and bucket_files(bucket) == {}
    assert build(newsroom, "--no-search").code == 0
    assert deploy(newsroom, "--yes").code == 0


def test_a_deploy_asks_first_unless_told_yes(newsroom, bucket, proxy, deploy, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    run = deploy(newsroom)
    assert run.code == 1 and "add --yes" in run.output
    assert bucket_files(bucket) == {}
    # At a terminal: asked, with what would happen.
    questions: list[str] = []
    request = DeployRequest(newsroom)
    assert deploy_command(request, io.StringIO(), lambda q: questions.append(q) or False) == 1
    assert bucket_files(bucket) == {}
    assert deploy_command(request, io.StringIO(), lambda q: questions.append(q) or True) == 0
    assert bucket_files(bucket) == output_files(newsroom / "public")
    assert questions[0].startswith("upload ") and "s3://newsroom/trial/" in questions[0]


def test_large_files_sent_in_parts_are_known_unchanged(
    newsroom, bucket, proxy, build, deploy, monkeypatch
):
    video = newsroom / "static/media/hearing.bin"
    video.parent.mkdir(parents=True)
    video.write_bytes(bytes(range(256)) * (11 * 4096))  # 11 MiB
    assert build(newsroom, "--no-search").code == 0
    # Parts of 5.5 MiB: no part size a tool uses, so only the stored MD5 can tell.
    monkeypatch.setattr(s3, "PART_SIZE", 11 * s3.MiB // 2)
    assert deploy(newsroom, "--yes").code == 0
    etag = bucket.head_object(Bucket=BUCKET, Key="trial/media/hearing.bin")["ETag"]
    assert etag.strip('"').endswith("-2")
    monkeypatch.setattr(s3, "PART_SIZE", 8 * s3.MiB)
    proxy.log.clear()
    run = deploy(newsroom, "--yes")
    assert "up to date" in run.output
    assert proxy.keys("PUT") == []
    assert bucket_files(bucket)["trial/media/hearing.bin"] == video.read_bytes()


def test_multipart_etags_are_computed_as_s3_does(tmp_path, bucket):
    file = tmp_path / "big.bin"
    file.write_bytes(b"x" * (11 * s3.MiB))
    bucket.upload_file(
        str(file),
        BUCKET,
        "big.bin",
        Config=boto3.s3.transfer.TransferConfig(
            multipart_threshold=5 * s3.MiB, multipart_chunksize=5 * s3.MiB, use_threads=False
        ),
    )
    etag = bucket.head_object(Bucket=BUCKET, Key="big.bin")["ETag"].strip('"')
    assert etag == s3.multipart_etag(file, 5 * s3.MiB)
    assert 5 * s3.MiB in s3.part_sizes(11 * s3.MiB, 3, 8 * s3.MiB)


class Hub(BaseHTTPRequestHandler):
    pings: list[dict[str, list[str]]] = []

    def log_message(self, *args):  # noqa: ANN002
        pass

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        Hub.pings.append(parse_qs(self.rfile.read(length).decode()))
        self.send_response(204)
        self.end_headers()


def test_feeds_name_the_websub_hub_and_a_deploy_pings_it(make_site, build, proxy, deploy):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hub = f"http://127.0.0.1:{server.server_address[1]}/hub"
    Hub.pings.clear()
    try:
        site = make_site(stories(2), site_yaml(proxy.url, f"  websub_hub: {hub}\n"))
        assert build(site, "--no-search").code == 0
        out = site / "public"
        for name in ("feed.xml", "atom.xml", "news/feed.xml"):
            parsed = feedparser.parse((out / name).read_bytes())
            assert not parsed.bozo
            assert {"rel": "hub", "href": hub} in [
                {"rel": link.get("rel"), "href": link.get("href")} for link in parsed.feed.links
            ]
        assert '"hubs"' in (out / "feed.json").read_text()

        assert deploy(site, "--yes").code == 0
        [ping] = Hub.pings
        assert ping["hub.mode"] == ["publish"]
        assert "https://news.example.org/trial/feed.xml" in ping["hub.url"]
        assert "https://news.example.org/trial/news/atom.xml" in ping["hub.url"]
        # Nothing changed: no ping.
        assert deploy(site, "--yes").code == 0
        assert len(Hub.pings) == 1
    finally:
        server.shutdown()
        server.server_close()
