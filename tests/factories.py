"""Factories that build content the way the platform does: through the services."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Source
from reviews import selectors as review_selectors
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import BoardMember, EditorialPolicyVersion


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
    if not BoardMember.objects.filter(user=user).exists():
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


def approved_policy(
    *,
    editor=None,
    approvers=None,
    effective_date: datetime.date | None = None,
    body_markdown: str = "Our medical board checks every answer before we call it approved.",
    change_note: str = "A new version of the policy",
    **settings,
) -> EditorialPolicyVersion:
    """A policy version drafted by ``editor``, submitted, and approved through the
    review workflow by as many of ``approvers`` as the policy in force needs (new
    board members when none are given): in force from ``effective_date`` (today)."""
    editor = editor or make_editor("policy-editor")
    needed = review_selectors.current_terms().approvals_required
    approvers = list(approvers or [make_board_member(f"policy-board-{n}") for n in range(needed)])
    version = review.draft_policy_version(
        by=editor,
        effective_date=effective_date or timezone.localdate(),
        body_markdown=body_markdown,
        change_note=change_note,
        **settings,
    )
    revision = review.submit(version, by=editor)
    for reviewer in approvers[:needed]:
        review.claim(revision.item, by=reviewer)
        review.approve(revision, by=reviewer)
    version.refresh_from_db()
    return version
