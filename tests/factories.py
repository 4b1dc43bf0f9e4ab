"""Factories that build content the way the platform does: through the services."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles import services as article_services
from articles.models import Article, Source
from reviews.history import save_recorded
from reviews.models import BoardMember


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


def make_editor(username: str, **kwargs):
    return UserFactory(username=username, is_staff=True, groups=["Editors"], **kwargs)


def make_board_member(username: str, credentials: str = "MD, Hematology", **kwargs):
    """A board member who joined before the story starts: their membership is in place
    (with its history row) but, unlike a change through ``reviews.services.board``,
    adds no event to the audit chain the story's tests read."""
    user = UserFactory(username=username, is_staff=True, groups=["Board"], **kwargs)
    save_recorded(
        BoardMember(user=user, credentials=credentials), by=None, reason="Joined the board"
    )
    return user


class SourceFactory(factory.Factory):
    """Builds a Source through articles.services.create_source."""

    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"A review of neutrophil counts, part {n}")
    authors = "Gibson C, Berliner N"
    journal = "Blood"
    year = 2014
    kind = "review"

    @classmethod
    def _create(cls, model_class, *args, by=None, **kwargs):
        by = by or make_editor("source-editor")
        return article_services.create_source(by=by, **kwargs)


class ArticleFactory(factory.Factory):
    """Builds an Article (a draft) through articles.services.create_article."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"What does test result {n} mean?")
    slug = factory.Sequence(lambda n: f"what-does-test-result-{n}-mean")
    topic = "Blood counts"
    short_answer = "Usually nothing serious."
    body_markdown = "## What it means\n\nA count slightly below the range is common."

    @classmethod
    def _create(cls, model_class, *args, by=None, **kwargs):
        by = by or make_editor("article-editor")
        return article_services.create_article(by=by, **kwargs)
