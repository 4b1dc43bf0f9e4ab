"""The engine, told as the stories of the people whose results it reads.

Reference data come from tests/interpretation/factories.py, which copies the
clinical facts file; the engine itself holds no clinical numbers.
"""

from __future__ import annotations

import dataclasses

import pytest

from interpretation.engine import (
    EMERGENCY,
    NON_URGENT,
    SAME_DAY,
    Alert,
    FieldError,
    Finding,
    GuidanceKey,
    InputErrors,
    Instruction,
    Interpretation,
    Measurement,
    ValueResult,
    interpret,
)
from tests.interpretation.factories import adult, full_cbc


def value_of(result: Interpretation, code: str) -> ValueResult:
    (found,) = [v for v in result.values if v.analyte == code]
    return found


def finding_codes(result: Interpretation) -> list[str]:
    return [f.code for f in result.findings]


def alert_codes(result: Interpretation) -> list[str]:
    return [a.code for a in result.alerts]


def errors_of(raised: pytest.ExceptionInfo[InputErrors]) -> dict[str, str]:
    return {e.field: e.message for e in raised.value.errors}


def anc_only(value, unit="x10^9/L", **lab):
    return [Measurement("ANC", value, unit, **lab)]


# --------------------------------------------------------------------------- the seed case


def test_maria_seed_case_is_mild_leukopenia_with_mild_neutropenia(cbc_data):
    # Maria, 34, brings the report the seed page was written for.
    maria = adult(age=34)
    result = interpret(
        maria, [Measurement("WBC", 3.4, "x10^9/L"), Measurement("ANC", 1207, "/µL")], cbc_data
    )

    anc = value_of(result, "ANC")
    assert anc.value == 1.207
    assert anc.unit == "10*9/L"
    assert (anc.entered_value, anc.entered_unit) == (1207, "/uL")
    assert (anc.low, anc.high, anc.range_source) == (1.8, 7.7, "default")
    assert anc.interpretation == "L"
    assert anc.band == "mild"
    assert (anc.grade, anc.grade_table, anc.grade_version) == (2, "CTCAE", "5.0")
    assert anc.computed is False
    assert anc.loinc == "751-8"

    wbc = value_of(result, "WBC")
    assert (wbc.interpretation, wbc.grade, wbc.band) == ("L", 1, "mild")

    assert result.findings == (
        Finding("neutropenia", "mild", ("ANC",)),
        Finding("leukopenia", "mild", ("WBC",)),
    )
    assert result.alerts == ()
    assert result.declined_reason is None
    assert result.guidance_keys == (
        GuidanceKey("neutropenia", "mild"),
        GuidanceKey("leukopenia", "mild"),
    )


def test_maria_seed_case_with_the_anc_computed_from_the_differential(cbc_data):
    result = interpret(
        adult(),
        [Measurement("WBC", 3.4, "K/uL"), Measurement("NEUT_PCT", 35.5, "%")],
        cbc_data,
    )
    anc = value_of(result, "ANC")
    assert anc.value == 1.207
    assert anc.computed is True
    assert (anc.entered_value, anc.entered_unit) == (None, None)
    assert anc.band == "mild"
    assert "neutropenia" in finding_codes(result)


def test_bands_are_added_to_segmented_neutrophils(cbc_data):
    result = interpret(
        adult(),
        [
            Measurement("WBC", 5.0, "K/uL"),
            Measurement("NEUT_PCT", 40, "%"),
            Measurement("BANDS_PCT", 5, "%"),
        ],
        cbc_data,
    )
    assert value_of(result, "ANC").value == 2.25


def test_an_entered_anc_is_used_rather_than_computed(cbc_data):
    # 1.21 typed; 3.4 × 35.5 % = 1.207: the same count within rounding, so the lab's is kept.
    result = interpret(
        adult(),
        [
            Measurement("WBC", 3.4, "K/uL"),
            Measurement("NEUT_PCT", 35.5, "%"),
            Measurement("ANC", 1.21, "K/uL"),
        ],
        cbc_data,
    )
    anc = value_of(result, "ANC")
    assert (anc.value, anc.computed) == (1.21, False)


def test_a_computed_anc_exactly_on_a_boundary_is_not_nudged_by_binary_floats(cbc_data):
    # 2.4 × 62.5 % is 1.5 in decimal but 1.4999999999999998 in naive floats.
    result = interpret(
        adult(), [Measurement("WBC", 2.4, "K/uL"), Measurement("NEUT_PCT", 62.5, "%")], cbc_data
    )
    assert value_of(result, "ANC").value == 1.5
    assert "neutropenia" not in finding_codes(result)


