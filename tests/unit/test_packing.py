"""Bodies are held packed during a build: what is read back is exactly what was written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model.rendered import Embed, Rendered
from sitegen.render.markdown import render
from sitegen.shared.packing import pack, unpack


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(st.text())
def test_any_text_reads_back_as_it_was(text):
    # st.text() includes astral characters and lone surrogates.
    assert unpack(pack(text)) == text


def test_packed_text_is_smaller_than_the_string_it_holds():
    body = "Musk’s lawyers said the gift was conditional. " * 150  # a curly quote: 2 bytes a char
    assert len(pack(body)) * 5 < len(body.encode("utf-16-le"))


def test_a_rendered_body_gives_back_its_fragments_and_embeds_in_order():
    parts = ("<p>Before</p>\n", Embed("claim", "c1", 3), "<p>After — “quoted”</p>\n")
    rendered = Rendered.of(parts)
    assert rendered.parts == parts
    assert rendered.embeds == (parts[1],)
    assert rendered.html == parts[0] + parts[2]


def test_rendering_markdown_packs_the_html_it_returns():
    rendered = render("Intro.\n\n{{< claim c1 >}}\n\nOutro — with a dash.\n")
    assert all(isinstance(p, bytes | Embed) for p in rendered.packed)
    assert rendered.html == "<p>Intro.</p>\n<p>Outro — with a dash.</p>\n"
