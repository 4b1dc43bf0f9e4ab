import pytest

from tests.interpretation.factories import build_cbc_reference_data


@pytest.fixture(scope="session")
def cbc_data():
    return build_cbc_reference_data()
