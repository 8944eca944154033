"""Markdown to HTML as a pure function: body text in, `Rendered` value out.

CommonMark plus tables, strikethrough, footnotes and heading anchors (markdown-it-py
and mdit-py-plugins), the embed lines `{{< claim ID >}}` as a block rule, glossary
linking as a core rule (see `glossary`), and root-relative links moved under the
site's base path.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.model.rendered import Embed, Heading, Rendered
from sitegen.render.glossary import GlossaryIndex, link_terms
from sitegen.shared.errors import did_you_mean
from sitegen.shared.slugs import slugify
from sitegen.shared.typography import typographer

EMBED_KINDS = ("claim", "quote", "table", "valuations")
_EMBED_RE = re.compile(r"\{\{<\s*([A-Za-z_-]+)(?:\s+([^\s>]+))?\s*>\}\}\s*")
# Markers for embeds in the HTML. markdown-it turns NUL in the input into U+FFFD,
# so no text an editor writes can forge one.
_MARKER_RE = re.compile("\x00E(\\d+)\x00")


def _embed_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # indented code
    pos = state.bMarks[start] + state.tShift[start]
    line = state.src[pos : state.eMarks[start]]
    if not line.startswith("{{<"):
        return False
    if silent:
        return True
    token = state.push("sitegen_embed", "", 0)
    token.map = [start, start + 1]
    match = _EMBED_RE.fullmatch(line)
    if not match:
        token.meta = {"kind": "", "id": None, "problem": "is not `{{< KIND ID >}}`"}
    else:
        kind, ident = match.group(1), match.group(2)
        problem = None
        if kind not in EMBED_KINDS:
            problem = f"unknown embed `{kind}`: use one of {', '.join(EMBED_KINDS)}"
            problem += did_you_mean(kind, EMBED_KINDS)
        elif kind != "valuations" and not ident:
            problem = f"`{kind}` needs an id: `{{{{< {kind} ID >}}}}`"
        token.meta = {"kind": kind, "id": ident, "problem": problem}
    state.line = start + 1
    return True


def _render_embed(self, tokens, idx, options, env) -> str:
    embeds = env.setdefault("embeds", [])
    meta = tokens[idx].meta
    line = env.get("body_line", 1) + tokens[idx].map[0]
    embeds.append(Embed(meta["kind"], meta["id"], line, meta["problem"]))
    return f"\x00E{len(embeds) - 1}\x00"


def _base_path_rule(state: StateCore) -> None:
    """`/about/` in a body means the site's about page, wherever the site is mounted."""
    base = state.env.get("base_path", "/")
    for block in state.tokens:
        for token in block.children or ():
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else ""
            value = token.attrGet(attr) if attr else None
            rooted = isinstance(value, str) and value.startswith("/") and value[1:2] != "/"
            if rooted and not str(value).startswith(base):
                token.attrSet(attr, base + str(value)[1:])


def _anchor(heading: str) -> str:
    """A heading's id, as it was before quotes were made typographic (`musk-s-case` for
    "Musk’s case"), so that links to a section keep working."""
    return slugify(heading.replace("\u2019", "'").replace("\u2018", "'"))


@lru_cache(maxsize=4)
def _parser(raw_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": raw_html, "typographer": True})
    md.enable(["table", "strikethrough"])
    md.use(typographer)
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_anchor, permalink=False)
    md.block.ruler.before("paragraph", "sitegen_embed", _embed_rule, {"alt": ["paragraph"]})
    md.add_render_rule("sitegen_embed", _render_embed)
    md.core.ruler.push("sitegen_base_path", _base_path_rule)
    md.core.ruler.push("sitegen_glossary", link_terms)
    return md


def render(
    body: str,
    *,
    body_line: int = 1,
    glossary: GlossaryIndex | None = None,
    raw_html: bool = True,
    base_path: str = "/",
) -> Rendered:
    """Render one body. Pure: the same arguments always give the same value."""
    md = _parser(raw_html)
    env: dict = {"body_line": body_line, "glossary": glossary, "base_path": base_path}
    tokens = md.parse(body, env)
    html = md.renderer.render(tokens, md.options, env)
    embeds: list[Embed] = env.get("embeds", [])
    pieces = _MARKER_RE.split(html)
    parts: list[str | Embed] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            parts.append(embeds[int(piece)])
        elif piece:
            parts.append(piece)
    return Rendered.of(tuple(parts), _toc(tokens), tuple(env.get("terms", ())), _links(tokens))


def _toc(tokens) -> tuple[Heading, ...]:
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            text = "".join(
                c.content for c in tokens[i + 1].children or () if c.type in ("text", "code_inline")
            )
            out.append(Heading(int(token.tag[1]), str(token.attrGet("id")), text))
    return tuple(out)


def _links(tokens) -> tuple[str, ...]:
    out = []
    for token in tokens:
        for child in token.children or ():
            for attr in ("href", "src"):
                value = child.attrGet(attr)
                if isinstance(value, str):
                    out.append(value)
    return tuple(out)


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    # Front-matter text (table cells, definitions) never passes raw HTML through.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["strikethrough"])
    md.use(typographer)
    return md


@lru_cache(maxsize=32768)  # pure; the same cells and claims appear on many pages and feeds
def inline(text: str) -> str:
    """Inline Markdown for a front-matter value: `**bold**` works, `<b>` is escaped."""
    return _inline_parser().renderInline(text)
