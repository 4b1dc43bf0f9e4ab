"""Who stands behind the answers: each board member's public page (credentials,
declared interests, what they signed off), the board list and the About page."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews import services as review
from reviews.models import AuditEvent, AuditEventKind, BoardMember
from tests.factories import ArticleFactory, UserFactory, approved_policy

pytestmark = pytest.mark.django_db


def publish(article, editor, reviewer):
    revision = review.submit(article, by=editor)
    review.start_review(revision, by=reviewer)
    review.approve(revision, by=reviewer)
    return revision


def test_a_board_member_has_a_page_with_what_they_signed_off(
    client, alice_editor, bob_reviewer, carol_reviewer, ada_admin
):
    bob = BoardMember.objects.get(user=bob_reviewer)
    assert bob.slug == "bob-reviewer"
    signed = ArticleFactory(by=alice_editor, title="Is a low count bad?")
    publish(signed, alice_editor, bob_reviewer)
    by_carol = ArticleFactory(by=alice_editor, title="What is a platelet?")
    publish(by_carol, alice_editor, carol_reviewer)
    waiting = ArticleFactory(by=alice_editor, title="When is fever urgent?")
    review.submit(waiting, by=alice_editor)
    review.change_declared_interests(
        bob, interests="Paid speaker for Acme Pharma (2025).", by=ada_admin, reason="Declared"
    )

    response = client.get("/board/bob-reviewer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bob Reviewer</h1>" in html
    assert "MD, Hematology" in html
    assert "Paid speaker for Acme Pharma (2025)." in html
    answers = html.split('id="signed-heading"', 1)[1]
    assert "Is a low count bad?" in answers
    assert "What is a platelet?" not in answers and "When is fever urgent?" not in answers
    # The article's sign-off leads here.
    page = client.get(reverse("articles:detail", kwargs={"slug": signed.slug})).content.decode()
    assert 'href="/board/bob-reviewer/"' in page


def test_no_interests_declared_says_so(client, bob_reviewer):
    html = client.get("/board/bob-reviewer/").content.decode()
    assert "None declared." in html


def test_an_unknown_member_is_404(client, bob_reviewer):
    assert client.get("/board/nobody-here/").status_code == 404


def test_the_board_lists_active_members(client, bob_reviewer, carol_reviewer, ada_admin):
    review.deactivate_board_member(
        BoardMember.objects.get(user=carol_reviewer), by=ada_admin, reason="Retired"
    )
    html = client.get("/board/").content.decode()
    assert 'href="/board/bob-reviewer/"' in html
    assert "carol-reviewer" not in html
    # A former member's page stays, and says so.
    assert "A former member" in client.get("/board/carol-reviewer/").content.decode()


def test_two_members_of_one_name_get_two_addresses(ada_admin):
    first = UserFactory(username="sam1", first_name="Sam", last_name="Lee")
    second = UserFactory(username="sam2", first_name="Sam", last_name="Lee")
    one = review.add_board_member(user=first, credentials="MD", by=ada_admin, reason="Joined")
    two = review.add_board_member(user=second, credentials="MD", by=ada_admin, reason="Joined")
    assert (one.slug, two.slug) == ("sam-lee", "sam-lee-2")


def test_declared_interests_change_through_the_service_with_audit(
    bob_reviewer, ada_admin, django_capture_on_commit_callbacks
):
    bob = BoardMember.objects.get(user=bob_reviewer)
    with pytest.raises(review.TransitionRefused, match="Say why"):
        review.change_declared_interests(bob, interests="Shares", by=ada_admin, reason=" ")
    with pytest.raises(review.TransitionRefused, match="Only administrators"):
        review.change_declared_interests(bob, interests="x", by=bob_reviewer, reason="Mine")
    with pytest.raises(review.TransitionRefused, match="2000 characters"):
        review.change_declared_interests(bob, interests="x" * 2001, by=ada_admin, reason="Long")
    bob.refresh_from_db()
    assert bob.declared_interests == ""
    assert not AuditEvent.objects.filter(kind=AuditEventKind.BOARD_CHANGE).exists()

    review.change_declared_interests(
        bob, interests="Holds shares in Acme Diagnostics.", by=ada_admin, reason="New shares"
    )
    bob.refresh_from_db()
    assert bob.declared_interests == "Holds shares in Acme Diagnostics."
    event = AuditEvent.objects.get(kind=AuditEventKind.BOARD_CHANGE)
    assert event.actor == ada_admin
    assert event.data["declared_interests"] == "Holds shares in Acme Diagnostics."
    assert bob.history.first().history_change_reason.endswith("New shares")


def test_the_about_page_says_who_owns_and_funds_the_site(client, settings):
    html = client.get("/about/").content.decode()
    assert "Who owns and funds this site" in html
    assert "We have not yet published who owns this site and who pays for it" in html
    settings.SITE_OWNER = "Run by the Example Health Trust, a registered charity."
    settings.SITE_FUNDING = "Funded by donations from readers."
    from django.core.cache import cache

    cache.clear()
    html = client.get("/about/").content.decode()
    assert "Example Health Trust" in html and "donations from readers" in html
    assert "not yet published" not in html
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert 'href="/about/"' in footer and 'href="/board/"' in footer


def test_a_board_member_page_describes_the_person_to_machines(client, bob_reviewer):
    import json

    from django.conf import settings

    site = settings.SITE_URL.rstrip("/")
    html = client.get("/board/bob-reviewer/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block) == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Bob Reviewer",
        "hasCredential": {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "MD, Hematology",
        },
        "url": f"{site}/board/bob-reviewer/",
        "memberOf": {
            "@type": "Organization",
            "name": "Reviewed Medical Answers",
            "url": f"{site}/",
        },
    }
    assert f'<link rel="canonical" href="{site}/board/bob-reviewer/">' in html


ABOUT = (
    "Reviewed Medical Answers explains medical questions in plain words.\n\n"
    "## What this site cannot do\n\n"
    "We cannot examine you. If you feel very unwell, get urgent care."
)


def about_words(html: str) -> str:
    """The page's own words: the main content, without the header and footer."""
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def test_before_the_board_approves_words_for_it_the_about_page_says_so(
    client, alice_editor, bob_reviewer
):
    """No policy at all, then an approved policy without an About section: the page
    says its words are not yet approved and shows none of its own."""
    for step in ("no policy", "policy without about words"):
        if step == "policy without about words":
            from django.core.cache import cache

            approved_policy(editor=alice_editor, approvers=[bob_reviewer])
            cache.clear()
        main = about_words(client.get("/about/").content.decode())
        assert "has not yet approved the words for this page" in main, step
        assert "urgent care" not in main and "cannot examine" not in main, step
        assert "Who owns and funds this site" in main, step


