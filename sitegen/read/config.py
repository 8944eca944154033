"""site.yaml: loaded and validated into a frozen `SiteConfig`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.model.config import RelatedSettings, Section, SiteConfig
from sitegen.read.fields import SLUG_RE, Reader, child, get, is_null
from sitegen.read.yamldoc import Map, YamlError
from sitegen.read.yamldoc import parse as parse_yaml
from sitegen.shared.errors import Diagnostics
from sitegen.shared.files import not_utf8, read_text
from sitegen.shared.folders import CONFIG_FILE

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
)
_RELATED = ("count", "weights", "threshold", "max_tag_share")
_WEIGHTS = ("case", "people", "tags", "glossary")


def load(site_dir: Path, diag: Diagnostics) -> SiteConfig | None:
    """Read site.yaml; report every problem and return None if any is an error."""
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
    top = reader.mapping(root, "", _TOP, required=("title", "base_url"))
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

    if len(diag.errors) > before or title is None or base_url is None:
        return None
    return SiteConfig(
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
    )


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
