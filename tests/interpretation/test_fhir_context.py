"""FHIR context: pregnancy, anticancer treatment and its date, Duffy phenotype, sustained
fever, and results given as bounds ("<0.1"), sent as coded resources."""

from __future__ import annotations

import datetime

import pytest
from fhir.resources.R4B.bundle import Bundle

from interpretation.engine import EMERGENCY, InputErrors, interpret
from interpretation.fhir import CONTEXT_SYSTEM, parse_fhir, to_fhir_bundle
from tests.interpretation.factories import build_cbc_reference_data
from tests.interpretation.test_fhir import bundle, observation, patient, temperature

DATA = build_cbc_reference_data()
TODAY = datetime.date(2025, 3, 1)
ISSUED = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)
SNOMED = "http://snomed.info/sct"


def pregnancy_status(code, system=SNOMED):
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "82810-3"}]},
        "valueCodeableConcept": {"coding": [{"system": system, "code": code}]},
    }


def duffy(code="duffy-null"):
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": CONTEXT_SYSTEM, "code": "duffy-phenotype"}]},
        "valueCodeableConcept": {"coding": [{"system": CONTEXT_SYSTEM, "code": code}]},
    }


def chemotherapy(status="completed", code="367336001", **performed):
    resource = {
        "resourceType": "Procedure",
        "status": status,
        "code": {"coding": [{"system": SNOMED, "code": code, "display": "Chemotherapy"}]},
        "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"},
    }
    resource.update(performed)
    return resource


def sustained_temperature(value, start, end, code="Cel"):
    resource = temperature(value, code)
    resource["effectivePeriod"] = {"start": start, "end": end}
    return resource


def fields_of(*resources):
    return parse_fhir(bundle(*resources), DATA, today=TODAY).patient_fields


def result_of(*resources):
    request = parse_fhir(bundle(patient(), *resources), DATA, today=TODAY)
    return interpret(request.patient(), request.measurements, DATA)


WBC = observation("6690-2", 6.0, "10*9/L")


# --------------------------------------------------------------------------- pregnancy


@pytest.mark.parametrize(
    ("system", "code", "pregnant"),
    [
        (SNOMED, "77386006", True),
        (SNOMED, "60001007", False),
        (SNOMED, "261665006", False),
        ("http://loinc.org", "LA15173-0", True),
        ("http://loinc.org", "LA26683-5", False),
    ],
)
def test_pregnancy_status_is_read_from_snomed_or_loinc_answers(system, code, pregnant):
    assert fields_of(WBC, pregnancy_status(code, system))["pregnant"] is pregnant


def test_a_pregnant_reader_with_fever_is_declined_but_keeps_the_fever_guidance():
    result = result_of(WBC, pregnancy_status("77386006"), temperature(38.6))
    assert result.declined_reason == "pregnancy"
    assert [a.message_key for a in result.alerts] == ["fever"]


def test_an_unknown_pregnancy_answer_names_its_path():
    with pytest.raises(InputErrors) as raised:
        fields_of(WBC, pregnancy_status("12345"))
    assert [e.field for e in raised.value.errors] == ["entry[1].resource.valueCodeableConcept"]


# --------------------------------------------------------------------------- anticancer treatment


def test_a_procedure_in_progress_is_treatment_now():
    fields = fields_of(WBC, chemotherapy("in-progress"))
    assert (fields["anticancer_treatment"], fields["days_since_anticancer_treatment"]) == (
        True,
        None,
    )


def test_a_completed_procedure_gives_the_days_since_the_last_treatment():
    fields = fields_of(
        WBC,
        chemotherapy(performedDateTime="2025-02-01"),
        chemotherapy(performedPeriod={"start": "2025-02-20", "end": "2025-02-22T10:00:00Z"}),
    )
    assert (fields["anticancer_treatment"], fields["days_since_anticancer_treatment"]) == (
        False,
        7,
    )


def test_a_partial_date_counts_from_its_last_possible_day():
    # "2025-01" may be 31 January: 29 days ago, never older than it may be.
    fields = fields_of(WBC, chemotherapy(performedDateTime="2025-01"))
    assert fields["days_since_anticancer_treatment"] == 29


def test_an_undated_completed_procedure_is_read_as_treatment_now():
    assert fields_of(WBC, chemotherapy())["anticancer_treatment"] is True