def test_values_come_back_in_panel_order_whatever_the_entry_order(cbc_data):
    shuffled = list(reversed(full_cbc()))
    result = interpret(adult(), shuffled, cbc_data)
    assert [v.analyte for v in result.values] == [
        "WBC",
        "ANC",
        "NEUT_PCT",
        "BANDS_PCT",
        "ALC",
        "HGB",
        "HCT",
        "MCV",
        "PLT",
    ]


def test_a_normal_full_cbc_has_no_findings(cbc_data):
    result = interpret(adult(temperature=36.8), full_cbc(), cbc_data)
    assert result.findings == ()
    assert result.alerts == ()
    assert result.instruction is None
    assert result.guidance_keys == ()
    assert result.reassurance_allowed
    assert {v.interpretation for v in result.values} == {"N"}
    assert value_of(result, "ANC").band == "none"
    assert value_of(result, "WBC").band is None  # no bands for WBC; no finding either


# --------------------------------------------------------------------------- boundaries

BOUNDARIES = [
    # ×10⁹/L, /µL, band, sub-band, CTCAE v5.0 grade, FHIR flag
    (1.5, 1500, "none", None, 1, "L"),
    (1.499, 1499, "mild", None, 2, "L"),
    (1.0, 1000, "mild", None, 2, "L"),
    (0.999, 999, "moderate", None, 3, "L"),
    (0.5, 500, "moderate", None, 3, "L"),
    (0.499, 499, "severe", None, 4, "LL"),
    (0.2, 200, "severe", None, 4, "LL"),
    (0.199, 199, "severe", "agranulocytosis", 4, "LL"),
    (0.1, 100, "severe", "agranulocytosis", 4, "LL"),
    (0.099, 99, "severe", "profound", 4, "LL"),
    (0.0, 0, "severe", "profound", 4, "LL"),
]


@pytest.mark.parametrize(
    ("per_litre", "per_microlitre", "band", "detail", "grade", "flag"), BOUNDARIES
)
@pytest.mark.parametrize("form", ["x10^9/L", "K/µL", "/µL", "/mm³"])
def test_every_anc_boundary_in_every_unit(
    cbc_data, per_litre, per_microlitre, band, detail, grade, flag, form
):
    value = per_microlitre if form in ("/µL", "/mm³") else per_litre
    result = interpret(adult(), anc_only(value, form), cbc_data)
    anc = value_of(result, "ANC")
    assert anc.value == per_litre
    assert (anc.band, anc.band_detail, anc.grade, anc.interpretation) == (
        band,
        detail,
        grade,
        flag,
    )
    neutropenia = [f for f in result.findings if f.code == "neutropenia"]
    if band == "none":
        assert neutropenia == []
    else:
        assert neutropenia == [Finding("neutropenia", band, ("ANC",), detail)]


def test_an_anc_between_the_definition_and_the_default_range_is_low_but_not_neutropenia(
    cbc_data,
):
    # The default range starts at 1.8, the adult definition of neutropenia at 1.5.
    result = interpret(adult(), anc_only(1.6), cbc_data)
    anc = value_of(result, "ANC")
    assert (anc.interpretation, anc.band, anc.grade) == ("L", "none", 1)
    assert result.findings == ()


# --------------------------------------------------------------------------- units and errors


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (3.4, "x10^9/L"),
        (3.4, "10^9/L"),
        (3.4, "×10⁹/L"),
        (3.4, "G/L"),
        (3.4, "K/µL"),
        (3.4, "K/μL"),
        (3.4, "10*3/uL"),
        (3.4, "thou/uL"),
        (3400, "cells/uL"),
        (3400, "/mm3"),
        (3400, "/mm³"),
        (3400, "cells/mm3"),
    ],
)
def test_white_cells_in_every_spelling_mean_the_same_count(cbc_data, value, unit):
    result = interpret(adult(), [Measurement("WBC", value, unit)], cbc_data)
    assert value_of(result, "WBC").value == 3.4


@pytest.mark.parametrize(("value", "unit"), [(13.0, "g/dL"), (130, "g/L"), (8.067, "mmol/L")])
def test_hemoglobin_in_three_units(cbc_data, value, unit):
    result = interpret(adult(sex="female"), [Measurement("HGB", value, unit)], cbc_data)
    assert value_of(result, "HGB").value == 13.0


