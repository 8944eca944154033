"""What depends on the build's "now": articles not yet due, and dates that cannot be right yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from sitegen.model.content import Article, Update
from sitegen.shared.errors import Diagnostics


def check_update_dates(article: Article, now: datetime, zone: tzinfo, diag: Diagnostics) -> None:
    """An update dated later than now is a typo (a year, a month): readers would see a
    notice from the future. Reported at the update's `date` line."""
    for field, shown, update in dated_updates(article.updates):
        if update.date > now:
            diag.error(article.path, update.line, field, future_update(shown, now, zone))


def dated_updates(updates: Sequence[Update]) -> list[tuple[str, str, Update]]:
    """(field, date as written, update) for each update; the field counts them in the
    order written, although the list is kept sorted by date."""
    written = sorted(u.line for u in updates)
    out = []
    for update in updates:
        shown = update.date.isoformat(timespec="minutes") if update.timed else update.date.date()
        out.append((f"updates[{written.index(update.line)}].date", str(shown), update))
    return out


def future_update(shown: str, now: datetime, zone: tzinfo) -> str:
    return (
        f"`{shown}` is in the future (it is now {now.astimezone(zone):%Y-%m-%d %H:%M} "
        "in the site's time zone): date an update when it is made"
    )


def scheduled_note(scheduled: Sequence[tuple[str, datetime]], listed: int = 3) -> str | None:
    """What to tell an editor about articles left out because they are not due yet, each
    (path, date in the site's time zone), soonest first; None when there are none. Without
    it a story dated later today is simply missing from the preview."""
    if not scheduled:
        return None
    if len(scheduled) == 1:
        [(path, when)] = scheduled
        return f"1 article scheduled until {_moment(when)}: {path} (--future shows it now)"
    named = [f"{path} until {_moment(when)}" for path, when in scheduled[:listed]]
    rest = len(scheduled) - listed
    text = ", ".join(named) if rest <= 0 else ", ".join(named) + f" and {rest} more"
    return f"{len(scheduled)} articles scheduled: {text} (--future shows them now)"


def _moment(when: datetime) -> str:
    return f"{when:%Y-%m-%d %H:%M} {when.tzname() or ''}".rstrip()