@pytest.mark.parametrize(
    ("resource", "read"),
    [
        (chemotherapy("not-done", performedDateTime="2025-02-28"), False),
        (chemotherapy("entered-in-error", performedDateTime="2025-02-28"), False),
        (chemotherapy(code="80146002", performedDateTime="2025-02-28"), False),  # appendectomy
        (chemotherapy(code="703423002", performedDateTime="2025-02-28"), True),
    ],
)
def test_only_anticancer_procedures_that_happened_are_read(resource, read):
    fields = fields_of(WBC, resource)
    assert (fields["days_since_anticancer_treatment"] is not None) is read


def test_a_completed_treatment_after_today_names_its_path():
    with pytest.raises(InputErrors) as raised:
        fields_of(WBC, chemotherapy(performedDateTime="2025-04-01"))
    assert [e.field for e in raised.value.errors] == ["entry[1].resource.performedDateTime"]


def test_fever_six_weeks_after_chemotherapy_is_still_an_emergency():
    # 2025-01-18 is 42 days before 1 March: the last day of the window.
    result = result_of(WBC, chemotherapy(performedDateTime="2025-01-18"), temperature(38.4))
    assert [a.message_key for a in result.alerts] == ["fever_during_anticancer_treatment"]
    assert result.instruction.level == EMERGENCY
    assert result.declined_reason == "anticancer_treatment"


def test_fever_43_days_after_chemotherapy_with_normal_counts_is_fever_guidance():
    result = result_of(WBC, chemotherapy(performedDateTime="2025-01-17"), temperature(38.4))
    assert [a.message_key for a in result.alerts] == ["fever"]
    assert result.declined_reason is None


# --------------------------------------------------------------------------- Duffy phenotype


def test_a_duffy_null_phenotype_uses_the_duffy_null_lower_limits():
    result = result_of(observation("751-8", 1.3, "10*9/L"), duffy())
    (anc,) = result.values
    assert (anc.range_source, anc.low, anc.interpretation) == ("duffy_null", 1.21, "N")
    assert result.findings == ()


def test_a_duffy_not_null_phenotype_changes_nothing():
    assert fields_of(WBC, duffy("duffy-not-null"))["duffy_null"] is False


def test_an_unknown_duffy_answer_names_its_path():
    with pytest.raises(InputErrors) as raised:
        fields_of(WBC, duffy("fy-a-plus"))
    assert [e.field for e in raised.value.errors] == ["entry[1].resource.valueCodeableConcept"]


# --------------------------------------------------------------------------- sustained fever


def test_a_temperature_held_for_an_hour_is_a_sustained_fever():
    held = sustained_temperature(38.1, "2025-03-01T06:00:00+01:00", "2025-03-01T07:00:00+01:00")
    fields = fields_of(observation("751-8", 0.4, "10*9/L"), held)
    assert (fields["temperature"], fields["fever_sustained_1h"]) == (38.1, True)
    result = result_of(observation("751-8", 0.4, "10*9/L"), held)
    assert result.alerts[0].message_key == "febrile_neutropenia"


def test_a_temperature_held_for_59_minutes_is_not_sustained():
    held = sustained_temperature(38.1, "2025-03-01T06:00:00Z", "2025-03-01T06:59:00Z")
    result = result_of(observation("751-8", 0.4, "10*9/L"), held)
    assert not result.fever
    assert "febrile_neutropenia" not in [a.message_key for a in result.alerts]


def test_a_sustained_fever_beats_a_higher_single_reading_that_is_no_fever():
    held = sustained_temperature(38.1, "2025-03-01T06:00:00Z", "2025-03-01T07:30:00Z")
    fields = fields_of(WBC, temperature(38.2), held)
    assert (fields["temperature"], fields["fever_sustained_1h"]) == (38.1, True)


def test_101_fahrenheit_is_a_fever_and_100_4_held_for_an_hour_is_too():
    assert result_of(WBC, temperature(101, "[degF]")).fever
    assert not result_of(WBC, temperature(100.9, "[degF]")).fever
    held = sustained_temperature(100.4, "2025-03-01T06:00:00Z", "2025-03-01T07:00:00Z", "[degF]")
    assert result_of(WBC, held).fever


