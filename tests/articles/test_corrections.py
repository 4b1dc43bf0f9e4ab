"""Corrections in the open: each article's change history, "last reviewed" moving
only on a full review, and withdrawal, a board decision readers are told about."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import SearchEntry
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import AuditEvent, AuditEventKind, DecisionKind, ReviewItem
from tests.factories import ArticleFactory
from tests.reviews.test_workflow import assert_refused

pytestmark = pytest.mark.django_db


def page_url(article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


def approve(article, editor, reviewer, *, note="", minor_edit=False):
    revision = review.submit(article, by=editor, note=note)
    review.start_review(revision, by=reviewer)
    review.approve(revision, by=reviewer, minor_edit=minor_edit)
    return revision


def backdate_review(article, days: int) -> datetime.datetime:
    item = ReviewItem.objects.get(pk=article.review_item_id)
    item.last_reviewed_at = timezone.now() - datetime.timedelta(days=days)
    save_recorded(item, by=None, reason="Test: an earlier review")
    return item.last_reviewed_at


@pytest.fixture
def article(alice_editor, bob_reviewer):
    article = ArticleFactory(
        by=alice_editor, title="Is a low count bad?", topic="Blood counts", short_answer="Rarely."
    )
    approve(article, alice_editor, bob_reviewer, note="First version.")
    return article


def test_a_minor_edit_leaves_last_reviewed_and_a_full_review_moves_it(
    client, article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    reviewed = backdate_review(article, 40)
    article_services.edit_article(article, by=alice_editor, reason="Typo", short_answer="Rarely!")
    with django_capture_on_commit_callbacks(execute=True):
        minor = approve(article, alice_editor, bob_reviewer, note="A typo fixed.", minor_edit=True)
    minor.refresh_from_db()
    assert minor.minor_edit is True
    item = ReviewItem.objects.get(pk=article.review_item_id)
    assert item.live_revision == minor
    assert item.last_reviewed_at == reviewed
    html = client.get(page_url(article)).content.decode()
    assert "Rarely!" in html
    state = re.search(r'<p class="review-state">(.*?)</p>', html, re.S).group(1)
    assert f"{reviewed.day} {reviewed:%B} {reviewed.year}" in state

    article_services.edit_article(
        article, by=alice_editor, reason="New data", short_answer="Seldom."
    )
    with django_capture_on_commit_callbacks(execute=True):
        full = approve(article, alice_editor, bob_reviewer, note="Checked against 2026 guidance.")
    full.refresh_from_db()
    assert full.minor_edit is False
    item.refresh_from_db()
    assert item.last_reviewed_at > reviewed

    html = client.get(page_url(article)).content.decode()
    history = re.search(r'<ol class="change-history".*?</ol>', html, re.S).group(0)
    entries = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip()
        for li in re.findall(r"<li>(.*?)</li>", history, re.S)
    ]
    assert len(entries) == 3
    assert entries[0].endswith("full review by the board. Checked against 2026 guidance.")
    assert entries[1].endswith("minor edit. A typo fixed.")
    assert entries[2].endswith("full review by the board. First version.")


def test_a_first_version_cannot_be_a_minor_edit(alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor)
    revision = review.submit(article, by=alice_editor)
    review.start_review(revision, by=bob_reviewer)
    assert_refused(
        lambda: review.approve(revision, by=bob_reviewer, minor_edit=True), "full review"
    )


def test_withdrawing_answers_410_with_the_reason_and_leaves_every_list(
    client, article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    url = page_url(article)
    assert client.get(url).status_code == 200
    assert "Is a low count bad?" in client.get("/articles/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        decision = review.withdraw(
            ReviewItem.objects.get(pk=article.review_item_id),
            by=bob_reviewer,
            reason="The advice no longer matches current guidance.",
        )
    assert decision.kind == DecisionKind.WITHDRAW
    event = AuditEvent.objects.get(kind=AuditEventKind.WITHDRAW)
    assert event.decision == decision and event.actor == bob_reviewer

    gone = client.get(url)
    assert gone.status_code == 410
    html = gone.content.decode()
    assert "This article has been withdrawn" in html
    assert "The advice no longer matches current guidance." in html
    assert "Rarely." not in html, "none of the withdrawn words"

    assert not SearchEntry.objects.filter(article=article).exists()
    for listing in (
        "/",
        "/articles/",
        "/search/?q=low+count",
        "/feeds/articles.atom",
        "/sitemap.xml",
    ):
        assert "Is a low count bad?" not in client.get(listing).content.decode(), listing
        assert article.slug not in client.get(listing).content.decode(), listing
    assert client.get("/topics/blood-counts/").status_code == 404
    asked = reverse("articles:ask", kwargs={"slug": article.slug})
    assert client.post(asked, {"question": "Still true?"}).status_code == 404


def test_withdrawal_is_guarded(article, alice_editor, bob_reviewer, carol_reviewer, dave_reader):
    item = ReviewItem.objects.get(pk=article.review_item_id)
    assert_refused(lambda: review.withdraw(item, by=alice_editor, reason="Old"), "medical board")
    assert_refused(lambda: review.withdraw(item, by=dave_reader, reason="Old"), "medical board")
    assert_refused(lambda: review.withdraw(item, by=bob_reviewer, reason="  "), "Say why")
    review.withdraw(item, by=carol_reviewer, reason="Superseded")
    assert_refused(lambda: review.withdraw(item, by=bob_reviewer, reason="Again"), "already")


def test_an_author_on_the_board_cannot_withdraw_their_own_article(
    alice_editor, bob_reviewer, carol_reviewer
):
    article = ArticleFactory(by=alice_editor, authors=[alice_editor, carol_reviewer])
    approve(article, alice_editor, bob_reviewer)
    item = ReviewItem.objects.get(pk=article.review_item_id)
    assert_refused(lambda: review.withdraw(item, by=carol_reviewer, reason="Mine"), "wrote")


def test_an_unknown_address_stays_404(client, article):
    assert client.get("/articles/no-such-article/").status_code == 404


def desk(item_id: int) -> str:
    return reverse("admin:reviews_reviewqueue_review", args=[item_id])


def test_the_board_chooses_a_minor_edit_on_the_review_desk(
    client, article, alice_editor, bob_reviewer, carol_reviewer
):
    reviewed = backdate_review(article, 30)
    article_services.edit_article(article, by=alice_editor, reason="Typo", short_answer="Rarely!")
    revision = review.submit(article, by=alice_editor, note="A typo fixed.")
    client.force_login(carol_reviewer)
    url = desk(revision.item_id)
    assert 'name="approve-minor_edit"' in client.get(url).content.decode()
    client.post(url, {"action": "claim"})
    response = client.post(
        url,
        {"action": "approve", "approve-conflict_of_interest": "none", "approve-minor_edit": "on"},
        follow=True,
    )
    assert "This revision is now live." in response.content.decode()
    revision.refresh_from_db()
    assert revision.minor_edit is True
    assert ReviewItem.objects.get(pk=revision.item_id).last_reviewed_at == reviewed
    # Re-confirming (a full review) needs no such choice, and renews the date.
    assert 'name="approve-minor_edit"' not in client.get(url).content.decode()


def test_a_first_version_is_offered_no_minor_edit(client, alice_editor, carol_reviewer):
    article = ArticleFactory(by=alice_editor)
    revision = review.submit(article, by=alice_editor)
    client.force_login(carol_reviewer)
    assert 'name="approve-minor_edit"' not in client.get(desk(revision.item_id)).content.decode()


def test_a_board_member_withdraws_from_the_article_list_with_a_reason(
    client, article, bob_reviewer, alice_editor
):
    client.force_login(bob_reviewer)
    changelist = "/admin/articles/article/"
    asked = client.post(
        changelist, {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )
    assert asked.status_code == 200
    assert "Why the board withdraws these articles" in asked.content.decode()
    empty = client.post(
        changelist,
        {
            "action": "withdraw_selected",
            "_selected_action": [article.pk],
            "confirm_withdrawal": "Withdraw",
            "reason": "",
            "conflict_of_interest": "none",
        },
    )
    assert "Say why: readers are told." in empty.content.decode()
    assert ReviewItem.objects.get(pk=article.review_item_id).withdrawn_at is None
    done = client.post(
        changelist,
        {
            "action": "withdraw_selected",
            "_selected_action": [article.pk],
            "confirm_withdrawal": "Withdraw",
            "reason": "Superseded by newer guidance.",
            "conflict_of_interest": "none",
        },
    )
    assert done.status_code == 302
    item = ReviewItem.objects.get(pk=article.review_item_id)
    assert item.withdrawal_reason == "Superseded by newer guidance."

    # An editor is refused by the service: withdrawing is the board's decision.
    other = ArticleFactory(by=alice_editor, title="Another question?")
    approve(other, alice_editor, bob_reviewer)
    client.force_login(alice_editor)
    client.post(
        changelist,
        {
            "action": "withdraw_selected",
            "_selected_action": [other.pk],
            "confirm_withdrawal": "Withdraw",
            "reason": "Mine",
            "conflict_of_interest": "none",
        },
    )
    assert ReviewItem.objects.get(pk=other.review_item_id).withdrawn_at is None


def test_a_withdrawn_article_cannot_be_submitted_again(article, alice_editor, bob_reviewer):
    review.withdraw(
        ReviewItem.objects.get(pk=article.review_item_id), by=bob_reviewer, reason="Superseded"
    )
    article_services.edit_article(article, by=alice_editor, reason="Revive", short_answer="New.")
    assert_refused(lambda: review.submit(article, by=alice_editor), "cannot be submitted again")
