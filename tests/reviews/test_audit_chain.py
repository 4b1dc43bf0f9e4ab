"""The hash-chained event log: every workflow event is in it, and tampering is found."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import AuditEvent
from tests.factories import ArticleFactory, approved_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(alice_editor, bob_reviewer, carol_reviewer):
    """One item through every kind of workflow event."""
    article = ArticleFactory(by=alice_editor)
    first = review.submit(article, by=alice_editor)
    review.start_review(first, by=carol_reviewer)
    review.request_changes(first, by=carol_reviewer, comment="Add a source.")
    from articles import services as article_services

    article_services.edit_article(article, by=alice_editor, reason="Source", topic="Blood")
    second = review.submit(article, by=alice_editor)
    review.claim(second.item, by=bob_reviewer)
    review.release(second.item, by=bob_reviewer)
    review.claim(second.item, by=bob_reviewer)
    review.approve(second, by=bob_reviewer)
    review.reconfirm(second.item, by=carol_reviewer)
    approved_policy(editor=alice_editor, approvers=[bob_reviewer], change_note="First version")
    return article


def test_every_workflow_event_is_appended_in_order(story):
    kinds = list(AuditEvent.objects.order_by("sequence").values_list("kind", flat=True))
    assert kinds == [
        "submit",
        "start_review",
        "request_changes",
        "submit",
        "claim",
        "release",
        "claim",
        "approve",
        "reconfirm",
        # The editorial policy goes through the same workflow.
        "submit",
        "claim",
        "approve",
    ]
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, 13))
    assert events[7].actor is not None and events[7].data["went_live"] is True
    for before, after in zip(events, events[1:], strict=False):
        assert after.previous_hash == before.entry_hash


def test_an_untouched_chain_verifies(story):
    report = verify_chain()
    assert report.ok and report.checked == 12
    call_command("verify_audit", verbosity=0)


def test_an_edit_with_raw_sql_is_reported_by_name(story):
    target = AuditEvent.objects.get(sequence=4)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_auditevent SET summary = %s WHERE id = %s",
            ["Nothing happened here", target.pk],
        )
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", verbosity=0)
    assert "Audit event #4 (submit" in str(error.value)
    assert "does not match its keyed hash" in str(error.value)


def test_a_deleted_entry_is_reported(story):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_auditevent WHERE sequence = 6")
    report = verify_chain()
    assert not report.ok
    assert "Audit event #6 is missing" in report.problem


def test_a_rehashed_forgery_is_still_found(story):
    """Recomputing the edited entry's own hash breaks the link to the next entry."""
    from reviews.audit import compute_hash

    target = AuditEvent.objects.get(sequence=3)
    target.summary = "Forged"
    forged_hash = compute_hash(target)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_auditevent SET summary = %s, entry_hash = %s WHERE id = %s",
            ["Forged", forged_hash, target.pk],
        )
    report = verify_chain()
    assert not report.ok
    assert "Audit event #4" in report.problem and "does not follow" in report.problem


def test_removing_the_last_entries_is_reported(story):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_auditevent WHERE sequence >= 9")
    report = verify_chain()
    assert not report.ok
    assert "entries were removed from the end" in report.problem


def test_events_cannot_be_changed_or_deleted_through_the_orm(story):
    from reviews.history import DeletionRefused, ImmutableRecord

    event = AuditEvent.objects.first()
    event.summary = "changed"
    with pytest.raises(ImmutableRecord):
        event.save()
    with pytest.raises(DeletionRefused):
        event.delete()
