"""The clinical rules of issue 13, one plain example per rule and per edge, through the public API.

Each number comes from tests/interpretation/factories.py (the clinical facts);
the tests name the edge they guard so that moving it in the data or the code
fails here.
"""

from __future__ import annotations

import pytest

from interpretation.engine import (
    COMPARATOR_UNDECIDED,
    CONTRADICTION,
    EMERGENCY,
    IMPLAUSIBLE,
    NON_URGENT,
    SAME_DAY,
    Alert,
    Finding,
    InputErrors,
    Measurement,
    UnitSuggestion,
    interpret,
)
from tests.interpretation.factories import adult


def only(result, code):
    (value,) = [v for v in result.values if v.analyte == code]
    return value


def keys(alerts):
    return [a.message_key for a in alerts]


def anc(value, unit="10*9/L", **lab):
    return [Measurement("ANC", value, unit, **lab)]


def raised_by(patient, values, data) -> InputErrors:
    with pytest.raises(InputErrors) as raised:
        interpret(patient, values, data)
    return raised.value


# --------------------------------------------------------------------------- bands are fixed


def test_a_lab_range_from_0_5_does_not_make_an_anc_of_0_7_normal(cbc_data):
    result = interpret(adult(), anc(0.7, lab_low=0.5, lab_high=7.0), cbc_data)
    value = only(result, "ANC")
    assert (value.interpretation, value.range_source) == ("N", "lab")
    assert (value.band, value.grade) == ("moderate", 3)
    assert result.findings == (Finding("neutropenia", "moderate", ("ANC",)),)


def test_an_anc_of_1_6_under_a_lab_range_from_1_8_is_low_but_no_neutropenia(cbc_data):
    result = interpret(adult(), anc(1.6, lab_low=1.8, lab_high=7.7), cbc_data)
    value = only(result, "ANC")
    assert (value.interpretation, value.band, value.grade) == ("L", "none", 1)
    assert result.findings == ()
    assert result.any_flagged and not result.reassurance_allowed


@pytest.mark.parametrize(("value", "finding"), [(1.5, None), (1.499, "mild"), (1.4, "mild")])
def test_neutropenia_starts_below_1_5_whatever_the_lab_prints(cbc_data, value, finding):
    for lab_low in (None, 1.0, 2.0):
        result = interpret(adult(), anc(value, lab_low=lab_low), cbc_data)
        assert [f.severity for f in result.findings] == ([finding] if finding else [])


# --------------------------------------------------------------------------- Duffy-null


def test_a_duffy_null_reader_with_a_wbc_of_9_8_is_not_high(cbc_data):
    result = interpret(adult(duffy_null=True), [Measurement("WBC", 9.8, "10*9/L")], cbc_data)
    value = only(result, "WBC")
    assert (value.low, value.high, value.interpretation) == (3.0, 11.0, "N")
    assert value.range_source == "duffy_null"


@pytest.mark.parametrize(
    ("value", "band", "findings"),
    [
        (1.3, None, []),  # in the fixed mild band, but above the Duffy-null limit: no band
        (1.21, None, []),  # the Duffy-null lower limit itself
        (1.209, "mild", ["mild"]),
        (1.1, "mild", ["mild"]),
        (0.9, "moderate", ["moderate"]),
        (1.6, "none", []),
    ],
)
def test_neutropenia_for_a_duffy_null_reader_starts_below_their_limit(
    cbc_data, value, band, findings
):
    result = interpret(adult(duffy_null=True), anc(value), cbc_data)
    assert only(result, "ANC").band == band
    assert [f.severity for f in result.findings] == findings


def test_a_duffy_null_reader_keeps_the_general_upper_limits(cbc_data):
    result = interpret(adult(duffy_null=True), anc(8.0), cbc_data)
    assert only(result, "ANC").interpretation == "H"
    assert [f.code for f in result.findings] == ["neutrophilia"]


