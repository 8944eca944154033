"""Loading every content file of a site into typed values."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Author, Case, Entry, Page, Person, Term
from sitegen.model.references import Reference
from sitegen.read.articles import read_article, read_page
from sitegen.read.data import read_authors, read_case, read_glossary, read_people
from sitegen.read.live import read_entry
from sitegen.read.sources import SourceFile
from sitegen.shared.errors import Diagnostics


@dataclass(frozen=True)
class Content:
    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    glossary: tuple[Term, ...]
    people: tuple[Person, ...]
    cases: tuple[Case, ...]
    # What articles that could not be read refer to, so those names are still checked.
    references: tuple[Reference, ...] = ()
    unreadable_cases: tuple[str, ...] = ()  # paths of case files with errors
    entries: tuple[Entry, ...] = ()  # of live articles, not yet joined to them (`live.join`)
    authors: tuple[Author, ...] = ()
    # "glossary", "people" and "authors" when that file could not be read at all: names are not
    # checked against it then (every one would miss), only the file's own error reported.
    unreadable_data: tuple[str, ...] = ()


def load(sources: list[SourceFile], config: SiteConfig, diag: Diagnostics) -> Content:
    """Parse every file; a file with errors is reported and left out, never half-read."""
    articles, pages, cases, entries = [], [], [], []
    references: list[Reference] = []
    unreadable: list[str] = []
    unreadable_data: list[str] = []
    glossary: tuple[Term, ...] = ()
    people: tuple[Person, ...] = ()
    authors: tuple[Author, ...] = ()
    for source in sources:
        if source.kind == "article":
            article = read_article(source, config, diag, references)
            if article:
                articles.append(article)
        elif source.kind == "entry":
            entry = read_entry(source, config, diag)
            if entry:
                entries.append(entry)
        elif source.kind == "page":
            page = read_page(source, diag)
            if page:
                pages.append(page)
        elif source.kind in ("glossary", "people"):
            before = len(diag.errors)
            found = (read_glossary if source.kind == "glossary" else read_people)(source, diag)
            if not found and len(diag.errors) > before:
                unreadable_data.append(source.kind)
            if source.kind == "glossary":
                glossary = found  # type: ignore[assignment]
            else:
                people = found  # type: ignore[assignment]
        elif source.kind == "authors":
            before = len(diag.errors)
            authors = read_authors(source, diag)
            if not authors and len(diag.errors) > before:
                unreadable_data.append("authors")
        elif source.kind == "case":
            case = read_case(source, diag)
            if case:
                cases.append(case)
            else:
                unreadable.append(source.path)
    return Content(
        tuple(articles),
        tuple(pages),
        glossary,
        people,
        tuple(cases),
        tuple(references),
        tuple(unreadable),
        tuple(entries),
        authors,
        tuple(unreadable_data),
    )
