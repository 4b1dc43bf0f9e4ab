"""The search index: equal to the text readers are shown, and used by every search."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from articles import search_index
from articles import services as article_services
from articles.models import SearchEntry
from reviews import services as review
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def entry(article) -> SearchEntry:
    return SearchEntry.objects.get(article=article)


def test_the_entry_follows_the_shown_revision(alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor, body_markdown="First words about platelets.")
    assert not SearchEntry.objects.filter(article=article).exists()  # a draft: not searchable

    first = review.submit(article, by=alice_editor)
    assert entry(article).body == "First words about platelets."
    assert not entry(article).approved

    review.start_review(first, by=bob_reviewer)
    review.approve(first, by=bob_reviewer)
    assert entry(article).approved

    # An unreviewed edit and its submission leave the live text (and the entry) alone.
    article_services.edit_article(
        article, by=alice_editor, reason="Update", body_markdown="Second words about ferritin."
    )
    second = review.submit(article, by=alice_editor)
    assert entry(article).body == "First words about platelets."

    review.start_review(second, by=bob_reviewer)
    review.approve(second, by=bob_reviewer)
    assert entry(article).body == "Second words about ferritin."


def test_rebuilding_gives_the_same_entries(alice_editor, bob_reviewer):
    for n in range(3):
        review.submit(ArticleFactory(by=alice_editor, body_markdown=f"Fact {n}."), by=alice_editor)
    before = list(SearchEntry.objects.order_by("pk").values("pk", "title", "body", "approved"))
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = list(SearchEntry.objects.order_by("pk").values("pk", "title", "body", "approved"))
    assert after == before and len(after) == 3


def test_sqlite_search_understands_word_forms(client, alice_editor):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    article = ArticleFactory(by=alice_editor, title="What is a neutrophil count?")
    review.submit(article, by=alice_editor)
    html = client.get("/search/", {"q": "neutrophils counting"}).content.decode()
    assert "What is a neutrophil count?" in html


@pytest.mark.parametrize("term", ['say "hi"', "a*b", "NEAR(x y)", "col:umn", "-x", "AND OR NOT"])
def test_fts5_syntax_in_a_query_is_taken_literally(client, alice_editor, term):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    review.submit(ArticleFactory(by=alice_editor), by=alice_editor)
    assert client.get("/search/", {"q": term}).status_code == 200


def test_fts5_operators_are_searched_as_words(client, alice_editor):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    article = ArticleFactory(by=alice_editor, title="Fever and not eating: what now?")
    review.submit(article, by=alice_editor)
    for query in ("AND NOT", '"and" not', "NOT eating"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert f'href="{article.get_absolute_url()}"' in html, query


def test_search_uses_the_index(alice_editor):
    review.submit(ArticleFactory(by=alice_editor, body_markdown="Neutrophil."), by=alice_editor)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM articles_search_fts "
                "WHERE articles_search_fts MATCH %s",
                ['"neutrophil"*'],
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT article_id FROM articles_searchentry "
                "WHERE document @@ websearch_to_tsquery('english', %s)",
                ["neutrophil"],
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "search_entry_document_gin" in plan


def test_refresh_of_an_article_without_a_revision_writes_nothing(alice_editor):
    article = ArticleFactory(by=alice_editor)
    assert search_index.refresh([article.pk]) == 0
    assert not SearchEntry.objects.exists()


@pytest.mark.slow
def test_on_postgres_search_at_scale_reads_only_the_matches(db):
    """With 800 more articles, the index's matches are looked up by key: no search reads
    every review item, and the index takes entries in at once (no pending list)."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's; make test runs this file again on PostgreSQL")
    from articles.search import search_articles
    from reviews.selectors import current_terms
    from tests.helpers import load_demo_at_scale

    load_demo_at_scale()
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        results = search_articles("neutrophil", policy_terms=current_terms())
    assert results.count > 0
    [(ranked, params)] = [(sql, p) for sql, p in statements if "ts_rank" in sql]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + ranked, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'search_entry_document_gin'"
        )
        options = cursor.fetchone()[0]
    assert "Seq Scan on reviews_reviewitem" not in plan, plan
    assert "fastupdate=off" in options
