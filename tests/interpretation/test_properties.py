"""Rules that hold for every input (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from interpretation.engine import ACTION_LEVELS, InputErrors, Measurement, Patient, interpret
from tests.interpretation.factories import adult, build_cbc_reference_data

DATA = build_cbc_reference_data()  # immutable; module level because @given cannot take fixtures

SEVERITY_RANK = {"none": 0, "mild": 1, "moderate": 2, "severe": 3, None: 0}

counts = st.floats(min_value=0, max_value=50, allow_nan=False, allow_infinity=False)


def anc_result(value: float, **changes):
    return interpret(adult(**changes), [Measurement("ANC", value, "K/uL")], DATA).values[0]


@given(a=counts, b=counts, duffy_null=st.booleans())
def test_a_lower_anc_never_gets_a_milder_band_or_a_lower_grade(a, b, duffy_null):
    low, high = sorted((a, b))
    at_low = anc_result(low, duffy_null=duffy_null)
    at_high = anc_result(high, duffy_null=duffy_null)
    assert SEVERITY_RANK[at_low.band] >= SEVERITY_RANK[at_high.band]
    assert (at_low.grade or 0) >= (at_high.grade or 0)


@given(
    code=st.sampled_from(["WBC", "ALC", "HGB", "PLT"]),
    a=st.floats(min_value=0, max_value=1, allow_nan=False),
    b=st.floats(min_value=0, max_value=1, allow_nan=False),
    sex=st.sampled_from(["female", "male", None]),
)
def test_lower_values_never_get_a_lower_grade_or_milder_finding(code, a, b, sex):
    unit = {"HGB": "g/dL"}.get(code, "K/uL")
    # Anywhere within the analyte's plausibility limits.
    limit = DATA.plausibility_for(code)
    low, high = (limit.low + share * (limit.high - limit.low) for share in sorted((a, b)))
    results = [
        interpret(adult(sex=sex), [Measurement(code, value, unit)], DATA) for value in (low, high)
    ]
    grades = [r.values[0].grade or 0 for r in results]
    severities = [SEVERITY_RANK[r.findings[0].severity] if r.findings else 0 for r in results]
    # High findings (leukocytosis) have no severity, so they rank as 0.
    assert grades[0] >= grades[1]
    assert severities[0] >= severities[1]


@given(
    wbc=st.floats(min_value=0, max_value=440, allow_nan=False),
    neutrophils=st.floats(min_value=0, max_value=100, allow_nan=False),
    share_of_rest=st.floats(min_value=0, max_value=1),
)
def test_a_computed_anc_never_exceeds_the_white_count(wbc, neutrophils, share_of_rest):
    bands = (100 - neutrophils) * share_of_rest
    values = [
        Measurement("WBC", wbc, "K/uL"),
        Measurement("NEUT_PCT", neutrophils, "%"),
        Measurement("BANDS_PCT", bands, "%"),
    ]
    try:
        result = interpret(adult(), values, DATA)
    except InputErrors as raised:
        # Rounding to 2 decimals can nudge the percentages just over 100 in sum.
        assert [e.related for e in raised.errors] == [("values[1].value", "values[2].value")]
        return
    by_code = {v.analyte: v for v in result.values}
    assert by_code["ANC"].computed
    assert 0 <= by_code["ANC"].value <= by_code["WBC"].value


ANY_NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
)
SPELLINGS = [
    "x10^9/L",
    "/µL",
    "cells/mm³",
    "K/uL",
    "G/L",
    "g/L",
    "%",
    "g/dL",
    "mmol/L",
    "fL",
    "°F",
    "",
]
ANY_UNIT = st.one_of(st.sampled_from(SPELLINGS), st.text(max_size=10), st.none(), st.integers())
ANY_ANALYTE = st.one_of(
    st.sampled_from(
        ["WBC", "ANC", "NEUT_PCT", "BANDS_PCT", "ALC", "HGB", "HCT", "MCV", "PLT", "751-8"]
    ),
    st.text(max_size=8),
    st.none(),
)
measurements = st.builds(
    Measurement,
    analyte=ANY_ANALYTE,
    value=ANY_NUMBER,
    unit=ANY_UNIT,
    lab_low=st.one_of(st.none(), ANY_NUMBER),
    lab_high=st.one_of(st.none(), ANY_NUMBER),
)
patients = st.builds(
    Patient,
    age=st.one_of(st.integers(min_value=-5, max_value=200), st.none(), st.floats()),
    sex=st.sampled_from(["female", "male", None, "other"]),
    temperature=st.one_of(st.none(), st.floats(), st.text(max_size=6)),
    temperature_unit=st.one_of(st.sampled_from(["Cel", "[degF]", "°F", "C"]), st.text(max_size=4)),
    fever_sustained_1h=st.booleans(),
    pregnant=st.booleans(),
    duffy_null=st.booleans(),
    anticancer_treatment=st.booleans(),
    days_since_anticancer_treatment=st.one_of(st.none(), st.integers(-5, 400)),
)


@settings(max_examples=400)
@given(patient=patients, values=st.lists(measurements, max_size=10))
def test_interpret_raises_nothing_but_input_errors(patient, values):
    try:
        result = interpret(patient, values, DATA)
    except InputErrors as raised:
        assert raised.errors
        assert all(e.field and e.message.endswith(".") for e in raised.errors)
        assert_one_instruction(raised.provisional_alerts, raised.provisional_instruction)
        return
    assert len(result.values) >= len(values)
    for value in result.values:
        assert value.interpretation in {None, "N", "L", "H", "LL", "HH"}
    if result.declined_reason:
        assert result.findings == ()
    assert_one_instruction(result.alerts, result.instruction)
    if result.fever:
        assert result.alerts, "a fever is never dropped"


def assert_one_instruction(alerts, instruction):
    """The instruction is the most urgent alert's level, and the alerts come most urgent first."""
    if not alerts:
        assert instruction is None
        return
    levels = [ACTION_LEVELS.index(a.level) for a in alerts]
    assert levels == sorted(levels)
    assert instruction.level == alerts[0].level
    assert instruction.alerts == tuple(a for a in alerts if a.level == instruction.level)


