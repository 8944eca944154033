"""A live page's polling file, `updates.json`: its status and its newest entries.

Each entry's `html` is the same element the page shows (the `live_entry.html`
partial), so the polling script inserts exactly what a reload would show, and its
`version` tells the script when an entry on the page was edited.
"""

from __future__ import annotations

import hashlib
import json

from jinja2 import Environment

from sitegen.model.site import Post, Site
from sitegen.render.times import moment_text

NEWEST = 20  # entries in updates.json


def page_version(post: Post) -> str:
    """Changes when the page around the entries does (the article's own text and
    fields): `sitegen serve` then reloads the tab instead of inserting entries."""
    article = post.article
    data = repr((article, post.rendered.packed, post.terms)).encode()
    return hashlib.blake2b(data, digest_size=6).hexdigest()


def updates_json(site: Site, env: Environment, post: Post) -> bytes:
    live = post.article.live
    assert live is not None
    template = env.get_template("partials/live_entry.html")
    entries = []
    for e in post.newest_first[:NEWEST]:
        entries.append(
            {
                "id": e.id,
                "time": e.time.isoformat(),
                "title": e.entry.title,
                "key": e.entry.key,
                "pinned": e.entry.pinned,
                "updated": e.entry.modified.isoformat(),
                "version": e.version,
                "html": template.render(site=site, post=post, e=e).strip(),
            }
        )
    zone = site.config.zone
    data: dict[str, object] = {
        "status": live.status,
        "updated": post.modified.isoformat(),
        "updated_text": moment_text(post.modified, zone),
    }
    if live.ended is not None:
        data["ended"] = live.ended.isoformat()
        data["ended_text"] = moment_text(live.ended, zone)
    data["entries"] = entries
    # Every published entry's id in page order: what is not listed was deleted.
    data["ids"] = [e.id for e in post.entries]
    data["page"] = page_version(post)
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
