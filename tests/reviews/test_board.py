"""Claims, sign-off records, re-review, notifications: the board's rules, one test each."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from outbox.models import EmailStatus, OutgoingEmail
from reviews import selectors as review_selectors
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import DecisionKind, ReminderSent, ReviewItem, ReviewState
from tests.factories import approved_policy
from tests.reviews.test_workflow import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft_article, alice_editor):
    return review.submit(draft_article, by=alice_editor)


def page(client, article) -> str:
    return client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()


# Claims ------------------------------------------------------------------------------


def test_claiming_starts_the_review_and_shows_the_holder(submitted, bob_reviewer):
    item = review.claim(submitted.item, by=bob_reviewer)
    submitted.refresh_from_db()
    assert item.claimed_by == bob_reviewer
    assert item.claimed_at is not None
    assert submitted.status == ReviewState.UNDER_REVIEW


def test_only_the_holder_decides_while_a_claim_is_held(submitted, bob_reviewer, carol_reviewer):
    review.claim(submitted.item, by=bob_reviewer)
    assert_refused(lambda: review.claim(submitted.item, by=carol_reviewer), "has claimed")
    assert_refused(lambda: review.approve(submitted, by=carol_reviewer), "has claimed")
    assert_refused(
        lambda: review.request_changes(submitted, by=carol_reviewer, comment="No"), "has claimed"
    )
    review.approve(submitted, by=bob_reviewer)
    submitted.refresh_from_db()
    assert submitted.status == ReviewState.APPROVED


def test_only_board_members_claim(submitted, alice_editor, erin_editor):
    assert_refused(lambda: review.claim(submitted.item, by=alice_editor), "medical board")
    assert_refused(lambda: review.claim(submitted.item, by=erin_editor), "medical board")


def test_releasing_a_claim(submitted, bob_reviewer, carol_reviewer, alice_editor, admin_user):
    review.claim(submitted.item, by=bob_reviewer)
    # Another reviewer and an editor may not release Bob's claim...
    assert_refused(lambda: review.release(submitted.item, by=carol_reviewer), "holds this item")
    assert_refused(lambda: review.release(submitted.item, by=alice_editor), "holds this item")
    # ...an administrator may release a stale one.
    item = review.release(submitted.item, by=admin_user)
    assert item.claimed_by is None
    review.claim(submitted.item, by=carol_reviewer)
    assert ReviewItem.objects.get(pk=submitted.item_id).claimed_by == carol_reviewer
    review.release(submitted.item, by=carol_reviewer)  # the holder may release their own
    assert ReviewItem.objects.get(pk=submitted.item_id).claimed_by is None
    assert_refused(lambda: review.release(submitted.item, by=carol_reviewer), "Nobody holds")


def test_a_new_revision_releases_the_claim(submitted, draft_article, alice_editor, bob_reviewer):
    review.claim(submitted.item, by=bob_reviewer)
    article_services.edit_article(draft_article, by=alice_editor, reason="More", topic="New")
    review.submit(draft_article, by=alice_editor)
    assert ReviewItem.objects.get(pk=submitted.item_id).claimed_by is None


# Sign-off records --------------------------------------------------------------------


def test_a_decision_is_a_sign_off_record(submitted, bob_reviewer):
    approved_policy(change_note="First")
    review.claim(submitted.item, by=bob_reviewer)
    decision = review.approve(
        submitted,
        by=bob_reviewer,
        comment="Accurate and well sourced.",
        conflict_of_interest="Speaker fees from a maker of G-CSF (2024).",
        literature_current_through=datetime.date(2026, 10, 1),
    )
    assert decision.reviewer == bob_reviewer
    assert decision.reviewer_credentials == "MD, Hematology"
    assert decision.conflict_of_interest == "Speaker fees from a maker of G-CSF (2024)."
    assert decision.policy_version.number == 1
    assert decision.content_hash == submitted.content_hash
    assert decision.comment == "Accurate and well sourced."
    assert decision.literature_current_through == datetime.date(2026, 10, 1)
    assert decision.decided_at is not None


def test_credentials_are_kept_as_they_were_when_deciding(submitted, bob_reviewer):
    review.claim(submitted.item, by=bob_reviewer)
    decision = review.approve(submitted, by=bob_reviewer)
    review.change_credentials(
        bob_reviewer.board_membership, credentials="MD, PhD, Hematology", by=None, reason="PhD"
    )
    decision.refresh_from_db()
    assert decision.reviewer_credentials == "MD, Hematology"


def test_a_conflict_of_interest_declaration_is_required(submitted, bob_reviewer):
    review.claim(submitted.item, by=bob_reviewer)
    assert_refused(
        lambda: review.approve(submitted, by=bob_reviewer, conflict_of_interest="  "),
        "conflict of interest",
    )


def test_the_public_page_shows_the_sign_off(client, submitted, draft_article, bob_reviewer):
    approved_policy(change_note="v1")
    review.claim(submitted.item, by=bob_reviewer)
    review.approve(submitted, by=bob_reviewer, conflict_of_interest="none")
    html = page(client, draft_article)
    today = timezone.localdate()
    assert "Reviewed by Bob Reviewer, MD, Hematology\n              on <time datetime=" in html
    assert today.strftime("%-d %B %Y") in html
    assert "Conflicts of interest: none declared" in html
    assert "editorial policy version 1" in html
    due = today + datetime.timedelta(days=365)
    assert "Next review due" in html
    assert f'<time datetime="{due:%Y-%m-%d}">' in html
    assert "Educational purpose only" not in html


def test_n_distinct_approvals_through_claims(submitted, bob_reviewer, carol_reviewer):
    approved_policy(approvers=[carol_reviewer], change_note="Two approvals", approvals_required=2)
    review.claim(submitted.item, by=bob_reviewer)
    review.approve(submitted, by=bob_reviewer)
    submitted.refresh_from_db()
    assert submitted.status == ReviewState.UNDER_REVIEW
    # Bob's claim is released so that a second board member can approve.
    assert ReviewItem.objects.get(pk=submitted.item_id).claimed_by is None
    review.claim(submitted.item, by=carol_reviewer)
    review.approve(submitted, by=carol_reviewer)
    submitted.refresh_from_db()
    assert submitted.status == ReviewState.APPROVED


# Re-review ---------------------------------------------------------------------------


def age_review(item_id: int, days: int) -> ReviewItem:
    item = ReviewItem.objects.get(pk=item_id)
    item.last_reviewed_at = timezone.now() - datetime.timedelta(days=days)
    save_recorded(item, by=None, reason="Test: the review is older")
    # In life the calendar moves instead, and reader pages are cached per day; here
    # the review date moves, so start the day's cached pages afresh.
    cache.clear()
    return item


@pytest.fixture
def approved(submitted, bob_reviewer):
    review.claim(submitted.item, by=bob_reviewer)
    review.approve(submitted, by=bob_reviewer)
    return submitted


def test_approved_content_past_the_interval_is_due(client, approved, draft_article):
    item = age_review(approved.item_id, 364)
    assert not review_selectors.is_rereview_due(item)
    assert "Review due." not in page(client, draft_article)
    item = age_review(approved.item_id, 366)
    assert review_selectors.is_rereview_due(item)
    assert "Review due." in page(client, draft_article)


def test_reconfirming_renews_the_review_date(client, approved, draft_article, carol_reviewer):
    item = age_review(approved.item_id, 400)
    decision = review.reconfirm(item, by=carol_reviewer, comment="Still current.")
    item.refresh_from_db()
    assert decision.kind == DecisionKind.RECONFIRM
    assert decision.revision_id == approved.pk, "the same live revision, no content change"
    assert not review_selectors.is_rereview_due(item)
    assert timezone.now() - item.last_reviewed_at < datetime.timedelta(minutes=1)
    html = page(client, draft_article)
    assert "Re-confirmed by Carol Reviewer, MD, PhD, Infectious Diseases" in html
    assert "Review due." not in html


def test_only_approved_content_can_be_reconfirmed(submitted, bob_reviewer):
    assert_refused(lambda: review.reconfirm(submitted.item, by=bob_reviewer), "Only approved")


# Notifications: written to the outbox with the change (tests/tasks deliver them) -------


def queued(**filters) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(**filters).order_by("pk"))


def test_the_board_is_told_about_a_submission(draft_article, alice_editor, bob_reviewer):
    from django.contrib.auth.models import Group

    from tests.factories import make_board_member

    make_board_member("zoe_reviewer", email="zoe@example.org")
    bob_reviewer.groups.add(Group.objects.get(name="Editors"))
    article_services.edit_article(draft_article, by=bob_reviewer, reason="Typo", topic="T")
    revision = review.submit(draft_article, by=alice_editor, note="Please look")
    assert revision.number == 1
    [message] = queued()
    assert "New revision waiting" in message.subject
    assert message.recipient == "zoe@example.org", "Bob edited the article, so he is not asked"
    assert "Please look" in message.body
    assert f"/admin/reviews/reviewqueue/{revision.item_id}/review/" in message.body
    assert message.status == EmailStatus.WAITING
    assert message.delivery_task_id, "its delivery task is queued with it"


def test_the_author_is_told_about_a_decision(submitted, alice_editor, bob_reviewer):
    alice_editor.email = "alice@example.org"
    alice_editor.save()
    review.claim(submitted.item, by=bob_reviewer)
    review.request_changes(submitted, by=bob_reviewer, comment="Cite the IDSA guideline.")
    [message] = queued(recipient="alice@example.org")
    assert "Cite the IDSA guideline." in message.body
    assert "changes" in message.subject


def test_a_refused_transition_queues_nothing(submitted, carol_reviewer, bob_reviewer):
    review.claim(submitted.item, by=bob_reviewer)
    before = queued()
    with pytest.raises(review.TransitionRefused):
        review.approve(submitted, by=carol_reviewer)
    assert queued() == before


def test_reminders_are_sent_once_per_due_date(approved, bob_reviewer, carol_reviewer):
    age_review(approved.item_id, 400)
    call_command("send_review_reminders", verbosity=0)
    reminders = queued(subject__contains="Re-review due")
    assert sorted(m.recipient for m in reminders) == sorted(
        [bob_reviewer.email, carol_reviewer.email]
    ), "one email to each board member"
    call_command("send_review_reminders", verbosity=0)
    assert queued(subject__contains="Re-review due") == reminders, "running again adds nothing"
    assert ReminderSent.objects.count() == 1
    # After a re-confirmation and another interval, it is due again: a new reminder.
    item = review.reconfirm(approved.item, by=carol_reviewer).revision.item
    age_review(item.pk, 800)
    call_command("send_review_reminders", verbosity=0)
    assert len(queued(subject__contains="Re-review due")) == 4
