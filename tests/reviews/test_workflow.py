"""The review workflow, driven through its public API, and each of its guards.

Each refusal test shows the sentence the person gets and that nothing changed:
no revision state, decision, item pointer or history row moved.
"""

from __future__ import annotations

import datetime

import pytest

from articles import services as article_services
from reviews import selectors as review_selectors
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import (
    BoardMember,
    DecisionKind,
    EditorialPolicyVersion,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)
from tests.factories import approved_policy

pytestmark = pytest.mark.django_db


def workflow_state():
    """Everything a transition could change, to compare before and after a refusal."""
    return {
        "revisions": sorted(Revision.objects.values_list("pk", "status", "approved_at")),
        "decisions": ReviewDecision.objects.count(),
        "items": sorted(
            ReviewItem.objects.values_list("pk", "latest_revision_id", "live_revision_id")
        ),
        "history": (
            Revision.history.count(),
            ReviewDecision.history.count(),
            ReviewItem.history.count(),
        ),
    }


def test_the_whole_workflow_end_to_end(draft_article, alice_editor, bob_reviewer, carol_reviewer):
    assert review_selectors.status_of(draft_article) == ReviewState.DRAFT
    assert review_selectors.latest_revision(draft_article) is None
    assert review_selectors.live_revision(draft_article) is None

    first = review.submit(draft_article, by=alice_editor, note="Ready for the board")
    draft_article.refresh_from_db()
    assert first.number == 1
    assert len(first.content_hash) == 64
    assert review_selectors.status_of(draft_article) == ReviewState.SUBMITTED
    assert review_selectors.latest_revision(draft_article) == first
    assert review_selectors.live_revision(draft_article) is None

    review.start_review(first, by=bob_reviewer)
    assert review_selectors.status_of(draft_article) == ReviewState.UNDER_REVIEW

    decision = review.request_changes(first, by=bob_reviewer, comment="Cite the guideline.")
    assert decision.kind == DecisionKind.REQUEST_CHANGES
    assert review_selectors.status_of(draft_article) == ReviewState.CHANGES_REQUESTED

    article_services.edit_article(
        draft_article, by=alice_editor, reason="Add the guideline", short_answer="Often harmless."
    )
    second = review.submit(draft_article, by=alice_editor, note="Guideline added")
    assert second.number == 2
    assert second.content_hash != first.content_hash
    review.start_review(second, by=carol_reviewer)
    approval = review.approve(second, by=carol_reviewer, comment="Accurate.")

    draft_article.refresh_from_db()
    assert review_selectors.status_of(draft_article) == ReviewState.APPROVED
    assert review_selectors.live_revision(draft_article) == second
    assert approval.reviewer_credentials == "MD, PhD, Infectious Diseases"
    assert approval.content_hash == second.content_hash

    # Editing approved content starts a new revision; readers keep the live one.
    article_services.edit_article(
        draft_article, by=alice_editor, reason="Clarify", short_answer="Usually harmless."
    )
    third = review.submit(draft_article, by=alice_editor)
    draft_article.refresh_from_db()
    assert review_selectors.status_of(draft_article) == ReviewState.SUBMITTED
    assert review_selectors.live_revision(draft_article) == second
    assert review_selectors.latest_revision(draft_article) == third


def test_snapshot_is_what_was_submitted_not_later_edits(draft_article, alice_editor):
    revision = review.submit(draft_article, by=alice_editor)
    article_services.edit_article(
        draft_article, by=alice_editor, reason="Edit", short_answer="Changed after submitting."
    )
    revision.refresh_from_db()
    assert "Changed after" not in str(revision.snapshot)
    assert revision.snapshot["wordings"]["default"]["short_answer"] == "Usually nothing serious."


@pytest.fixture
def under_review(draft_article, alice_editor, bob_reviewer):
    revision = review.submit(draft_article, by=alice_editor)
    return review.start_review(revision, by=bob_reviewer)


def assert_refused(call, expected_words: str):
    before = workflow_state()
    with pytest.raises(review.TransitionRefused) as refusal:
        call()
    assert expected_words in str(refusal.value)
    assert workflow_state() == before, "a refused transition must change nothing"


def test_only_editors_can_submit(draft_article, dave_reader, bob_reviewer):
    assert_refused(lambda: review.submit(draft_article, by=dave_reader), "Only editors")
    assert_refused(lambda: review.submit(draft_article, by=bob_reviewer), "Only editors")


def test_only_board_members_start_reviews(draft_article, alice_editor, erin_editor):
    revision = review.submit(draft_article, by=alice_editor)
    assert_refused(lambda: review.start_review(revision, by=erin_editor), "medical board")


def test_an_inactive_board_member_cannot_review(draft_article, alice_editor, bob_reviewer):
    revision = review.submit(draft_article, by=alice_editor)
    membership = BoardMember.objects.get(user=bob_reviewer)
    membership.is_active = False
    save_recorded(membership, by=None, reason="Left the board")
    assert_refused(lambda: review.start_review(revision, by=bob_reviewer), "medical board")


