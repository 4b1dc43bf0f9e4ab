"""FHIR R4 in and out: lab systems send Bundles of Observations, and get a report back.

No database. fhir.resources (R4B models, FHIR 4.3.0: the same as R4 for Bundle,
Patient, Observation and DiagnosticReport) only checks, here in the tests, that
what we read and write is valid FHIR; the module itself uses no FHIR library.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interpretation.engine import (
    FieldError,
    InputErrors,
    Measurement,
    Patient,
    interpret,
)
from interpretation.fhir import (
    INTERPRETATION_DISPLAY,
    V3_INTERPRETATION,
    FhirRequest,
    parse_fhir,
    to_fhir_bundle,
)
from tests.interpretation.factories import build_cbc_reference_data

REPO = Path(__file__).resolve().parents[2]
DATA = build_cbc_reference_data()  # immutable; module level because @given cannot take fixtures
TODAY = datetime.date(2025, 3, 1)
ISSUED = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)
# The caller writes the conclusion in approved words (interpretation.presenters.conclusion,
# tested in test_presenters.py); the FHIR layer writes it as given.
CONCLUSION = "Mild leukopenia with mild neutropenia."


# --------------------------------------------------------------------------- FHIR builders


def observation(loinc, value, code=None, *, unit=None, low=None, high=None, **extra):
    """A lab Observation as a lab system sends it: LOINC code, UCUM quantity."""
    quantity = {"value": value, "system": "http://unitsofmeasure.org"}
    if code is not None:
        quantity["code"] = code
    if unit is not None:
        quantity["unit"] = unit
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "valueQuantity": quantity,
    }
    limits = {}
    if low is not None:
        limits["low"] = {"value": low, "system": "http://unitsofmeasure.org", "code": code}
    if high is not None:
        limits["high"] = {"value": high, "system": "http://unitsofmeasure.org", "code": code}
    if limits:
        resource["referenceRange"] = [limits]
    resource.update(extra)
    return resource


def temperature(value, code="Cel"):
    return observation("8310-5", value, code)


def patient(gender="female", birth_date="1980-05-01"):
    resource = {"resourceType": "Patient"}
    if gender is not None:
        resource["gender"] = gender
    if birth_date is not None:
        resource["birthDate"] = birth_date
    return resource


def bundle(*resources, kind="collection"):
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [
            {"fullUrl": f"urn:uuid:00000000-0000-4000-8000-{index:012d}", "resource": resource}
            for index, resource in enumerate(resources)
        ],
    }


def maria_bundle(temperature_c=37.2, anc_per_microlitre=1207):
    """Maria, born 1 May 1980: the seed case, WBC 3.4 ×10⁹/L and ANC 1207 /µL."""
    return bundle(
        patient("female", "1980-05-01"),
        observation("6690-2", 3.4, "10*9/L", unit="10^9/L"),
        observation("751-8", anc_per_microlitre, "/uL", unit="cells/µL"),
        temperature(temperature_c),
    )


def errors_of(raised: pytest.ExceptionInfo[InputErrors]) -> dict[str, str]:
    return {e.field: e.message for e in raised.value.errors}


NO_CONTEXT = {
    "temperature": None,
    "temperature_unit": "Cel",
    "fever_sustained_1h": False,
    "pregnant": False,
    "duffy_null": False,
    "anticancer_treatment": False,
    "days_since_anticancer_treatment": None,
}


def interpret_fhir(payload, **patient_changes):
    request = parse_fhir(payload, DATA, today=TODAY)
    return interpret(request.patient(**patient_changes), request.measurements, DATA)


def report_of(output: dict) -> dict:
    (report,) = [
        e["resource"]
        for e in output["entry"]
        if e["resource"]["resourceType"] == "DiagnosticReport"
    ]
    return report


def observations_of(output: dict) -> dict[str, dict]:
    """Output Observations by LOINC code."""
    return {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]
        for e in output["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }


def flag_of(resource: dict) -> tuple[str, str] | None:
    if "interpretation" not in resource:
        return None
    (coding,) = resource["interpretation"][0]["coding"]
    assert coding["system"] == V3_INTERPRETATION
    return coding["code"], coding["display"]


# -------------------------------------------------------------------- (a) reading the seed case


def test_maria_bundle_reads_as_the_form_would_send_it():
    request = parse_fhir(maria_bundle(), DATA, today=TODAY)

    assert request.patient_fields == {
        **NO_CONTEXT,
        "age": 44,
        "sex": "female",
        "temperature": 37.2,
        "temperature_unit": "Cel",
    }
    assert request.measurements == [
        Measurement("WBC", 3.4, "10*9/L"),
        Measurement("ANC", 1207, "/uL"),
    ]
    # The same values typed into the form give the same interpretation.
    typed = interpret(
        Patient(age=44, sex="female", temperature=37.2),
        [Measurement("WBC", 3.4, "x10^9/L"), Measurement("ANC", 1207, "/µL")],
        DATA,
    )
    assert interpret(request.patient(), request.measurements, DATA) == typed


def test_maria_bundle_is_mild_leukopenia_with_mild_neutropenia():
    result = interpret_fhir(maria_bundle())

    assert [(f.code, f.severity) for f in result.findings] == [
        ("neutropenia", "mild"),
        ("leukopenia", "mild"),
    ]
    assert result.alerts == ()
    anc = next(v for v in result.values if v.analyte == "ANC")
    assert (anc.value, anc.unit, anc.interpretation) == (1.207, "10*9/L", "L")


def test_the_age_counts_full_years_up_to_today():
    def age(birth_date):
        payload = bundle(patient(birth_date=birth_date), observation("6690-2", 5, "10*9/L"))
        return parse_fhir(payload, DATA, today=TODAY).patient_fields["age"]

    assert age("1980-03-01") == 45  # birthday today
    assert age("1980-03-02") == 44  # birthday tomorrow
    assert age("2000-02-29") == 25


def test_a_partial_birth_date_gives_the_youngest_age_it_allows():
    # Born some time in 2007: 17 or 18 on 1 March 2025; read as 17, so the engine declines.
    def age(birth_date):
        payload = bundle(patient(birth_date=birth_date), observation("6690-2", 5, "10*9/L"))
        return parse_fhir(payload, DATA, today=TODAY).patient_fields["age"]

    assert age("2007") == 17
    assert age("2007-02") == 18
    assert age("2007-03") == 17
    assert age("2025") == 0


@pytest.mark.parametrize(
    ("gender", "sex"), [("female", "female"), ("male", "male"), ("other", None), ("unknown", None)]
)
def test_patient_gender_becomes_sex(gender, sex):
    payload = bundle(patient(gender=gender), observation("6690-2", 5, "10*9/L"))
    assert parse_fhir(payload, DATA, today=TODAY).patient_fields["sex"] == sex


def test_without_a_patient_the_caller_supplies_age_and_sex():
    payload = bundle(observation("6690-2", 5, "10*9/L"))
    request = parse_fhir(payload, DATA, today=TODAY)
    assert request.patient_fields == {**NO_CONTEXT, "age": None, "sex": None}


def test_a_temperature_in_fahrenheit_is_passed_with_its_unit():
    payload = bundle(observation("751-8", 0.3, "10*9/L"), temperature(101.3, "[degF]"))
    fields = parse_fhir(payload, DATA, today=TODAY).patient_fields
    assert (fields["temperature"], fields["temperature_unit"]) == (101.3, "[degF]")
    result = interpret_fhir(payload, age=40)
    assert result.fever and result.alerts[0].message_key == "febrile_neutropenia"


def test_the_highest_of_several_temperatures_is_kept_so_a_fever_is_not_missed():
    payload = bundle(observation("751-8", 0.3, "10*9/L"), temperature(37.0), temperature(38.4))
    assert parse_fhir(payload, DATA, today=TODAY).patient_fields["temperature"] == 38.4


def test_the_labs_own_reference_range_is_read_in_the_unit_of_the_value():
    payload = bundle(observation("751-8", 1207, "/uL", low=1500, high=8000))
    (anc,) = parse_fhir(payload, DATA, today=TODAY).measurements
    assert anc == Measurement("ANC", 1207, "/uL", lab_low=1500, lab_high=8000)
    result = interpret(Patient(age=40, sex=None), [anc], DATA)
    assert (result.values[0].low, result.values[0].high) == (1.5, 8.0)
    assert result.findings[0].severity == "mild"  # 1207 is mild whatever the lab prints
    assert result.values[0].range_source == "lab"


def test_the_ucum_code_wins_over_the_display_unit_and_unit_alone_is_read_too():
    with_code = observation("751-8", 1207, "/uL", unit="10*9/L")
    unit_only = observation("6690-2", 3.4, unit="K/uL")
    del unit_only["valueQuantity"]["system"]
    measurements = parse_fhir(bundle(with_code, unit_only), DATA, today=TODAY).measurements
    assert [m.unit for m in measurements] == ["/uL", "10*9/L"]


def test_manual_anc_loinc_alias_is_the_anc():
    payload = bundle(observation("753-4", 1.1, "10*3/uL"))
    assert parse_fhir(payload, DATA, today=TODAY).measurements == [
        Measurement("ANC", 1.1, "10*9/L")
    ]


@pytest.mark.parametrize("kind", ["collection", "transaction", "batch", "searchset"])
def test_every_bundle_type_is_read(kind):
    payload = bundle(observation("6690-2", 5, "10*9/L"), kind=kind)
    assert len(parse_fhir(payload, DATA, today=TODAY).measurements) == 1


def test_other_resources_in_the_bundle_are_passed_over():
    report = {"resourceType": "DiagnosticReport", "status": "final", "code": {"text": "CBC"}}
    payload = bundle(report, observation("6690-2", 5, "10*9/L"), {"resourceType": "Specimen"})
    assert len(parse_fhir(payload, DATA, today=TODAY).measurements) == 1


def test_an_observation_entered_in_error_is_not_read():
    wrong = observation("6690-2", 50, "10*9/L", status="entered-in-error")
    payload = bundle(wrong, observation("6690-2", 5, "10*9/L"))
    assert parse_fhir(payload, DATA, today=TODAY).measurements == [Measurement("WBC", 5, "10*9/L")]


# -------------------------------------------------------------------- (b) our examples are FHIR


@pytest.mark.parametrize(
    "payload",
    [
        maria_bundle(),
        maria_bundle(temperature_c=38.6, anc_per_microlitre=300),
        bundle(patient(birth_date="2007-06-01"), observation("6690-2", 5, "10*9/L")),
        bundle(observation("751-8", 1207, "/uL", low=1500, high=8000), kind="batch"),
        bundle(observation("8310-5", 101.3, "[degF]"), observation("751-8", 0.3, "10*9/L")),
    ],
)
def test_the_input_examples_are_valid_fhir(payload):
    Bundle.model_validate(payload)


def test_the_single_observation_example_is_valid_fhir():
    Observation.model_validate(observation("751-8", 1207, "/uL", unit="cells/µL"))


# ------------------------------------------------------------------ (c) the report we send back


def test_maria_report_is_valid_fhir_with_an_observation_per_value_and_one_report():
    result = interpret_fhir(maria_bundle())
    output = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)

    parsed = Bundle.model_validate(output)
    assert parsed.type == "collection"
    kinds = [e["resource"]["resourceType"] for e in output["entry"]]
    assert sorted(kinds) == ["DiagnosticReport", "Observation", "Observation"]
    json.dumps(output)  # plain JSON, nothing else


def test_maria_report_observations_carry_the_canonical_value_range_and_flag():
    output = to_fhir_bundle(
        interpret_fhir(maria_bundle()),
        conclusion=CONCLUSION,
        issued=ISSUED,
    )
    by_loinc = observations_of(output)

    anc = by_loinc["751-8"]
    assert anc["status"] == "final"
    assert anc["category"][0]["coding"][0]["code"] == "laboratory"
    assert anc["code"]["coding"][0]["display"] == "Absolute neutrophil count"
    assert anc["valueQuantity"] == {
        "value": 1.207,
        "unit": "×10⁹/L",
        "system": "http://unitsofmeasure.org",
        "code": "10*9/L",
    }
    assert anc["referenceRange"] == [
        {
            "low": {
                "value": 1.8,
                "unit": "×10⁹/L",
                "system": "http://unitsofmeasure.org",
                "code": "10*9/L",
            },
            "high": {
                "value": 7.7,
                "unit": "×10⁹/L",
                "system": "http://unitsofmeasure.org",
                "code": "10*9/L",
            },
        }
    ]
    assert flag_of(anc) == ("L", "Low")
    assert flag_of(by_loinc["6690-2"]) == ("L", "Low")
    assert anc["issued"] == "2025-03-01T09:30:00+00:00"


def test_maria_report_references_resolve_and_conclude_with_the_findings():
    output = to_fhir_bundle(
        interpret_fhir(maria_bundle()),
        conclusion=CONCLUSION,
        issued=ISSUED,
    )
    report = report_of(output)
    full_urls = {
        e["fullUrl"] for e in output["entry"] if e["resource"]["resourceType"] == "Observation"
    }

    assert {r["reference"] for r in report["result"]} == full_urls
    assert len(report["result"]) == 2
    assert all(url.startswith("urn:uuid:") for url in full_urls)
    assert report["status"] == "final"
    assert report["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "58410-2",
        "display": "CBC panel - Blood by Automated count",
    }
    assert report["conclusion"] == CONCLUSION
    assert report["issued"] == "2025-03-01T09:30:00+00:00"


def test_the_same_result_always_gives_the_same_bundle():
    result = interpret_fhir(maria_bundle())
    first = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)
    again = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)
    assert first == again


@pytest.mark.parametrize(
    ("measurement", "flag"),
    [
        (Measurement("ANC", 3.9, "10*9/L"), ("N", "Normal")),
        (Measurement("ANC", 1.6, "10*9/L"), ("L", "Low")),
        (Measurement("ANC", 9.0, "10*9/L"), ("H", "High")),
        (Measurement("ANC", 0.3, "10*9/L"), ("LL", "Critical low")),
        (Measurement("PLT", 10, "10*9/L"), ("LL", "Critical low")),
    ],
)
def test_every_flag_is_a_v3_interpretation_code(measurement, flag):
    result = interpret(Patient(age=40, sex="female"), [measurement], DATA)
    output = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)
    Bundle.model_validate(output)
    (resource,) = observations_of(output).values()
    assert flag_of(resource) == flag
    assert INTERPRETATION_DISPLAY[flag[0]] == flag[1]


def test_a_computed_anc_says_how_it_was_calculated():
    values = [Measurement("WBC", 3.4, "10*9/L"), Measurement("NEUT_PCT", 35.5, "%")]
    result = interpret(Patient(age=40, sex="female"), values, DATA)
    output = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)
    Bundle.model_validate(output)
    by_loinc = observations_of(output)
    assert by_loinc["751-8"]["valueQuantity"]["value"] == 1.207
    assert by_loinc["751-8"]["method"] == {
        "text": "Calculated: WBC × (neutrophils % + bands %) / 100"
    }
    assert "method" not in by_loinc["6690-2"]


def test_a_naive_issued_time_is_refused_because_fhir_instants_carry_an_offset():
    result = interpret(Patient(age=40, sex="female"), [Measurement("WBC", 6, "10*9/L")], DATA)
    with pytest.raises(ValueError, match="timezone"):
        to_fhir_bundle(
            result,
            conclusion=CONCLUSION,
            issued=datetime.datetime(2025, 3, 1, 9, 30),  # noqa: DTZ001 - the point of the test
        )


# --------------------------------------------------------------------- (d) a single Observation


def test_a_single_observation_is_read_without_a_patient():
    request = parse_fhir(observation("751-8", 1207, "/uL"), DATA, today=TODAY)

    assert request.measurements == [Measurement("ANC", 1207, "/uL")]
    assert request.patient_fields == {**NO_CONTEXT, "age": None, "sex": None}
    result = interpret(Patient(age=34, sex="female"), request.measurements, DATA)
    assert [(f.code, f.severity) for f in result.findings] == [("neutropenia", "mild")]


def test_errors_in_a_single_observation_are_named_from_its_root():
    with pytest.raises(InputErrors) as raised:
        parse_fhir(observation("751-8", "1207", "/uL"), DATA, today=TODAY)
    assert errors_of(raised) == {"valueQuantity.value": "valueQuantity.value must be a number."}


def test_a_temperature_alone_is_not_a_result_to_interpret():
    with pytest.raises(InputErrors) as raised:
        parse_fhir(temperature(38.5), DATA, today=TODAY)
    assert list(errors_of(raised)) == ["code"]


# ---------------------------------------------------------------- (e) errors name the FHIR path


def maria_with(change):
    """Maria's Bundle (Patient, WBC, ANC, temperature) with one change to the ANC (entry[2])."""
    payload = maria_bundle()
    change(payload["entry"][2]["resource"])
    return payload


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            lambda obs: obs.pop("code"),
            "entry[2].resource.code",
            "This Observation has no code",
        ),
        (
            lambda obs: obs["code"]["coding"][0].update(code="2345-7"),
            "entry[2].resource.code",
            "This Observation has no LOINC code we interpret (it has 2345-7; "
            "we read WBC 6690-2, ANC 751-8, neutrophils 770-8, band forms 764-1, ALC 731-0, "
            "HGB 718-7, HCT 4544-3, MCV 787-2, PLT 777-3, body temperature 8310-5).",
        ),
        (
            lambda obs: obs["code"]["coding"][0].update(system="http://snomed.info/sct"),
            "entry[2].resource.code",
            "This Observation has no LOINC code we interpret (we read WBC 6690-2",
        ),
        (
            lambda obs: obs["valueQuantity"].pop("value"),
            "entry[2].resource.valueQuantity.value",
            "valueQuantity.value must be a number.",
        ),
        (
            lambda obs: obs["valueQuantity"].update(value="1207"),
            "entry[2].resource.valueQuantity.value",
            "valueQuantity.value must be a number.",
        ),
        (
            lambda obs: obs["valueQuantity"].update(value=True),
            "entry[2].resource.valueQuantity.value",
            "valueQuantity.value must be a number.",
        ),
        (
            lambda obs: obs.pop("valueQuantity"),
            "entry[2].resource.valueQuantity",
            "This Observation has no value; give the result as a valueQuantity",
        ),
        (
            lambda obs: obs.update(valueString="1207", valueQuantity=None),
            "entry[2].resource.valueQuantity",
            "This Observation gives its result as valueString; give it as a valueQuantity",
        ),
        (
            lambda obs: obs["valueQuantity"].update(code="mg/dL"),
            "entry[2].resource.valueQuantity.code",
            "“mg/dL” is not a unit we read for absolute neutrophil count; "
            "use the UCUM code 10*9/L, 10*3/uL or /uL.",
        ),
        (
            lambda obs: obs["valueQuantity"].update(code=None, unit=None),
            "entry[2].resource.valueQuantity.code",
            "Give the unit as a UCUM code, e.g. 10*9/L, 10*3/uL or /uL.",
        ),
        (
            lambda obs: obs["valueQuantity"].update(system="http://example.org/units", unit=None),
            "entry[2].resource.valueQuantity.system",
            "Give the unit in UCUM",
        ),
        (
            lambda obs: obs["valueQuantity"].update(comparator="ad"),
            "entry[2].resource.valueQuantity.comparator",
            "valueQuantity.comparator must be <, <=, >= or >.",
        ),
        (
            lambda obs: obs.update(
                referenceRange=[{"low": {"value": "1.5"}, "high": {"value": 8000}}]
            ),
            "entry[2].resource.referenceRange[0].low.value",
            "low.value must be a number.",
        ),
        (
            lambda obs: obs.update(referenceRange=[{"low": {"value": 1.5, "code": "10*9/L"}}]),
            "entry[2].resource.referenceRange[0].low",
            "The low limit must be in the unit of the result (/uL).",
        ),
    ],
)
def test_a_problem_with_an_observation_names_its_fhir_path(change, field, words):
    with pytest.raises(InputErrors) as raised:
        parse_fhir(maria_with(change), DATA, today=TODAY)
    errors = errors_of(raised)
    assert list(errors) == [field]
    assert errors[field].startswith(words)
    assert errors[field].endswith(".")


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ([maria_bundle()], "resourceType", "Send one FHIR resource as a JSON object"),
        ("Bundle", "resourceType", "Send one FHIR resource as a JSON object"),
        (None, "resourceType", "Send one FHIR resource as a JSON object"),
        ({"resourceType": "Patient"}, "resourceType", "The resourceType must be Bundle"),
        ({"entry": []}, "resourceType", "The resourceType must be Bundle"),
        ({"resourceType": "Bundle", "type": "collection"}, "entry", "This Bundle has no entries"),
        (bundle(), "entry", "This Bundle has no entries"),
        (bundle(patient()), "entry", "This Bundle holds no Observation to interpret."),
        (bundle(temperature(38.5)), "entry", "This Bundle holds no blood count result"),
        ({"resourceType": "Bundle", "entry": {}}, "entry", "Bundle.entry must be a list"),
        ({"resourceType": "Bundle", "entry": [3]}, "entry[0]", "Each entry must be an object"),
    ],
)
def test_a_payload_that_is_not_what_we_read_is_refused(payload, field, words):
    with pytest.raises(InputErrors) as raised:
        parse_fhir(payload, DATA, today=TODAY)
    errors = errors_of(raised)
    assert field in errors
    assert errors[field].startswith(words)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"gender": "F"},
            "entry[0].resource.gender",
            "Patient.gender must be female, male, other or unknown.",
        ),
        (
            {"birthDate": "01/05/1980"},
            "entry[0].resource.birthDate",
            "Patient.birthDate must be a date written YYYY-MM-DD.",
        ),
        (
            {"birthDate": "1980-02-30"},
            "entry[0].resource.birthDate",
            "Patient.birthDate is not a date in the calendar.",
        ),
        (
            {"birthDate": "2026-01-01"},
            "entry[0].resource.birthDate",
            "Patient.birthDate cannot be after today.",
        ),
    ],
)
def test_a_problem_with_the_patient_names_its_fhir_path(change, field, message):
    payload = maria_bundle()
    payload["entry"][0]["resource"].update(change)
    with pytest.raises(InputErrors) as raised:
        parse_fhir(payload, DATA, today=TODAY)
    assert errors_of(raised) == {field: message}


