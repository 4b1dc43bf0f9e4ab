"""Scheduled publishing: an approved revision goes live at its time, not before."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import services as article_services
from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import AuditEvent, AuditEventKind, ReviewItem, ReviewState

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def approve_now(article, editor, reviewer, **kwargs):
    revision = review.submit(article, by=editor)
    review.start_review(revision, by=reviewer)
    return review.approve(revision, by=reviewer, **kwargs).revision


def update(article, editor, body):
    article_services.edit_article(article, by=editor, reason="Update", body_markdown=body)
    return review.submit(article, by=editor)


@pytest.fixture
def live_article(draft_article, alice_editor, bob_reviewer):
    approve_now(draft_article, alice_editor, bob_reviewer)
    return draft_article


@pytest.fixture
def scheduled(live_article, alice_editor, bob_reviewer):
    """An approved update that goes live in an hour."""
    revision = update(live_article, alice_editor, "## Updated\n\nNew advice.")
    review.start_review(revision, by=bob_reviewer)
    when = timezone.now() + HOUR
    review.approve(revision, by=bob_reviewer, go_live_at=when)
    revision.refresh_from_db()
    return revision, when


def page(client, article, **params):
    return client.get(f"/articles/{article.slug}/", params).content.decode()


def test_readers_keep_the_live_text_until_the_time(
    client, live_article, scheduled, django_capture_on_commit_callbacks
):
    revision, when = scheduled
    item = ReviewItem.objects.get(pk=revision.item_id)
    assert revision.status == ReviewState.APPROVED
    assert item.live_revision_id != revision.pk
    assert (item.scheduled_revision_id, item.go_live_at) == (revision.pk, when)
    html = page(client, live_article)
    assert "New advice" not in html
    assert "It will be published on" in html

    assert review.publish_due(now=when - datetime.timedelta(seconds=1)) == []
    with django_capture_on_commit_callbacks(execute=True):  # the commit moves the stamp
        assert review.publish_due(now=when) == [item.pk]
    item.refresh_from_db()
    assert item.live_revision_id == revision.pk
    assert (item.scheduled_revision_id, item.go_live_at) == (None, None)
    assert item.last_reviewed_at == revision.approved_at
    html = page(client, live_article)
    assert "New advice" in html and "It will be published on" not in html
    assert review.publish_due(now=when + HOUR) == []  # nothing twice


def test_a_reader_after_the_time_sees_the_update_and_only_the_scheduler_publishes(
    client, live_article, scheduled, monkeypatch
):
    revision, when = scheduled
    assert "New advice" not in page(client, live_article)  # cached now
    later = when + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "New advice" in page(client, live_article)
    # Reading changed nothing: the scheduler publishes, never a reader's request.
    assert not AuditEvent.objects.filter(kind=AuditEventKind.PUBLISH).exists()
    assert ReviewItem.objects.get(pk=revision.item_id).scheduled_revision_id == revision.pk
    review.publish_due()
    event = AuditEvent.objects.filter(kind=AuditEventKind.PUBLISH).get()
    assert event.actor is None and event.revision_id == revision.pk
    assert "New advice" in page(client, live_article)
    assert verify_chain().ok


def test_the_command_publishes_what_is_due(live_article, scheduled, monkeypatch, capsys):
    revision, when = scheduled
    call_command("publish_scheduled")
    assert "Published 0 scheduled revisions" in capsys.readouterr().out
    monkeypatch.setattr(timezone, "now", lambda: when + HOUR)
    call_command("publish_scheduled")
    assert "Published 1 scheduled revision." in capsys.readouterr().out
    assert ReviewItem.objects.get(pk=revision.item_id).live_revision_id == revision.pk


def test_a_time_in_the_past_is_refused_and_nothing_changes(
    live_article, alice_editor, bob_reviewer
):
    revision = update(live_article, alice_editor, "Other text.")
    review.start_review(revision, by=bob_reviewer)
    with pytest.raises(review.TransitionRefused, match="already passed"):
        review.approve(revision, by=bob_reviewer, go_live_at=timezone.now() - HOUR)
    revision.refresh_from_db()
    assert revision.status == ReviewState.UNDER_REVIEW
    assert not revision.decisions.exists()


def test_editors_move_the_time_or_publish_now_and_readers_cannot(
    live_article, scheduled, alice_editor, dave_reader, client
):
    revision, when = scheduled
    item = ReviewItem.objects.get(pk=revision.item_id)
    with pytest.raises(review.TransitionRefused, match="Only editors and board members"):
        review.reschedule(item, by=dave_reader, go_live_at=when + HOUR)
    with pytest.raises(review.TransitionRefused, match="already passed"):
        review.reschedule(item, by=alice_editor, go_live_at=timezone.now() - HOUR)

    review.reschedule(item, by=alice_editor, go_live_at=when + 2 * HOUR)
    item.refresh_from_db()
    assert item.go_live_at == when + 2 * HOUR
    assert AuditEvent.objects.filter(kind=AuditEventKind.SCHEDULE).count() == 1
    assert item.history.latest().history_change_reason.startswith("Go-live time moved")

    review.reschedule(item, by=alice_editor, go_live_at=None)
    item.refresh_from_db()
    assert item.live_revision_id == revision.pk
    assert "New advice" in page(client, live_article)
    with pytest.raises(review.TransitionRefused, match="waiting to go live"):
        review.reschedule(item, by=alice_editor, go_live_at=None)
    assert verify_chain().ok


def test_a_newer_approval_ends_an_older_schedule(
    live_article, scheduled, alice_editor, bob_reviewer
):
    revision, when = scheduled
    newer = update(live_article, alice_editor, "## Newest\n\nNewest advice.")
    review.start_review(newer, by=bob_reviewer)
    review.approve(newer, by=bob_reviewer)
    item = ReviewItem.objects.get(pk=revision.item_id)
    assert item.live_revision_id == newer.pk
    assert item.scheduled_revision_id is None
    # When the old time comes, nothing replaces the newer text.
    assert review.publish_due(now=when + HOUR) == []
    item.refresh_from_db()
    assert item.live_revision_id == newer.pk


def test_publishing_moves_the_reader_stamp(
    live_article, scheduled, django_capture_on_commit_callbacks
):
    from reviews.selectors import reader_stamp

    revision, when = scheduled
    before = reader_stamp()
    with django_capture_on_commit_callbacks(execute=True):
        review.publish_due(now=when)
    after = reader_stamp()
    assert after.token != before.token
    assert after.sequence > before.sequence


def test_the_review_desk_schedules_and_reschedules(
    client, live_article, alice_editor, bob_reviewer
):
    revision = update(live_article, alice_editor, "## Desk\n\nDesk advice.")
    item = ReviewItem.objects.get(pk=revision.item_id)
    client.force_login(bob_reviewer)
    desk = f"/admin/reviews/reviewqueue/{item.pk}/review/"
    client.post(desk, {"action": "claim"})
    later = timezone.localtime(timezone.now() + 3 * HOUR).replace(second=0, microsecond=0)

    bad = client.post(
        desk,
        {"action": "approve", "approve-conflict_of_interest": "none", "approve-go_live_at": "soon"},
    )
    assert bad.status_code == 400
    assert "Enter a date and time as YYYY-MM-DD HH:MM." in bad.content.decode()

    response = client.post(
        desk,
        {
            "action": "approve",
            "approve-conflict_of_interest": "none",
            "approve-go_live_at": later.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    assert "It goes live at" in response.content.decode()
    assert "Scheduled publication" in response.content.decode()
    item.refresh_from_db()
    assert item.go_live_at == later and item.scheduled_revision_id == revision.pk

    past = client.post(desk, {"action": "reschedule", "schedule-go_live_at": "2020-01-01T10:00"})
    assert past.status_code == 400
    assert "The go-live time must be in the future." in past.content.decode()

    client.force_login(alice_editor)
    client.post(desk, {"action": "publish_now"})
    item.refresh_from_db()
    assert item.live_revision_id == revision.pk