def test_duffy_null_ranges_are_never_used_unless_said(cbc_data):
    result = interpret(adult(), [Measurement("WBC", 3.2, "10*9/L")], cbc_data)
    assert (only(result, "WBC").interpretation, only(result, "WBC").range_source) == (
        "L",
        "default",
    )


# --------------------------------------------------------------------------- plausibility


@pytest.mark.parametrize(
    ("measurement", "suggestions", "words"),
    [
        (
            Measurement("ANC", 1207, "x10^9/L"),
            [UnitSuggestion("/uL", 1207, 1.207, "10*9/L")],
            "Did you mean 1207 /µL, that is 1.207 ×10⁹/L?",
        ),
        (
            Measurement("ANC", 1207, "K/µL"),  # ×10³/µL is ×10⁹/L: offered once, not twice
            [UnitSuggestion("/uL", 1207, 1.207, "10*9/L")],
            "Did you mean 1207 /µL, that is 1.207 ×10⁹/L?",
        ),
        (
            Measurement("HGB", 135, "g/dL"),
            [UnitSuggestion("g/L", 135, 13.5, "g/dL")],
            "Did you mean 135 g/L, that is 13.5 g/dL?",
        ),
        (
            Measurement("PLT", 250000, "10*9/L"),
            [UnitSuggestion("/uL", 250000, 250.0, "10*9/L")],
            "Did you mean 250000 /µL, that is 250 ×10⁹/L?",
        ),
        (
            Measurement("HGB", 13.5, "g/L"),  # 1.35 g/dL: a g/dL number in the g/L box
            [
                UnitSuggestion("g/dL", 13.5, 13.5, "g/dL"),
                UnitSuggestion("mmol/L", 13.5, 21.75, "g/dL"),
            ],
            "Did you mean 13.5 g/dL or 13.5 mmol/L, that is 21.75 g/dL?",
        ),
    ],
)
def test_an_impossible_value_is_never_interpreted_and_the_other_readings_are_offered(
    cbc_data, measurement, suggestions, words
):
    error = raised_by(adult(), [measurement], cbc_data).errors[0]
    assert (error.field, error.code) == ("values[0].value", IMPLAUSIBLE)
    assert list(error.suggestions) == suggestions
    assert words in error.message


@pytest.mark.parametrize(
    ("measurement", "plausible"),
    [
        (Measurement("WBC", 440, "10*9/L"), True),
        (Measurement("WBC", 440.001, "10*9/L"), False),
        (Measurement("HGB", 26, "g/dL"), True),
        (Measurement("HGB", 26.01, "g/dL"), False),
        (Measurement("HGB", 2, "g/dL"), True),
        (Measurement("HGB", 1.99, "g/dL"), False),
        (Measurement("PLT", 5000, "10*9/L"), True),
        (Measurement("PLT", 5000.001, "10*9/L"), False),
        (Measurement("ANC", 100, "10*9/L"), True),
        (Measurement("ANC", 100.001, "10*9/L"), False),
    ],
)
def test_the_plausibility_limits_are_inclusive(cbc_data, measurement, plausible):
    try:
        interpret(adult(), [measurement], cbc_data)
    except InputErrors as raised:
        assert not plausible
        assert raised.errors[0].code == IMPLAUSIBLE
    else:
        assert plausible


def test_an_impossible_percentage_has_no_other_reading(cbc_data):
    error = raised_by(adult(), [Measurement("HCT", 0.41, "%")], cbc_data).errors[0]
    assert error.suggestions == ()
    assert "results lie between 5 % and 80 %" in error.message


# --------------------------------------------------------------------------- contradictions


