"""Typographic quotes and dashes, as newsrooms print them: markdown-it's typographer.

Straight quotes become curly ones (markdown-it's `smartquotes`: "a" and 'a' → “a” and ‘a’,
it's → it’s), `--` and `---` en and em dashes, and `...` an ellipsis (the "rare" half of its
`replacements`). The other half is left off on purpose: it turns `(c)` into ©, and court
coverage cites subsections such as "Section 230(c)".

Bodies use `typographer()` in their parser; front-matter text shown as it is (headlines,
summaries, quotes) goes through `smart`, so the page, its feeds and its metadata agree.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.replacements import RARE_RE, replace_rare

_CANDIDATES = frozenset("'\"-.")


def _dashes(state: StateCore) -> None:
    """Dashes and ellipses in text (never in code spans, links' addresses or raw HTML)."""
    for token in state.tokens:
        if token.type == "inline" and token.children and RARE_RE.search(token.content):
            replace_rare(token.children)


def typographer(md: MarkdownIt) -> None:
    """A markdown-it plugin: quotes and dashes in the text of what `md` renders.
    The parser must be made with the `typographer` option on."""
    md.enable("smartquotes")
    md.core.ruler.before("smartquotes", "sitegen_dashes", _dashes)


@lru_cache(maxsize=1)
def _plain() -> MarkdownIt:
    # "zero" reads everything as text: no emphasis, links or escapes, only the quotes
    # and dashes change.
    md = MarkdownIt("zero", {"typographer": True})
    md.use(typographer)
    return md


@lru_cache(maxsize=65536)  # headlines and names recur on many pages
def smart(text: str) -> str:
    """Plain text with typographic quotes and dashes, and nothing else changed."""
    if _CANDIDATES.isdisjoint(text):
        return text
    tokens = _plain().parseInline(text)
    return "".join(child.content for child in tokens[0].children or ())
