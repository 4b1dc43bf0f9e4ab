"""Search over what readers may see, with highlighted results.

Only ``Article.objects.live()`` is searched, under the policy in force, and only
what readers are shown: each article's ``SearchEntry`` holds the title, address
and text of the revision readers are shown (see ``articles/search_index.py``),
never the editable working copy, so a word added in an unreviewed edit does not
make an article findable.

Both databases search an index, so the cost follows the number of matches, not
the number of articles. On PostgreSQL this is full-text search
(``websearch_to_tsquery`` with the English configuration: stemming, ranking,
``ts_headline`` snippets) on a stored tsvector with a GIN index. On SQLite an
FTS5 table (Porter stemmer) finds the articles holding every word of the query
(as a word or the start of one), and the words are highlighted in Python.
Either way a page of results costs two queries: the count and the page (and the
view one more, for the policy in force).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Replace
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from reviews.models import PolicyTerms

from .models import Article
from .snippets import (
    MARK_START,
    MARK_STOP,
    excerpt,
    highlight,
    markdown_to_text,
    marks_to_html,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
SEARCH_CONFIG = "english"
SNIPPET_WIDTH = 240


class QueryNotSearchable(ValueError):
    """The query cannot be searched as typed; the message is for the person."""


class QueryTooLong(QueryNotSearchable):
    """The query is longer than MAX_QUERY_LENGTH."""


@dataclass(frozen=True)
class SearchHit:
    article: Article
    url: str
    title_html: SafeString
    snippet_html: SafeString
    approved: bool


@dataclass(frozen=True)
class SearchResults:
    query: str
    page: Page
    hits: list[SearchHit]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def normalize_query(raw: str | None) -> str:
    """The query as searched: whitespace collapsed. Raises QueryNotSearchable for a
    query that is too long or holds control characters (NUL, escape...), which no
    search term contains and PostgreSQL refuses in a string."""
    query = " ".join((raw or "").split())
    if any(unicodedata.category(c) == "Cc" for c in query):
        raise QueryNotSearchable(
            "Your search contains control characters (such as NUL or escape) that "
            "cannot be searched. Remove them and try again."
        )
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(
            f"Your search is {len(query)} characters long. "
            f"Keep it to {MAX_QUERY_LENGTH} characters or fewer."
        )
    return query


def visible_query(raw: str | None) -> str:
    """The query as typed, to show back in the search box: control characters removed."""
    return "".join(
        c if unicodedata.category(c) != "Cc" else (" " if c.isspace() else "") for c in raw or ""
    ).strip()


def _searchable(terms: PolicyTerms) -> QuerySet[Article]:
    return Article.objects.live(terms).select_related("review_item")


# What readers are shown, from the search entry (kept equal to the shown revision).
_SHOWN = {
    "shown_slug": F("search_entry__slug"),
    "shown_title": F("search_entry__title"),
    "shown_short_answer": F("search_entry__short_answer"),
    "shown_body": F("search_entry__body"),
    "shown_approved": F("search_entry__approved"),
}


def _query_terms(query: str) -> list[str]:
    """The words of a query for SQLite, quotes stripped, each once, words only."""
    terms = []
    for word in query.split():
        term = word.strip("\"'")
        if any(c.isalnum() for c in term) and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms


def _postgres_matches(query: str, terms: PolicyTerms) -> QuerySet[Article]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    # websearch syntax: any input is a valid query ("quoted phrases", -not, or).
    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)

    def headline(expression, **options):
        # Our placeholders are removed from the text first, so only the ones
        # ts_headline adds stand for <mark>.
        clean = Replace(Replace(expression, Value(MARK_START)), Value(MARK_STOP))
        return SearchHeadline(
            clean,
            ts_query,
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            **options,
        )

    text = Concat(F("shown_short_answer"), Value("\n\n"), F("shown_body"), output_field=TextField())
    return (
        _searchable(terms)
        # The stored, weighted tsvector behind the GIN index search_entry_document_gin.
        .filter(search_entry__document=ts_query)
        .annotate(
            **_SHOWN,
            rank=SearchRank(F("search_entry__document"), ts_query),
        )
        .annotate(
            title_headline=headline(F("shown_title"), highlight_all=True),
            snippet_headline=headline(
                text, max_words=40, min_words=20, max_fragments=2, fragment_delimiter=" … "
            ),
        )
        .order_by("-rank", "shown_title", "pk")
    )


def _fts5_query(terms: list[str]) -> str:
    """Every term, as a quoted prefix (anything inside quotes is literal to FTS5)."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _sqlite_matches(terms: list[str], policy_terms: PolicyTerms) -> QuerySet[Article]:
    """Every term (as a word or a word's start, stemmed) in the title, short answer or
    body, through the FTS5 index; ranked by where the terms are."""
    found = RawSQL(
        "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s",
        [_fts5_query(terms)],
    )
    matches = _searchable(policy_terms).filter(pk__in=found).annotate(**_SHOWN)
    rank = Value(0, output_field=IntegerField())
    for term in terms:
        for name, weight in (("shown_title", 3), ("shown_short_answer", 2), ("shown_body", 1)):
            rank = rank + Case(
                When(Q(**{f"{name}__icontains": term}), then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return matches.annotate(rank=rank).order_by("-rank", "shown_title", "pk")


def _hit(article: Article, terms: list[str] | None) -> SearchHit:
    if terms is None:  # PostgreSQL: ts_headline has marked the matches
        title_html = marks_to_html(article.title_headline)
        snippet_html = marks_to_html(markdown_to_text(article.snippet_headline))
    else:
        title_html = highlight(article.shown_title or "", terms)
        text = markdown_to_text(f"{article.shown_short_answer or ''}\n\n{article.shown_body or ''}")
        snippet_html = highlight(excerpt(text, terms, SNIPPET_WIDTH), terms)
    return SearchHit(
        article=article,
        url=reverse("articles:detail", kwargs={"slug": article.shown_slug}),
        title_html=mark_safe(title_html),  # noqa: S308 (escaped by snippets, only <mark> added)
        snippet_html=mark_safe(snippet_html),  # noqa: S308 (as above)
        approved=article.shown_approved,
    )


def search_articles(
    query: str, *, page: str | int | None = 1, policy_terms: PolicyTerms
) -> SearchResults:
    """One page of the articles readers may see under the policy ``policy_terms``
    matching ``query`` (already normalized), best first."""
    if connection.vendor == "postgresql":
        matches, terms = _postgres_matches(query, policy_terms), None
    else:
        terms = _query_terms(query)
        matches = _sqlite_matches(terms, policy_terms) if terms else Article.objects.none()
    result_page = Paginator(matches, RESULTS_PER_PAGE).get_page(page)
    hits = [_hit(article, terms) for article in result_page.object_list]
    return SearchResults(query=query, page=result_page, hits=hits)
