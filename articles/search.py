"""Search over what readers may see, with highlighted results.

Only ``Article.objects.live()`` is searched, and only the text readers are
shown: the snapshot of each article's shown revision (the live one, else the
latest submitted one), never the editable working copy, so a word added in an
unreviewed edit does not make an article findable.

On PostgreSQL this is full-text search (``websearch_to_tsquery`` with the
English configuration: stemming, ranking, ``ts_headline`` snippets). On SQLite,
which has no such thing built in, every word of the query must appear in the
title, short answer or body (case-insensitive), and the words are highlighted
in Python. Either way a page of results costs two queries: the count and the
page.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Concat, Replace
from django.utils.safestring import SafeString, mark_safe

from .models import Article
from .snapshots import DEFAULT_WORDING
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

# Where each searched text sits in a revision snapshot.
_SNAPSHOT_PATHS = {
    "shown_title": "title",
    "shown_short_answer": f"wordings__{DEFAULT_WORDING}__short_answer",
    "shown_body": f"wordings__{DEFAULT_WORDING}__body_markdown",
}


class QueryTooLong(ValueError):
    """The query is longer than MAX_QUERY_LENGTH; the message is for the person."""


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
    """The query as searched: whitespace collapsed. Raises QueryTooLong."""
    query = " ".join((raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(
            f"Your search is {len(query)} characters long. "
            f"Keep it to {MAX_QUERY_LENGTH} characters or fewer."
        )
    return query


def _snapshot_text(revision: str, path: str) -> KeyTextTransform:
    """The text at ``path`` (keys joined by "__") in the snapshot of ``revision``."""
    *keys, last = path.split("__")
    expression = f"review_item__{revision}__snapshot"
    for key in keys:
        expression = KeyTransform(key, expression)
    return KeyTextTransform(last, expression)


def _shown(path: str) -> Case:
    """A text of the shown revision's snapshot: the live revision's, else the latest's."""
    return Case(
        When(review_item__live_revision__isnull=False, then=_snapshot_text("live_revision", path)),
        default=_snapshot_text("latest_revision", path),
        output_field=TextField(),
    )


def _searchable() -> QuerySet[Article]:
    return Article.objects.live().select_related("review_item")


def _query_terms(query: str) -> list[str]:
    """The words of a query for the SQLite fallback, quotes stripped, each once."""
    terms = []
    for word in query.split():
        term = word.strip("\"'")
        if term and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms


def _postgres_matches(query: str) -> QuerySet[Article]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    # websearch syntax: any input is a valid query ("quoted phrases", -not, or).
    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    document = (
        SearchVector("shown_title", config=SEARCH_CONFIG, weight="A")
        + SearchVector("shown_short_answer", config=SEARCH_CONFIG, weight="B")
        + SearchVector("shown_body", config=SEARCH_CONFIG, weight="C")
    )

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
        _searchable()
        .alias(**{name: _shown(path) for name, path in _SNAPSHOT_PATHS.items()})
        .alias(document=document)
        .filter(document=ts_query)
        .annotate(
            rank=SearchRank(document, ts_query),
            title_headline=headline(F("shown_title"), highlight_all=True),
            snippet_headline=headline(
                text, max_words=40, min_words=20, max_fragments=2, fragment_delimiter=" … "
            ),
        )
        .order_by("-rank", "shown_title", "pk")
    )


def _fallback_matches(terms: list[str]) -> QuerySet[Article]:
    """Every term in the title, short answer or body; ranked by where the terms are."""
    matches = _searchable().annotate(
        **{name: _shown(path) for name, path in _SNAPSHOT_PATHS.items()}
    )
    rank = Value(0, output_field=IntegerField())
    for term in terms:
        found_in = {
            name: Q(**{f"{name}__icontains": term})
            for name in ("shown_title", "shown_short_answer", "shown_body")
        }
        matches = matches.filter(reduce(operator.or_, found_in.values()))
        for name, weight in (("shown_title", 3), ("shown_short_answer", 2), ("shown_body", 1)):
            rank = rank + Case(
                When(found_in[name], then=Value(weight)),
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
        url=article.get_absolute_url(),
        title_html=mark_safe(title_html),  # noqa: S308 (escaped by snippets, only <mark> added)
        snippet_html=mark_safe(snippet_html),  # noqa: S308 (as above)
        approved=article.review_item.live_revision_id is not None,
    )


def search_articles(query: str, *, page: str | int | None = 1) -> SearchResults:
    """One page of the live articles matching ``query`` (already normalized), best first."""
    if connection.vendor == "postgresql":
        matches, terms = _postgres_matches(query), None
    else:
        terms = _query_terms(query)
        matches = _fallback_matches(terms) if terms else Article.objects.none()
    result_page = Paginator(matches, RESULTS_PER_PAGE).get_page(page)
    hits = [_hit(article, terms) for article in result_page.object_list]
    return SearchResults(query=query, page=result_page, hits=hits)
