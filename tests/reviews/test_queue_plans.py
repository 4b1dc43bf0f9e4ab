"""The review queue reads its rows through indexes on PostgreSQL, so its cost follows
the number of waiting items, not the number of items or revisions (query plans)."""

from __future__ import annotations

import pytest
from django.db import connection

from reviews import selectors
from reviews.models import ReviewItem
from tests.helpers import load_demo_at_scale

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.postgres_only]


@pytest.fixture
def many_approved_items():
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's; make test runs this file again on PostgreSQL")
    load_demo_at_scale()


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_queue_reads_through_indexes(many_approved_items):
    terms = selectors.current_terms()
    pending = plan_of(ReviewItem.objects.filter(selectors.pending_q()).values("pk"))
    due = plan_of(ReviewItem.objects.filter(selectors.rereview_due_q(terms)).values("pk"))
    assert "revision_status_idx" in pending, pending
    assert "Seq Scan on reviews_revision" not in pending, pending
    assert "reviewitem_last_reviewed_idx" in due, due
    # Then the page is read by primary key, the revisions joined by theirs.
    queue = selectors.queue(terms)
    assert 0 < queue.count() < 10
    plan = plan_of(queue)
    assert "reviews_reviewitem_pkey" in plan, plan
    assert "Seq Scan on reviews_revision" not in plan, plan