def test_a_typed_anc_that_contradicts_wbc_times_percent_is_asked_about(cbc_data):
    # 2.0 typed; 2.0 × 20 % = 0.4; 39 °C: while the question is open, 0.4 decides.
    values = [
        Measurement("WBC", 2.0, "10*9/L"),
        Measurement("NEUT_PCT", 20, "%"),
        Measurement("ANC", 2.0, "10*9/L"),
    ]
    raised = raised_by(adult(temperature=39.0), values, cbc_data)
    first = raised.errors[0]
    assert (first.field, first.code) == ("values[2].value", CONTRADICTION)
    assert first.related == ("values[0].value", "values[1].value")
    assert "2.0 × (20 %) / 100 = 0.4 ×10⁹/L" not in first.message  # shown without trailing zero
    assert "2 × (20 %) / 100 = 0.4 ×10⁹/L" in first.message
    assert {e.field for e in raised.errors} == {
        "values[0].value",
        "values[1].value",
        "values[2].value",
    }
    assert keys(raised.provisional_alerts) == ["febrile_neutropenia", "critical_value.ANC.low"]
    assert raised.provisional_instruction.level == EMERGENCY


def test_the_lower_typed_anc_decides_the_alerts_too(cbc_data):
    values = [
        Measurement("WBC", 5.0, "10*9/L"),
        Measurement("NEUT_PCT", 60, "%"),
        Measurement("ANC", 0.4, "10*9/L"),
    ]
    raised = raised_by(adult(temperature=38.5), values, cbc_data)
    assert keys(raised.provisional_alerts)[0] == "febrile_neutropenia"


@pytest.mark.parametrize(
    ("typed", "contradicts"),
    [
        # WBC "4" (3.5 to 4.5) × neutrophils "50" (49.5 to 50.5) spans 1.7325 to 2.2725.
        ("1.732", False),  # 1.7315 to 1.7325 touches the lower edge: only rounding
        ("1.731", True),
        ("2.273", False),  # 2.2725 to 2.2735 touches the upper edge
        ("2.274", True),
    ],
)
def test_rounding_is_what_each_printed_number_can_stand_for(cbc_data, typed, contradicts):
    values = [
        Measurement("WBC", "4", "10*9/L"),
        Measurement("NEUT_PCT", "50", "%"),
        Measurement("ANC", typed, "10*9/L"),
    ]
    try:
        interpret(adult(), values, cbc_data)
    except InputErrors as raised:
        assert contradicts and raised.errors[0].code == CONTRADICTION
    else:
        assert not contradicts


@pytest.mark.parametrize(
    ("typed", "unit", "contradicts"),
    [
        # The seed case: 3.4 × 35.5 % = 1.207, and 3.35 × 35.45 % to 3.45 × 35.55 %
        # spans 1.187575 to 1.226475.
        (1207, "/uL", False),
        (1188, "/uL", False),
        (1187, "/uL", True),  # 1186.5 to 1187.5 /µL ends below 1187.575
        (1.23, "10*9/L", False),
        (1.24, "10*9/L", True),
    ],
)
def test_the_seed_case_anc_against_its_differential(cbc_data, typed, unit, contradicts):
    values = [
        Measurement("WBC", 3.4, "10*9/L"),
        Measurement("NEUT_PCT", 35.5, "%"),
        Measurement("ANC", typed, unit),
    ]
    try:
        interpret(adult(), values, cbc_data)
    except InputErrors as raised:
        assert contradicts and raised.errors[0].code == CONTRADICTION
    else:
        assert not contradicts


def test_band_forms_count_in_the_anc(cbc_data):
    base = [
        Measurement("WBC", 5.0, "10*9/L"),
        Measurement("NEUT_PCT", 40, "%"),
        Measurement("BANDS_PCT", 5, "%"),
    ]
    assert only(interpret(adult(), [*base, *anc(2.25)], cbc_data), "ANC").value == 2.25
    raised = raised_by(adult(), [*base, *anc(2.0)], cbc_data)  # 5.0 × 40 %, without the bands
    assert raised.errors[0].related == ("values[0].value", "values[1].value", "values[2].value")


# --------------------------------------------------------------------------- fever


