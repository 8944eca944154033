"""The placeholder text `sitegen new` writes, and finding it left in a published article."""

from __future__ import annotations

SUMMARY_PLACEHOLDER = "One or two sentences for lists, feeds and search results."
BODY_PLACEHOLDER = "Write the article here. Start with what happened, then why it matters."
ENTRY_PLACEHOLDER = "Write the update here: what happened, in a few sentences."


def placeholder_lines(summary: str | None, body: str, body_line: int) -> list[tuple[int, str]]:
    """(line, field) of each placeholder still in the text; `0` stands for the
    summary's own line, which the caller knows."""
    found = []
    if summary is not None and summary.strip() == SUMMARY_PLACEHOLDER:
        found.append((0, "summary"))
    for offset, line in enumerate(body.split("\n")):
        if line.strip() == BODY_PLACEHOLDER:
            found.append((body_line + offset, ""))
            break
    return found