def test_every_problem_is_reported_at_once():
    payload = maria_bundle()
    payload["entry"][0]["resource"]["gender"] = "F"
    payload["entry"][1]["resource"]["valueQuantity"]["value"] = "3,4"
    payload["entry"][2]["resource"]["valueQuantity"]["code"] = "mg"
    with pytest.raises(InputErrors) as raised:
        parse_fhir(payload, DATA, today=TODAY)
    assert list(errors_of(raised)) == [
        "entry[0].resource.gender",
        "entry[1].resource.valueQuantity.value",
        "entry[2].resource.valueQuantity.code",
    ]


def test_a_test_sent_twice_is_refused_at_the_second():
    payload = bundle(observation("6690-2", 3.4, "10*9/L"), observation("6690-2", 3.5, "10*9/L"))
    with pytest.raises(InputErrors) as raised:
        parse_fhir(payload, DATA, today=TODAY)
    assert errors_of(raised) == {
        "entry[1].resource.code": (
            "White blood cells appears twice (also at entry[0].resource); send each test once."
        )
    }


def test_two_patients_are_refused():
    payload = bundle(patient(), patient(gender="male"), observation("6690-2", 5, "10*9/L"))
    with pytest.raises(InputErrors) as raised:
        parse_fhir(payload, DATA, today=TODAY)
    assert list(errors_of(raised)) == ["entry[1].resource"]