@pytest.mark.parametrize(
    ("temperature", "unit", "sustained", "fever"),
    [
        (101, "°F", False, True),  # 38.33 °C: IDSA's single reading in Fahrenheit
        (100.9, "°F", False, False),  # 38.28 °C
        (100.4, "°F", True, True),  # 38.0 °C held for an hour
        (100.4, "°F", False, False),
        (100.3, "°F", True, False),  # 37.94 °C
        (38.3, "°C", False, True),
        (38.29, "°C", False, False),
        (38.0, "°C", True, True),
        (37.99, "°C", True, False),
    ],
)
def test_the_fever_rule_in_both_units(cbc_data, temperature, unit, sustained, fever):
    person = adult(temperature=temperature, temperature_unit=unit, fever_sustained_1h=sustained)
    result = interpret(person, anc(3.0), cbc_data)
    assert result.fever is fever
    assert keys(result.alerts) == (["fever"] if fever else [])


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (0.499, "febrile_neutropenia"),
        (0.5, "fever_with_low_anc"),
        (0.999, "fever_with_low_anc"),
        (1.0, "fever"),
    ],
)
def test_the_anc_edges_of_the_fever_rule_on_both_sides(cbc_data, value, key):
    result = interpret(adult(temperature=38.5), anc(value), cbc_data)
    assert result.alerts[0].message_key == key
    assert result.instruction.level == (NON_URGENT if key == "fever" else EMERGENCY)


@pytest.mark.parametrize(
    ("value", "lab_low", "key"),
    [
        (0.499, None, "febrile_neutropenia"),  # the ANC is at most the WBC
        (0.5, None, "fever_with_low_anc"),
        (0.999, None, "fever_with_low_anc"),
        (1.0, None, "fever_with_low_wbc_no_anc"),
        (4.499, None, "fever_with_low_wbc_no_anc"),
        (4.5, None, "fever"),
        (4.8, 5.0, "fever_with_low_wbc_no_anc"),  # below the lab's limit
        (4.6, 3.0, "fever"),  # a lab's lower limit never makes a low WBC "not low"...
        (4.4, 3.0, "fever_with_low_wbc_no_anc"),  # ...below the general one
    ],
)
def test_fever_with_a_white_count_and_no_anc(cbc_data, value, lab_low, key):
    values = [Measurement("WBC", value, "10*9/L", lab_low=lab_low)]
    result = interpret(adult(temperature=38.5), values, cbc_data)
    assert result.alerts[0].message_key == key


def test_fever_with_a_low_white_count_is_an_emergency_for_a_duffy_null_reader_too(cbc_data):
    values = [Measurement("WBC", 3.2, "10*9/L")]
    result = interpret(adult(temperature=38.5, duffy_null=True), values, cbc_data)
    assert only(result, "WBC").interpretation == "N"
    assert result.alerts[0] == Alert(
        "fever_with_low_wbc_no_anc", EMERGENCY, "fever_with_low_wbc_no_anc", ("WBC",)
    )


@pytest.mark.parametrize(
    ("changes", "key", "declined"),
    [
        ({"anticancer_treatment": True}, "fever_during_anticancer_treatment", True),
        ({"days_since_anticancer_treatment": 0}, "fever_during_anticancer_treatment", True),
        ({"days_since_anticancer_treatment": 42}, "fever_during_anticancer_treatment", True),
        ({"days_since_anticancer_treatment": 43}, "fever", False),
        (
            {"anticancer_treatment": True, "days_since_anticancer_treatment": 400},
            "fever_during_anticancer_treatment",
            True,
        ),
    ],
)
def test_fever_during_anticancer_treatment_is_an_emergency_whatever_the_counts(
    cbc_data, changes, key, declined
):
    result = interpret(adult(temperature=38.4, **changes), anc(3.9), cbc_data)
    assert keys(result.alerts) == [key]
    level = EMERGENCY if key != "fever" else NON_URGENT
    assert result.alerts[0] == Alert(key, level, key, ())  # its code too, as the API shows it
    assert (result.declined_reason == "anticancer_treatment") is declined
    if declined:
        assert only(result, "ANC").interpretation == "N"  # flags and grades are kept
        assert result.findings == ()


