"""site.yaml: loaded and validated into a frozen `SiteConfig`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.model.config import (
    DeploySettings,
    DeployTarget,
    RelatedSettings,
    Section,
    SiteConfig,
)
from sitegen.read.fields import SLUG_RE, Reader, child, get, is_null
from sitegen.read.yamldoc import Map, Node, Scalar, YamlError
from sitegen.read.yamldoc import parse as parse_yaml
from sitegen.shared.errors import Diagnostics, did_you_mean
from sitegen.shared.files import not_utf8, read_text
from sitegen.shared.folders import CONFIG_FILE, reserved

_TOP = (
    "title",
    "base_url",
    "description",
    "language",
    "timezone",
    "sections",
    "feeds",
    "related",
    "pagination",
    "markdown",
    "corrections_policy",
    "deploy",
)
_DEPLOY = ("targets", "cache_control", "websub_hub")
_TARGET = ("url", "endpoint", "region")
# Keys that name a secret. site.yaml sits in the site's repository beside its sources;
# credentials there would be shared with everyone who can read them, so they are
# refused whatever the key's place, and their values are never repeated in a message.
_SECRET_RE = re.compile(
    r"(access_?key|secret|token|password|passw?d|credential|api_?key|private_?key|session)",
    re.I,
)
_SECRET_MESSAGE = (
    "credentials do not belong in site.yaml, which travels with the site's sources: "
    "remove it, and give them to the deploy the usual way (the AWS_ACCESS_KEY_ID and "
    "AWS_SECRET_ACCESS_KEY environment variables, ~/.aws/credentials, or the machine's role)"
)
_BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_REGION_RE = re.compile(r"[a-z0-9-]{1,40}")
_HEADER_RE = re.compile(r"[\x20-\x7e]+")  # one header line: printable ASCII
_RELATED = ("count", "weights", "threshold", "max_tag_share")
_WEIGHTS = ("case", "people", "tags", "glossary")


def load(site_dir: Path, diag: Diagnostics) -> SiteConfig | None:
    """Read site.yaml; report every problem and return None if any is an error."""
    loaded = load_all(site_dir, diag)
    return None if loaded is None else loaded[0]


def section_lines(site_dir: Path) -> dict[str, int]:
    """The line of each section's key in site.yaml (for problems found after reading it,
    such as two outputs at one path); empty when site.yaml cannot be read."""
    try:
        root, _ = parse_yaml(read_text(site_dir / CONFIG_FILE))
    except (OSError, UnicodeDecodeError, YamlError):
        return {}
    sections = get(root, "sections") if isinstance(root, Map) else None
    if not isinstance(sections, Map):
        return {}
    return {key: line for key, (line, _) in sections.entries.items()}


def load_all(site_dir: Path, diag: Diagnostics) -> tuple[SiteConfig, DeploySettings] | None:
    """site.yaml's settings and its `deploy:` block (see `DeploySettings`)."""
    path = site_dir / CONFIG_FILE
    reader = Reader(CONFIG_FILE, diag)
    if not path.is_file():
        reader.error(0, "", "site.yaml not found: is this a sitegen site folder?")
        return None
    try:
        text = read_text(path)
    except OSError as exc:
        reader.error(0, "", f"cannot read: {exc.strerror or exc}")
        return None
    except UnicodeDecodeError as exc:
        line, message = not_utf8(exc)
        reader.error(line, "", message)
        return None
    try:
        root, problems = parse_yaml(text)
    except YamlError as exc:
        reader.error(exc.problem.line, exc.problem.field, exc.problem.message)
        return None
    for p in problems:
        reader.error(p.line, p.field, p.message)
    before = len(diag.errors)
    secrets = _secrets(reader, root, "")
    top = reader.mapping(root, "", (*_TOP, *secrets), required=("title", "base_url"))
    if top is None:
        return None

    title = reader.text(get(top, "title"), "title", required=True)
    base_url = _base_url(reader, top)
    language = reader.text(get(top, "language"), "language") or "en"
    timezone = reader.text(get(top, "timezone"), "timezone") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reader.error(top.line_of("timezone"), "timezone", f"unknown time zone `{timezone}`")
    sections = _sections(reader, top)
    feed_items = _sub_int(reader, top, "feeds", "items", 20)
    per_page = _sub_int(reader, top, "pagination", "per_page", 10)
    raw_html = True
    markdown = get(top, "markdown")
    if not is_null(markdown) and reader.mapping(markdown, "markdown", ("raw_html",)):
        value = reader.boolean(get(markdown, "raw_html"), "markdown.raw_html")  # type: ignore[arg-type]
        raw_html = True if value is None else value
    related = _related(reader, top)
    policy = reader.slug(get(top, "corrections_policy"), "corrections_policy")
    deploy = _deploy(reader, top)

    if len(diag.errors) > before or title is None or base_url is None:
        return None
    config = SiteConfig(
        title=title,
        base_url=base_url,
        description=reader.text(get(top, "description"), "description") or "",
        language=language,
        timezone=timezone,
        sections=sections,
        feed_items=feed_items,
        per_page=per_page,
        related=related,
        raw_html=raw_html,
        corrections_policy=policy,
        websub_hub=deploy.websub_hub,
    )
    return config, deploy


