"""Deciding on the review desk: in one step, with the typed text kept on any refusal,
the state and the approvals counted after each decision, and the way on to the next item."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outbox.models import OutgoingEmail
from reviews import notifications
from reviews import services as review
from reviews.models import ReviewDecision, ReviewItem, ReviewState, Revision
from tests.factories import ArticleFactory, approved_policy

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueue/"


def desk(item_id: int) -> str:
    return reverse("admin:reviews_reviewqueue_review", args=[item_id])


APPROVAL = {"action": "approve", "approve-conflict_of_interest": "none"}


@pytest.fixture
def two_needed(alice_editor, bob_reviewer, carol_reviewer):
    with notifications.muted():
        approved_policy(
            editor=alice_editor,
            approvers=[bob_reviewer],
            body_markdown="Board members approve every answer.",
            change_note="Two approvals",
            approvals_required=2,
        )


@pytest.fixture
def two_waiting(alice_editor):
    first = review.submit(ArticleFactory(by=alice_editor, title="First question?"), by=alice_editor)
    second = review.submit(
        ArticleFactory(by=alice_editor, title="Second question?"), by=alice_editor
    )
    return first, second


def test_a_free_item_is_claimed_and_approved_in_one_step(client, two_waiting, bob_reviewer):
    first, _ = two_waiting
    client.force_login(bob_reviewer)
    html = client.get(desk(first.item_id)).content.decode()
    assert 'value="approve"' in html, "the forms are there before claiming"
    assert "Deciding claims it for you" in html
    response = client.post(desk(first.item_id), APPROVAL, follow=True)
    html = response.content.decode()
    assert "This revision is now live." in html
    assert "Revision 1 is approved and live." in html, "the desk shows the new state"
    assert 'value="claim"' not in html
    assert Revision.objects.get(pk=first.pk).status == ReviewState.APPROVED


def test_a_refused_request_for_changes_keeps_the_comment(
    client, two_waiting, bob_reviewer, carol_reviewer
):
    first, _ = two_waiting
    review.claim(first.item, by=bob_reviewer)
    client.force_login(carol_reviewer)
    response = client.post(
        desk(first.item_id),
        {
            "action": "request_changes",
            "changes-comment": "The second paragraph overstates the risk.",
            "changes-conflict_of_interest": "none",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "has claimed this item; only they can decide" in html
    assert "The second paragraph overstates the risk." in html
    assert not ReviewDecision.objects.filter(reviewer=carol_reviewer).exists()


def test_a_refused_approval_keeps_the_date_and_changes_nothing(
    client, two_waiting, bob_reviewer, carol_reviewer
):
    first, _ = two_waiting
    review.claim(first.item, by=bob_reviewer)
    client.force_login(carol_reviewer)
    response = client.post(
        desk(first.item_id),
        {
            **APPROVAL,
            "approve-comment": "Careful words",
            "approve-literature_current_through": "2026-11-02",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Careful words" in html and 'value="2026-11-02"' in html
    assert ReviewItem.objects.get(pk=first.item_id).claimed_by == bob_reviewer


def test_the_first_of_two_approvals_is_counted_on_the_desk_and_in_the_queue(
    client, two_needed, two_waiting, alice_editor, bob_reviewer, carol_reviewer
):
    first, second = two_waiting
    client.force_login(bob_reviewer)
    response = client.post(desk(first.item_id), APPROVAL, follow=True)
    html = response.content.decode()
    assert "Approval 1 of 2 recorded: more approvals are needed" in html
    assert "Revision 1 is under review (1 of 2 approvals recorded)." in html
    assert "You approved this revision." in html
    assert 'value="claim"' not in html and 'value="approve"' not in html
    assert (
        f'<a href="{desk(second.item_id)}">Next item waiting for you: Second question?</a>' in html
    )
    [email] = OutgoingEmail.objects.filter(recipient=alice_editor.email)
    assert email.subject.endswith("approval 1 of 2 recorded")

    queue = client.get(QUEUE).content.decode()
    assert "1 of 2" in queue and "you approved" in queue
    assert "2 items waiting" in queue and "review queue" not in queue.split("</h1>")[1]
    assert "<summary>Show</summary>" in queue and "By show" not in queue

    client.force_login(carol_reviewer)
    queue = client.get(QUEUE).content.decode()
    assert "1 of 2" in queue and "you approved" not in queue
    html = client.post(desk(first.item_id), APPROVAL, follow=True).content.decode()
    assert "This revision is now live." in html
    assert "Revision 1 is approved and live." in html


def test_the_editor_sees_why_they_cannot_decide(client, two_waiting, alice_editor, ada_admin):
    from reviews.services.board import add_board_member

    add_board_member(user=alice_editor, credentials="MD, Oncology", by=ada_admin, reason="Joined")
    first, _ = two_waiting
    client.force_login(alice_editor)
    html = client.get(desk(first.item_id)).content.decode()
    assert "You wrote or submitted this content" in html
    assert 'value="approve"' not in html and 'value="claim"' not in html