def test_the_engines_errors_are_renamed_to_fhir_paths():
    payload = maria_bundle()
    payload["entry"][2]["resource"]["valueQuantity"]["value"] = -5
    payload["entry"][0]["resource"]["birthDate"] = "1880-01-01"
    request = parse_fhir(payload, DATA, today=TODAY)
    with pytest.raises(InputErrors) as raised:
        interpret(request.patient(), request.measurements, DATA)

    renamed = request.fhir_errors(raised.value)
    assert [e.field for e in renamed.errors] == [
        "entry[0].resource.birthDate",
        "entry[2].resource.valueQuantity.value",
    ]


def test_an_anc_above_the_wbc_is_reported_against_the_entries():
    payload = bundle(observation("6690-2", 3.4, "10*9/L"), observation("751-8", 5000, "/uL"))
    request = parse_fhir(payload, DATA, today=TODAY)
    with pytest.raises(InputErrors) as raised:
        interpret(Patient(age=40, sex=None), request.measurements, DATA)
    assert [e.field for e in request.fhir_errors(raised.value).errors] == ["entry"]


# --------------------------------------------------------------------------- (f) any JSON at all

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def maybe(valid):
    """Mostly the valid part, one time in eight any JSON in its place."""
    return st.integers(0, 7).flatmap(lambda n: json_values if n == 7 else valid)


