"""Glossary terms in article text: finding them and linking their first use.

Matching is by words, not by one big regular expression: the text is split into
words once, and at each word the longest phrase that starts there is looked up in a
dict. That is linear in the text whatever the size of the glossary, so a 2,000-term
glossary cannot make a long article slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.model.content import Term

_WORD_RE = re.compile(r"\w+")
_WORD_CHAR_RE = re.compile(r"\w")
# Hyphen-minus, hyphen and non-breaking hyphen: "cross-examination" is one word to a
# reader, so a phrase may not start or end at one of these between two letters.
_HYPHENS = "-\u2010\u2011"
_TAG_RE = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)\s*>")
_VOID = {"br", "img", "hr", "input", "wbr", "source", "area", "col", "embed", "meta", "link"}
MAX_PHRASE_WORDS = 8


def _key(text: str) -> str:
    """Case and spacing folded: `AI  Distillation` and `ai distillation` are one phrase.
    A typographic apostrophe (the body's smart quotes make them) is a straight one."""
    return " ".join(text.casefold().replace("\u2019", "'").split())


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` begins or ends within a hyphenated word."""
    before = start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum()
    after = end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum()
    return before or after


@dataclass(frozen=True)
class GlossaryIndex:
    """Phrases (terms and aliases) by their word count, longest first."""

    phrases: dict[int, dict[str, str]]  # word count -> folded phrase -> term slug
    terms: dict[str, Term]
    # The folded first word of every phrase: most words start none, and skipping them
    # without slicing and folding the text is most of the speed of `find`.
    first_words: frozenset[str] = frozenset()
    # Phrases that begin or end with punctuation (`C++`): (word count, folded words) ->
    # [(folded text before, folded text after, term slug)], the longest first.
    affixed: dict[tuple[int, str], list[tuple[str, str, str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, terms: tuple[Term, ...]) -> GlossaryIndex:
        phrases: dict[int, dict[str, str]] = {}
        affixed: dict[tuple[int, str], list[tuple[str, str, str]]] = {}
        for term in terms:
            for phrase in (term.term, *term.aliases):
                words = list(_WORD_RE.finditer(phrase))
                if not 0 < len(words) <= MAX_PHRASE_WORDS:
                    continue
                # `C++`, `C#`, `.NET`, `U.S.`: the words are matched as always, and the
                # punctuation around them must be there too.
                core = phrase[words[0].start() : words[-1].end()]
                before, after = phrase[: words[0].start()].lstrip(), phrase[words[-1].end() :]
                after = after.rstrip()
                size, key = len(words), _key(core)
                if before or after:
                    found = affixed.setdefault((size, key), [])
                    entry = (before.casefold(), after.casefold(), term.slug)
                    if not any(f[:2] == entry[:2] for f in found):  # the first term keeps it
                        found.append(entry)
                        found.sort(key=lambda x: -len(x[0]) - len(x[1]))  # longest first
                    phrases.setdefault(size, {})  # so that `find` tries this size
                else:
                    # The first term to claim a phrase keeps it: glossary order decides.
                    phrases.setdefault(size, {}).setdefault(key, term.slug)
        firsts = frozenset(
            [_WORD_RE.findall(phrase)[0] for by_size in phrases.values() for phrase in by_size]
            + [_WORD_RE.findall(key)[0] for _, key in affixed]
        )
        return cls(phrases, {t.slug: t for t in terms}, firsts, affixed)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, slug) matches, longest phrase first at each word."""
        folded = text.casefold()
        if len(folded) != len(text):
            # A character that folds to two ("ß") would shift every offset after it.
            return self._find(text, text, [_key(m[0]) for m in _WORD_RE.finditer(text)])
        return self._find(text, folded, _WORD_RE.findall(folded))

    def _find(self, text: str, scan: str, words: list[str]) -> list[tuple[int, int, str]]:
        """`words` are the folded words of `scan`, which has `text`'s offsets."""
        # Most runs of text hold no word that starts a phrase: those cost one pass in C.
        firsts = self.first_words
        starts = [i for i, word in enumerate(words) if word in firsts]
        if not starts:
            return []
        spans = [m.span() for m in _WORD_RE.finditer(scan)]
        sizes = sorted(self.phrases, reverse=True)
        found = []
        free = 0  # the first word not inside a match already found
        for i in starts:
            if i < free:
                continue
            for size in sizes:
                if i + size > len(spans):
                    continue
                start, end = spans[i][0], spans[i + size - 1][1]
                key = _key(text[start:end])
                match = self._affixed(text, start, end, self.affixed.get((size, key)))
                slug = self.phrases[size].get(key)
                if match is not None:
                    found.append(match)
                elif slug and not _inside_a_word(text, start, end):
                    found.append((start, end, slug))
                else:
                    continue
                free = i + size
                break
        return found

    @staticmethod
    def _affixed(
        text: str, start: int, end: int, candidates: list[tuple[str, str, str]] | None
    ) -> tuple[int, int, str] | None:
        """The match of a phrase with punctuation around its words, or None. Around the
        punctuation there must not be another word character: `.NET` is not in `ASP.NET`,
        nor `C#` in `C#x`."""
        for before, after, slug in candidates or ():
            left, right = start - len(before), end + len(after)
            if left < 0 or text[left:start].casefold() != before:
                continue
            if text[end:right].casefold() != after:
                continue
            if (before and left > 0 and _WORD_CHAR_RE.match(text[left - 1])) or (
                after and right < len(text) and _WORD_CHAR_RE.match(text[right])
            ):
                continue
            return (left, right, slug)
        return None


