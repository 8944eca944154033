"""The build's "now": read once, at the top of a command, and passed down."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def build_time() -> datetime:
    """ "Now" for scheduling: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