def check_policy_page(
    site_dir: Path, config: SiteConfig, slugs: list[str], diag: Diagnostics
) -> None:
    """`corrections_policy` must name one of the site's pages (`slugs`); the footer links it."""
    wanted = config.corrections_policy
    if wanted is None or wanted in slugs:
        return
    line = 0
    try:  # read again only now, to point at the line: the usual build never needs it
        text = read_text(site_dir / CONFIG_FILE)
        root, _ = parse_yaml(text)
        if isinstance(root, Map):
            line = root.line_of("corrections_policy")
    except (OSError, UnicodeDecodeError, YamlError):
        pass
    known = f" (pages: {', '.join(sorted(slugs))})" if slugs else " (there are none)"
    hint = did_you_mean(wanted, slugs) or known
    message = f"no page with slug `{wanted}` in content/pages/" + hint
    diag.error(CONFIG_FILE, line, "corrections_policy", message)


def _base_url(reader: Reader, top: Map) -> str | None:
    value = reader.url(get(top, "base_url"), "base_url")
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        reader.error(top.line_of("base_url"), "base_url", "must not have a query or fragment")
        return None
    return value if value.endswith("/") else value + "/"


def _sections(reader: Reader, top: Map) -> tuple[Section, ...]:
    node = get(top, "sections")
    if is_null(node):
        return (Section("news", "News"),)
    # Section keys are the editor's own vocabulary, so only their form is checked.
    if not isinstance(node, Map):
        reader.error(top.line_of("sections"), "sections", "must be a mapping of section keys")
        return ()
    out = []
    for key, (line, value) in node.entries.items():
        name = child("sections", key)
        if not SLUG_RE.fullmatch(key):
            reader.error(line, name, f"`{key}` is not a slug: use lowercase letters and hyphens")
            continue
        if why := reserved(key):
            reader.error(line, name, why)
            continue
        title = key.replace("-", " ").title()
        if not is_null(value):
            spec = reader.mapping(value, name, ("title",))
            if spec is not None:
                title = reader.text(get(spec, "title"), child(name, "title")) or title
        out.append(Section(key, title))
    return tuple(out)


def _sub_int(reader: Reader, top: Map, key: str, sub: str, default: int) -> int:
    node = get(top, key)
    if is_null(node):
        return default
    mapping = reader.mapping(node, key, (sub,))
    if mapping is None:
        return default
    value = reader.integer(get(mapping, sub), f"{key}.{sub}", minimum=1)
    return default if value is None else value


def _related(reader: Reader, top: Map) -> RelatedSettings:
    node = get(top, "related")
    default = RelatedSettings()
    if is_null(node):
        return default
    spec = reader.mapping(node, "related", _RELATED)
    if spec is None:
        return default
    count = reader.integer(get(spec, "count"), "related.count", minimum=0)
    if count is not None and count > 100:
        reader.error(spec.line_of("count"), "related.count", "must be at most 100")
        count = None
    # Bounds keep scoring arithmetic sane: a weight of 1e9 is no setting anyone means.
    threshold = reader.number(get(spec, "threshold"), "related.threshold", 0, 10_000)
    share = reader.number(get(spec, "max_tag_share"), "related.max_tag_share", 0, 1)
    weights: dict[str, float] = {}
    wnode = get(spec, "weights")
    if not is_null(wnode) and reader.mapping(wnode, "related.weights", _WEIGHTS):
        for key in _WEIGHTS:
            value = reader.number(get(wnode, key), f"related.weights.{key}", 0, 100)  # type: ignore[arg-type]
            if value is not None:
                weights[key] = float(value)
    return RelatedSettings(
        count=default.count if count is None else count,
        threshold=default.threshold if threshold is None else float(threshold),
        max_tag_share=default.max_tag_share if share is None else float(share),
        **weights,
    )


def _secrets(reader: Reader, node: Node | None, field: str) -> tuple[str, ...]:
    """The keys of a mapping that name credentials, each reported (never its value)."""
    if not isinstance(node, Map):
        return ()
    found = tuple(key for key in node.entries if _SECRET_RE.search(key))
    for key in found:
        reader.error(node.line_of(key), child(field, key), _SECRET_MESSAGE)
    return found