# A LOINC code with a unit that fits it, so that many fuzzed payloads get as far as the engine.
FITTING_UNITS = [
    ("6690-2", "10*9/L"),
    ("751-8", "/uL"),
    ("26499-4", "10*3/uL"),
    ("770-8", "%"),
    ("764-1", "%"),
    ("718-7", "g/dL"),
    ("777-3", "10*9/L"),
    ("8310-5", "Cel"),
    ("8310-5", "[degF]"),
]
numbers = st.floats(min_value=-10, max_value=10**5) | st.integers(-10, 10**5)


def quantities(unit):
    return st.fixed_dictionaries(
        {
            "value": maybe(numbers),
            "comparator": maybe(st.none()),
            "code": maybe(st.just(unit)),
            "system": maybe(st.just("http://unitsofmeasure.org")),
        },
        optional={"unit": maybe(st.sampled_from(["K/uL", "cells/µL", "°F", ""]))},
    )


def observations_for(loinc, unit):
    coding = st.fixed_dictionaries(
        {"system": maybe(st.just("http://loinc.org")), "code": maybe(st.just(loinc))}
    )
    return st.fixed_dictionaries(
        {
            "resourceType": maybe(st.just("Observation")),
            "status": maybe(st.sampled_from(["final", "final", "preliminary", "entered-in-error"])),
            "code": maybe(
                st.fixed_dictionaries({"coding": maybe(st.lists(coding, min_size=1, max_size=2))})
            ),
            "valueQuantity": maybe(quantities(unit)),
        },
        optional={
            "referenceRange": maybe(
                st.lists(
                    st.fixed_dictionaries(
                        {}, optional={"low": quantities(unit), "high": quantities(unit)}
                    ),
                    max_size=2,
                )
            ),
        },
    )


