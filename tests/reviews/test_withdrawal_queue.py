"""Withdrawing an article while an update of it waits for the board: the update is
closed, undecided and on the record, and it leaves the review queue for good."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from articles import services as article_services
from reviews import selectors
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import AuditEvent, AuditEventKind, ReviewItem, ReviewState, Revision
from tests.factories import ArticleFactory
from tests.reviews.test_workflow import assert_refused

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueue/"


def queue_titles(client, user) -> list[str]:
    client.force_login(user)
    html = client.get(QUEUE).content.decode()
    return re.findall(r'<td class="field-title_link"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def live_article(alice_editor, bob_reviewer):
    article = ArticleFactory(
        by=alice_editor, title="Is a low count bad?", topic="Blood counts", short_answer="Rarely."
    )
    first = review.submit(article, by=alice_editor)
    review.start_review(first, by=bob_reviewer)
    review.approve(first, by=bob_reviewer)
    return article


@pytest.fixture
def pending_update(live_article, alice_editor):
    """Revision 2 of the live article, submitted and waiting for the board."""
    article_services.edit_article(
        live_article, by=alice_editor, reason="New data", short_answer="Seldom, and briefly."
    )
    return review.submit(live_article, by=alice_editor, note="Updated to 2026 guidance.")


def withdraw(article, by):
    return review.withdraw(
        ReviewItem.objects.get(pk=article.review_item_id),
        by=by,
        reason="The advice no longer matches current guidance.",
    )


@pytest.mark.parametrize("under_review", [False, True], ids=["submitted", "under review"])
def test_a_withdrawn_article_with_an_update_waiting_leaves_the_queue(
    client, live_article, pending_update, bob_reviewer, carol_reviewer, under_review
):
    if under_review:
        review.start_review(pending_update, by=carol_reviewer)
    assert queue_titles(client, carol_reviewer) == ["Is a low count bad?"]

    withdraw(live_article, bob_reviewer)

    assert queue_titles(client, carol_reviewer) == []
    assert not selectors.queue(selectors.current_terms()).exists()
    assert selectors.waiting_for(carol_reviewer, selectors.current_terms()) == 0


def test_the_waiting_update_is_closed_on_the_record_and_cannot_be_approved(
    live_article, pending_update, bob_reviewer, carol_reviewer
):
    withdraw(live_article, bob_reviewer)

    closed = Revision.objects.get(pk=pending_update.pk)
    assert closed.status == ReviewState.WITHDRAWN
    assert closed.snapshot == pending_update.snapshot, "kept whole, never deleted"
    assert closed.approved_at is None
    newest_history = closed.history.order_by("-history_date", "-history_id").first()
    assert newest_history.history_user == bob_reviewer
    assert "the board withdrew this content" in newest_history.history_change_reason
    assert "no longer matches current guidance" in newest_history.history_change_reason
    event = AuditEvent.objects.get(kind=AuditEventKind.WITHDRAW)
    assert event.data["closed_revision"] == closed.number

    refusal = "withdrew this content on"
    assert_refused(lambda: review.start_review(closed, by=carol_reviewer), refusal)
    assert_refused(lambda: review.approve(closed, by=carol_reviewer), refusal)
    assert_refused(
        lambda: review.request_changes(closed, by=carol_reviewer, comment="Fix it"), refusal
    )
    item = ReviewItem.objects.get(pk=closed.item_id)
    assert_refused(lambda: review.claim(item, by=carol_reviewer), refusal)
    assert_refused(lambda: review.reconfirm(item, by=carol_reviewer), refusal)
    assert item.live_revision.number == 1 and item.reader_revision() is None


def test_an_update_withdrawn_while_under_review_cannot_be_approved_by_its_reviewer(
    live_article, pending_update, bob_reviewer, carol_reviewer
):
    """Carol had the update under review when Bob withdrew the article: her approval
    is refused with the reason, and readers are shown nothing of either revision."""
    review.start_review(pending_update, by=carol_reviewer)
    withdraw(live_article, bob_reviewer)
    assert_refused(
        lambda: review.approve(Revision.objects.get(pk=pending_update.pk), by=carol_reviewer),
        "can no longer be reviewed or approved",
    )
    item = ReviewItem.objects.get(pk=pending_update.item_id)
    assert item.live_revision.number == 1
    assert item.reader_revision() is None


def test_a_withdrawn_article_due_for_re_review_is_not_in_the_queue(
    client, live_article, bob_reviewer, carol_reviewer
):
    item = ReviewItem.objects.get(pk=live_article.review_item_id)
    item.last_reviewed_at = timezone.now() - datetime.timedelta(days=3650)
    save_recorded(item, by=None, reason="Test: reviewed long ago")
    assert queue_titles(client, carol_reviewer) == ["Is a low count bad?"]

    withdraw(live_article, bob_reviewer)

    assert queue_titles(client, carol_reviewer) == []
    assert not selectors.rereview_due_items(selectors.current_terms()).exists()


def test_a_revision_left_waiting_by_an_earlier_withdrawal_stays_out_of_the_queue(
    client, live_article, pending_update, bob_reviewer, carol_reviewer
):
    """Content withdrawn before withdrawal closed waiting updates: the queue leaves
    it out all the same, and approving its update is refused."""
    item = ReviewItem.objects.get(pk=live_article.review_item_id)
    item.withdrawn_at = timezone.now()
    item.withdrawal_reason = "Superseded."
    save_recorded(item, by=bob_reviewer, reason="Test: withdrawn by an earlier version")
    assert Revision.objects.get(pk=pending_update.pk).status == ReviewState.SUBMITTED

    assert queue_titles(client, carol_reviewer) == []
    assert_refused(
        lambda: review.start_review(pending_update, by=carol_reviewer), "withdrew this content"
    )


def test_an_article_withdrawn_before_its_first_approval_leaves_the_queue(
    client, alice_editor, bob_reviewer, carol_reviewer
):
    """Readers could read it while it waited (the policy shows content waiting for
    review); withdrawn, its only revision is closed on the record and leaves the queue."""
    article = ArticleFactory(by=alice_editor, title="Is a fever urgent?", topic="Fever")
    waiting = review.submit(article, by=alice_editor)
    assert queue_titles(client, carol_reviewer) == ["Is a fever urgent?"]

    decision = withdraw(article, bob_reviewer)

    assert decision.revision == waiting
    assert Revision.objects.get(pk=waiting.pk).status == ReviewState.WITHDRAWN
    assert queue_titles(client, carol_reviewer) == []
    assert_refused(lambda: review.start_review(waiting, by=carol_reviewer), "withdrew")
    assert client.get(f"/articles/{article.slug}/").status_code == 410


def test_the_desk_says_the_content_was_withdrawn_and_why(
    client, live_article, pending_update, bob_reviewer, carol_reviewer
):
    withdraw(live_article, bob_reviewer)
    client.force_login(carol_reviewer)
    html = client.get(f"/admin/reviews/reviewqueue/{live_article.review_item_id}/review/")
    text = html.content.decode()
    assert html.status_code == 200
    assert "The board withdrew this content on" in text
    assert "The advice no longer matches current guidance." in text
    assert "waits for a board member" not in text


def test_the_withdrawal_refusal_is_one_whole_sentence(
    live_article, pending_update, bob_reviewer, carol_reviewer
):
    withdraw(live_article, bob_reviewer)
    item = ReviewItem.objects.get(pk=live_article.review_item_id)
    with pytest.raises(review.TransitionRefused) as refusal:
        review.claim(item, by=carol_reviewer)
    assert str(refusal.value) == (
        f"The medical board withdrew this content on {item.withdrawn_at:%-d %B %Y}: "
        "its revisions can no longer be reviewed or approved."
    )