def test_the_about_page_shows_the_words_approved_with_the_policy_in_force(
    client, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = approved_policy(
            editor=alice_editor, approvers=[bob_reviewer], about_markdown=ABOUT
        )
    html = client.get("/about/").content.decode()
    main = about_words(html)
    assert re.search(r"<h2[^>]*>What this site cannot do</h2>", main)
    assert "If you feel very unwell, get urgent care." in main
    assert f"editorial policy version {version.number}</a>" in main
    assert "has not yet approved" not in main


def test_unapproved_about_words_are_never_shown(
    client, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    """A draft and a version waiting for the board change nothing on the page; the
    words appear once the board approves their version."""
    with django_capture_on_commit_callbacks(execute=True):
        approved_policy(editor=alice_editor, approvers=[bob_reviewer], about_markdown=ABOUT)
        draft = review.draft_policy_version(
            by=alice_editor,
            effective_date=timezone.localdate(),
            body_markdown="Our medical board checks every answer.",
            change_note="New About words",
            about_markdown="Unreviewed words about us.",
        )
    assert "Unreviewed words" not in client.get("/about/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.submit(draft, by=alice_editor)
    html = client.get("/about/").content.decode()
    assert "Unreviewed words" not in html and "get urgent care" in html
    with django_capture_on_commit_callbacks(execute=True):
        review.claim(revision.item, by=bob_reviewer)
        review.approve(revision, by=bob_reviewer)
    html = client.get("/about/").content.decode()
    assert "Unreviewed words about us." in html and "get urgent care" not in html


def test_the_about_words_follow_the_policy_text_rule(alice_editor):
    with pytest.raises(ValidationError) as refused:
        review.draft_policy_version(
            by=alice_editor,
            effective_date=timezone.localdate(),
            body_markdown="Our medical board checks every answer.",
            change_note="About words",
            about_markdown="Every answer is checked within 2 weeks.",
        )
    assert "about_markdown" in refused.value.message_dict
    assert "states numbers of its own" in refused.value.message_dict["about_markdown"][0]


def test_the_footer_tells_no_reader_what_to_do_and_points_to_the_approved_words(client):
    """Every page's footer states what the site is and links the About page, whose words
    (what to do when very unwell included) are approved with the editorial policy."""
    html = client.get("/interpret/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/about/"' in footer
    for instruction in ("call", "emergency", "get urgent care", "see a doctor"):
        assert instruction not in footer.lower()
