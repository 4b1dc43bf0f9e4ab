"""Workflow mail: subjects are built safely from titles, and a failed send is logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from articles import services as article_services
from articles.models import Article
from outbox.models import OutgoingEmail
from reviews import services as review
from reviews.history import save_recorded
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = "Is a low count dangerous?\r\nBcc: everyone@example.org"


@pytest.mark.parametrize("value", [HOSTILE, "Two\nlines", "Tab\there", "Nul\x00", "Sep\u2028x"])
def test_a_question_with_control_characters_is_refused_naming_the_field(alice_editor, value):
    with pytest.raises(ValidationError) as refused:
        ArticleFactory(by=alice_editor, title=value)
    assert refused.value.message_dict["title"] == [
        "The question must be one line of text: remove line breaks, tabs and other "
        "control characters."
    ]
    assert not Article.objects.exists()


def test_topics_and_source_titles_are_one_line_too(alice_editor):
    article = ArticleFactory(by=alice_editor)
    with pytest.raises(ValidationError) as refused:
        article_services.edit_article(article, by=alice_editor, reason="x", topic="A\r\nB")
    assert "The topic must be one line" in refused.value.message_dict["topic"][0]
    with pytest.raises(ValidationError) as refused:
        SourceFactory(by=alice_editor, title="A\nB")
    assert "The title must be one line" in refused.value.message_dict["title"][0]


def test_the_admin_form_refuses_a_line_break_and_keeps_the_text(client, alice_editor):
    client.force_login(alice_editor)
    response = client.post(
        "/admin/articles/article/add/",
        {
            "title": HOSTILE,
            "slug": "a-low-count",
            "body_markdown": "Text.",
            "change_reason": "New",
            "variants-TOTAL_FORMS": "0",
            "variants-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The question must be one line of text" in html
    assert "Bcc: everyone@example.org" in html
    assert not Article.objects.exists()


def test_the_board_is_told_even_when_a_stored_title_holds_a_line_break(alice_editor, bob_reviewer):
    """Regression: a CR/LF in a title made Django refuse the subject and the notice was lost.
    Titles stored before the rule (or by an import) still reach the board on one line."""
    article = ArticleFactory(by=alice_editor)
    article.title = HOSTILE
    save_recorded(article, by=alice_editor, reason="Stored before titles were one line")
    review.submit(article, by=alice_editor)
    [email] = OutgoingEmail.objects.filter(recipient=bob_reviewer.email)
    assert email.subject == (
        "[Review] New revision waiting: Is a low count dangerous? Bcc: everyone@example.org"
    )


def test_the_editor_hears_sent_back_with_the_comment_and_a_link_from_site_url(
    settings, draft_article, alice_editor, bob_reviewer
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    revision = review.submit(draft_article, by=alice_editor)
    review.claim(revision.item, by=bob_reviewer)
    review.request_changes(revision, by=bob_reviewer, comment="Cite the 2023 guideline.")
    [email] = OutgoingEmail.objects.filter(recipient=alice_editor.email)
    assert email.subject == f"[Review] {draft_article.title}: sent back with a request for changes"
    assert "Comment:\nCite the 2023 guideline." in email.body
    assert f"http://127.0.0.1:8123/admin/reviews/reviewqueue/{revision.item_id}/review/" in (
        email.body
    )


def test_a_re_review_reminder_gives_the_date_in_the_site_format(draft_article, bob_reviewer):
    import datetime

    from reviews import notifications
    from reviews.models import ReviewItem

    revision = review.submit(draft_article, by=draft_article.created_by)
    item = ReviewItem.objects.get(pk=revision.item_id)
    notifications.rereview_due(item, datetime.date(2026, 12, 5))
    [email] = OutgoingEmail.objects.filter(recipient=bob_reviewer.email, subject__contains="due")
    assert "is due for its periodic review on 5 December 2026." in email.body


def test_a_moment_reads_day_month_year_everywhere():
    import datetime

    from reviews.services.steps import format_when

    moment = datetime.datetime(2026, 12, 5, 14, 0, tzinfo=datetime.UTC)
    assert format_when(moment) == "5 December 2026, 14:00 UTC"