def test_an_unknown_unit_names_the_field_and_the_units_we_accept(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(
            adult(),
            [Measurement("ANC", 1.2, "K/uL"), Measurement("WBC", 3.4, "bananas")],
            cbc_data,
        )
    assert raised.value.errors == [
        FieldError(
            "values[1].unit",
            "“bananas” is not a unit we recognise for white blood cells; "
            "use ×10⁹/L, K/µL, cells/µL or /mm³.",
        )
    ]


def test_a_missing_unit_asks_for_one(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(adult(), [Measurement("HGB", 12, "")], cbc_data)
    assert errors_of(raised) == {
        "values[0].unit": "Enter the unit of the hemoglobin result: g/dL, g/L or mmol/L."
    }


def test_every_problem_is_reported_at_once(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(
            adult(age=None, sex="other", temperature=float("nan")),
            [
                Measurement("WBC", "lots", "K/uL"),
                Measurement("ANC", 1.2, "furlongs"),
                Measurement("RBC", 4.5, "10^12/L"),
                Measurement("PLT", -4, "K/uL"),
            ],
            cbc_data,
        )
    assert errors_of(raised) == {
        "age": "Enter the age in years.",
        "sex": "Choose female or male, or leave it blank.",
        "temperature": "Enter the temperature as a number.",
        "values[0].value": "Enter a number.",
        "values[1].unit": (
            "“furlongs” is not a unit we recognise for absolute neutrophil count; "
            "use ×10⁹/L, K/µL, cells/µL or /mm³."
        ),
        "values[2].analyte": "“RBC” is not a test we can interpret; choose one from the list.",
        "values[3].value": "A result cannot be negative.",
    }


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), None, "", "1,5", "1_0"])
def test_values_that_are_not_numbers(cbc_data, bad):
    with pytest.raises(InputErrors) as raised:
        interpret(adult(), [Measurement("WBC", bad, "K/uL")], cbc_data)
    assert errors_of(raised) == {"values[0].value": "Enter a number."}


def test_a_number_typed_as_text_is_accepted(cbc_data):
    result = interpret(adult(), [Measurement("WBC", " 3.4 ", "K/uL")], cbc_data)
    assert value_of(result, "WBC").value == 3.4


def test_the_anc_cannot_exceed_the_white_cell_count(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(
            adult(), [Measurement("WBC", 3.4, "K/uL"), Measurement("ANC", 5100, "/µL")], cbc_data
        )
    assert raised.value.errors == [
        FieldError(
            "values",
            "The ANC (5.1 ×10⁹/L) cannot be higher than the white cell count (3.4 ×10⁹/L).",
            related=("values[1].value", "values[0].value"),
        )
    ]


def test_an_anc_equal_to_the_white_cell_count_is_allowed(cbc_data):
    interpret(adult(), [Measurement("WBC", 3.4, "K/uL"), Measurement("ANC", 3.4, "K/uL")], cbc_data)


def test_neutrophils_and_bands_cannot_add_up_to_more_than_100_percent(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(
            adult(),
            [
                Measurement("WBC", 3.4, "K/uL"),
                Measurement("NEUT_PCT", 80, "%"),
                Measurement("BANDS_PCT", 25, "%"),
            ],
            cbc_data,
        )
    assert errors_of(raised) == {
        "values": "Neutrophils (80 %) and band forms (25 %) add up to more than 100 %."
    }


def test_a_single_percentage_above_100_is_an_error_on_its_value(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(adult(), [Measurement("HCT", 140, "%")], cbc_data)
    assert errors_of(raised) == {"values[0].value": "A percentage cannot be more than 100."}


def test_the_same_test_twice_is_an_error_even_under_its_loinc(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(
            adult(), [Measurement("WBC", 3.4, "K/uL"), Measurement("6690-2", 3.5, "K/uL")], cbc_data
        )
    assert errors_of(raised) == {
        "values": "White blood cells is entered twice; enter each test once."
    }


@pytest.mark.parametrize("values", [[], None, "WBC 3.4"])
def test_no_values_at_all(cbc_data, values):
    with pytest.raises(InputErrors) as raised:
        interpret(adult(), values, cbc_data)
    assert errors_of(raised) == {"values": "Enter at least one result."}


@pytest.mark.parametrize("key", ["ANC", "anc", " ANC ", "751-8", "26499-4", "753-4"])
def test_the_anc_is_found_by_code_or_by_any_of_its_loinc_codes(cbc_data, key):
    result = interpret(adult(), [Measurement(key, 1.2, "K/uL")], cbc_data)
    anc = value_of(result, "ANC")
    assert anc.loinc == "751-8"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"age": -1}, "age", "Enter an age between 0 and 130 years."),
        ({"age": "40"}, "age", "Enter the age in whole years."),
        ({"age": 40.5}, "age", "Enter the age in whole years."),
        (
            {"temperature": 100.4},
            "temperature",
            "100.4 °C is not a body temperature. Did you mean 100.4 °F, that is 38 °C? "
            "Choose the unit of your thermometer.",
        ),
        (
            {"temperature": 12},
            "temperature",
            "12 °C is not a body temperature; enter one between 25 and 45 °C.",
        ),
        (
            {"temperature": 38.5, "temperature_unit": "°F"},
            "temperature",
            "38.5 °F is not a body temperature. Did you mean 38.5 °C? "
            "Choose the unit of your thermometer.",
        ),
        (
            {"temperature": 38.5, "temperature_unit": "K"},
            "temperature_unit",
            "“K” is not a unit we recognise for this value; use °C or °F.",
        ),
        (
            {"days_since_anticancer_treatment": -1},
            "days_since_anticancer_treatment",
            "Enter how many days ago the last treatment was, as a whole number.",
        ),
        ({"pregnant": "no"}, "pregnant", "Answer yes or no."),
    ],
)
def test_person_details_are_checked(cbc_data, changes, field, message):
    with pytest.raises(InputErrors) as raised:
        interpret(adult(**changes), anc_only(1.2), cbc_data)
    assert errors_of(raised) == {field: message}


