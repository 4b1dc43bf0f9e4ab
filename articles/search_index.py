"""Keeps ``SearchEntry`` rows equal to what readers are shown of each article.

An article's entry holds the title, slug, topic, short answer and body (Markdown)
of the revision readers are shown (``ReviewItem.reader_revision``: the one
``shown_revision`` gives whenever the editorial policy shows the article). Every
workflow change to that revision calls :func:`refresh` inside its transaction
(through ``reviews.signals.reader_content_changing``), so no reader list, feed or
search shows a word readers cannot see on the article, nor misses one they can.
Editing the working copy changes nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.dispatch import receiver

from reviews.models import ReviewItem, ReviewState
from reviews.signals import reader_content_changing

from .models import Article, SearchEntry
from .snapshots import DEFAULT_WORDING
from .structured_data import modified_at

SEARCH_CONFIG = "english"


def _entry(article_id: int, item: ReviewItem) -> SearchEntry | None:
    shown = item.reader_revision()
    if shown is None:
        return None
    snapshot = shown.snapshot
    wording = snapshot["wordings"][DEFAULT_WORDING]
    return SearchEntry(
        article_id=article_id,
        title=snapshot["title"],
        slug=snapshot["slug"],
        topic=snapshot.get("topic", ""),
        short_answer=wording.get("short_answer", ""),
        body=wording.get("body_markdown", ""),
        approved=shown.status == ReviewState.APPROVED,
        modified_at=modified_at(shown),
    )


def _document_sql() -> str:
    return (
        f"setweight(to_tsvector('{SEARCH_CONFIG}', title), 'A') || "
        f"setweight(to_tsvector('{SEARCH_CONFIG}', short_answer), 'B') || "
        f"setweight(to_tsvector('{SEARCH_CONFIG}', body), 'C')"
    )


def _write(entries: list[SearchEntry], *, refreshed: Iterable[int] = ()) -> None:
    """Replace the entries of these articles (and, on PostgreSQL, their documents);
    the articles ``refreshed`` that have no entry now (withdrawn) lose theirs."""
    ids = [e.article_id for e in entries]
    SearchEntry.objects.filter(article_id__in=set(ids) | set(refreshed)).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    if connection.vendor == "postgresql" and ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE articles_searchentry SET document = {_document_sql()} "  # noqa: S608 (constant SQL)
                "WHERE article_id = ANY(%s)",
                [ids],
            )


def refresh(article_ids: Iterable[int]) -> int:
    """Rewrite the entries of these articles from their shown revisions; how many."""
    article_ids = list(article_ids)
    articles = Article.objects.filter(pk__in=article_ids, review_item__isnull=False)
    rows = articles.with_revisions()
    entries = [e for a in rows if (e := _entry(a.pk, a.review_item)) is not None]
    with transaction.atomic():
        _write(entries, refreshed=article_ids)
    return len(entries)


def rebuild() -> int:
    """Every entry afresh (``manage.py rebuild_search_index``)."""
    ids = list(Article.objects.filter(review_item__isnull=False).values_list("pk", flat=True))
    total = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for start in range(0, len(ids), 1000):
            total += refresh(ids[start : start + 1000])
    return total


@receiver(reader_content_changing)
def _shown_text_may_have_changed(sender, item_id, **kwargs):
    if sender is Article:
        refresh(Article.objects.filter(review_item_id=item_id).values_list("pk", flat=True))
