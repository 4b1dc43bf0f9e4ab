"""Citation ticks on the review desk: who may tick or untick, and on which revision."""

from __future__ import annotations

import pytest

from articles import services as article_services
from reviews import services as review
from reviews.models import AuditEvent, CitationCheck
from tests.factories import ArticleFactory, SourceFactory, make_board_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited(alice_editor):
    SourceFactory(key="gibson-2014", by=alice_editor)
    SourceFactory(key="idsa-2011", by=alice_editor)
    return ArticleFactory(
        by=alice_editor, body_markdown="Low counts [@gibson-2014]. Fever [@idsa-2011]."
    )


@pytest.fixture
def pending(cited, alice_editor):
    return review.submit(cited, by=alice_editor)


def checks():
    return (
        sorted(CitationCheck.objects.values_list("source_key", "checked", "checked_by_id")),
        CitationCheck.history.count(),
        AuditEvent.objects.count(),
    )


def refused(call, words: str):
    before = checks()
    with pytest.raises(review.TransitionRefused) as refusal:
        call()
    assert words in str(refusal.value)
    assert checks() == before, "a refused tick changes nothing"


def tick(revision, by, key="gibson-2014", checked=True):
    return review.set_citation_checked(revision, source_key=key, by=by, checked=checked)


def test_a_board_member_ticks_and_unticks_their_own_check(pending, bob_reviewer):
    tick(pending, bob_reviewer)
    tick(pending, bob_reviewer, checked=False)
    check = CitationCheck.objects.get()
    assert (check.checked, check.checked_by) == (False, bob_reviewer)


def test_nobody_unticks_another_members_check(pending, bob_reviewer, carol_reviewer):
    tick(pending, bob_reviewer)
    refused(lambda: tick(pending, carol_reviewer, checked=False), "Bob Reviewer checked")
    refused(lambda: tick(pending, carol_reviewer), "Bob Reviewer checked")


def test_no_tick_while_someone_else_holds_the_claim(pending, bob_reviewer, carol_reviewer):
    review.claim(pending.item, by=bob_reviewer)
    refused(lambda: tick(pending, carol_reviewer), "has claimed")
    tick(pending, bob_reviewer)


def test_no_tick_on_an_approved_revision(pending, bob_reviewer, carol_reviewer):
    tick(pending, bob_reviewer)
    review.claim(pending.item, by=bob_reviewer)
    review.approve(pending, by=bob_reviewer)
    refused(lambda: tick(pending, bob_reviewer, checked=False), "not waiting for review")
    refused(lambda: tick(pending, carol_reviewer, key="idsa-2011"), "not waiting for review")


def test_no_tick_on_a_revision_that_was_replaced(pending, cited, alice_editor, bob_reviewer):
    article_services.edit_article(cited, by=alice_editor, reason="More", topic="Fever")
    review.submit(cited, by=alice_editor)
    refused(lambda: tick(pending, bob_reviewer), "no longer the latest")


def test_no_tick_on_your_own_content(pending, alice_editor):
    author_on_board = make_board_member("alice_editor")
    assert author_on_board == alice_editor
    refused(lambda: tick(pending, alice_editor), "You wrote or submitted this content")


def test_only_active_board_members_tick(pending, erin_editor, dave_reader):
    refused(lambda: tick(pending, erin_editor), "medical board")
    refused(lambda: tick(pending, dave_reader), "medical board")


def test_only_cited_sources_are_ticked(pending, bob_reviewer):
    refused(lambda: tick(pending, bob_reviewer, key="not-cited"), "does not cite")