def term_anchor(slug: str) -> str:
    """The id of a term's entry in an article's sidebar."""
    return f"term-{slug}"


def _html_depth(token: Token, depth: int) -> int:
    match = _TAG_RE.fullmatch(token.content.strip())
    if not match or match.group(2).lower() in _VOID or match.group(3):
        return depth
    return max(0, depth - 1) if match.group(1) else depth + 1


def link_terms(state: StateCore) -> None:
    """Core rule: link the first use of each glossary term in the article's text."""
    index: GlossaryIndex | None = state.env.get("glossary")
    if not index or not index.phrases:
        return
    seen: list[str] = state.env.setdefault("terms", [])
    in_heading = False
    for block in state.tokens:
        if block.type == "heading_open":
            in_heading = True
        elif block.type == "heading_close":
            in_heading = False
        elif block.type == "inline" and not in_heading and block.children:
            block.children = _link_children(block.children, index, seen)


def _link_children(children: list[Token], index: GlossaryIndex, seen: list[str]) -> list[Token]:
    """Link terms in the text of one inline run, outside links and raw HTML.

    Text and soft line breaks are matched as one run, so a phrase an editor's line
    wrapping splits ("terms of / service") still matches."""
    out: list[Token] = []
    run: list[Token] = []
    link_depth = html_depth = 0
    for token in children:
        if token.type == "link_open":
            link_depth += 1
        elif token.type == "link_close":
            link_depth -= 1
        elif token.type == "html_inline":
            html_depth = _html_depth(token, html_depth)
        if token.type in ("text", "softbreak") and not (link_depth or html_depth):
            run.append(token)
            continue
        out.extend(_link_run(run, index, seen))
        run = []
        out.append(token)
    out.extend(_link_run(run, index, seen))
    return out


def _link_run(run: list[Token], index: GlossaryIndex, seen: list[str]) -> list[Token]:
    text = "".join("\n" if t.type == "softbreak" else t.content for t in run)
    # Only the first use of each term in the article links; `find` gives text order.
    firsts = []
    for start, end, slug in index.find(text):
        if slug not in seen:
            seen.append(slug)
            firsts.append((start, end, slug))
    if not firsts:
        return run  # untouched: the tokens as markdown-it made them
    pieces: list[Token] = []
    cursor = 0
    for start, end, slug in firsts:
        pieces.extend(_plain(text[cursor:start]))
        pieces.append(_term_link(text[start:end], slug))
        cursor = end
    pieces.extend(_plain(text[cursor:]))
    return pieces


def _plain(text: str) -> list[Token]:
    """Text with its line breaks as soft breaks again."""
    out: list[Token] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(Token("softbreak", "br", 0))
        if line:
            token = Token("text", "", 0)
            token.content = line
            out.append(token)
    return out


def _term_link(words: str, slug: str) -> Token:
    # Raw HTML so the link can carry what the popover script needs; every part is
    # escaped here, and the sidebar entry it points to exists on the same page.
    token = Token("html_inline", "", 0)
    anchor = term_anchor(slug)
    token.content = (
        f'<a class="term" href="#{anchor}" data-term="{escapeHtml(slug)}">{escapeHtml(words)}</a>'
    )
    return token