def test_only_board_members_approve(under_review, erin_editor, dave_reader):
    sentence = "Only active members of the medical board can approve content."
    assert_refused(lambda: review.approve(under_review, by=erin_editor), sentence)
    assert_refused(lambda: review.approve(under_review, by=dave_reader), sentence)


def test_only_board_members_request_changes(under_review, erin_editor):
    assert_refused(
        lambda: review.request_changes(under_review, by=erin_editor, comment="No"),
        "Only active members of the medical board can request changes.",
    )


@pytest.mark.parametrize("declared", [None, "", "   "])
def test_an_approval_needs_a_declaration_of_interests(under_review, bob_reviewer, declared):
    assert_refused(
        lambda: review.approve(under_review, by=bob_reviewer, conflict_of_interest=declared),
        'Declare any conflict of interest, or write "none".',
    )


def test_nobody_reviews_content_they_wrote(alice_editor, bob_reviewer, carol_reviewer):
    # Carol is on the board and also writes: she may not review her own article.
    from django.contrib.auth.models import Group

    carol_reviewer.groups.add(Group.objects.get(name="Editors"))
    article = article_services.create_article(
        by=carol_reviewer, title="Carol's question?", slug="carols-question", body_markdown="Text"
    )
    revision = review.submit(article, by=carol_reviewer)
    assert_refused(lambda: review.start_review(revision, by=carol_reviewer), "You wrote")
    review.start_review(revision, by=bob_reviewer)
    assert_refused(lambda: review.approve(revision, by=carol_reviewer), "You wrote")
    assert_refused(
        lambda: review.request_changes(revision, by=carol_reviewer, comment="Fine"), "You wrote"
    )


def test_nobody_reviews_content_they_edited(draft_article, alice_editor, bob_reviewer):
    from django.contrib.auth.models import Group

    bob_reviewer.groups.add(Group.objects.get(name="Editors"))
    article_services.edit_article(draft_article, by=bob_reviewer, reason="Fix a typo", topic="X")
    revision = review.submit(draft_article, by=alice_editor)
    assert_refused(lambda: review.start_review(revision, by=bob_reviewer), "You wrote")


def test_nobody_reviews_content_they_submitted(draft_article, alice_editor, bob_reviewer):
    from django.contrib.auth.models import Group

    bob_reviewer.groups.add(Group.objects.get(name="Editors"))
    revision = review.submit(draft_article, by=bob_reviewer)
    assert_refused(lambda: review.start_review(revision, by=bob_reviewer), "You wrote")


def test_request_for_changes_needs_a_comment(under_review, bob_reviewer):
    for empty in ["", "   ", "\n"]:
        assert_refused(
            lambda c=empty: review.request_changes(under_review, by=bob_reviewer, comment=c),
            "comment is required",
        )


def test_a_revision_no_longer_latest_cannot_be_approved(draft_article, alice_editor, bob_reviewer):
    first = review.submit(draft_article, by=alice_editor)
    review.start_review(first, by=bob_reviewer)
    article_services.edit_article(draft_article, by=alice_editor, reason="More", topic="Blood")
    review.submit(draft_article, by=alice_editor)
    assert_refused(lambda: review.approve(first, by=bob_reviewer), "no longer the latest")
    assert_refused(
        lambda: review.request_changes(first, by=bob_reviewer, comment="x"), "no longer the latest"
    )


def test_deciding_needs_a_started_review(draft_article, alice_editor, bob_reviewer):
    revision = review.submit(draft_article, by=alice_editor)
    assert_refused(lambda: review.approve(revision, by=bob_reviewer), "Start the review")


def test_identical_content_is_not_submitted_twice(draft_article, alice_editor):
    review.submit(draft_article, by=alice_editor)
    assert_refused(lambda: review.submit(draft_article, by=alice_editor), "already waiting")


def test_approved_content_needs_a_change_before_resubmitting(
    under_review, draft_article, alice_editor, bob_reviewer
):
    review.approve(under_review, by=bob_reviewer)
    assert_refused(lambda: review.submit(draft_article, by=alice_editor), "Nothing has changed")


def test_approval_needs_the_number_the_policy_sets(
    under_review, alice_editor, bob_reviewer, carol_reviewer
):
    approved_policy(
        editor=alice_editor,
        approvers=[carol_reviewer],
        change_note="Two approvals",
        approvals_required=2,
    )
    review.approve(under_review, by=bob_reviewer)
    under_review.refresh_from_db()
    assert under_review.status == ReviewState.UNDER_REVIEW, "one approval of two is not enough"
    assert under_review.item.live_revision is None

    # The same reviewer approving again does not count twice.
    assert_refused(lambda: review.approve(under_review, by=bob_reviewer), "already approved")

    review.approve(under_review, by=carol_reviewer)
    under_review.refresh_from_db()
    assert under_review.status == ReviewState.APPROVED
    assert under_review.item.live_revision_id == under_review.pk
    assert set(
        under_review.decisions.filter(kind=DecisionKind.APPROVE).values_list(
            "policy_version__number", flat=True
        )
    ) == {EditorialPolicyVersion.objects.get().number}


