"""Times of day as a reader reads them on a live page: "9:14 a.m.", in the site's zone."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sitegen.model.content import MONTHS


def clock(moment: datetime, zone: tzinfo) -> str:
    """`9:14 a.m.`, `12:05 p.m.`: the time of day in `zone` (news style)."""
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'a.m.' if local.hour < 12 else 'p.m.'}"


def moment_text(moment: datetime, zone: tzinfo) -> str:
    """`May 6, 2026, 5:10 p.m. PDT`: a day and a time of it, in `zone`."""
    local = moment.astimezone(zone)
    name = local.tzname() or ""
    day = f"{MONTHS[local.month]} {local.day}, {local.year}"
    return f"{day}, {clock(local, zone)} {name}".rstrip()
