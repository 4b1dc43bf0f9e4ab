"""The home page (topics, recently reviewed, the results tool) and the topic pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.views.pages import TOPIC_PAGE_SIZE
from reviews import services as review
from reviews.history import save_recorded
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def publish(article, editor, reviewer, *, approve=True):
    revision = review.submit(article, by=editor)
    if approve:
        review.start_review(revision, by=reviewer)
        review.approve(revision, by=reviewer)
    return revision


def test_the_home_page_shows_topics_recent_reviews_and_the_tool(client, alice_editor, bob_reviewer):
    approved = ArticleFactory(
        by=alice_editor, title="Is a low count dangerous?", topic="Blood counts"
    )
    pending = ArticleFactory(by=alice_editor, title="What is a platelet?", topic="Blood counts")
    fever = ArticleFactory(by=alice_editor, title="When is fever urgent?", topic="Fever")
    draft = ArticleFactory(by=alice_editor, title="A draft question?", topic="Secret topic")
    publish(approved, alice_editor, bob_reviewer)
    publish(fever, alice_editor, bob_reviewer)
    publish(pending, alice_editor, bob_reviewer, approve=False)

    html = client.get(reverse("home")).content.decode()
    assert 'href="/topics/blood-counts/"' in html and "2 articles" in html
    assert 'href="/topics/fever/"' in html and "1 article<" in html
    assert "Secret topic" not in html and draft.title not in html
    recent = html.split('id="recent-heading"', 1)[1]
    assert approved.title in recent and fever.title in recent
    assert pending.title not in recent  # not reviewed yet
    assert 'href="/interpret/"' in html


def test_recently_reviewed_is_newest_first_and_short(client, alice_editor, bob_reviewer):
    articles = [ArticleFactory(by=alice_editor, title=f"Question number {n}?") for n in range(10)]
    for article in articles:
        publish(article, alice_editor, bob_reviewer)
    base = timezone.now() - datetime.timedelta(days=30)
    for n, article in enumerate(articles):
        item = article.review_item
        item.refresh_from_db()
        item.last_reviewed_at = base + datetime.timedelta(days=n)
        save_recorded(item, by=None, reason="Test: spread the review dates")
    recent = client.get(reverse("home")).content.decode().split('id="recent-heading"', 1)[1]
    shown = [n for n in range(10) if f"Question number {n}?" in recent]
    assert shown == [2, 3, 4, 5, 6, 7, 8, 9]
    assert recent.index("Question number 9?") < recent.index("Question number 2?")


def test_the_home_page_query_count_does_not_grow_with_articles(
    client,
    alice_editor,
    bob_reviewer,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    # Topics are one grouped query and "recently reviewed" one joined query, however
    # many articles there are; then the page is cached until reader content changes.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            publish(ArticleFactory(by=alice_editor, topic=f"Topic {n}"), alice_editor, bob_reviewer)
    # The reader stamp is in the cache (the commits wrote it): 1: the policy in force
    # (what readers may see); 2: topics; 3: recently reviewed. Then the page itself is
    # in the cache: no query.
    with django_assert_num_queries(3):
        client.get(reverse("home"))
    with django_assert_num_queries(0):
        client.get(reverse("home"))
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(20):
            article = ArticleFactory(by=alice_editor, topic=f"Topic {n % 5}")
            publish(article, alice_editor, bob_reviewer)
    with django_assert_num_queries(3):
        html = client.get(reverse("home")).content.decode()
    assert "Topic 4" in html  # the approvals reached the cached page


def test_a_topic_page_lists_its_published_articles_with_their_state(
    client, alice_editor, bob_reviewer
):
    approved = ArticleFactory(
        by=alice_editor, title="Is a low count dangerous?", topic="Blood counts"
    )
    pending = ArticleFactory(by=alice_editor, title="What is a platelet?", topic="Blood counts")
    ArticleFactory(by=alice_editor, title="A draft question?", topic="Blood counts")
    other = ArticleFactory(by=alice_editor, title="When is fever urgent?", topic="Fever")
    publish(approved, alice_editor, bob_reviewer)
    publish(pending, alice_editor, bob_reviewer, approve=False)
    publish(other, alice_editor, bob_reviewer)

    html = client.get("/topics/blood-counts/").content.decode()
    assert "<h1>Blood counts</h1>" in html
    assert approved.title in html and "Approved by the board" in html
    assert pending.title in html and "Pending review" in html
    assert "A draft question?" not in html and other.title not in html


def test_unknown_topics_and_topics_with_only_drafts_are_404(client, alice_editor):
    ArticleFactory(by=alice_editor, topic="Only drafts")
    assert client.get("/topics/only-drafts/").status_code == 404
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_long_topics_are_paged_and_bad_page_numbers_are_harmless(
    client, alice_editor, bob_reviewer
):
    for n in range(TOPIC_PAGE_SIZE + 3):
        publish(
            ArticleFactory(by=alice_editor, title=f"Paged question {n:03d}?", topic="Paged"),
            alice_editor,
            bob_reviewer,
            approve=False,
        )
    first = client.get("/topics/paged/").content.decode()
    assert "Page 1 of 2" in first and "Paged question 000?" in first
    assert f"Paged question {TOPIC_PAGE_SIZE:03d}?" not in first
    second = client.get("/topics/paged/?page=2").content.decode()
    assert f"Paged question {TOPIC_PAGE_SIZE:03d}?" in second
    for bad in ("x", "-1", "999"):
        assert client.get(f"/topics/paged/?page={bad}").status_code == 200


def test_every_reader_list_shows_each_article_as_a_card_with_its_shown_short_answer(
    client, alice_editor, bob_reviewer
):
    """Home, topic and all-articles pages show one card per article: the question as
    a link, the review state in one line and the start of the short answer readers
    are shown (Markdown removed), never the unreviewed working copy."""
    approved = ArticleFactory(
        by=alice_editor,
        title="Is a low count dangerous?",
        topic="Blood counts",
        short_answer="A **mild** dip is _often_ temporary. " + "More words follow here. " * 20,
    )
    pending = ArticleFactory(
        by=alice_editor,
        title="What is a platelet?",
        topic="Blood counts",
        short_answer="A small cell that helps blood clot.",
    )
    publish(approved, alice_editor, bob_reviewer)
    publish(pending, alice_editor, bob_reviewer, approve=False)
    article_services.edit_article(
        approved, by=alice_editor, reason="Not yet reviewed", short_answer="Unreviewed words."
    )

    pages = {
        "home": (client.get(reverse("home")).content.decode(), 3),
        "topic": (client.get("/topics/blood-counts/").content.decode(), 2),
        "index": (client.get("/articles/").content.decode(), 3),
    }
    for name, (html, level) in pages.items():
        cards = re.findall(r'<li class="article-card[^"]*">(.*?)</li>', html, re.S)
        by_title = {re.search(r">([^<]+)</a>", card).group(1): card for card in cards}
        card = by_title["Is a low count dangerous?"]
        assert f'<h{level} class="article-card-title"><a href="/articles/' in card, name
        assert "Approved by the board" in card and "reviewed <time" in card, name
        answer = re.search(r'<p class="article-card-answer">(.*?)</p>', card, re.S).group(1)
        assert answer.startswith("A mild dip is often temporary. More words"), name
        assert answer.endswith("…") and len(answer) <= 201, name
        assert "Unreviewed words." not in html, name
        if name != "home":  # "recently reviewed" lists approved articles only
            card = by_title["What is a platelet?"]
            assert "Pending review" in card and "updated <time" in card, name
            assert "A small cell that helps blood clot." in card, name
            assert 'class="article-card article-card-pending"' in html, name