def _no_userinfo(reader: Reader, node: Node | None, field: str, value: str | None) -> str | None:
    """A URL with a user name or password in it carries a credential: refused, unrepeated."""
    if value is not None and "@" in urlsplit(value).netloc:
        reader.error(node.line if node is not None else 0, field, _SECRET_MESSAGE)
        return None
    return value


def _deploy(reader: Reader, top: Map) -> DeploySettings:
    node = get(top, "deploy")
    if is_null(node):
        return DeploySettings()
    secrets = _secrets(reader, node, "deploy")
    spec = reader.mapping(node, "deploy", (*_DEPLOY, *secrets))
    if spec is None:
        return DeploySettings()
    hub_node = get(spec, "websub_hub")
    hub = _no_userinfo(
        reader, hub_node, "deploy.websub_hub", reader.url(hub_node, "deploy.websub_hub")
    )
    return DeploySettings(
        targets=_targets(reader, spec),
        cache_control=_cache_control(reader, spec),
        websub_hub=hub,
    )


def _targets(reader: Reader, spec: Map) -> tuple[DeployTarget, ...]:
    node = get(spec, "targets")
    if is_null(node):
        return ()
    if not isinstance(node, Map):
        reader.error(spec.line_of("targets"), "deploy.targets", "must be a mapping of target names")
        return ()
    out = []
    for name, (line, value) in node.entries.items():
        field = child("deploy.targets", name)
        if _SECRET_RE.search(name):
            reader.error(line, field, _SECRET_MESSAGE)
            continue
        if not SLUG_RE.fullmatch(name):
            reader.error(line, field, f"`{name}` is not a name: use lowercase letters and hyphens")
            continue
        secrets = _secrets(reader, value, field)
        target = reader.mapping(value, field, (*_TARGET, *secrets), required=("url",), line=line)
        if target is None:
            continue
        out.append(_target(reader, target, name, field))
    return tuple(t for t in out if t is not None)


def _target(reader: Reader, spec: Map, name: str, field: str) -> DeployTarget | None:
    url_node = get(spec, "url")
    url = reader.text(url_node, child(field, "url"))
    if url is None:
        return None
    parts = urlsplit(url)
    line = spec.line_of("url")
    if parts.scheme != "s3" or not parts.netloc:
        reader.error(line, child(field, "url"), "must be written s3://BUCKET or s3://BUCKET/PREFIX")
        return None
    if "@" in parts.netloc:
        reader.error(line, child(field, "url"), _SECRET_MESSAGE)
        return None
    if parts.query or parts.fragment:
        reader.error(line, child(field, "url"), "must not have a query or fragment")
        return None
    if not _BUCKET_RE.fullmatch(parts.netloc) or ".." in parts.netloc:
        reader.error(
            line,
            child(field, "url"),
            f"`{parts.netloc}` is not a bucket name: 3 to 63 lowercase letters, digits, "
            "dots and hyphens",
        )
        return None
    steps = [s for s in parts.path.split("/") if s]
    if any(s in (".", "..") for s in steps) or re.search(r"[\x00-\x1f\\]", parts.path):
        reader.error(line, child(field, "url"), "the prefix must be a plain folder path")
        return None
    endpoint_node = get(spec, "endpoint")
    endpoint = reader.url(endpoint_node, child(field, "endpoint"))
    endpoint = _no_userinfo(reader, endpoint_node, child(field, "endpoint"), endpoint)
    region = reader.text(get(spec, "region"), child(field, "region"))
    if region is not None and not _REGION_RE.fullmatch(region):
        reader.error(
            spec.line_of("region"), child(field, "region"), f"`{region}` is not a region name"
        )
        region = None
    return DeployTarget(
        name=name,
        bucket=parts.netloc,
        prefix="".join(s + "/" for s in steps),
        endpoint=endpoint,
        region=region,
    )


def _cache_control(reader: Reader, spec: Map) -> tuple[tuple[str, str], ...]:
    node = get(spec, "cache_control")
    if is_null(node):
        return ()
    if not isinstance(node, Map):
        reader.error(
            spec.line_of("cache_control"),
            "deploy.cache_control",
            'must be a mapping of `pattern: header value` lines, such as `"*.html": max-age=60`',
        )
        return ()
    rules = []
    for pattern, (line, value) in node.entries.items():
        field = child("deploy.cache_control", pattern)
        text = reader.text(value, field, required=True) if isinstance(value, Scalar) else None
        if text is None:
            if not isinstance(value, Scalar) or is_null(value):
                reader.error(line, field, "must be a Cache-Control value, such as `max-age=60`")
            continue
        if not _HEADER_RE.fullmatch(text):
            reader.error(line, field, "must be one line of plain ASCII text")
            continue
        rules.append((pattern.lstrip("/"), text))
    return tuple(rules)
