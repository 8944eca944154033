"""Markdown to HTML as a pure function: body text in, `Rendered` value out.

CommonMark plus tables, strikethrough, footnotes and heading anchors (markdown-it-py
and mdit-py-plugins), the embed lines `{{< claim ID >}}` as a block rule, glossary
linking as a core rule (see `glossary`), and root-relative links moved under the
site's base path.
"""

from __future__ import annotations

import html as html_text
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.model.images import ImageRef
from sitegen.model.rendered import FIGURE, INLINE_IMAGE, Embed, Heading, Link, Rendered
from sitegen.render.glossary import GlossaryIndex, link_terms
from sitegen.shared.errors import did_you_mean
from sitegen.shared.slugs import slugify
from sitegen.shared.typography import typographer

EMBED_KINDS = ("claim", "quote", "table", "valuations", "exhibit", "image")
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


def _is_local(src: str) -> bool:
    """A Markdown image the build processes: a path, not another site's URL."""
    return not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", src)


def _image_meta(token: Token, md: MarkdownIt, line: int) -> ImageRef:
    alt = md.renderer.renderInlineAsText(token.children or [], md.options, {})
    title = token.attrGet("title")
    caption = str(title).strip() if title else None
    return ImageRef(str(token.attrGet("src")), line, alt.strip(), caption or None)


def _image_rule(state: StateCore) -> None:
    """Local Markdown images become embeds, processed and shown like the others: alone
    in a paragraph, a <figure> in its place; within a line of text, an image in it."""
    body_line = state.env.get("body_line", 1)
    out: list[Token] = []
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "paragraph_open" and i + 2 < len(tokens):
            inline = tokens[i + 1]
            kids = [
                c
                for c in inline.children or ()
                if not (c.type in ("text", "softbreak") and not c.content.strip())
            ]
            image = kids[0] if len(kids) == 1 and kids[0].type == "image" else None
            if image is not None and _is_local(str(image.attrGet("src"))):
                line = body_line + (token.map[0] if token.map else 0)
                figure = Token("sitegen_image", "", 0, block=True)
                figure.meta = {"kind": FIGURE, "image": _image_meta(image, state.md, line)}
                out.append(figure)
                i += 3
                continue
        if token.type == "inline" and token.children:
            offset = 0
            for j, kid in enumerate(token.children):
                if kid.type in ("softbreak", "hardbreak"):
                    offset += 1
                elif kid.type == "image" and _is_local(str(kid.attrGet("src"))):
                    line = body_line + (token.map[0] if token.map else 0) + offset
                    inline_image = Token("sitegen_image", "", 0)
                    meta = _image_meta(kid, state.md, line)
                    inline_image.meta = {"kind": INLINE_IMAGE, "image": meta}
                    token.children[j] = inline_image
        out.append(token)
        i += 1
    state.tokens = out


def _render_image(self, tokens, idx, options, env) -> str:
    embeds = env.setdefault("embeds", [])
    meta = tokens[idx].meta
    image: ImageRef = meta["image"]
    embeds.append(Embed(meta["kind"], None, image.line, image=image))
    marker = f"\x00E{len(embeds) - 1}\x00"
    return marker + "\n" if meta["kind"] == FIGURE else marker


# `href="/x"`, `src='/x'` and `href=/x` in raw HTML (not `data-src`, not `srcset`).
_HTML_LINK_RE = re.compile(
    r"""(?<![\w-])(href|src)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE
)


def _under(value: str, base: str) -> str:
    """`/about/` in a body means the site's about page, wherever the site is mounted."""
    if value.startswith("/") and value[1:2] != "/" and not value.startswith(base):
        return base + value[1:]
    return value


def _html_links(html: str, base: str, line: int, found: list[Link]) -> str:
    """Raw HTML with its site paths under the base path; each link noted with its line."""

    def move(match: re.Match[str]) -> str:
        quote = '"' if match.group(3) is not None else "'" if match.group(4) is not None else ""
        written = next(g for g in match.group(3, 4, 5) if g is not None)
        target = html_text.unescape(written)
        found.append(Link(target, line + html.count("\n", 0, match.start())))
        moved = _under(written, base)
        return f"{match.group(1)}{match.group(2)}{quote}{moved}{quote}"

    return _HTML_LINK_RE.sub(move, html)


def _base_path_rule(state: StateCore) -> None:
    """Site paths (`/about/`) move under the base path, in Markdown links and images and in
    raw HTML alike; every link is noted with its file line for `check` and `serve`."""
    base = state.env.get("base_path", "/")
    first_line = state.env.get("body_line", 1)
    found: list[Link] = state.env.setdefault("links", [])
    for block in state.tokens:
        if block.map is None:
            continue
        line = first_line + block.map[0]
        if block.type == "html_block":
            block.content = _html_links(block.content, base, line, found)
        for token in block.children or ():
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            elif token.type == "html_inline":
                token.content = _html_links(token.content, base, line, found)
                line += token.content.count("\n")
            elif token.type in ("link_open", "image"):
                attr = "href" if token.type == "link_open" else "src"
                value = token.attrGet(attr)
                if isinstance(value, str):
                    found.append(Link(value, line))
                    token.attrSet(attr, _under(value, base))


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
    md.add_render_rule("sitegen_image", _render_image)
    md.core.ruler.push("sitegen_images", _image_rule)
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
    linked: tuple[str, ...] = (),
    heading_prefix: str = "",
) -> Rendered:
    """Render one body. Pure: the same arguments always give the same value.

    `linked`: glossary terms linked already, earlier on the same page (a live page's
    entries share its glossary links); `Rendered.terms` leaves them out.
    `heading_prefix`: put before every heading's id (a live entry's `ID--`), so that
    two entries' "## Background" are two anchors on their one page."""
    md = _parser(raw_html)
    env: dict = {"body_line": body_line, "glossary": glossary, "base_path": base_path}
    if linked:
        env["terms"] = list(linked)
    tokens = md.parse(body, env)
    if heading_prefix:
        for token in tokens:
            if token.type == "heading_open" and token.attrGet("id"):
                token.attrSet("id", heading_prefix + str(token.attrGet("id")))
    html = md.renderer.render(tokens, md.options, env)
    embeds: list[Embed] = env.get("embeds", [])
    pieces = _MARKER_RE.split(html)
    parts: list[str | Embed] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            parts.append(embeds[int(piece)])
        elif piece:
            parts.append(piece)
    links = tuple(env.get("links", ()))
    terms = tuple(env.get("terms", ()))[len(linked) :]
    return Rendered.of(tuple(parts), _toc(tokens), terms, links)


def _toc(tokens) -> tuple[Heading, ...]:
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            text = "".join(
                c.content for c in tokens[i + 1].children or () if c.type in ("text", "code_inline")
            )
            out.append(Heading(int(token.tag[1]), str(token.attrGet("id")), text))
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
