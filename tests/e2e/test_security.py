"""The promises of SECURITY.md, one site each: what an editor may write, what is always
data, what may be written where, and who can reach the preview server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitegen.commands.cli import parser
from sitegen.commands.serve import Preview, ServeOptions
from sitegen.shared.folders import OUTPUT_MARKER
from sitegen.shared.typography import smart
from tests.support import SITE_YAML, article

RAW_BODY = """\
Before.

<div class="embed"><script>window.played = 1;</script></div>

Inline <b onclick="go()">bold</b> and a [trap](javascript:alert(1)).
"""


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# -- Markdown bodies: trusted HTML, unless the site says otherwise -------------------


def test_raw_html_in_a_body_is_published_as_written_by_default(make_site, build):
    site = make_site(
        {
            "content/articles/a.md": article(body=RAW_BODY),
            "content/pages/about.md": "---\ntitle: About\n---\n<aside>Ours</aside>\n",
        }
    )
    run = build(site)
    assert run.code == 0, run.stderr
    page = run.page("news/a-story/index.html")
    assert '<div class="embed"><script>window.played = 1;</script></div>' in page
    assert '<b onclick="go()">bold</b>' in page
    assert "<aside>Ours</aside>" in run.page("about/index.html")
    # Trusted with HTML is not the same as a script address in a Markdown link.
    assert 'href="javascript:' not in page and "[trap](javascript:alert(1))" in page


def test_raw_html_is_shown_as_text_when_the_site_forbids_it(make_site, build):
    site = make_site(
        {
            "content/articles/a.md": article(body=RAW_BODY),
            "content/pages/about.md": "---\ntitle: About\n---\n<aside>Ours</aside>\n",
        },
        site_yaml=SITE_YAML + "markdown: {raw_html: false}\n",
    )
    run = build(site)
    assert run.code == 0, run.stderr
    page = run.page("news/a-story/index.html")
    assert "<script>window.played" not in page and "<b onclick" not in page
    assert "&lt;script&gt;window.played = 1;&lt;/script&gt;" in page
    # Shown as text, it is text: its quotes are typographic, like the rest.
    assert "&lt;b onclick=“go()”&gt;bold&lt;/b&gt;" in page
    assert "&lt;aside&gt;Ours&lt;/aside&gt;" in run.page("about/index.html")
    # The same text in the feed, which carries the article's HTML.
    assert "<script>window.played" not in run.page("feed.xml")


# -- front matter: always data ---------------------------------------------------------

ATTACK = "</script><script>alert(\"x\")</script><b title='y'>&amp;"


def test_front_matter_reaches_every_page_escaped(make_site, build):
    quoted = json.dumps(ATTACK)
    site = make_site(
        {
            "content/articles/a.md": article(
                title=quoted,
                summary=quoted,
                extra=f"tags: [{quoted}]\nauthors: [{quoted}]\n"
                f"claims:\n  - {{id: c, text: {quoted}, by: {quoted}, status: verified}}\n",
            ),
        }
    )
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    outputs = [p for p in run.out.rglob("*") if p.suffix in (".html", ".xml")]
    assert len(outputs) > 10
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(" not in text and "<b title=" not in text, path
    (page_path,) = [p for p in run.out.glob("news/*/index.html")]
    page = page_path.read_text(encoding="utf-8")
    assert '<meta property="og:title" content="&lt;/script&gt;&lt;script&gt;alert(' in page
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 2  # NewsArticle, and ClaimReview for the verified claim
    assert all("</" not in s and "<" not in s for s in scripts)
    # Headlines are shown with typographic quotes (issue 22), escaped all the same.
    assert json.loads(scripts[0])["headline"] == smart(ATTACK)
    assert json.loads(scripts[1])["claimReviewed"] == ATTACK
    # The JSON feed is JSON, not HTML: the value is kept as written, inside a string.
    assert json.loads(run.page("feed.json"))["items"][0]["title"] == smart(ATTACK)


PYTHON_TAGS = {
    "content/articles/a.md": article(
        title='!!python/object/apply:os.system "touch {marker}"',
        extra="tags: [!!python/object/new:os.system [touch {marker}]]\n"
        "extra: {{a: !!python/name:os.system , b: !!binary aGk=, c: !custom x}}\n",
    ),
    "content/glossary.yaml": "- term: !!python/object/apply:os.system [touch {marker}]\n"
    "  definition: d\n",
}


def test_python_tags_in_yaml_construct_nothing(make_site, build, tmp_path):
    marker = tmp_path / "pwned"
    site = make_site({name: text.format(marker=marker) for name, text in PYTHON_TAGS.items()})
    run = build(site)
    assert not marker.exists()
    # A tag is ignored: a scalar is read as the text written, a list where text belongs
    # is the editor's mistake at its line.
    assert run.code == 1
    assert run.problems == [
        "content/articles/a.md:6: error: tags[0]: must be text",
        "content/glossary.yaml:1: warning: no term is linked, and articles' `glossary` lists "
        "are not checked, until this file reads without errors",
        "content/glossary.yaml:1: error: [0].term: must be text",
    ]


def test_python_tags_in_site_yaml_construct_nothing(make_site, build, tmp_path):
    marker = tmp_path / "pwned"
    site_yaml = SITE_YAML + f"description: !!python/object/apply:os.system [touch {marker}]\n"
    run = build(make_site({}, site_yaml=site_yaml))
    assert not marker.exists()
    assert run.problems == ["site.yaml:7: error: description: must be text"]


def test_a_python_tag_on_text_leaves_the_text(make_site, build, tmp_path):
    marker = tmp_path / "pwned"
    title = f'!!python/object/apply:os.system "touch {marker}"'
    run = build(make_site({"content/articles/a.md": article(title=title)}))
    assert run.code == 0 and not marker.exists()
    (page,) = run.out.glob("news/*/index.html")
    assert f'<h1 id="headline">touch {marker}</h1>' in page.read_text(encoding="utf-8")


# -- templates: code, loaded only from the template folders --------------------------


@pytest.mark.parametrize("target", ["../site.yaml", "/etc/passwd", "../../content/x.md"])
def test_templates_load_only_templates(make_site, build, target):
    site = make_site(
        {
            "content/articles/a.md": article(),
            "templates/404.html": f'{{% include "{target}" %}}\n',
        }
    )
    run = build(site)
    assert run.code == 1
    assert run.problems == [
        f"templates/404.html:1: error: template error: no template `{target}` in templates/ "
        "or the theme"
    ]
    assert "Traceback" not in run.stderr


# -- where files are written -----------------------------------------------------------


def test_no_slug_leads_outside_the_output_folder(make_site, build, tmp_path):
    escape = "../../../../escaped"
    site = make_site(
        {
            "content/articles/a.md": article(title=escape, extra=f"tags: ['{escape}']\n"),
            "content/articles/b.md": article(title="B", extra="slug: ../../b\n"),
            "content/pages/x..%2F..%2Fp.md": "---\ntitle: P\n---\nText\n",
            "content/people.yaml": f"- name: '{escape}'\n",
            "content/glossary.yaml": f"- term: '{escape}'\n  definition: d\n",
        }
    )
    before = files_under(tmp_path)
    run = build(site)
    assert run.problems == [
        "content/articles/b.md:6: error: slug: `../../b` is not a slug: use lowercase letters, digits and single hyphens"
    ]
    (site / "content/articles/b.md").unlink()
    run = build(site)
    assert run.code == 0, run.stderr
    # Everything new is inside the output folder (or the site's own cache).
    new = files_under(tmp_path) - before
    assert all(p.startswith(("site/public", "site/.sitegen-cache")) for p in new), new
    assert {"site/public/news/escaped/index.html", "site/public/tags/escaped/index.html"} <= new
    assert {"site/public/people/escaped/index.html", "site/public/x-2f-2fp/index.html"} <= new
    assert not (tmp_path.parent / "escaped").exists()


def test_the_output_folder_cannot_hold_or_be_the_site(make_site, build):
    site = make_site({"content/articles/a.md": article()})
    for out in (site, site.parent, site / "static" / "public", site / "content" / "x"):
        run = build(site, out=out)
        assert run.code == 1 and "--out: error:" in run.stderr, out
    assert sorted(files_under(site)) == [
        "content",
        "content/articles",
        "content/articles/a.md",
        "site.yaml",
    ]


def test_a_static_file_name_that_reads_as_a_path_elsewhere_is_refused(make_site, build, tmp_path):
    # On Windows `\` separates folders: a published name like this one is refused outright.
    site = make_site({"content/articles/a.md": article(), "static/a\\..\\..\\evil.txt": "x"})
    before = files_under(tmp_path)
    run = build(site, "--no-search")
    assert run.code == 1
    assert [p for p in run.problems if "refusing to write outside the output folder" in p]
    new = files_under(tmp_path) - before
    assert all(p.startswith("site/.sitegen-cache") for p in new), new  # no output at all


def static_site(make_site, tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("the build machine's secret\n")
    return make_site(
        {"content/articles/a.md": article(), "static/css/site.css": "body { color: #111 }\n"}
    )


def test_a_static_link_to_a_file_inside_the_site_is_copied_as_a_file(make_site, build, tmp_path):
    site = static_site(make_site, tmp_path)
    (site / "static/site.css").symlink_to("css/site.css")
    (site / "static/article.md").symlink_to("../content/articles/a.md")
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    for name in ("site.css", "article.md"):
        copied = run.out / name
        assert copied.is_file() and not copied.is_symlink()
    assert (run.out / "site.css").read_text() == "body { color: #111 }\n"


OUTSIDE = "outside the site folder: copy what it links to into the site instead"


@pytest.mark.parametrize(
    "link, target, message",
    [
        ("secret.txt", "../../outside/secret.txt", OUTSIDE),
        ("environ", "/proc/self/environ", OUTSIDE),
        ("docs", "../../outside", OUTSIDE),
        ("css-too", "css", "a folder, which is not followed: link its files instead"),
        ("gone.png", "nothing-here.png", "which does not exist"),
    ],
)
def test_a_static_link_that_would_publish_what_is_not_a_site_file_is_an_error(
    make_site, build, tmp_path, link, target, message
):
    site = static_site(make_site, tmp_path)
    (site / "static" / link).symlink_to(target)
    previous = tmp_path / "public"
    previous.mkdir()
    (previous / "index.html").write_text("the previous site")
    (previous / OUTPUT_MARKER).write_text("made by sitegen\n")  # a previous build's folder
    run = build(site, "--no-search", out=previous)
    assert run.code == 1
    assert run.problems == [f"static/{link}: error: is a link to `{target}`, {message}"]
    assert files_under(previous) == {"index.html", OUTPUT_MARKER}
    assert "secret" not in "".join(p.read_text() for p in previous.rglob("*") if p.is_file())


def test_hidden_entries_in_static_are_not_published_so_their_links_do_not_matter(
    make_site, build, tmp_path
):
    site = static_site(make_site, tmp_path)
    (site / "static/.secret").symlink_to(tmp_path / "outside/secret.txt")
    (site / "static/.cache").symlink_to("nowhere")
    run = build(site, "--no-search")
    assert (run.code, run.problems) == (0, [])
    assert not (run.out / ".secret").exists() and (run.out / "css/site.css").is_file()


def test_a_static_folder_that_is_a_link_outside_the_site_is_an_error(make_site, build, tmp_path):
    site = make_site({"content/articles/a.md": article()})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "key.pem").write_text("-----BEGIN PRIVATE KEY-----\n")
    (site / "static").symlink_to(tmp_path / "elsewhere")
    run = build(site, "--no-search")
    assert run.code == 1
    assert run.problems == [
        f"static: error: is a link to `{tmp_path / 'elsewhere'}`, outside the site folder: "
        "copy what it links to into the site instead"
    ]
    assert not (site / "public").exists()


# -- the preview server --------------------------------------------------------------


def test_the_preview_server_listens_on_this_machine_only_by_default(make_site):
    args = parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"
    assert ServeOptions(site_dir=Path(".")).host == "127.0.0.1"
    site = make_site({"content/articles/a.md": article()})
    preview = Preview(ServeOptions(site, port=0), log=lambda line: None)
    try:
        preview.start()
        assert preview.url.startswith("http://127.0.0.1:")
    finally:
        preview.stop()


def test_serving_on_another_address_warns_that_others_can_read_it(capsys, monkeypatch):
    from sitegen.commands import cli

    started = []

    class NoServer:
        def __init__(self, options, log):
            started.append(options.host)

        def start(self):
            raise cli.ServeError("not started in this test")

        def stop(self):
            pass

    monkeypatch.setattr(cli, "Preview", NoServer)
    cli.main(["serve", "--host", "0.0.0.0", "--port", "0"])
    err = capsys.readouterr().err
    assert started == ["0.0.0.0"]
    assert "warning: serving on 0.0.0.0: anyone who can reach this address can read" in err
