"""Fixtures for the engine's tests: reference data built from the clinical facts, no database."""

from __future__ import annotations

import pytest

from interpretation.engine import ReferenceData
from tests.interpretation.factories import build_cbc_reference_data


@pytest.fixture(scope="session")
def cbc_data() -> ReferenceData:
    """The complete adult CBC reference data (immutable, so shared by every test)."""
    return build_cbc_reference_data()


@pytest.fixture(scope="session")
def seeded_reference(django_db_setup, django_db_blocker):
    """The live reference data exactly as the demo publishes it, built once.

    The demo is loaded through the real services and review workflow inside a
    transaction that is rolled back, so no test sees its rows; what is kept is
    the plain LiveReference built from the revisions' snapshots.
    """
    from django.core.management import call_command
    from django.db import transaction

    from interpretation.reference import _rows, build_live_reference

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        built = build_live_reference(list(_rows()))
        transaction.set_rollback(True)
    return built


@pytest.fixture
def live_ref(seeded_reference, monkeypatch):
    """Serve the demo's reference data to the views and API without reseeding."""
    from interpretation import reference

    monkeypatch.setattr(reference, "live_reference", lambda: seeded_reference)
    return seeded_reference
