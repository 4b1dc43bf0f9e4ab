"""An answer at once, from reviewed words only: after a follow-up question, the
reply shows the approved passages that best match it, says they were written for
everyone, and never shows a word the board has not approved."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import Article, FollowUpQuestion
from articles.passages import best_passages, question_terms
from articles.snippets import html_to_text, markdown_to_text
from reviews import services as review
from reviews.models import ReviewItem
from reviews.selectors import current_terms
from tests.factories import ArticleFactory
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db

NORMAL = "what-is-a-normal-absolute-neutrophil-count"
FEVER = "when-is-fever-with-neutropenia-an-emergency"
PENDING = "what-does-leukopenia-with-neutropenia-indicate"


@pytest.fixture
def demo(db):
    load_demo()


def passages(question):
    return best_passages(question, policy_terms=current_terms())


def approved_texts() -> list[str]:
    """The text of every approved article section and guidance block readers are shown."""
    texts = []
    for item in ReviewItem.objects.exclude(live_revision=None).select_related("live_revision"):
        if item.withdrawn_at is not None:
            continue
        snapshot = item.live_revision.snapshot
        if snapshot.get("kind") == "article":
            wording = snapshot["wordings"]["default"]
            texts.append(
                markdown_to_text(wording["short_answer"] + "\n\n" + wording["body_markdown"])
            )
        elif snapshot.get("body_html"):
            texts.append(html_to_text(snapshot["body_html"]))
    return texts


def pending_texts() -> list[str]:
    """The text of revisions waiting for the board (never shown to readers here)."""
    texts = []
    for item in ReviewItem.objects.select_related("latest_revision"):
        latest = item.latest_revision
        if latest is None or latest.status == "approved":
            continue
        snapshot = latest.snapshot
        if snapshot.get("kind") == "article":
            texts.append(markdown_to_text(snapshot["wordings"]["default"]["body_markdown"]))
        elif snapshot.get("body_html"):
            texts.append(html_to_text(snapshot["body_html"]))
    return texts


def test_question_terms_leave_out_the_little_words():
    assert question_terms("What is a normal neutrophil count?") == ["norm", "neutroph", "coun"]
    assert question_terms("is it?") == []


def check_demo_questions_find_approved_passages():
    for question, expected_source in (
        ("what is a normal neutrophil count", "What is a normal absolute neutrophil count?"),
        ("is a fever dangerous with low neutrophils", None),
        ("can medicines lower white cells", None),
    ):
        found = passages(question)
        assert found, f"no passage for {question!r}"
        for passage in found:
            assert passage.review_state == "Approved by the medical board"
            assert passage.source_title != "What does leukopenia with neutropenia indicate?"
        if expected_source:
            assert found[0].source_title == expected_source
        if "fever" in question:
            assert all("fever" in f"{p.heading} {p.text}".lower() for p in found)
        if "medicines" in question:
            assert any("medicine" in p.text.lower() for p in found)


def test_the_demo_questions_find_approved_passages_and_nothing_unreviewed(demo):
    check_demo_questions_find_approved_passages()
    approved = approved_texts()
    waiting = [t for t in pending_texts() if t]
    assert waiting, "the demo holds content waiting for the board"
    questions = (
        "what does leukopenia with neutropenia indicate",
        "can medicines lower white cells",
        "is a fever dangerous with low neutrophils",
        "what is a normal neutrophil count",
        "what should I do about mild leukopenia after a virus",
        "should I repeat the test in a week",
    )
    shown = [p.text.removesuffix(" …") for q in questions for p in passages(q)]
    assert shown
    for text in shown:
        assert any(text in whole for whole in approved), f"not approved text: {text[:80]}"
    # And the words only a waiting revision holds never appear.
    only_waiting = [
        sentence
        for whole in waiting
        for sentence in whole.split(". ")
        if len(sentence) > 40 and not any(sentence in a for a in approved)
    ]
    assert only_waiting
    for sentence in only_waiting:
        assert not any(sentence in text for text in shown), sentence
    titles = {p.source_title for p in passages("what does leukopenia with neutropenia indicate")}
    assert "What does leukopenia with neutropenia indicate?" not in titles


def test_withdrawn_content_is_never_a_passage(demo):
    from django.contrib.auth import get_user_model

    normal = Article.objects.get(slug=NORMAL)
    reviewer2 = get_user_model().objects.get(username="reviewer2")
    review.withdraw(
        ReviewItem.objects.get(pk=normal.review_item_id), by=reviewer2, reason="Superseded"
    )
    for question in ("what is a normal neutrophil count", "can medicines lower white cells"):
        assert normal.title not in {p.source_title for p in passages(question)}


def test_the_reply_page_shows_passages_and_says_what_they_are(client, demo):
    url = reverse("articles:ask", kwargs={"slug": NORMAL})
    response = client.post(url, {"question": "Is a fever dangerous with low neutrophils?"})
    assert response.status_code == 200
    html = response.content.decode()
    assert FollowUpQuestion.objects.get().question == "Is a fever dangerous with low neutrophils?"
    assert "Our editors have your question." in html
    assert "These passages were written for everyone, not for your question." in html
    sections = re.findall(r'<section class="passage".*?</section>', html, re.S)
    assert 1 <= len(sections) <= 3
    for section in sections:
        assert "Approved by the medical board" in section
        assert re.search(r'From <a href="/(articles|interpret)/', section)
    # The thank-you is at the top, where the form's address sends the reader.
    assert html.index('id="sent-heading"') < html.index('class="passage"')

    html = client.post(url, {"question": "Xylophone quartz?"}).content.decode()
    assert "None of our reviewed pages matches your question closely." in html
    assert 'class="passage"' not in html


def test_editors_see_questions_grouped_by_article_with_counts(client, alice_editor):
    normal = ArticleFactory(by=alice_editor, title="What is a normal count?", topic="Counts")
    fever = ArticleFactory(by=alice_editor, title="Is fever urgent?", topic="Fever")
    for text in ("One?", "Two?", "Three?"):
        article_services.ask_follow_up(article=normal, question=text)
    article_services.ask_follow_up(article=fever, question="Four?")
    spam = article_services.ask_follow_up(article=fever, question="Buy now")
    article_services.mark_follow_up(spam, status="spam", by=alice_editor)
    client.force_login(alice_editor)
    html = client.get("/admin/articles/followupquestion/by-article/").content.decode()
    rows = re.findall(
        r"<tr>\s*<td><a [^>]*>([^<]+)</a></td>\s*<td>([^<]*)</td><td>(\d+)</td>"
        r"<td>(\d+)</td><td>(\d+)</td>",
        html,
    )
    assert rows[0] == (normal.title, normal.topic.name, "3", "0", "3")
    assert rows[1] == (fever.title, fever.topic.name, "1", "0", "1")
    assert (
        "Questions by article" in client.get("/admin/articles/followupquestion/").content.decode()
    )
