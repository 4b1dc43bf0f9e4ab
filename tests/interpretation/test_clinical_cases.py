"""Every case of the clinical test set gives the outcome the board expects: through the
engine with the test reference data and with the demo's data, and through the database
(the cases and the reference data as seed_demo stores and approves them)."""

from __future__ import annotations

import pytest

from demo import reference_data as demo_data
from demo.clinical_cases import CASES
from interpretation import clinical_cases
from interpretation.engine import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradeBand,
    PlausibilityLimit,
    ReferenceData,
    ReferenceRange,
    SeverityBand,
    units,
)
from tests.interpretation.factories import build_cbc_reference_data


def demo_reference_data() -> ReferenceData:
    """The engine's data built from demo/reference_data.py, as seed_demo stores it."""
    fever = demo_data.FEVER_RULE
    return ReferenceData(
        analytes=tuple(
            Analyte(code, name, loinc, kind, units.CANONICAL_UNIT[kind], tuple(aliases))
            for code, name, loinc, aliases, kind in demo_data.ANALYTES
        ),
        ranges=tuple(
            ReferenceRange(code, low, high, sex or None, population)
            for code, low, high, sex, population, _source in demo_data.RANGES
        ),
        bands=tuple(
            SeverityBand(
                demo_data.NEUTROPENIA_BANDS["analyte"],
                band["code"],
                band["label"],
                band["lower"],
                band["upper"],
                band.get("parent"),
            )
            for band in demo_data.NEUTROPENIA_BANDS["bands"]
        ),
        grades=tuple(
            GradeBand(code, "CTCAE", "5.0", g["grade"], g["lower"], g["upper"])
            for code, _term, grades in demo_data.CTCAE_V5
            for g in grades
        ),
        critical_limits=tuple(
            CriticalLimit(code, low, high, low_action or None, high_action or None)
            for code, low, low_action, high, high_action, _source in demo_data.CRITICAL
        ),
        plausibility_limits=tuple(
            PlausibilityLimit(code, low, high)
            for code, (low, high) in demo_data.PLAUSIBILITY.items()
        ),
        fever_rule=FeverRule(
            fever["single_c"],
            fever["sustained_c"],
            fever["anc_below"],
            fever["urgent_anc_below"],
            fever["treatment_window_days"],
            fever["source"],
            fever["treatment_window_source"],
        ),
    )


DATA = {"factories": build_cbc_reference_data(), "demo": demo_reference_data()}


def test_the_set_covers_at_least_40_cases_with_unique_ids():
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)
    assert not [problem for case in CASES for problem in clinical_cases.case_problems(case)]


@pytest.mark.parametrize("source", sorted(DATA))
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_case_gives_the_expected_outcome(case, source):
    got = clinical_cases.outcome(clinical_cases.run(case, DATA[source]))
    assert clinical_cases.failures(case["expect"], got) == []


def test_every_approved_case_passes_with_the_reference_data_built_from_the_database(seeded_demo):
    """seed_demo approves every case, and the data the board approved gives each its outcome."""
    reference, cases = seeded_demo
    assert [case["id"] for case in cases] == sorted(case["id"] for case in CASES)
    failing = {
        case["id"]: problems
        for case in cases
        if (
            problems := clinical_cases.failures(
                case["expect"], clinical_cases.outcome(clinical_cases.run(case, reference.data))
            )
        )
    }
    assert failing == {}


def test_a_failing_expectation_is_reported_in_words():
    case = next(c for c in CASES if c["id"] == "seed-case")
    got = clinical_cases.outcome(clinical_cases.run(case, DATA["demo"]))
    wrong = {**case["expect"], "instruction": "emergency", "values": {"ANC": {"band": "severe"}}}
    assert clinical_cases.failures(wrong, got) == [
        "ANC band: expected 'severe', got 'mild'",
        "instruction: expected 'emergency', got None",
    ]


def test_differences_between_two_outcomes_name_what_changed():
    case = next(c for c in CASES if c["id"] == "seed-case")
    before = clinical_cases.outcome(clinical_cases.run(case, DATA["demo"]))
    raised = build_cbc_reference_data(
        ranges=tuple(
            ReferenceRange("ANC", 1.0, 7.7)
            if r.analyte == "ANC" and r.population == "general"
            else r
            for r in DATA["factories"].ranges
        )
    )
    after = clinical_cases.outcome(clinical_cases.run(case, raised))
    changes = clinical_cases.differences(before, after)
    assert any(line.startswith("values ANC:") and "flag L" in line for line in changes)
    assert clinical_cases.differences(before, before) == []