def test_a_period_without_time_zones_names_its_path():
    held = sustained_temperature(38.1, "2025-03-01T06:00:00", "2025-03-01T07:00:00")
    with pytest.raises(InputErrors) as raised:
        fields_of(WBC, held)
    assert [e.field for e in raised.value.errors] == ["entry[1].resource.effectivePeriod"]


# --------------------------------------------------------------------------- comparators


def bound(loinc, value, code, comparator):
    resource = observation(loinc, value, code)
    resource["valueQuantity"]["comparator"] = comparator
    return resource


def test_an_anc_below_0_1_is_read_as_profound_severe_neutropenia():
    result = result_of(bound("751-8", 0.1, "10*9/L", "<"))
    (anc,) = result.values
    assert (anc.value, anc.comparator, anc.band, anc.band_detail) == (
        0.1,
        "<",
        "severe",
        "profound",
    )
    assert anc.interpretation == "LL"
    output = to_fhir_bundle(result, conclusion="Severe neutropenia.", issued=ISSUED)
    Bundle.model_validate(output)
    (resource,) = [e["resource"] for e in output["entry"][1:]]
    assert resource["valueQuantity"]["comparator"] == "<"


def test_a_wbc_above_100_is_critically_high():
    result = result_of(bound("6690-2", 100, "10*9/L", ">"))
    assert result.values[0].interpretation == "HH"
    assert result.alerts[0].message_key == "critical_value.WBC.high"


def test_a_bound_that_could_be_normal_or_low_is_asked_about_at_its_fhir_path():
    request = parse_fhir(bundle(patient(), bound("6690-2", 5, "10*9/L", "<")), DATA, today=TODAY)
    with pytest.raises(InputErrors) as raised:
        interpret(request.patient(), request.measurements, DATA)
    (error,) = request.fhir_errors(raised.value).errors
    assert (error.field, error.code) == (
        "entry[1].resource.valueQuantity.value",
        "comparator_undecided",
    )


# ---------------------------------------------------------------- errors keep their alerts


def test_a_unit_mix_up_keeps_its_suggestion_and_the_fever_emergency_through_fhir():
    # 39 °C during chemotherapy, and an ANC of 1207 sent in 10*9/L.
    request = parse_fhir(
        bundle(
            patient(),
            chemotherapy("in-progress"),
            temperature(39.0),
            observation("751-8", 1207, "10*9/L"),
        ),
        DATA,
        today=TODAY,
    )
    with pytest.raises(InputErrors) as raised:
        interpret(request.patient(), request.measurements, DATA)
    renamed = request.fhir_errors(raised.value)
    (error,) = renamed.errors
    assert error.field == "entry[3].resource.valueQuantity.value"
    assert [(s.unit, s.canonical_value) for s in error.suggestions] == [("/uL", 1.207)]
    assert renamed.provisional_instruction.level == EMERGENCY
    assert [a.message_key for a in renamed.provisional_alerts] == [
        "fever_during_anticancer_treatment"
    ]


def test_a_contradiction_names_every_field_by_its_fhir_path():
    request = parse_fhir(
        bundle(
            observation("6690-2", 2.0, "10*9/L"),
            observation("770-8", 20, "%"),
            observation("751-8", 2.0, "10*9/L"),
        ),
        DATA,
        today=TODAY,
    )
    with pytest.raises(InputErrors) as raised:
        interpret(request.patient(age=40), request.measurements, DATA)
    first = request.fhir_errors(raised.value).errors[0]
    assert first.field == "entry[2].resource.valueQuantity.value"
    assert first.related == (
        "entry[0].resource.valueQuantity.value",
        "entry[1].resource.valueQuantity.value",
    )


# --------------------------------------------------------------------------- our examples are FHIR


def test_the_context_examples_are_valid_fhir():
    Bundle.model_validate(
        bundle(
            patient(),
            WBC,
            pregnancy_status("60001007"),
            duffy(),
            chemotherapy(performedDateTime="2025-02-01"),
            chemotherapy("in-progress", performedPeriod={"start": "2025-02-28"}),
            sustained_temperature(38.1, "2025-03-01T06:00:00Z", "2025-03-01T07:00:00Z"),
            bound("751-8", 0.1, "10*9/L", "<"),
        )
    )
