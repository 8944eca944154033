"""site.yaml's `deploy:` block, the headers each file is stored with, and the order a
deploy changes a bucket in."""

from __future__ import annotations

from sitegen.commands.deploy import _Stop, choose
from sitegen.model.config import DeploySettings, DeployTarget
from sitegen.publish import deploy as s3
from sitegen.publish import headers
from sitegen.read.config import load_all
from sitegen.shared.errors import Diagnostics

TOP = "title: T\nbase_url: https://example.org/trial/\n"


def load_text(tmp_path, text):
    (tmp_path / "site.yaml").write_text(TOP + text, encoding="utf-8")
    diag = Diagnostics()
    return load_all(tmp_path, diag), [str(p) for p in diag.sorted()]


def test_targets_cache_rules_and_the_hub_are_read(tmp_path):
    loaded, problems = load_text(
        tmp_path,
        "deploy:\n"
        "  targets:\n"
        "    production: {url: s3://news-site/trial/, region: eu-west-1}\n"
        "    staging:\n"
        "      url: s3://news-staging\n"
        "      endpoint: https://abc.r2.cloudflarestorage.com\n"
        "  cache_control:\n"
        '    "images/*": "public, max-age=86400"\n'
        "  websub_hub: https://pubsubhubbub.appspot.com/\n",
    )
    assert problems == []
    config, deploy = loaded
    assert deploy.targets == (
        DeployTarget("production", "news-site", "trial/", None, "eu-west-1"),
        DeployTarget("staging", "news-staging", "", "https://abc.r2.cloudflarestorage.com"),
    )
    assert deploy.cache_control == (("images/*", "public, max-age=86400"),)
    assert config.websub_hub == deploy.websub_hub == "https://pubsubhubbub.appspot.com/"


def test_every_mistake_in_the_deploy_block_is_reported_at_its_line(tmp_path):
    loaded, problems = load_text(
        tmp_path,
        "deploy:\n"
        "  target: {}\n"
        "  targets:\n"
        "    production:\n"
        "      url: https://news-site.s3.amazonaws.com\n"
        "      regoin: eu-west-1\n"
        "    staging: {url: s3://Bad_Bucket}\n"
        "    backup: {url: s3://backup/../etc}\n"
        "  cache_control:\n"
        '    "*.html": [60]\n'
        "  websub_hub: hub.example.org\n",
    )
    assert loaded is None
    assert problems == [
        "site.yaml:4: error: deploy.target: unknown field (did you mean `targets`?)",
        "site.yaml:7: error: deploy.targets.production.url: must be written s3://BUCKET or s3://BUCKET/PREFIX",
        "site.yaml:8: error: deploy.targets.production.regoin: unknown field (did you mean `region`?)",
        "site.yaml:9: error: deploy.targets.staging.url: `Bad_Bucket` is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens",
        "site.yaml:10: error: deploy.targets.backup.url: the prefix must be a plain folder path",
        "site.yaml:12: error: deploy.cache_control.*.html: must be a Cache-Control value, such as `max-age=60`",
        "site.yaml:13: error: deploy.websub_hub: `hub.example.org` is not an http:// or https:// URL",
    ]


def test_credentials_in_site_yaml_are_errors_and_never_repeated(tmp_path):
    loaded, problems = load_text(
        tmp_path,
        "aws_secret_access_key: wJalrXUtnFEMI\n"
        "deploy:\n"
        "  access_key_id: AKIAEXAMPLE\n"
        "  targets:\n"
        "    production:\n"
        "      url: s3://news-site\n"
        "      endpoint: https://AKIAEXAMPLE:wJalrXUtnFEMI@minio.example.org\n"
        "      aws_session_token: tok3n\n",
    )
    assert loaded is None
    assert [p.split(": error: ")[0] + ": " + p.split(": ")[2] for p in problems] == [
        "site.yaml:3: aws_secret_access_key",
        "site.yaml:5: deploy.access_key_id",
        "site.yaml:9: deploy.targets.production.endpoint",
        "site.yaml:10: deploy.targets.production.aws_session_token",
    ]
    for problem in problems:
        assert "credentials do not belong in site.yaml" in problem
        assert "AKIAEXAMPLE" not in problem and "wJalrXUtnFEMI" not in problem
        assert "tok3n" not in problem