fuzzed_observations = st.sampled_from(FITTING_UNITS).flatmap(lambda pair: observations_for(*pair))
fuzzed_patients = st.fixed_dictionaries(
    {"resourceType": st.just("Patient")},
    optional={
        "gender": maybe(st.sampled_from(["female", "male", "other", "unknown"])),
        "birthDate": maybe(
            st.dates().map(str) | st.sampled_from(["2007", "2007-02", "0000", "2025-13"])
        ),
    },
)
fuzzed_entries = st.lists(st.sampled_from(FITTING_UNITS), unique=True, max_size=5).flatmap(
    lambda pairs: st.tuples(*(observations_for(*pair) for pair in pairs))
)
fuzzed_bundles = st.fixed_dictionaries(
    {
        "resourceType": maybe(st.just("Bundle")),
        "entry": maybe(
            st.tuples(st.lists(maybe(fuzzed_patients), max_size=1), fuzzed_entries).map(
                lambda parts: [{"resource": resource} for resource in (*parts[0], *parts[1])]
            )
        ),
    }
)


def assert_only_input_errors(payload, today=TODAY):
    try:
        request = parse_fhir(payload, DATA, today=today)
    except InputErrors as raised:
        assert raised.errors
        for error in raised.errors:
            assert isinstance(error, FieldError)
            assert isinstance(error.field, str) and error.field
            assert isinstance(error.message, str) and error.message.endswith(".")
        return None
    assert isinstance(request, FhirRequest)
    assert request.measurements
    return request


