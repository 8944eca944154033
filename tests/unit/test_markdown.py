"""Markdown bodies: CommonMark and its extensions, embeds at their lines, links under the base path."""

from sitegen.model.rendered import Embed
from sitegen.render.markdown import inline, render


def test_commonmark_with_tables_footnotes_strikethrough_and_heading_ids():
    out = render(
        "## What happened\n\n| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\nNote.[^1]\n\n[^1]: A footnote.\n"
    )
    assert '<h2 id="what-happened">What happened</h2>' in out.html
    assert "<table>" in out.html and "<s>2</s>" in out.html
    assert 'class="footnotes"' in out.html and "A footnote." in out.html
    assert [(h.level, h.id, h.text) for h in out.toc] == [(2, "what-happened", "What happened")]


def test_embeds_split_the_body_at_their_lines():
    body = "Before.\n\n{{< claim xai-distills >}}\n\nAfter.\n\n{{< valuations >}}\n"
    out = render(body, body_line=10)
    kinds = [p if isinstance(p, Embed) else "html" for p in out.parts]
    assert kinds == [
        "html",
        Embed("claim", "xai-distills", 12),
        "html",
        Embed("valuations", None, 16),
    ]


def test_a_malformed_or_unknown_embed_is_a_problem_at_its_line():
    out = render("{{< poll favourite >}}\n\n{{< claim >}}\n\n{{< quote x\n", body_line=5)
    assert [(e.line, e.problem) for e in out.embeds] == [
        (5, "unknown embed `poll`: use one of claim, quote, table, valuations, exhibit, image"),
        (7, "`claim` needs an id: `{{< claim ID >}}`"),
        (9, "is not `{{< KIND ID >}}`"),
    ]


def test_embed_syntax_inside_code_is_just_text():
    out = render("```\n{{< claim a >}}\n```\n\n    {{< claim b >}}\n")
    assert out.embeds == ()
    assert "{{&lt; claim a &gt;}}" in out.html


def test_editors_cannot_forge_an_embed_marker():
    out = render("text \x00E0\x00 more")
    assert out.embeds == () and "\x00" not in out.html


def test_root_relative_links_move_under_the_base_path():
    out = render("[About](/about/) [Ext](https://x.org/) [Here](#a)", base_path="/trial/")
    assert 'href="/trial/about/"' in out.html
    assert 'href="https://x.org/"' in out.html and 'href="#a"' in out.html
    assert [link.target for link in out.links] == ["/about/", "https://x.org/", "#a"]


def test_a_local_markdown_image_becomes_an_image_embed_at_its_line():
    out = render(
        'Text.\n\n![A sketch](images/a.png "Musk on the stand")\n\nSee ![icon](/i.png) here.\n',
        body_line=5,
    )
    figure, inline = out.embeds
    assert (figure.kind, figure.line, figure.image.src) == ("figure", 7, "images/a.png")
    assert (figure.image.alt, figure.image.caption) == ("A sketch", "Musk on the stand")
    assert (inline.kind, inline.line, inline.image.src) == ("inline-image", 9, "/i.png")
    assert "<img" not in out.html, "the build shows them, processed"
    assert out.links == (), "the build finds and checks them, not `check`'s link pass"


def test_an_image_on_another_site_is_shown_as_written():
    out = render("![Logo](https://cdn.example.net/logo.png)")
    assert out.embeds == ()
    assert '<img src="https://cdn.example.net/logo.png" alt="Logo"' in out.html


def test_site_paths_in_raw_html_move_under_the_base_path_as_markdown_links_do():
    body = (
        'Intro <a href="/about/">about us</a> and\n'
        "<a href='/trial/news/'>news</a>.\n"
        "\n"
        '<figure>\n<img src="/images/x.png" alt="">\n'
        '<a href="https://x.org/a" data-src="/keep">x</a>\n</figure>\n'
    )
    out = render(body, base_path="/trial/", body_line=7)
    assert '<a href="/trial/about/">' in out.html
    assert "<a href='/trial/news/'>" in out.html  # already under the base path
    assert '<img src="/trial/images/x.png" alt="">' in out.html
    assert 'data-src="/keep"' in out.html  # not a link attribute
    # Every link as written, at its file line, for `check` and `serve`.
    assert [(link.target, link.line) for link in out.links] == [
        ("/about/", 7),
        ("/trial/news/", 8),
        ("/images/x.png", 11),
        ("https://x.org/a", 12),
    ]


def test_a_link_already_under_the_base_path_is_left_alone():
    assert 'href="/trial/news/"' in render("[n](/trial/news/)", base_path="/trial/").html


def test_raw_html_passes_through_unless_the_site_forbids_it():
    assert "<mark>hi</mark>" in render("<mark>hi</mark>").html
    assert "&lt;mark&gt;" in render("<mark>hi</mark>", raw_html=False).html


def test_inline_markdown_for_front_matter_escapes_html():
    assert inline("**$1.75 trillion** <script>") == "<strong>$1.75 trillion</strong> &lt;script&gt;"