def test_lab_limits_are_checked(cbc_data):
    with pytest.raises(InputErrors) as raised:
        interpret(
            adult(),
            [
                Measurement("ANC", 1.2, "K/uL", lab_low=2.0, lab_high=1.5),
                Measurement("WBC", 4.2, "K/uL", lab_low="low"),
            ],
            cbc_data,
        )
    assert errors_of(raised) == {
        "values[0].lab_low": "The lower limit must be below the upper limit.",
        "values[1].lab_low": "Enter the limit as a number of zero or more.",
    }


# --------------------------------------------------------------------------- fever


@pytest.mark.parametrize(
    ("temperature", "sustained", "alerted"),
    [
        (38.3, False, True),  # a single reading at the IDSA threshold
        (39.5, False, True),
        (38.29, False, False),  # just under, once
        (38.2, True, True),  # ≥ 38.0 over an hour
        (38.0, True, True),
        (38.0, False, False),
        (37.99, True, False),
    ],
)
def test_febrile_neutropenia_follows_the_idsa_definition(cbc_data, temperature, sustained, alerted):
    sam = adult(temperature=temperature, fever_sustained_1h=sustained)
    result = interpret(sam, anc_only(0.4), cbc_data)
    assert ("febrile_neutropenia" in alert_codes(result)) is alerted
    assert result.fever is alerted
    assert "critical_value" in alert_codes(result)  # ANC 0.4 is critical with or without fever
    assert result.instruction.level == EMERGENCY


def test_febrile_neutropenia_leads_the_page(cbc_data):
    result = interpret(adult(temperature=38.6), anc_only(300, "/µL"), cbc_data)
    assert result.alerts == (
        Alert("febrile_neutropenia", EMERGENCY, "febrile_neutropenia", ("ANC",)),
        Alert("critical_value", EMERGENCY, "critical_value.ANC.low", ("ANC",)),
    )
    assert result.instruction == Instruction(EMERGENCY, "instruction.emergency", result.alerts)
    assert result.guidance_keys[0] == GuidanceKey("febrile_neutropenia", EMERGENCY)


def test_fever_with_an_anc_of_0_8_says_seek_care_now_even_if_all_else_is_normal(cbc_data):
    # Tom's other values are all normal; the engine must not downgrade the alert.
    tom = adult(sex="male", temperature=38.4)
    values = [m for m in full_cbc() if m.analyte not in ("ANC", "NEUT_PCT", "BANDS_PCT")]
    values = [m if m.analyte != "HGB" else Measurement("HGB", 15.0, "g/dL") for m in values]
    result = interpret(tom, [*values, Measurement("ANC", 0.8, "K/uL")], cbc_data)
    assert alert_codes(result) == ["fever_with_low_anc"]
    assert result.instruction.level == EMERGENCY
    assert result.guidance_keys[0] == GuidanceKey("fever_with_low_anc", EMERGENCY)
    assert Finding("neutropenia", "moderate", ("ANC",)) in result.findings


