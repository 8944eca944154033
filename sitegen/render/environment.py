"""One Jinja environment: the built-in theme, overridden file by file by the site's templates."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from sitegen.model import amounts
from sitegen.model.content import CLAIM_STATUSES, MONTHS
from sitegen.render import charts, live, structured, times
from sitegen.render.markdown import inline as markdown_inline

# A badge shows the status as a word, never as colour alone.
STATUS_LABELS = {status: status.capitalize() for status in CLAIM_STATUSES}
# What a reader understands by each status, shown beside the badge word.
STATUS_HELP = {
    "admitted": "the person it concerns has acknowledged it",
    "alleged": "asserted, not yet proven",
    "disputed": "contested by another party",
    "denied": "rejected by the person it concerns",
    "verified": "checked by our newsroom and found accurate",
    "false": "checked by our newsroom and found inaccurate",
    "unverified": "not yet checked",
}
# Who a claim card names, in the words its status calls for: `by` is whose position the
# card records. "Claimed by" on an admission or a denial would misreport it.
ATTRIBUTION = {
    "admitted": "Admitted by",
    "alleged": "Alleged by",
    "disputed": "Contended by",  # the position is theirs; another party contests it
    "denied": "Denied by",
    "verified": "Said by",  # our check found it accurate: not a mere claim
    "false": "Claimed by",
    "unverified": "Claimed by",
}

# Who offered an exhibit, and who called a witness, as a reader says it.
EXHIBIT_PARTY_LABELS = {
    "plaintiff": "Plaintiff’s exhibit",
    "defendant": "Defendant’s exhibit",
    "joint": "Joint exhibit",
    "court": "Court exhibit",
}
CALLED_BY_LABELS = {
    "plaintiff": "Called by the plaintiff",
    "defendant": "Called by the defense",
    "court": "Called by the court",
}


def json_ld(value: object) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` escaped so no value can close it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script context


def iso(moment: datetime) -> str:
    return moment.isoformat()


def human_date(moment: datetime) -> str:
    return f"{MONTHS[moment.month]} {moment.day}, {moment.year}"


def human_time(moment: datetime) -> str:
    """The time of day as a newsroom writes it: `2:30 p.m.`, `9 a.m.`, `noon`."""
    if (moment.hour, moment.minute) == (12, 0):
        return "noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


class SiteLoader(FileSystemLoader):
    """The site's templates/ folder. A file that is not UTF-8 is a syntax error at the
    line of its first bad byte (Jinja would raise a bare UnicodeDecodeError)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.root = root

    def get_source(self, environment: Environment, template: str):  # noqa: ANN201
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            filename = self.root / template
            data = filename.read_bytes()
            line = data[: exc.start].count(b"\n") + 1
            message = (
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on this line): "
                "save it as UTF-8"
            )
            raise TemplateSyntaxError(message, line, template, str(filename)) from None


def site_templates(env: Environment) -> Path | None:
    """The site's templates/ folder that `env` loads from, resolved; None without one."""
    loaders = getattr(env.loader, "loaders", [env.loader])
    for loader in loaders:
        if isinstance(loader, SiteLoader):
            return loader.root.resolve()
    return None


THEME_PREFIX = "@theme"


def jinja_environment(site_dir: Path | None) -> Environment:
    loaders: list[BaseLoader] = []
    if site_dir is not None and (site_dir / "templates").is_dir():
        loaders.append(SiteLoader((site_dir / "templates").absolute()))
    theme = PackageLoader("sitegen", "theme/templates")
    loaders.append(theme)
    # `{% extends "@theme/base.html" %}`: a site's file of the same name can extend the
    # theme's own and change one block, instead of a copy that stops receiving fixes.
    loaders.append(PrefixLoader({THEME_PREFIX: theme}, delimiter="/"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build, and templates do not change during one: without
        # this, every include stats its file again (some twenty times a page).
        auto_reload=False,
    )
    env.filters.update(
        jsonld=json_ld,
        iso=iso,
        human_date=human_date,
        clock=times.clock,
        moment_text=times.moment_text,
        human_time=human_time,
        inline=lambda text: Markup(markdown_inline(text)),  # noqa: S704 - markdown-it escapes
        money=lambda low, high, currency="USD": amounts.format_range(
            Decimal(low), Decimal(high), currency
        ),
    )
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        STATUS_HELP=STATUS_HELP,
        ATTRIBUTION=ATTRIBUTION,
        CLAIM_STATUSES=CLAIM_STATUSES,
        EXHIBIT_PARTY_LABELS=EXHIBIT_PARTY_LABELS,
        CALLED_BY_LABELS=CALLED_BY_LABELS,
        valuation_chart=charts.valuation_chart,
        news_article=structured.news_article,
        claim_reviews=structured.claim_reviews,
        profile_page=structured.profile_page,
        live_blog_posting=structured.live_blog_posting,
        page_version=live.page_version,
    )
    return env
