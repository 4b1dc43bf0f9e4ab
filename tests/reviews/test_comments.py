"""Comments anchored to a passage: a board member comments on words of the revision,
the comment stays open across revisions until the editors resolve it (or its author
withdraws it), and no revision is approved while one is open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import services as article_services
from reviews import services as review
from reviews.models import CommentStatus, ReviewComment, ReviewDecision
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def desk(item_id: int) -> str:
    return reverse("admin:reviews_reviewqueue_review", args=[item_id])


@pytest.fixture
def submitted(alice_editor):
    article = ArticleFactory(
        by=alice_editor, body_markdown="Counts below **1.5** are low. Rest and drink water."
    )
    return review.submit(article, by=alice_editor)


def test_a_comment_must_quote_the_revision(submitted, bob_reviewer):
    with pytest.raises(review.TransitionRefused, match="not in this revision"):
        review.add_comment(submitted, by=bob_reviewer, quote="Counts above 9", body="?")
    # As shown on the page (rendered) or as written (Markdown), spaces and case aside.
    comment = review.add_comment(
        submitted, by=bob_reviewer, quote="counts below  1.5 are low", body="Say which count."
    )
    assert comment.status == CommentStatus.OPEN
    # A selection across the rendered page's markup reads its spaces its own way.
    assert review.add_comment(submitted, by=bob_reviewer, quote="below1.5 are", body="x")
    assert comment.history.get().history_user == bob_reviewer


def test_the_editor_cannot_comment_on_their_own_text(submitted, alice_editor, ada_admin):
    from reviews.services.board import add_board_member

    add_board_member(user=alice_editor, credentials="MD", by=ada_admin, reason="Joined")
    with pytest.raises(review.TransitionRefused, match="You wrote or submitted"):
        review.add_comment(submitted, by=alice_editor, quote="Rest", body="x")


def test_an_open_comment_blocks_approval_until_resolved_even_across_revisions(
    submitted, alice_editor, bob_reviewer, carol_reviewer
):
    comment = review.add_comment(
        submitted, by=bob_reviewer, quote="Rest and drink water.", body="Too vague."
    )
    with pytest.raises(review.TransitionRefused) as refused:
        review.decide(submitted.item, by=carol_reviewer, action="approve")
    assert str(refused.value) == (
        "1 comment on this content is still open: the editors resolve each one (or its "
        "author withdraws it) before it can be approved."
    )
    assert not ReviewDecision.objects.exists()
    assert submitted.item.claimed_by is None, "the refusal changed nothing, claim included"

    article = submitted.item.content_object
    article_services.edit_article(
        article, by=alice_editor, reason="Clearer", body_markdown="Counts below 1.5 are low."
    )
    second = review.submit(article, by=alice_editor)
    with pytest.raises(review.TransitionRefused, match="still open"):
        review.decide(second.item, by=carol_reviewer, action="approve")

    with pytest.raises(review.TransitionRefused, match="Only editors resolve"):
        review.resolve_comment(comment, by=carol_reviewer)
    with pytest.raises(review.TransitionRefused, match="Only the board member who wrote"):
        review.withdraw_comment(comment, by=carol_reviewer)
    review.resolve_comment(comment, by=alice_editor, reply="Removed the sentence.")
    decision = review.decide(second.item, by=carol_reviewer, action="approve")
    assert decision.revision == second


def test_comments_on_the_desk_from_writing_to_withdrawing(
    client, submitted, alice_editor, bob_reviewer
):
    url = desk(submitted.item_id)
    client.force_login(bob_reviewer)
    response = client.post(
        url,
        {"action": "comment", "comment-quote": "Counts above 9", "comment-body": "Hmm"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That passage is not in this revision" in html and "Hmm" in html, "text kept"
    response = client.post(
        url,
        {"action": "comment", "comment-quote": "Rest and drink water.", "comment-body": "Why?"},
        follow=True,
    )
    html = response.content.decode()
    assert "Comments on passages (1 open)" in html and "Rest and drink water." in html
    assert "1 comment on passages is still open: approving waits" in html
    response = client.post(url, {"action": "approve", "approve-conflict_of_interest": "none"})
    assert "1 comment on this content is still open" in response.content.decode()

    client.force_login(alice_editor)
    html = client.get(url).content.decode()
    assert 'value="resolve_comment"' in html
    comment = ReviewComment.objects.get()
    client.post(url, {"action": "resolve_comment", "comment": comment.pk, "reply": "Explained."})
    comment.refresh_from_db()
    assert (comment.status, comment.reply, comment.settled_by) == (
        "resolved",
        "Explained.",
        alice_editor,
    )
    html = client.get(url).content.decode()
    assert "Comments on passages (0 open)" in html and "Resolved by the editors" in html


def test_the_article_form_lists_open_comments(client, submitted, alice_editor, bob_reviewer):
    review.add_comment(submitted, by=bob_reviewer, quote="Rest and drink water.", body="Why?")
    client.force_login(alice_editor)
    article = submitted.item.content_object
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Open comments on passages (1)" in html and "Why?" in html