def test_a_future_policy_is_not_yet_in_force(
    under_review, alice_editor, bob_reviewer, carol_reviewer
):
    approved_policy(
        editor=alice_editor,
        approvers=[carol_reviewer],
        effective_date=datetime.date.today() + datetime.timedelta(days=30),
        change_note="Two approvals from next month",
        approvals_required=2,
    )
    review.approve(under_review, by=bob_reviewer)
    under_review.refresh_from_db()
    assert under_review.status == ReviewState.APPROVED


def test_an_approved_revision_cannot_be_approved_again(under_review, bob_reviewer, carol_reviewer):
    review.approve(under_review, by=bob_reviewer)
    assert_refused(lambda: review.approve(under_review, by=carol_reviewer), "already approved")


def test_a_contributor_cannot_claim_their_own_content(draft_article, alice_editor):
    from django.contrib.auth.models import Group

    from tests.factories import make_board_member

    # Fay writes and sits on the board: she may not hold her own article for review.
    fay = make_board_member("fay_writer_reviewer")
    fay.groups.add(Group.objects.get(name="Editors"))
    article_services.edit_article(draft_article, by=fay, reason="Add a line", topic="Counts")
    revision = review.submit(draft_article, by=alice_editor)
    assert_refused(lambda: review.claim(revision.item, by=fay), "You wrote")
    assert ReviewItem.objects.get(pk=revision.item_id).claimed_by_id is None


def test_a_contributor_cannot_re_confirm_their_own_content(draft_article, alice_editor):
    from django.contrib.auth.models import Group

    from tests.factories import make_board_member

    fay = make_board_member("fay_writer_reviewer")
    fay.groups.add(Group.objects.get(name="Editors"))
    gus = make_board_member("gus_reviewer")
    article_services.edit_article(draft_article, by=fay, reason="Add a line", topic="Counts")
    revision = review.submit(draft_article, by=alice_editor)
    review.start_review(revision, by=gus)
    review.approve(revision, by=gus)
    item = ReviewItem.objects.get(pk=revision.item_id)
    assert_refused(lambda: review.reconfirm(item, by=fay), "You wrote")
    assert not revision.decisions.filter(kind=DecisionKind.RECONFIRM).exists()


def test_a_contributor_cannot_tick_citations_of_their_own_content(alice_editor, bob_reviewer):
    from django.contrib.auth.models import Group

    from tests.factories import ArticleFactory, SourceFactory

    bob_reviewer.groups.add(Group.objects.get(name="Editors"))
    SourceFactory(key="gibson-2014", by=alice_editor)
    article = ArticleFactory(by=bob_reviewer, body_markdown="Mild is common [@gibson-2014].")
    revision = review.submit(article, by=alice_editor)
    assert_refused(
        lambda: review.set_citation_checked(revision, source_key="gibson-2014", by=bob_reviewer),
        "You wrote",
    )
    assert not revision.citation_checks.exists()


def refusal_sentence(call) -> str:
    """The whole sentence a refused transition gives the person."""
    with pytest.raises(review.TransitionRefused) as refusal:
        call()
    return str(refusal.value)


def test_refusals_are_whole_sentences(draft_article, alice_editor, bob_reviewer, carol_reviewer):
    """The guards' sentences as the person reads them, word for word."""
    from django.contrib.auth.models import Group

    from reviews.models import display_name
    from tests.factories import make_board_member

    bob_reviewer.groups.add(Group.objects.get(name="Editors"))
    article_services.edit_article(draft_article, by=bob_reviewer, reason="Fix a typo", topic="X")
    revision = review.submit(draft_article, by=alice_editor)
    assert refusal_sentence(lambda: review.start_review(revision, by=bob_reviewer)) == (
        "You wrote or submitted this content, so another board member must review it."
    )
    review.claim(revision.item, by=carol_reviewer)  # starts the review; Carol holds the item
    assert refusal_sentence(
        lambda: review.request_changes(revision, by=bob_reviewer, comment="No")
    ) == ("You wrote or submitted this content, so another board member must review it.")
    frank = make_board_member("frank_reviewer", credentials="MD", first_name="Frank")
    assert refusal_sentence(lambda: review.approve(revision, by=frank)) == (
        f"{display_name(carol_reviewer)} has claimed this item; only they can decide "
        "while they hold it."
    )
    assert (
        refusal_sentence(
            lambda: review.approve(revision, by=carol_reviewer, conflict_of_interest=" ")
        )
        == 'Declare any conflict of interest, or write "none".'
    )
