"""The benchmark runs and reports plausible numbers (the speed itself is measured by hand)."""

from __future__ import annotations

import pytest

from bench.engine import FULL_CBC, PATIENT, run
from interpretation.engine import interpret


def test_the_benchmark_cbc_is_a_valid_full_cbc(cbc_data):
    result = interpret(PATIENT, list(FULL_CBC), cbc_data)
    assert len(result.values) == 9
    assert result.findings == ()


def test_run_reports_median_microseconds(cbc_data):
    result = run(n=200, data=cbc_data)
    assert result["n"] == 200
    assert 0 < result["min_us"] <= result["median_us"] <= result["p95_us"]


def test_run_needs_reference_data():
    with pytest.raises(ValueError, match="reference data"):
        run(n=10)
