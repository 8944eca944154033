"""A site's templates/: a file there replaces the theme's, or extends it (`@theme/NAME`)
and changes one block; either way a rebuild after an edit equals a clean build."""

from __future__ import annotations

from tests.support import article, broken_links, tree

EXTENDS = """\
{% extends "@theme/base.html" %}
{% block footer_extra %}<p class="tip-line">Tips: tips@example.org</p>{% endblock %}
"""


def test_a_template_that_extends_the_themes_changes_one_block_and_keeps_the_rest(make_site, build):
    site = make_site({"content/articles/a.md": article(), "templates/base.html": EXTENDS})
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    page = run.page("news/a-story/index.html")
    assert '<p class="tip-line">Tips: tips@example.org</p>' in page
    # The rest of the theme's page is there: header, navigation, the article itself.
    assert 'class="site-header"' in page and "<h1" in page and "Some text." in page
    assert page.count("<footer") == 1


def test_every_page_names_an_icon_that_the_site_has(make_site, build):
    site = make_site({"content/articles/a.md": article()})
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    assert '<link rel="icon" href="/trial/assets/favicon.svg"' in run.page("index.html")
    assert (run.out / "assets/favicon.svg").read_bytes().startswith(b"<svg")
    broken = broken_links(run.out, "https://example.org/trial/")
    # Built without search (--no-search), so the search page's bundle is absent.
    assert [link for link in broken if "/pagefind/" not in link] == []


def test_editing_an_override_rebuilds_what_uses_it_as_a_clean_build_would(
    make_site, build, tmp_path
):
    site = make_site({"content/articles/a.md": article(), "templates/base.html": EXTENDS})
    assert build(site, "--no-search").code == 0
    edited = EXTENDS.replace("Tips: tips@example.org", "Write to the desk")
    (site / "templates/base.html").write_text(edited, encoding="utf-8")
    again = build(site, "--no-search")
    clean = build(site, "--no-search", "--clean", out=tmp_path / "clean")
    assert (again.code, clean.code) == (0, 0)
    assert "Write to the desk" in again.page("news/a-story/index.html")
    assert tree(again.out) == tree(clean.out)


def test_the_example_sites_own_icon_and_tip_line_are_published(copy_site, build):
    site = copy_site(".")
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    home = run.page("index.html")
    assert '<link rel="icon" href="/trial/favicon.svg"' in home
    assert "tips@example.org" in home
    assert (run.out / "favicon.svg").read_bytes().startswith(b"<svg")
