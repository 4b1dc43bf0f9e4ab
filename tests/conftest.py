"""Shared fixtures: the people in our stories and the content they work on."""

from __future__ import annotations

import pytest

from tests.factories import ArticleFactory, UserFactory, make_board_member, make_editor
from tests.helpers import StaffClient, load_demo


@pytest.fixture
def client():
    """The test client; its ``force_login`` also gives the admin's second factor."""
    return StaffClient()


@pytest.fixture
def alice_editor(db):
    return make_editor("alice_editor", first_name="Alice", last_name="Editor")


@pytest.fixture
def erin_editor(db):
    return make_editor("erin_editor", first_name="Erin", last_name="Writer")


@pytest.fixture
def bob_reviewer(db):
    return make_board_member(
        "bob_reviewer", credentials="MD, Hematology", first_name="Bob", last_name="Reviewer"
    )


@pytest.fixture
def carol_reviewer(db):
    return make_board_member(
        "carol_reviewer",
        credentials="MD, PhD, Infectious Diseases",
        first_name="Carol",
        last_name="Reviewer",
    )


@pytest.fixture
def dave_reader(db):
    return UserFactory(username="dave_reader", first_name="Dave", last_name="Reader")


@pytest.fixture
def ada_admin(db):
    """An administrator: staff in the Administrators group, not a superuser."""
    return UserFactory(
        username="ada_admin",
        first_name="Ada",
        last_name="Admin",
        is_staff=True,
        groups=["Administrators"],
    )


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def draft_article(alice_editor):
    return ArticleFactory(by=alice_editor)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: the database is rolled back between tests,
    so nothing cached from one test's data may serve another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_rate_limits(settings):
    """For tests that send hundreds of requests on purpose (fuzzing): the limits are
    tested on their own in tests/test_security.py."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(scope="session")
def seeded_demo(django_db_setup, django_db_blocker):
    """The live reference data and the clinical test set exactly as the demo publishes
    them, built once.

    The demo is loaded through the real services and review workflow inside a
    transaction that is rolled back, so no test sees its rows; what is kept is the
    plain LiveReference built from the approved revisions' snapshots, and the
    approved cases of the clinical test set.
    """
    from django.db import transaction

    from interpretation.reference import (
        approved_snapshots,
        approved_test_cases,
        build_live_reference,
    )

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        built = build_live_reference(approved_snapshots().values())
        cases = approved_test_cases()
        transaction.set_rollback(True)
    return built, cases


@pytest.fixture(scope="session")
def seeded_reference(seeded_demo):
    """The live reference data as the demo publishes it (see ``seeded_demo``)."""
    return seeded_demo[0]


@pytest.fixture
def live_ref(seeded_reference, monkeypatch):
    """Serve the demo's reference data to the views and API without reseeding."""
    from interpretation import reference

    monkeypatch.setattr(reference, "live_reference", lambda: seeded_reference)
    return seeded_reference