def test_fever_with_an_anc_of_1_2_is_fever_guidance_not_an_emergency(cbc_data):
    result = interpret(adult(temperature=38.5), anc_only(1.2), cbc_data)
    assert result.alerts == (Alert("fever", NON_URGENT, "fever", ()),)
    assert result.instruction.level == NON_URGENT
    assert not result.reassurance_allowed


def test_fever_without_an_anc_uses_the_white_count_as_its_upper_bound(cbc_data):
    # The ANC cannot exceed the WBC, so a WBC of 0.9 proves the ANC is below 1.0.
    result = interpret(adult(temperature=38.5), [Measurement("WBC", 0.9, "K/uL")], cbc_data)
    assert alert_codes(result) == ["fever_with_low_anc"]
    assert result.alerts[0].analytes == ("WBC",)


def test_fever_with_a_computed_anc(cbc_data):
    result = interpret(
        adult(temperature=38.3),
        [Measurement("WBC", 2.0, "K/uL"), Measurement("NEUT_PCT", 20, "%")],
        cbc_data,
    )
    assert alert_codes(result) == ["febrile_neutropenia", "critical_value"]


# --------------------------------------------------------------------------- declines


def test_a_17_year_old_is_not_interpreted_but_values_are_still_converted(cbc_data):
    result = interpret(
        adult(age=17), [Measurement("WBC", 3.4, "K/uL"), Measurement("ANC", 1207, "/mm3")], cbc_data
    )
    assert result.declined_reason == "age"
    assert result.findings == ()
    anc = value_of(result, "ANC")
    assert anc.value == 1.207
    assert (anc.low, anc.high, anc.range_source, anc.interpretation) == (None, None, None, None)
    assert (anc.band, anc.grade) == (None, None)


def test_an_18_year_old_is_interpreted(cbc_data):
    result = interpret(adult(age=18), anc_only(1.2), cbc_data)
    assert result.declined_reason is None
    assert finding_codes(result) == ["neutropenia"]


def test_a_declined_child_with_fever_and_a_critical_anc_still_gets_the_urgent_alerts(cbc_data):
    result = interpret(adult(age=9, temperature=38.9), anc_only(0.3), cbc_data)
    assert result.declined_reason == "age"
    assert alert_codes(result) == ["febrile_neutropenia", "critical_value"]
    assert result.instruction.level == EMERGENCY
    assert value_of(result, "ANC").interpretation == "LL"


def test_pregnancy_is_declined(cbc_data):
    result = interpret(adult(pregnant=True), [Measurement("HGB", 10.9, "g/dL")], cbc_data)
    assert result.declined_reason == "pregnancy"
    assert result.findings == ()
    assert value_of(result, "HGB").interpretation is None


def test_anticancer_treatment_keeps_grades_and_the_fever_alert_but_gives_no_findings(cbc_data):
    # Priya is having chemotherapy: the page shows grades for her oncologist and the
    # fever alert, and says plainly it cannot interpret the rest.
    priya = adult(anticancer_treatment=True, temperature=38.4)
    result = interpret(
        priya, [Measurement("WBC", 1.4, "K/uL"), Measurement("ANC", 0.45, "K/uL")], cbc_data
    )
    assert result.declined_reason == "anticancer_treatment"
    assert result.findings == ()
    anc = value_of(result, "ANC")
    assert (anc.grade, anc.grade_version, anc.interpretation, anc.band) == (4, "5.0", "LL", None)
    assert value_of(result, "WBC").grade == 3
    assert alert_codes(result) == ["febrile_neutropenia", "critical_value"]


# --------------------------------------------------------------------------- ranges