@pytest.mark.parametrize("changes", [{"age": 16}, {"pregnant": True}])
def test_a_declined_reader_with_fever_during_treatment_is_told_to_seek_care_now(cbc_data, changes):
    person = adult(temperature=39.0, anticancer_treatment=True, **changes)
    result = interpret(person, [Measurement("HGB", 12.5, "g/dL")], cbc_data)
    assert result.declined_reason in ("age", "pregnancy")
    assert result.instruction.level == EMERGENCY
    assert keys(result.alerts) == ["fever_during_anticancer_treatment"]


@pytest.mark.parametrize("changes", [{"age": 16}, {"pregnant": True}, {}])
def test_fever_with_normal_counts_gives_fever_guidance_and_no_reassurance(cbc_data, changes):
    result = interpret(adult(temperature=38.6, **changes), anc(3.9), cbc_data)
    assert result.alerts == (Alert("fever", NON_URGENT, "fever", ()),)
    assert not result.reassurance_allowed


def test_fever_with_no_count_at_all_is_still_not_dropped(cbc_data):
    result = interpret(adult(temperature=38.6), [Measurement("HGB", 13, "g/dL")], cbc_data)
    assert keys(result.alerts) == ["fever"]


# --------------------------------------------------------------------------- critical values


@pytest.mark.parametrize(
    ("measurement", "flag", "level"),
    [
        (Measurement("ANC", 0.499, "10*9/L"), "LL", EMERGENCY),
        (Measurement("ANC", 0.5, "10*9/L"), "L", None),
        (Measurement("PLT", 19.999, "10*9/L"), "LL", SAME_DAY),
        (Measurement("PLT", 20, "10*9/L"), "L", None),
        (Measurement("HGB", 6.99, "g/dL"), "LL", SAME_DAY),
        (Measurement("HGB", 7.0, "g/dL"), "L", None),
        (Measurement("WBC", 100.001, "10*9/L"), "HH", EMERGENCY),
        (Measurement("WBC", 100, "10*9/L"), "H", None),
    ],
)
def test_critical_values_low_and_high_each_with_its_own_alert(cbc_data, measurement, flag, level):
    result = interpret(adult(), [measurement], cbc_data)
    assert result.values[0].interpretation == flag
    code = measurement.analyte
    side = "low" if flag == "LL" else "high"
    expected = Alert("critical_value", level, f"critical_value.{code}.{side}", (code,))
    assert result.alerts == ((expected,) if level else ())


def test_one_instruction_the_most_urgent_with_every_alert_behind_the_list(cbc_data):
    values = [Measurement("WBC", 150, "10*9/L"), Measurement("PLT", 15, "10*9/L")]
    result = interpret(adult(), values, cbc_data)
    assert keys(result.alerts) == ["critical_value.WBC.high", "critical_value.PLT.low"]
    assert result.instruction.level == EMERGENCY
    assert result.instruction.message_key == "instruction.emergency"
    assert keys(result.instruction.alerts) == ["critical_value.WBC.high"]


def test_two_same_day_alerts_make_one_same_day_instruction(cbc_data):
    values = [Measurement("HGB", 6.5, "g/dL"), Measurement("PLT", 15, "10*9/L")]
    result = interpret(adult(), values, cbc_data)
    assert result.instruction.level == SAME_DAY
    assert keys(result.instruction.alerts) == ["critical_value.HGB.low", "critical_value.PLT.low"]


# --------------------------------------------------------------------------- comparators


@pytest.mark.parametrize(
    ("measurement", "band", "detail", "grade", "flag"),
    [
        (Measurement("ANC", "<0.1", "10*9/L"), "severe", "profound", 4, "LL"),
        (Measurement("ANC", 0.1, "10*9/L", comparator="<"), "severe", "profound", 4, "LL"),
        (Measurement("ANC", "<100", "/uL"), "severe", "profound", 4, "LL"),
        (Measurement("ANC", "≤0.1", "10*9/L"), "severe", "agranulocytosis", 4, "LL"),
        (Measurement("ANC", "<0.5", "10*9/L"), "severe", None, 4, "LL"),
    ],
)
def test_a_bound_below_is_read_on_the_safe_side(cbc_data, measurement, band, detail, grade, flag):
    result = interpret(adult(temperature=38.5), [measurement], cbc_data)
    value = result.values[0]
    assert value.comparator in ("<", "<=")
    assert (value.band, value.band_detail, value.grade, value.interpretation) == (
        band,
        detail,
        grade,
        flag,
    )
    assert result.alerts[0].message_key == "febrile_neutropenia"


