"""site.yaml: settings with defaults, and every mistake at its line."""

from sitegen.read.config import load
from sitegen.shared.errors import Diagnostics


def load_text(tmp_path, text):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    diag = Diagnostics()
    return load(tmp_path, diag), [str(p) for p in diag.sorted()]


def test_defaults(tmp_path):
    config, problems = load_text(tmp_path, "title: T\nbase_url: https://example.org\n")
    assert problems == []
    assert config.base_url == "https://example.org/" and config.base_path == "/"
    assert (config.language, config.timezone, config.feed_items, config.related.count) == (
        "en",
        "UTC",
        20,
        5,
    )
    assert [s.key for s in config.sections] == ["news"]


def test_a_base_url_with_a_path_and_sections_in_menu_order(tmp_path):
    config, _ = load_text(
        tmp_path,
        "title: T\nbase_url: https://example.org/trial\nsections:\n  news: {title: News}\n"
        "  get-started: {title: Get Started}\nfeeds: {items: 5}\n"
        "related: {count: 3, weights: {case: 4}, threshold: 2}\n",
    )
    assert config.base_path == "/trial/"
    assert [(s.key, s.title) for s in config.sections] == [
        ("news", "News"),
        ("get-started", "Get Started"),
    ]
    assert config.feed_items == 5
    assert (config.related.count, config.related.case, config.related.threshold) == (3, 4.0, 2.0)


def test_every_mistake_is_reported(tmp_path):
    config, problems = load_text(
        tmp_path,
        "titel: T\nbase_url: /relative\nsections:\n  News Desk: {title: News}\nlanguage: [en]\n",
    )
    assert config is None
    assert problems == [
        "site.yaml:1: error: titel: unknown field (did you mean `title`?)",
        "site.yaml:2: error: base_url: `/relative` is not an http:// or https:// URL",
        "site.yaml:4: error: sections.News Desk: `News Desk` is not a slug: use lowercase letters and hyphens",
        "site.yaml:5: error: language: must be text",
    ]


def test_related_settings_are_bounded(tmp_path):
    config, problems = load_text(
        tmp_path,
        "title: T\nbase_url: https://example.org/\nrelated:\n  count: 1000\n"
        "  weights: {tags: 1e9, case: -1}\n  max_tag_share: 2\n",
    )
    assert config is None
    assert problems == [
        "site.yaml:4: error: related.count: must be at most 100",
        "site.yaml:5: error: related.weights.case: must be between 0 and 100",
        "site.yaml:5: error: related.weights.tags: must be between 0 and 100",
        "site.yaml:6: error: related.max_tag_share: must be between 0 and 1",
    ]
