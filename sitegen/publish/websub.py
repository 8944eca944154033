"""Telling a WebSub hub that feeds changed, so that feed readers learn of new entries
at once instead of at their next poll.

The ping is a form POST of `hub.mode=publish` and one `hub.url` per feed (the form
Google's and Superfeedr's hubs take) to the hub named in site.yaml, and to nothing
else: no proxy from the environment, no redirect followed.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlencode

TIMEOUT = 10.0  # seconds: a hub that does not answer must not hold up the deploy


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None  # the answer is then the 3xx itself, reported as a failure


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def ping(hub: str, topics: Iterable[str], timeout: float = TIMEOUT) -> str | None:
    """Publish `topics` (feed URLs) to `hub`; None when it accepted, else why not."""
    form = [("hub.mode", "publish"), *(("hub.url", t) for t in topics)]
    request = urllib.request.Request(
        hub,
        data=urlencode(form).encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "sitegen"},
        method="POST",
    )
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"cannot reach the hub: {reason}"
    if 200 <= status < 300:
        return None
    return f"the hub answered HTTP {status}"
