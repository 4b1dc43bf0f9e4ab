"""Search over what readers may see, with highlighted results.

Only articles readers may see under the policy in force are searched
(``reviews.selectors.shown_to_readers_q``), and only what they are shown: each
article's ``SearchEntry`` holds the title, address and text of the revision readers
are shown (see ``articles/search_index.py``), never the editable working copy, so
a word added in an unreviewed edit does not make an article findable.

The cost follows the size of one page, not the size of the library:

- Matches come from an index: full-text search on PostgreSQL (``websearch_to_tsquery``
  with the English configuration, a stored weighted tsvector behind a GIN index),
  an FTS5 table with the Porter stemmer on SQLite.
- A bounded candidate set is ranked: at most ``CANDIDATES`` matches (on SQLite the
  best by FTS5's bm25, on PostgreSQL the first the index yields, of which those
  readers may see) are ranked
  (``ts_rank`` over the title, short answer and body weights; bm25 on SQLite) and
  paged in memory. A word found in most of the library is answered with the best of
  those, and the page says so and asks for a narrower search.
- Snippets are made only for the page shown (``ts_headline`` on PostgreSQL; on
  SQLite the words are highlighted in Python).

A page of results costs two queries on SQLite (the ranked candidates, then the
page's texts and snippets) and three on PostgreSQL (the matches first), beside the
view's one for the policy in force.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.safestring import SafeString, mark_safe

from reviews.models import PolicyTerms
from reviews.selectors import shown_to_readers_q

from .models import SearchEntry
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
# Matches ranked for one search: beyond this, readers are asked to narrow it.
CANDIDATES = 1000


class QueryNotSearchable(ValueError):
    """The query cannot be searched as typed; the message is for the person."""


class QueryTooLong(QueryNotSearchable):
    """The query is longer than MAX_QUERY_LENGTH."""


@dataclass(frozen=True)
class SearchHit:
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

    @property
    def more_than_ranked(self) -> bool:
        """More articles match than were ranked: the reader should narrow the search."""
        return self.count >= CANDIDATES


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


def _visible(terms: PolicyTerms):
    """The search entries of the articles readers may see under ``terms``."""
    return SearchEntry.objects.filter(shown_to_readers_q("article__review_item__", terms=terms))


def _query_terms(query: str) -> list[str]:
    """The words of a query for SQLite, quotes stripped, each once, words only."""
    terms = []
    for word in query.split():
        term = word.strip("\"'")
        if any(c.isalnum() for c in term) and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms


def _fts5_query(terms: list[str]) -> str:
    """Every term, as a quoted prefix (anything inside quotes is literal to FTS5)."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _postgres_ranked(query: str, terms: PolicyTerms) -> list[int]:
    """Up to CANDIDATES matching articles readers may see, best first (two queries).

    The GIN index search_entry_document_gin finds the first CANDIDATES matches; then
    those readers may see are ranked. Asked in one statement, the planner expected
    fifty matches where there were three and read every review item to join them.
    Given the matches by key, it looks up just those.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # websearch syntax: any input is a valid query ("quoted phrases", -not, or).
    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    matches = list(
        SearchEntry.objects.filter(document=ts_query).values_list("pk", flat=True)[:CANDIDATES]
    )
    ranked = (
        _visible(terms)
        .filter(pk__in=matches)
        .annotate(rank=SearchRank(F("document"), ts_query))
        .order_by("-rank", "title", "pk")
    )
    return list(ranked.values_list("pk", flat=True))


def _sqlite_ranked(words: list[str], terms: PolicyTerms) -> list[int]:
    """Up to CANDIDATES matching articles readers may see, best first by FTS5's bm25
    (title weighted over short answer over body): every word, as a word or a word's
    start, stemmed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s "
            "ORDER BY bm25(articles_search_fts, 3.0, 2.0, 1.0), rowid LIMIT %s",
            [_fts5_query(words), CANDIDATES],
        )
        best = [row[0] for row in cursor.fetchall()]
    visible = set(_visible(terms).filter(pk__in=best).values_list("pk", flat=True))
    return [pk for pk in best if pk in visible]


def _postgres_page(query: str, ids: list[int]) -> list[SearchEntry]:
    """The page's entries with ts_headline snippets, made for these rows only."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

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

    text = Concat(F("short_answer"), Value("\n\n"), F("body"), output_field=TextField())
    rows = SearchEntry.objects.filter(pk__in=ids).annotate(
        title_headline=headline(F("title"), highlight_all=True),
        snippet_headline=headline(
            text, max_words=40, min_words=20, max_fragments=2, fragment_delimiter=" … "
        ),
    )
    return _in_order(rows, ids)


def _in_order(rows, ids: list[int]) -> list[SearchEntry]:
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _hit(entry: SearchEntry, words: list[str] | None) -> SearchHit:
    if words is None:  # PostgreSQL: ts_headline has marked the matches
        title_html = marks_to_html(entry.title_headline)
        snippet_html = marks_to_html(markdown_to_text(entry.snippet_headline))
    else:
        title_html = highlight(entry.title, words)
        text = markdown_to_text(f"{entry.short_answer}\n\n{entry.body}")
        snippet_html = highlight(excerpt(text, words, SNIPPET_WIDTH), words)
    return SearchHit(
        url=entry.get_absolute_url(),
        title_html=mark_safe(title_html),  # noqa: S308 (escaped by snippets, only <mark> added)
        snippet_html=mark_safe(snippet_html),  # noqa: S308 (as above)
        approved=entry.approved,
    )


def search_articles(
    query: str, *, page: str | int | None = 1, policy_terms: PolicyTerms
) -> SearchResults:
    """One page of the articles readers may see under the policy ``policy_terms``
    matching ``query`` (already normalized), best first."""
    if connection.vendor == "postgresql":
        words = None
        ranked = _postgres_ranked(query, policy_terms)
    else:
        words = _query_terms(query)
        ranked = _sqlite_ranked(words, policy_terms) if words else []
    result_page = Paginator(ranked, RESULTS_PER_PAGE).get_page(page)
    ids = list(result_page.object_list)
    if words is None:
        entries = _postgres_page(query, ids)
    else:
        entries = _in_order(SearchEntry.objects.filter(pk__in=ids), ids)
    return SearchResults(query=query, page=result_page, hits=[_hit(e, words) for e in entries])
