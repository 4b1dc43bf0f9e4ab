"""Readers see only what the board has seen: every field of an article comes from the
revision readers are shown, never from the working copy, cached or not; and the
board's request for changes takes never-approved content off the site unless the
policy in force keeps it public with the caution banner."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles import services as article_services
from articles.models import Article
from reviews import services as review
from tests.factories import ArticleFactory, approved_policy

pytestmark = pytest.mark.django_db

RECALL = "RECALLED - stop all antibiotics now"
RECALL_SLUG = "recalled-stop-all-antibiotics-now"
OLD_URL = "/articles/is-a-low-count-dangerous/"
NEW_URL = f"/articles/{RECALL_SLUG}/"
BANNER = "Educational purpose only"
UPDATE_NOTE = "An updated version of this article is with the medical board"


def approve(revision, reviewer):
    review.claim(revision.item, by=reviewer)
    return review.approve(revision, by=reviewer)


@pytest.fixture
def live_article(alice_editor, bob_reviewer, django_capture_on_commit_callbacks):
    article = ArticleFactory(
        by=alice_editor,
        title="Is a low count dangerous?",
        slug="is-a-low-count-dangerous",
        topic="Blood counts",
        short_answer="Usually not when it is mild.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve(review.submit(article, by=alice_editor), bob_reviewer)
    return article


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def everything_public(client) -> dict[str, str]:
    """Every public page that names the article, by name."""
    pages = {
        "article": client.get(OLD_URL),
        "new address": client.get(NEW_URL),
        "home": client.get("/"),
        "old topic": client.get("/topics/blood-counts/"),
        "new topic": client.get(f"/topics/{RECALL_SLUG}/"),
        "search": client.get("/search/", {"q": "recalled"}),
        "search by the old words": client.get("/search/", {"q": "low count dangerous"}),
        "feed": client.get("/feeds/articles.atom"),
        "sitemap": client.get("/sitemap.xml"),
    }
    return {name: (r.status_code, r.content.decode()) for name, r in pages.items()}


def test_an_unsubmitted_rename_of_topic_slug_and_title_reaches_no_reader(
    client, live_article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    client.get(OLD_URL)  # the page is kept in the cache
    article_services.edit_article(
        live_article,
        by=alice_editor,
        reason="Recall",
        topic=RECALL,
        slug=RECALL_SLUG,
        title="RECALLED: do not read",
    )
    for kept in (True, False):
        if not kept:
            cache.clear()  # rendered afresh from the database
        pages = everything_public(client)
        for name, (_, html) in pages.items():
            assert "RECALLED" not in html, f"{name} shows the unreviewed working copy"
            assert RECALL_SLUG not in html, f"{name} shows the unreviewed address"
        assert pages["article"][0] == 200
        assert pages["new address"][0] == 404
        assert pages["new topic"][0] == 404
        assert '<p class="eyebrow">Blood counts</p>' in pages["article"][1]
        assert json_ld(pages["article"][1])["about"]["name"] == "Blood counts"
        assert json_ld(pages["article"][1])["url"].endswith(OLD_URL)
        assert 'href="/topics/blood-counts/"' in pages["home"][1]
        assert f'href="{OLD_URL}"' in pages["home"][1]
        assert f'href="{OLD_URL}"' in pages["old topic"][1]
        assert f'href="{OLD_URL}"' in pages["search by the old words"][1]
        assert "No articles found" in pages["search"][1]
        assert OLD_URL in pages["feed"][1] and '<category term="Blood counts"' in pages["feed"][1]
        assert OLD_URL in pages["sitemap"][1]

    # Submitted, not yet approved: the approved text stays.
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.submit(live_article, by=alice_editor)
    for name, (_, html) in everything_public(client).items():
        assert "RECALLED" not in html, f"{name} shows a revision the board has not approved"

    # Approved: every page says what the board approved, at the new address.
    with django_capture_on_commit_callbacks(execute=True):
        approve(revision, bob_reviewer)
    pages = everything_public(client)
    assert pages["article"][0] == 404
    assert pages["new address"][0] == 200
    assert f'<p class="eyebrow">{RECALL}</p>' in pages["new address"][1]
    assert json_ld(pages["new address"][1])["about"]["name"] == RECALL
    assert json_ld(pages["new address"][1])["url"].endswith(NEW_URL)
    assert f'href="/topics/{RECALL_SLUG}/"' in pages["home"][1]
    assert f'href="{NEW_URL}"' in pages["home"][1]
    assert pages["old topic"][0] == 404
    assert f'href="{NEW_URL}"' in pages["new topic"][1]
    assert f'href="{NEW_URL}"' in pages["search"][1]
    assert NEW_URL in pages["feed"][1] and f'<category term="{RECALL}"' in pages["feed"][1]
    assert NEW_URL in pages["sitemap"][1] and OLD_URL not in pages["sitemap"][1]


def test_a_never_approved_article_shows_its_submitted_topic_not_a_later_edit(client, alice_editor):
    article = ArticleFactory(by=alice_editor, topic="Blood counts", slug="what-is-a-platelet")
    review.submit(article, by=alice_editor)
    article_services.edit_article(article, by=alice_editor, reason="Recall", topic=RECALL)
    html = client.get("/articles/what-is-a-platelet/").content.decode()
    assert BANNER in html and '<p class="eyebrow">Blood counts</p>' in html
    assert RECALL not in client.get("/").content.decode()
    assert client.get(f"/topics/{RECALL_SLUG}/").status_code == 404


def test_an_address_readers_know_cannot_be_taken_by_another_article(live_article, alice_editor):
    from django.core.exceptions import ValidationError

    article_services.edit_article(live_article, by=alice_editor, reason="Move", slug="moved")
    other = ArticleFactory(by=alice_editor)
    with pytest.raises(ValidationError) as refused:
        article_services.edit_article(
            other, by=alice_editor, reason="Take it", slug="is-a-low-count-dangerous"
        )
    assert "Readers know" in refused.value.message_dict["slug"][0]

    review.submit(live_article, by=alice_editor)  # "moved" is on its way to readers
    with pytest.raises(ValidationError) as refused:
        article_services.edit_article(other, by=alice_editor, reason="Take it", slug="moved")
    assert "on its way to readers" in refused.value.message_dict["slug"][0]


# The board's "no" ----------------------------------------------------------------------

SETTINGS = {
    "default (waiting shown, sent back hidden)": {},
    "sent back kept public": {"show_sent_back": True},
    "nothing unapproved shown": {"show_waiting_for_review": False},
}


def _state(name: str, article, editor, reviewer):
    """Bring the article to the named state through the workflow."""
    revision = review.submit(article, by=editor)
    if name == "submitted":
        return
    review.claim(revision.item, by=reviewer)
    if name == "under review":
        return
    if name == "changes requested":
        review.request_changes(revision, by=reviewer, comment="Cite the guideline.")
        return
    review.approve(revision, by=reviewer)
    if name == "approved":
        return
    article_services.edit_article(
        article, by=editor, reason="Update", short_answer="UNAPPROVED UPDATE"
    )
    update = review.submit(article, by=editor)
    if name == "approved, update pending":
        return
    review.claim(update.item, by=reviewer)
    review.request_changes(update, by=reviewer, comment="Not yet.")
    assert name == "approved, update sent back"


# state -> (shown when waiting is shown, shown when sent-back is kept, banner, update note)
STATES = {
    "submitted": ("waiting", True, False),
    "under review": ("waiting", True, False),
    "changes requested": ("sent back", True, False),
    "approved": ("always", False, False),
    "approved, update pending": ("always", False, True),
    "approved, update sent back": ("always", False, False),
}


def shown_under(rule: str, settings: dict) -> bool:
    if rule == "always":
        return True
    if rule == "waiting":
        return settings.get("show_waiting_for_review", True)
    return settings.get("show_sent_back", False)


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("state", list(STATES))
def test_what_readers_see_in_each_state_under_each_policy(
    client, alice_editor, bob_reviewer, carol_reviewer, state, setting
):
    approved_policy(editor=alice_editor, approvers=[carol_reviewer], **SETTINGS[setting])
    article = ArticleFactory(
        by=alice_editor, title="Is a low count dangerous?", slug="low", topic="Blood counts"
    )
    _state(state, article, alice_editor, bob_reviewer)
    rule, banner, note = STATES[state]
    shown = shown_under(rule, SETTINGS[setting])

    response = client.get("/articles/low/")
    assert response.status_code == (200 if shown else 404)
    listed = {
        "search": client.get("/search/", {"q": "dangerous"}).content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }
    for name, html in listed.items():
        assert ("/articles/low/" in html) == shown, f"{name}: {state}, {setting}"
    home = client.get("/").content.decode()
    assert ('href="/topics/blood-counts/"' in home) == shown
    topic = client.get("/topics/blood-counts/")
    assert topic.status_code == (200 if shown else 404)
    if not shown:
        return
    html = response.content.decode()
    assert (BANNER in html) == banner
    assert (UPDATE_NOTE in html) == note
    assert "UNAPPROVED UPDATE" not in html


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("state", list(STATES))
def test_the_query_and_the_item_agree_on_what_readers_see(
    alice_editor, bob_reviewer, carol_reviewer, state, setting
):
    from reviews.selectors import current_terms

    approved_policy(editor=alice_editor, approvers=[carol_reviewer], **SETTINGS[setting])
    article = ArticleFactory(by=alice_editor)
    _state(state, article, alice_editor, bob_reviewer)
    terms = current_terms()
    item = Article.objects.with_revisions().get(pk=article.pk).review_item
    listed = Article.objects.live(terms).filter(pk=article.pk).exists()
    assert listed == (item.shown_revision(terms=terms) is not None)
    assert listed == shown_under(STATES[state][0], SETTINGS[setting])


def test_a_request_for_changes_takes_never_approved_content_down_at_once(
    client, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory(by=alice_editor, slug="low")
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.submit(article, by=alice_editor)
        review.claim(revision.item, by=bob_reviewer)
    assert client.get("/articles/low/").status_code == 200  # kept in the cache now
    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(revision, by=bob_reviewer, comment="Cite the guideline.")
    assert client.get("/articles/low/").status_code == 404
    assert "/articles/low/" not in client.get(reverse("home")).content.decode()
