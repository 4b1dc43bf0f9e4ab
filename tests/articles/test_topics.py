"""Topics are a managed list: editors choose one in the article form (a typo cannot
start a new topic), the list is kept under Topics, and the free-text topics articles
had before are made into the list by a data migration. Readers keep seeing the topic
named in the revision they are shown."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import services
from articles.models import Article, Topic
from reviews import services as review
from tests.factories import ArticleFactory

BEFORE = [("articles", "0009_topic_list")]
AFTER = [("articles", "0010_topics_from_free_text")]


@pytest.mark.django_db
def test_the_article_form_offers_the_list_and_refuses_a_topic_not_on_it(client, alice_editor):
    services.add_topic(name="Blood counts", by=alice_editor, reason="New")
    article = ArticleFactory(by=alice_editor, topic="Blood counts")
    client.force_login(alice_editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert '<select name="topic"' in page
    assert f'<option value="{article.topic_id}" selected>Blood counts</option>' in page
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        {
            "title": article.title,
            "slug": article.slug,
            "topic": "Blod counts",
            "body_markdown": article.body_markdown,
            "change_reason": "Typo",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(Topic.objects.values_list("name", flat=True)) == ["Blood counts"]


@pytest.mark.django_db
def test_a_topic_named_twice_is_refused_and_renaming_reaches_readers_after_approval(
    alice_editor, bob_reviewer
):
    topic = services.add_topic(name="Fever", by=alice_editor, reason="New")
    with pytest.raises(Exception, match="on the list already"):
        services.add_topic(name="fever", by=alice_editor, reason="Again")
    article = ArticleFactory(by=alice_editor, topic=topic)
    revision = review.submit(article, by=alice_editor)
    review.decide(revision.item, by=bob_reviewer, action="approve")
    services.rename_topic(topic, name="Fever and infection", by=alice_editor, reason="Wider")
    article = Article.objects.get(pk=article.pk)
    assert article.search_entry.topic == "Fever", "readers keep the approved name"
    revision = review.submit(article, by=alice_editor)
    assert revision.snapshot["topic"] == "Fever and infection"


# serialized_rollback: the flush after this test leaves the database empty (no
# post_migrate), as the browser tests that restore the serialized data expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_makes_the_list_from_free_text_topics():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    try:
        editor = get_user_model().objects.create(username="topic-editor")
        Article_ = old.get_model("articles", "Article")
        for n, text in enumerate(["Blood counts", " blood counts ", "Fever", ""]):
            Article_.objects.create(
                title=f"Question {n}?",
                slug=f"question-{n}",
                topic_name=text,
                body_markdown="Text.",
                created_by_id=editor.pk,
            )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        topics = new.get_model("articles", "Topic").objects.order_by("name")
        assert [(t.name, t.slug) for t in topics] == [
            ("Blood counts", "blood-counts"),
            ("Fever", "fever"),
        ]
        named = new.get_model("articles", "Article").objects.order_by("slug")
        assert [a.topic.name if a.topic_id else "" for a in named] == [
            "Blood counts",
            "Blood counts",
            "Fever",
            "",
        ]
        history = new.get_model("articles", "HistoricalTopic").objects.all()
        assert {h.history_change_reason for h in history} == {
            "Made from the articles' free-text topics"
        }
    finally:
        call_command("migrate", verbosity=0)