def test_duffy_null_ranges_are_used_only_when_the_person_says_so(cbc_data):
    # Amara knows from a blood test that she is Duffy-null.
    values = [Measurement("WBC", 3.2, "K/uL"), Measurement("ANC", 1.3, "K/uL")]
    told = interpret(adult(duffy_null=True), values, cbc_data)
    anc = value_of(told, "ANC")
    assert (anc.low, anc.high, anc.range_source, anc.interpretation) == (
        1.21,
        7.7,
        "duffy_null",
        "N",
    )
    assert anc.band is None  # 1.3 lies in the fixed mild band, but is no finding here
    wbc = value_of(told, "WBC")
    # The Duffy-null range lowers the lower limit only: the upper one stays 11.0.
    assert (wbc.low, wbc.high, wbc.range_source, wbc.interpretation) == (
        3.0,
        11.0,
        "duffy_null",
        "N",
    )
    assert told.findings == ()

    not_told = interpret(adult(), values, cbc_data)
    assert value_of(not_told, "ANC").range_source == "default"
    assert finding_codes(not_told) == ["neutropenia", "leukopenia"]


def test_duffy_null_below_its_own_range_is_still_neutropenia(cbc_data):
    result = interpret(adult(duffy_null=True), anc_only(1.1), cbc_data)
    assert result.findings == (Finding("neutropenia", "mild", ("ANC",)),)


def test_duffy_null_does_not_change_analytes_without_a_duffy_range(cbc_data):
    result = interpret(adult(duffy_null=True), [Measurement("HGB", 13, "g/dL")], cbc_data)
    assert value_of(result, "HGB").range_source == "default"


def test_a_lab_printed_range_moves_the_flag_and_grade_1_but_not_the_bands(cbc_data):
    # Lee's lab prints 2.0 to 7.5: an ANC of 1.6 is below *their* lower limit, so it
    # is flagged L, but 1.6 is no neutropenia (the bands are fixed; it was wrongly
    # called mild neutropenia before).
    result = interpret(adult(), anc_only(1600, "/µL", lab_low=2000, lab_high=7500), cbc_data)
    anc = value_of(result, "ANC")
    assert (anc.low, anc.high, anc.range_source, anc.interpretation) == (2.0, 7.5, "lab", "L")
    assert result.findings == ()
    assert anc.band == "none"
    assert anc.grade == 1  # CTCAE grade 1 is "< LLN", with the lab's LLN
    assert result.any_flagged and not result.reassurance_allowed


def test_a_lab_range_lower_than_the_default_clears_a_flag(cbc_data):
    result = interpret(
        adult(), [Measurement("PLT", 140, "K/uL", lab_low=130, lab_high=400)], cbc_data
    )
    plt = value_of(result, "PLT")
    assert (plt.interpretation, plt.range_source, plt.grade) == ("N", "lab", None)
    assert result.findings == ()


def test_a_lab_range_with_only_an_upper_limit_keeps_the_default_lower_limit(cbc_data):
    result = interpret(adult(), [Measurement("BANDS_PCT", 6, "%", lab_high=10)], cbc_data)
    bands = value_of(result, "BANDS_PCT")
    assert (bands.low, bands.high, bands.range_source, bands.interpretation) == (
        0.0,
        10.0,
        "lab",
        "N",
    )


@pytest.mark.parametrize(
    ("sex", "flag", "findings"),
    [("female", "N", []), ("male", "L", ["anemia"]), (None, "N", [])],
)
def test_anemia_uses_the_sex_specific_lower_limit(cbc_data, sex, flag, findings):
    result = interpret(adult(sex=sex), [Measurement("HGB", 13.0, "g/dL")], cbc_data)
    assert value_of(result, "HGB").interpretation == flag
    assert finding_codes(result) == findings


def test_an_unknown_sex_uses_the_widest_range(cbc_data):
    result = interpret(adult(sex=None), [Measurement("HCT", 50, "%")], cbc_data)
    hct = value_of(result, "HCT")
    assert (hct.low, hct.high) == (36.0, 51.0)


@pytest.mark.parametrize(
    ("hgb", "severity", "grade"), [(11.0, "mild", 1), (9.5, "moderate", 2), (7.9, "severe", 3)]
)
def test_anemia_severity_follows_the_ctcae_grade(cbc_data, hgb, severity, grade):
    result = interpret(adult(sex="female"), [Measurement("HGB", hgb, "g/dL")], cbc_data)
    assert result.findings == (Finding("anemia", severity, ("HGB",)),)
    assert value_of(result, "HGB").grade == grade


