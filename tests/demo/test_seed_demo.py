"""`manage.py seed_demo` loads the demo, through the services, and is idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from articles.models import Article, Source
from reviews import selectors as review_selectors
from reviews.models import BoardMember, EditorialPolicyVersion, ReviewState, Revision
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

SEED_SLUG = "what-does-leukopenia-with-neutropenia-indicate"


def counts():
    return (
        Article.objects.count(),
        Source.objects.count(),
        Revision.objects.count(),
        EditorialPolicyVersion.objects.count(),
        Article.history.count(),
        Revision.history.count(),
    )


def test_seed_demo_loads_the_demo_and_is_idempotent(client):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first

    seed = Article.objects.get(slug=SEED_SLUG)
    assert seed.title == "What does leukopenia with neutropenia indicate?"
    assert review_selectors.status_of(seed) == ReviewState.SUBMITTED
    assert len(seed.references) >= 5
    assert {v.audience for v in seed.variants.all()} == {
        "patient",
        "caregiver",
        "professional",
        "student",
    }
    bodies = {v.body_markdown for v in seed.variants.all()} | {seed.body_markdown}
    assert len(bodies) == 5, "each audience has its own wording"

    others = Article.objects.exclude(slug=SEED_SLUG)
    assert others.count() == 2
    assert all(review_selectors.live_revision(a) is not None for a in others)
    pending = [a for a in others if review_selectors.status_of(a) == ReviewState.SUBMITTED]
    assert len(pending) == 1, "one approved article has an update pending review"

    assert list(
        EditorialPolicyVersion.objects.order_by("number").values_list("number", flat=True)
    ) == [1, 2]
    # Both approved by the board through the workflow; the newer one is in force.
    assert list(EditorialPolicyVersion.objects.approved().order_by("number")) == list(
        EditorialPolicyVersion.objects.order_by("number")
    )
    assert review_selectors.current_policy().number == 2
    assert BoardMember.objects.filter(user__username__in=["reviewer1", "reviewer2"]).count() == 2

    response = client.get(f"/articles/{SEED_SLUG}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Educational purpose only" in html
    assert html.count('<li id="ref-') >= 5


def test_demo_users_can_log_in(client):
    call_command("seed_demo", verbosity=0)
    from demo.seed_articles import DEMO_USERS

    for spec in DEMO_USERS:
        assert log_in(client, spec.username, spec.password), spec.username
        assert client.get("/admin/").status_code == 200
        client.logout()