@settings(max_examples=300)
@given(payload=json_values)
def test_any_json_raises_nothing_but_input_errors(payload):
    assert_only_input_errors(payload)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    payload=fuzzed_bundles | fuzzed_observations,
    today=st.dates(min_value=datetime.date(1900, 1, 1)),
)
def test_almost_fhir_raises_nothing_but_input_errors_before_or_after_the_engine(payload, today):
    request = assert_only_input_errors(copy.deepcopy(payload), today)
    if request is None:
        return
    age = request.patient_fields["age"]
    try:
        result = interpret(
            request.patient(age=40 if age is None else age), request.measurements, DATA
        )
    except InputErrors as raised:
        renamed = request.fhir_errors(raised)
        assert len(renamed.errors) == len(raised.errors)
        return
    output = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)
    json.dumps(output)


counts = st.floats(min_value=0, max_value=500, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    wbc=counts,
    anc_share=st.floats(min_value=0, max_value=1),
    hgb=st.floats(min_value=0, max_value=25),
    plt=counts,
    age=st.integers(min_value=0, max_value=120),
    temperature_c=st.none() | st.floats(min_value=35, max_value=41),
)
def test_every_report_we_write_is_valid_fhir(wbc, anc_share, hgb, plt, age, temperature_c):
    values = [
        Measurement("WBC", wbc, "10*9/L"),
        Measurement("ANC", wbc * anc_share, "10*9/L"),
        Measurement("HGB", hgb, "g/dL"),
        Measurement("PLT", plt, "10*9/L"),
    ]
    patient_ = Patient(age=age, sex="male", temperature=temperature_c)
    try:
        result = interpret(patient_, values, DATA)
    except InputErrors:
        return  # rounding can put the ANC a cell above the WBC
    output = to_fhir_bundle(result, conclusion=CONCLUSION, issued=ISSUED)
    Bundle.model_validate(output)
    assert len(report_of(output)["result"]) == len(result.values)


# --------------------------------------------------------------------------- plain Python


def test_the_fhir_module_loads_neither_django_nor_a_fhir_library():
    # A fresh interpreter: this test process has fhir.resources loaded for the checks above.
    code = (
        "import sys\n"
        "import interpretation.fhir\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'fhir'))\n"
        "assert not loaded, loaded\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
