"""The admin is the platform's own, and its index shows each person their part of
the workflow: editors their drafts, what was sent back (with the comments), what
waits and what is scheduled; board members what waits for them, what they hold and
what is due for re-review."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from articles import services as article_services
from reviews import services as review
from reviews.history import save_recorded
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    """The text of one dashboard panel."""
    match = re.search(rf'aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no panel {heading_id}"
    return match.group(1)


def test_the_admin_carries_the_platform_name(client, alice_editor):
    client.force_login(alice_editor)
    html = client.get("/admin/").content.decode()
    assert "<title>Your workspace | Reviewed Medical Answers</title>" in html
    assert "Reviewed Medical Answers</a>" in html
    assert "Django administration" not in html and "Django site admin" not in html


def test_an_editor_sees_drafts_sent_back_waiting_and_scheduled(client, alice_editor, bob_reviewer):
    draft = ArticleFactory(by=alice_editor, title="Never submitted?")
    sent = ArticleFactory(by=alice_editor, title="Sent back?")
    waiting = ArticleFactory(by=alice_editor, title="Waiting?")
    scheduled = ArticleFactory(by=alice_editor, title="Scheduled?")
    revision = review.submit(sent, by=alice_editor)
    review.decide(
        revision.item,
        by=bob_reviewer,
        action="request_changes",
        comment="Say which ANC counts as severe.",
    )
    review.submit(waiting, by=alice_editor)
    revision = review.submit(scheduled, by=alice_editor)
    review.decide(
        revision.item,
        by=bob_reviewer,
        action="approve",
        go_live_at=timezone.now() + datetime.timedelta(days=2),
    )
    client.force_login(alice_editor)
    html = client.get("/admin/").content.decode()
    drafts = section(html, "editor-drafts")
    assert draft.title in drafts and "never submitted" in drafts
    assert waiting.title not in drafts
    sent_back = section(html, "editor-sent-back")
    assert sent.title in sent_back and "Say which ANC counts as severe." in sent_back
    assert "Bob Reviewer" in sent_back
    assert f"/admin/articles/article/{sent.pk}/change/" in sent_back
    assert waiting.title in section(html, "editor-waiting")
    assert "0 of 1 approvals recorded" in section(html, "editor-waiting")
    assert scheduled.title in section(html, "editor-scheduled")
    assert "Nothing you submitted is live yet." in section(html, "editor-approved")
    assert "board-waiting" not in html, "editors are not shown the board's panels"

    review.decide(waiting.review_item, by=bob_reviewer, action="approve")
    html = client.get("/admin/").content.decode()
    assert "revision 1 live" in section(html, "editor-approved")
    assert waiting.title in section(html, "editor-approved")
    article_services.edit_article(
        waiting, by=alice_editor, reason="Another thought", body_markdown="Changed."
    )
    html = client.get("/admin/").content.decode()
    assert "edited since revision 1 was submitted" in section(html, "editor-drafts")


def test_a_board_member_sees_what_waits_what_they_hold_and_rereviews(
    client, alice_editor, bob_reviewer, carol_reviewer
):
    free = review.submit(ArticleFactory(by=alice_editor, title="Free?"), by=alice_editor)
    held = review.submit(ArticleFactory(by=alice_editor, title="Held?"), by=alice_editor)
    old = review.submit(ArticleFactory(by=alice_editor, title="Old?"), by=alice_editor)
    review.claim(held.item, by=bob_reviewer)
    review.decide(old.item, by=carol_reviewer, action="approve")
    item = old.item
    item.refresh_from_db()
    item.last_reviewed_at = timezone.now() - datetime.timedelta(days=400)
    save_recorded(item, by=None, reason="Test: reviewed long ago")

    client.force_login(bob_reviewer)
    html = client.get("/admin/").content.decode()
    waiting = section(html, "board-waiting")
    assert free.item.title in waiting and held.item.title not in waiting
    assert "0 of 1 approvals recorded" in waiting
    assert held.item.title in section(html, "board-claimed")
    assert "Old?" in section(html, "board-rereview")
    assert "editor-drafts" not in html

    client.force_login(carol_reviewer)
    html = client.get("/admin/").content.decode()
    assert "Held?" not in section(html, "board-waiting"), "held by Bob"
    assert "You hold no item." in section(html, "board-claimed")
