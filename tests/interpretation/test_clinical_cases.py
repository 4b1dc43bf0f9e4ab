"""Every case of the clinical test set, through the engine, with the test reference data and
with the demo's (so the seeded demo keeps giving the outcomes the board expects)."""

from __future__ import annotations

import pytest

from demo import reference_data as demo_data
from interpretation.engine import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradeBand,
    InputErrors,
    Measurement,
    Patient,
    PlausibilityLimit,
    ReferenceData,
    ReferenceRange,
    SeverityBand,
    interpret,
    units,
)
from tests.interpretation.clinical_cases import CASES
from tests.interpretation.factories import build_cbc_reference_data


def demo_reference_data() -> ReferenceData:
    """The engine's data built from demo/reference_data.py, as seed_demo stores it."""
    critical = []
    for code, low, high, _source in demo_data.CRITICAL:
        actions = demo_data.CRITICAL_ACTIONS
        critical.append(
            CriticalLimit(
                code,
                low,
                high,
                low_action=None if low is None else actions[(code, "low")],
                high_action=None if high is None else actions[(code, "high")],
            )
        )
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
        critical_limits=tuple(critical),
        plausibility_limits=tuple(
            PlausibilityLimit(code, low, high)
            for code, (low, high) in demo_data.PLAUSIBILITY.items()
        ),
        fever_rule=FeverRule(
            fever["single_c"],
            fever["sustained_c"],
            fever["anc_below"],
            fever["urgent_anc_below"],
            demo_data.FEVER_TREATMENT_WINDOW["days"],
            fever["source"],
            demo_data.FEVER_TREATMENT_WINDOW["source"],
        ),
    )


DATA = {"factories": build_cbc_reference_data(), "demo": demo_reference_data()}

VALUE_FIELDS = {
    "flag": "interpretation",
    "band": "band",
    "detail": "band_detail",
    "grade": "grade",
    "range_source": "range_source",
    "low": "low",
    "high": "high",
    "value": "value",
    "computed": "computed",
}


def test_the_set_covers_at_least_40_cases_with_unique_ids():
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("source", sorted(DATA))
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_case_gives_the_expected_outcome(case, source):
    data = DATA[source]
    patient = Patient(**case["patient"])
    measurements = [Measurement(**value) for value in case["values"]]
    expect = case["expect"]
    if "errors" in expect:
        with pytest.raises(InputErrors) as raised:
            interpret(patient, measurements, data)
        errors = raised.value.errors
        assert [{"field": e.field, "code": e.code} for e in errors] == [
            {"field": e["field"], "code": e["code"]} for e in expect["errors"]
        ]
        for error, wanted in zip(errors, expect["errors"], strict=True):
            if "suggestions" in wanted:
                got = [[s.unit, s.canonical_value] for s in error.suggestions]
                assert got == wanted["suggestions"]
        alerts, instruction = raised.value.provisional_alerts, raised.value.provisional_instruction
    else:
        result = interpret(patient, measurements, data)
        alerts, instruction = result.alerts, result.instruction
        if "findings" in expect:
            assert [[f.code, f.severity] for f in result.findings] == expect["findings"]
        if "declined" in expect:
            assert result.declined_reason == expect["declined"]
        if "reassurance" in expect:
            assert result.reassurance_allowed is expect["reassurance"]
        by_code = {v.analyte: v for v in result.values}
        for code, wanted in expect.get("values", {}).items():
            got = {name: getattr(by_code[code], VALUE_FIELDS[name]) for name in wanted}
            assert got == wanted, code
    if "alerts" in expect:
        assert [a.message_key for a in alerts] == expect["alerts"]
    if "instruction" in expect:
        assert (instruction and instruction.level) == expect["instruction"]