@given(cells=st.integers(min_value=0, max_value=100_000))
def test_whole_cells_per_microlitre_are_judged_like_the_same_count_per_litre(cells):
    per_litre = float(Decimal(cells) / Decimal(1000))  # what a person means by "1207 /µL"
    typed_per_litre = anc_result(per_litre)
    typed_per_microlitre = interpret(adult(), [Measurement("ANC", cells, "/µL")], DATA).values[0]
    assert typed_per_litre.value == typed_per_microlitre.value == per_litre
    assert typed_per_litre.band == typed_per_microlitre.band
    assert typed_per_litre.grade == typed_per_microlitre.grade
    assert typed_per_litre.interpretation == typed_per_microlitre.interpretation


@given(
    value=counts,
    lab_low=st.floats(min_value=0, max_value=10, allow_nan=False),
    width=st.floats(min_value=0.01, max_value=20, allow_nan=False),
)
def test_a_labs_range_never_moves_the_band_or_neutropenia(value, lab_low, width):
    plain = interpret(adult(), [Measurement("ANC", value, "K/uL")], DATA)
    with_lab = interpret(
        adult(), [Measurement("ANC", value, "K/uL", lab_low, lab_low + width)], DATA
    )
    assert with_lab.values[0].band == plain.values[0].band

    def neutropenia(result):  # neutrophilia does follow the lab's upper limit
        return [f for f in result.findings if f.code == "neutropenia"]

    assert neutropenia(with_lab) == neutropenia(plain)


URGENCY = {None: 3, **{level: rank for rank, level in enumerate(ACTION_LEVELS)}}


@given(
    a=counts,
    b=counts,
    temperature=st.floats(min_value=36, max_value=41),
    sustained=st.booleans(),
    treatment=st.booleans(),
)
def test_a_lower_anc_never_gets_a_less_urgent_instruction(a, b, temperature, sustained, treatment):
    low, high = sorted((a, b))
    person = adult(
        temperature=temperature, fever_sustained_1h=sustained, anticancer_treatment=treatment
    )
    levels = [
        interpret(person, [Measurement("ANC", value, "K/uL")], DATA).instruction
        for value in (low, high)
    ]
    assert URGENCY[levels[0] and levels[0].level] <= URGENCY[levels[1] and levels[1].level]
