"""Fixtures for the engine's tests: reference data built from the clinical facts, no database."""

from __future__ import annotations

import pytest

from interpretation.engine import ReferenceData
from tests.interpretation.factories import build_cbc_reference_data


@pytest.fixture(scope="session")
def cbc_data() -> ReferenceData:
    """The complete adult CBC reference data (immutable, so shared by every test)."""
    return build_cbc_reference_data()