def test_the_target_is_the_only_one_or_the_one_named():
    one = DeploySettings(targets=(DeployTarget("production", "b"),))
    assert choose(one, None).name == "production"
    two = DeploySettings(targets=(DeployTarget("production", "b"), DeployTarget("staging", "c")))
    for name, message in (
        (None, "several targets: choose one with --target (production, staging)"),
        (
            "prodution",
            "no target `prodution` in site.yaml (it names production, staging) (did you mean `production`?)",
        ),
    ):
        try:
            choose(two, name)
        except _Stop as exc:
            assert message in str(exc)
        else:
            raise AssertionError("no error")
    try:
        choose(DeploySettings(), None)
    except _Stop as exc:
        assert "names no place to deploy to" in str(exc)


def test_content_types_carry_a_charset_for_text():
    assert headers.content_type("index.html") == "text/html; charset=utf-8"
    assert headers.content_type("news/feed.xml") == "application/rss+xml; charset=utf-8"
    assert headers.content_type("atom.xml") == "application/atom+xml; charset=utf-8"
    assert headers.content_type("feed.json") == "application/feed+json; charset=utf-8"
    assert headers.content_type("updates.json") == "application/json; charset=utf-8"
    assert headers.content_type("robots.txt") == "text/plain; charset=utf-8"
    assert headers.content_type("assets/search.js") == "text/javascript; charset=utf-8"
    assert headers.content_type("images/a.svg") == "image/svg+xml; charset=utf-8"
    assert headers.content_type("images/a.JPG") == "image/jpeg"
    assert headers.content_type("pagefind/fragment/en_91c0ab3.pf_fragment") == (
        "application/octet-stream"
    )


def test_cache_control_by_pattern():
    year, minute, hour = headers.YEAR, headers.MINUTE, headers.HOUR
    assert headers.cache_control("index.html") == minute
    assert headers.cache_control("news/a/index.html") == minute
    assert headers.cache_control("cases/x/feed.xml") == minute
    assert headers.cache_control("updates.json") == minute
    assert headers.cache_control("sitemap.xml") == minute
    assert headers.cache_control("assets/sitegen.css") == hour
    assert headers.cache_control("images/photo-20260115.jpg") == hour  # a date, not a hash
    assert headers.cache_control("images/photo.3f9a1c2b.800w.jpg") == year
    assert headers.cache_control("pagefind/index/en_91c0ab3e5.pf_index") == year
    assert headers.cache_control("pagefind/fragment/en_562dc3b.pf_fragment") == year
    assert headers.cache_control("pagefind/pagefind.en_956ee3a4b1.pf_meta") == year
    assert headers.cache_control("pagefind/pagefind.js") == hour
    assert headers.cache_control("pagefind/pagefind-entry.json") == minute
    assert headers.cache_control("images/decade1.jpg") == hour
    rules = (("images/*", "public, max-age=86400"), ("*.html", "no-cache"))
    assert headers.cache_control("images/photo.3f9a1c2b.jpg", rules) == "public, max-age=86400"
    assert headers.cache_control("index.html", rules) == "no-cache"
    assert headers.cache_control("feed.xml", rules) == minute


def test_new_files_go_first_and_the_home_page_and_feeds_last():
    assert s3.order_of("images/new.png", new=True) == 1
    assert s3.order_of("pagefind/fragment/en_1a2b3c4d5.pf_fragment", new=True) == 1
    assert s3.order_of("news/new-story/index.html", new=True) == 2
    assert s3.order_of("assets/sitegen.css", new=False) == 3
    assert s3.order_of("news/index.html", new=False) == 4
    for path in ("index.html", "feed.xml", "news/atom.xml", "feed.json", "updates.json"):
        assert s3.order_of(path, new=False) == s3.ANNOUNCE


def test_secrets_are_redacted_from_messages():
    assert s3.redact("key AKIA123 and s3cr3t!", ["AKIA123", "s3cr3t!", ""]) == (
        "key [redacted] and [redacted]"
    )
