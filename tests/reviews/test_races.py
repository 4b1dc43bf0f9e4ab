"""Concurrent reviewers on PostgreSQL: row locks serialise the workflow.

SQLite has no row locks (select_for_update does nothing there), so these run
only on PostgreSQL: `make test` runs the suite there whenever it answers, and
CI requires it.
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import AuditEvent, DecisionKind, ReviewDecision, ReviewItem, ReviewState
from tests.factories import ArticleFactory, make_board_member, make_editor

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="row locks need PostgreSQL (SQLite ignores select_for_update); "
        "make test runs this file again on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 20


def run_at_once(calls):
    """Run each call in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def worker(call):
        try:
            barrier.wait(timeout=30)
            call()
            outcome = ("done", "")
        except review.TransitionRefused as refusal:
            outcome = ("refused", str(refusal))
        except Exception as error:  # anything else is a bug the test must show
            outcome = ("error", repr(error))
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.fixture
def board():
    return [make_board_member(f"racer{n}") for n in range(THREADS)]


@pytest.fixture
def waiting_revision(board):
    editor = make_editor("race_editor")
    article = ArticleFactory(by=editor, slug="a-contested-question")
    revision = review.submit(article, by=editor)
    return review.start_review(revision, by=board[0])


def test_twenty_reviewers_approving_at_once_give_one_approval(board, waiting_revision):
    outcomes = run_at_once(
        [lambda member=member: review.approve(waiting_revision, by=member) for member in board]
    )
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds.count("error") == 0, outcomes
    assert kinds == ["done"] + ["refused"] * (THREADS - 1)
    assert all("already approved" in why for kind, why in outcomes if kind == "refused")

    waiting_revision.refresh_from_db()
    assert waiting_revision.status == ReviewState.APPROVED
    assert ReviewDecision.objects.filter(kind=DecisionKind.APPROVE).count() == 1
    statuses = list(
        waiting_revision.history.order_by("history_date").values_list("status", flat=True)
    )
    assert statuses == ["submitted", "under_review", "approved"], "no lost or extra history"
    item = ReviewItem.objects.get(pk=waiting_revision.item_id)
    assert item.live_revision_id == waiting_revision.pk
    assert AuditEvent.objects.filter(kind="approve").count() == 1
    assert verify_chain().ok


def test_a_claim_race_has_one_holder(board, waiting_revision):
    item = waiting_revision.item
    outcomes = run_at_once(
        [lambda member=member: review.claim(item, by=member) for member in board]
    )
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["done"] + ["refused"] * (THREADS - 1), outcomes
    holder = ReviewItem.objects.get(pk=item.pk).claimed_by
    assert holder in board
    assert AuditEvent.objects.filter(kind="claim").count() == 1
    assert ReviewItem.history.filter(id=item.pk, claimed_by=holder).count() == 1
    assert verify_chain().ok


def test_the_audit_chain_stays_whole_under_concurrent_events(board):
    """Events on twenty different items at once still form one unbroken chain."""
    editor = make_editor("chain_editor")
    revisions = [
        review.submit(ArticleFactory(by=editor, slug=f"chain-{n}"), by=editor)
        for n in range(THREADS)
    ]
    outcomes = run_at_once(
        [
            lambda rev=rev, member=member: review.claim(rev.item, by=member)
            for rev, member in zip(revisions, board, strict=True)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["done"] * THREADS, outcomes
    report = verify_chain()
    assert report.ok, report.problem
    assert report.checked == 2 * THREADS
