"""Readers' follow-up questions, answered by editors in the admin's inbox."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import FollowUpQuestion
from reviews import services as review
from reviews.history import save_recorded
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

INBOX = "/admin/articles/followupquestion/"


def change_url(question) -> str:
    return f"{INBOX}{question.pk}/change/"


@pytest.fixture
def published_article(alice_editor):
    article = ArticleFactory(
        by=alice_editor,
        title="Can I exercise with a low neutrophil count?",
        slug="can-i-exercise-with-a-low-neutrophil-count",
    )
    review.submit(article, by=alice_editor)
    return article


@pytest.fixture
def question(draft_article):
    return services.ask_follow_up(
        article=draft_article, question="Does a cold lower my count?", audience="patient"
    )


def test_an_editor_answers_a_question_with_a_published_article(
    question, published_article, alice_editor
):
    answered = services.answer_follow_up(question, article=published_article, by=alice_editor)

    question.refresh_from_db()
    assert question.status == FollowUpQuestion.Status.ANSWERED
    assert question.answered_by == published_article
    assert answered.answered_by == published_article
    assert list(published_article.answered_questions.all()) == [question]
    latest = question.history.latest()
    assert latest.history_user == alice_editor
    assert latest.history_change_reason == (
        'Answered by "Can I exercise with a low neutrophil count?"'
    )


def test_a_draft_cannot_answer_a_question(question, draft_article, alice_editor):
    with pytest.raises(ValidationError) as refused:
        services.answer_follow_up(question, article=draft_article, by=alice_editor)

    assert list(refused.value.message_dict) == ["answered_by"]
    assert "is not published yet" in refused.value.message_dict["answered_by"][0]
    question.refresh_from_db()
    assert question.status == FollowUpQuestion.Status.NEW
    assert question.answered_by is None
    assert question.history.count() == 1, "only the reader's own question"


def test_answered_is_refused_without_the_article(question, alice_editor):
    with pytest.raises(ValidationError) as refused:
        services.mark_follow_up(question, status="answered", by=alice_editor)

    assert refused.value.message_dict == {
        "answered_by": ["Choose the published article that answers this question."]
    }
    question.refresh_from_db()
    assert question.status == FollowUpQuestion.Status.NEW


def test_an_unknown_status_is_refused_naming_the_field(question, alice_editor):
    with pytest.raises(ValidationError) as refused:
        services.mark_follow_up(question, status="closed", by=alice_editor)
    assert list(refused.value.message_dict) == ["status"]


def test_marking_spam_clears_the_answer_and_keeps_it_in_history(
    question, published_article, alice_editor, erin_editor
):
    services.answer_follow_up(question, article=published_article, by=alice_editor)
    services.mark_follow_up(question, status="spam", by=erin_editor)

    question.refresh_from_db()
    assert question.status == FollowUpQuestion.Status.SPAM
    assert question.answered_by is None
    spam, answered, asked = question.history.order_by("-history_id")
    assert (spam.history_user, spam.history_change_reason) == (erin_editor, "Marked spam")
    assert answered.answered_by_id == published_article.pk
    assert asked.history_change_reason == "Asked by a reader"


def test_the_database_refuses_an_answer_without_its_article(question):
    question.status = FollowUpQuestion.Status.ANSWERED
    with pytest.raises(IntegrityError), transaction.atomic():
        save_recorded(question, by=None, reason="Test: skipping the service")


# The inbox in the admin.


def test_the_inbox_lists_questions_with_their_answers(
    client, alice_editor, question, published_article
):
    long_question = services.ask_follow_up(
        article=published_article,
        question="Is it safe to run a marathon " + "while my count is low " * 10,
    )
    services.answer_follow_up(question, article=published_article, by=alice_editor)
    client.force_login(alice_editor)

    html = client.get(INBOX).content.decode()

    for column in ("question", "article", "audience", "status", "asked at", "answered by"):
        assert f">{column.capitalize()}</a>" in html or f">{column.capitalize()}</span>" in html
    assert "Does a cold lower my count?" in html
    assert long_question.question not in html, "long questions are cut short in the list"
    assert "Is it safe to run a marathon while my count" in html
    assert 'class="field-answered_by nowrap">Can I exercise with a low neutrophil count?' in html
    assert "Mark as spam" in html
    assert "Mark as new" in html


def test_the_inbox_filters_by_status_and_by_article(
    client, alice_editor, question, published_article, draft_article
):
    other = services.ask_follow_up(article=published_article, question="Can I swim?")
    services.mark_follow_up(other, status="spam", by=alice_editor)
    client.force_login(alice_editor)

    def listed(query: str) -> list[str]:
        html = client.get(INBOX + query).content.decode()
        return re.findall(r'<th class="field-summary"><a href="[^"]+">([^<]+)</a>', html)

    assert listed("") == ["Can I swim?", "Does a cold lower my count?"]
    assert "By article" in client.get(INBOX).content.decode()
    assert listed("?status__exact=spam") == ["Can I swim?"]
    assert listed("?status__exact=new") == ["Does a cold lower my count?"]
    assert listed(f"?article__id__exact={draft_article.pk}") == ["Does a cold lower my count?"]


def test_the_inbox_query_count_does_not_grow_with_the_questions(
    client, alice_editor, published_article, draft_article
):
    def queries() -> int:
        from django.db import connection

        with CaptureQueriesContext(connection) as captured:
            assert client.get(INBOX).status_code == 200
        return len(captured)

    client.force_login(alice_editor)
    question = services.ask_follow_up(article=draft_article, question="First?")
    services.answer_follow_up(question, article=published_article, by=alice_editor)
    few = queries()
    for number in range(5):
        answered = services.ask_follow_up(article=draft_article, question=f"More {number}?")
        services.answer_follow_up(answered, article=published_article, by=alice_editor)
    # Articles and their answers come with the questions (list_select_related).
    assert queries() == few


def test_editors_mark_selected_questions_as_spam_then_new(
    client, alice_editor, question, published_article
):
    other = services.ask_follow_up(article=published_article, question="Buy cheap pills here")
    services.answer_follow_up(question, article=published_article, by=alice_editor)
    client.force_login(alice_editor)

    response = client.post(
        INBOX, {"action": "mark_as_spam", "_selected_action": [question.pk, other.pk]}
    )
    assert response.status_code == 302
    assert "2 questions marked spam." in client.get(INBOX).content.decode()
    for entry in (question, other):
        entry.refresh_from_db()
        assert entry.status == FollowUpQuestion.Status.SPAM
        assert entry.answered_by is None
        latest = entry.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (alice_editor, "Marked spam")

    client.post(INBOX, {"action": "mark_as_new", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.status == FollowUpQuestion.Status.NEW
    assert question.history.latest().history_change_reason == "Marked new"


def test_board_members_see_the_inbox_but_cannot_act(client, bob_reviewer, question):
    client.force_login(bob_reviewer)
    html = client.get(INBOX).content.decode()
    assert "Does a cold lower my count?" in html
    assert "Mark as spam" not in html

    response = client.post(INBOX, {"action": "mark_as_spam", "_selected_action": [question.pk]})
    assert response.status_code == 200, "the list again: they have no actions to run"
    question.refresh_from_db()
    assert question.status == FollowUpQuestion.Status.NEW


def test_the_change_page_shows_the_question_read_only(client, alice_editor, question):
    client.force_login(alice_editor)
    html = client.get(change_url(question)).content.decode()
    assert '<div class="readonly">Does a cold lower my count?</div>' in html
    assert 'name="question"' not in html
    assert "The article that answers this question" in html


def test_an_editor_answers_on_the_change_page(
    client, alice_editor, question, published_article, draft_article
):
    client.force_login(alice_editor)
    page = client.get(change_url(question)).content.decode()
    assert f'<option value="{published_article.pk}">' in page
    assert f'<option value="{draft_article.pk}">' not in page, "drafts are not offered"

    response = client.post(
        change_url(question),
        {
            "status": "answered",
            "answered_by": published_article.pk,
            "question": "Rewritten by an editor",
        },
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.question == "Does a cold lower my count?", "the reader's words stay"
    assert question.answered_by == published_article
    latest = question.history.latest()
    assert latest.history_user == alice_editor
    assert latest.history_change_reason.startswith("Answered by")


@pytest.mark.parametrize(
    ("status", "answered_by", "message"),
    [
        ("answered", "", "Choose the published article that answers this question."),
        ("answered", "draft", "Choose a published article: a draft cannot answer"),
        ("new", "published", "Only an answered question names an article."),
        ("answered", "99999", "Choose a published article"),
    ],
)
def test_the_change_page_names_the_field_in_error(
    client,
    alice_editor,
    question,
    published_article,
    draft_article,
    status,
    answered_by,
    message,
):
    pks = {"draft": draft_article.pk, "published": published_article.pk}
    client.force_login(alice_editor)

    response = client.post(
        change_url(question), {"status": status, "answered_by": pks.get(answered_by, answered_by)}
    )

    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    errors = re.search(r'<div class="form-row errors field-answered_by">.*?</ul>', html, re.S)
    assert errors, "the error sits on the answered-by field"
    assert message in errors.group()
    question.refresh_from_db()
    assert (question.status, question.answered_by) == ("new", None)