@pytest.mark.parametrize(
    ("wbc", "severity"),
    [
        (4.4, "mild"),
        (3.0, "mild"),
        (2.99, "moderate"),
        (2.0, "moderate"),
        (1.9, "severe"),
        (0.5, "severe"),
    ],
)
def test_leukopenia_severity(cbc_data, wbc, severity):
    result = interpret(adult(), [Measurement("WBC", wbc, "K/uL")], cbc_data)
    assert result.findings == (Finding("leukopenia", severity, ("WBC",)),)


# --------------------------------------------------------------------------- other findings


def test_pancytopenia_when_white_cells_hemoglobin_and_platelets_are_all_low(cbc_data):
    result = interpret(
        adult(sex="female"),
        [
            Measurement("WBC", 2.5, "K/uL"),
            Measurement("HGB", 9.0, "g/dL"),
            Measurement("PLT", 90, "K/uL"),
        ],
        cbc_data,
    )
    assert finding_codes(result) == ["pancytopenia", "leukopenia", "anemia", "thrombocytopenia"]
    assert result.findings[0] == Finding("pancytopenia", None, ("WBC", "HGB", "PLT"))
    assert result.guidance_keys[0] == GuidanceKey("pancytopenia", None)


def test_pancytopenia_also_counts_a_low_anc(cbc_data):
    result = interpret(
        adult(sex="female"),
        [
            Measurement("ANC", 0.9, "K/uL"),
            Measurement("HGB", 9.0, "g/dL"),
            Measurement("PLT", 90, "K/uL"),
        ],
        cbc_data,
    )
    assert result.findings[0] == Finding("pancytopenia", None, ("ANC", "HGB", "PLT"))


def test_no_pancytopenia_when_platelets_are_normal(cbc_data):
    result = interpret(
        adult(sex="female"),
        [
            Measurement("WBC", 2.5, "K/uL"),
            Measurement("HGB", 9.0, "g/dL"),
            Measurement("PLT", 200, "K/uL"),
        ],
        cbc_data,
    )
    assert "pancytopenia" not in finding_codes(result)


@pytest.mark.parametrize(("plt", "flag"), [(19, "LL"), (19.999, "LL"), (20, "L"), (149, "L")])
def test_platelet_critical_limit(cbc_data, plt, flag):
    result = interpret(adult(), [Measurement("PLT", plt, "K/uL")], cbc_data)
    assert value_of(result, "PLT").interpretation == flag
    critical = [a for a in result.alerts if a.code == "critical_value"]
    if flag == "LL":
        assert critical == [Alert("critical_value", SAME_DAY, "critical_value.PLT.low", ("PLT",))]
        assert result.guidance_keys[0] == GuidanceKey("critical_value", SAME_DAY)
        assert result.instruction.level == SAME_DAY
    else:
        assert critical == []


def test_thrombocytopenia_severity_from_the_grade(cbc_data):
    result = interpret(adult(), [Measurement("PLT", 45, "K/uL")], cbc_data)
    assert result.findings == (Finding("thrombocytopenia", "severe", ("PLT",)),)
    assert value_of(result, "PLT").grade == 3


def test_high_counts(cbc_data):
    result = interpret(
        adult(),
        [
            Measurement("WBC", 12.0, "K/uL"),
            Measurement("ANC", 8.0, "K/uL"),
            Measurement("PLT", 500, "K/uL"),
        ],
        cbc_data,
    )
    assert finding_codes(result) == ["leukocytosis", "neutrophilia", "thrombocytosis"]
    assert {v.interpretation for v in result.values} == {"H"}


def test_lymphopenia(cbc_data):
    result = interpret(adult(), [Measurement("ALC", 0.6, "K/uL")], cbc_data)
    assert result.findings == (Finding("lymphopenia", "moderate", ("ALC",)),)


# --------------------------------------------------------------------------- the result objects


def test_results_are_frozen_dataclasses_that_compare_by_value(cbc_data):
    result = interpret(adult(), anc_only(1.2), cbc_data)
    anc = result.values[0]
    assert type(anc) is ValueResult
    assert anc == dataclasses.replace(anc)
    assert hash(anc) == hash(dataclasses.replace(anc))
    with pytest.raises(dataclasses.FrozenInstanceError):
        anc.value = 2.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.declined_reason = "no"
    assert type(result) is Interpretation


def test_the_same_input_always_gives_the_same_result(cbc_data):
    first = interpret(adult(temperature=38.5), full_cbc(), cbc_data)
    second = interpret(adult(temperature=38.5), full_cbc(), cbc_data)
    assert first == second