def test_a_wbc_above_100_is_critically_high(cbc_data):
    result = interpret(adult(), [Measurement("WBC", ">100", "10*9/L")], cbc_data)
    value = result.values[0]
    assert (value.value, value.comparator, value.interpretation) == (100.0, ">", "HH")
    assert keys(result.alerts) == ["critical_value.WBC.high"]


@pytest.mark.parametrize(
    "measurement",
    [
        Measurement("WBC", "<5", "10*9/L"),  # normal (4.5 to 5) or low
        Measurement("WBC", ">=100", "10*9/L"),  # exactly 100 is not critical; above is
        Measurement("ANC", "<1.2", "10*9/L"),  # low, or critically low
    ],
)
def test_a_bound_that_leaves_the_answer_open_is_asked_about(cbc_data, measurement):
    error = raised_by(adult(), [measurement], cbc_data).errors[0]
    assert (error.field, error.code) == ("values[0].value", COMPARATOR_UNDECIDED)


def test_a_bound_inside_the_range_is_normal(cbc_data):
    result = interpret(adult(), [Measurement("BANDS_PCT", "<1", "%")], cbc_data)
    assert result.values[0].interpretation == "N"


def test_no_anc_is_computed_from_a_bound(cbc_data):
    values = [Measurement("WBC", "<0.5", "10*9/L"), Measurement("NEUT_PCT", 20, "%")]
    result = interpret(adult(), values, cbc_data)
    assert [v.analyte for v in result.values] == ["WBC", "NEUT_PCT"]


@pytest.mark.parametrize("comparator", ["~", ">"])
def test_an_unknown_or_conflicting_comparator_is_an_input_error(cbc_data, comparator):
    values = [Measurement("ANC", "<0.1", "10*9/L", comparator=comparator)]
    assert raised_by(adult(), values, cbc_data).errors[0].field == "values[0].comparator"


# --------------------------------------------------------------------------- errors keep alerts


def test_an_input_error_elsewhere_keeps_the_emergency_of_a_critical_value(cbc_data):
    values = [Measurement("WBC", 150, "10*9/L"), Measurement("HGB", 13, "bananas")]
    raised = raised_by(adult(), values, cbc_data)
    assert [e.field for e in raised.errors] == ["values[1].unit"]
    assert raised.provisional_instruction.level == EMERGENCY


def test_a_fahrenheit_number_in_celsius_keeps_the_treatment_fever_emergency(cbc_data):
    person = adult(temperature=101, anticancer_treatment=True)
    raised = raised_by(person, anc(3.0), cbc_data)
    (error,) = raised.errors
    assert (error.field, error.code) == ("temperature", IMPLAUSIBLE)
    assert error.suggestions == (UnitSuggestion("[degF]", 101, 38.33, "Cel"),)
    assert keys(raised.provisional_alerts) == ["fever_during_anticancer_treatment"]


# --------------------------------------------------------------------------- headline support


@pytest.mark.parametrize(
    ("person", "values", "flagged", "reassuring"),
    [
        (adult(), anc(3.9), False, True),
        (adult(), anc(1.6), True, False),  # L without a finding
        (adult(temperature=38.5), anc(3.9), False, False),  # fever
        (adult(age=15), anc(3.9), False, False),  # declined
        (adult(), [Measurement("WBC", 12, "10*9/L")], True, False),
    ],
)
def test_within_the_usual_ranges_only_when_nothing_is_flagged(
    cbc_data, person, values, flagged, reassuring
):
    result = interpret(person, values, cbc_data)
    assert result.any_flagged is flagged
    assert result.reassurance_allowed is reassuring
