"""The JSON API, checked against the OpenAPI document it serves."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interpretation.openapi import OPENAPI

pytestmark = pytest.mark.django_db

URL = "/api/v1/interpret"
SEED = {
    "age": 45,
    "sex": "female",
    "temperature": 37.0,
    "pregnant": False,
    "duffy_null": False,
    "audience": "patient",
    "values": [
        {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
        {"analyte": "ANC", "value": 1207, "unit": "/uL"},
    ],
}


def schema_for(name: str) -> dict:
    return {**OPENAPI, "$ref": f"#/components/schemas/{name}"}


def check(response, status: int) -> dict:
    """The answer has the status, no-store, and the shape the OpenAPI document promises."""
    assert response.status_code == status, response.content
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    name = "InterpretResponse" if status == 200 else "Errors"
    jsonschema.validate(body, schema_for(name), cls=jsonschema.Draft202012Validator)
    documented = OPENAPI["paths"]["/api/v1/interpret"]["post"]["responses"]
    assert str(status) in documented
    return body


def call(client, payload, content_type="application/json", **headers):
    data = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(URL, data=data, content_type=content_type, **headers)


def test_the_seed_case(client, live_ref):
    body = check(call(client, SEED), 200)
    anc = next(v for v in body["values"] if v["analyte"] == "ANC")
    assert anc == {
        "analyte": "ANC",
        "loinc": "751-8",
        "name": "Absolute neutrophil count (ANC)",
        "value": 1.207,
        "unit": "10*9/L",
        "reference_range": {"low": 1.8, "high": 7.7, "unit": "10*9/L", "source": "default"},
        "interpretation": "L",
        "computed": False,
        "band": "mild",
        "comparator": None,
        "ctcae": {"version": "5.0", "grade": 2},
    }
    assert body["findings"] == [
        {
            "code": "neutropenia",
            "severity": "mild",
            "title": "Your neutrophil count is a little low",
        },
        {
            "code": "leukopenia",
            "severity": "mild",
            "title": "Your white cell count is a little low",
        },
    ]
    assert body["headline"] == "Your white cell and neutrophil counts are a little low"
    assert body["alerts"] == []
    assert body["instruction"] is None
    assert body["declined"] is None
    sections = {g["section"] for g in body["guidance"]}
    assert {"meaning", "next_steps", "seek_care"} <= sections
    # Only approved guidance reaches a reader: the demo's pending block is not shown.
    assert "Keeping track over time" not in {g["title"] for g in body["guidance"]}
    assert body["citations"][0]["number"] == 1
    assert "Blood" in " ".join(c["text"] for c in body["citations"])


def test_analytes_may_be_named_by_loinc(client, live_ref):
    payload = {
        **SEED,
        "values": [
            {"analyte": "6690-2", "value": 3.4, "unit": "10*9/L"},
            {"analyte": "26499-4", "value": 1.207, "unit": "10*9/L"},
        ],
    }
    body = check(call(client, payload), 200)
    assert {f["code"] for f in body["findings"]} == {"neutropenia", "leukopenia"}


def test_febrile_neutropenia_is_an_alert(client, live_ref):
    payload = {
        **SEED,
        "temperature": 101.5,
        "temperature_unit": "[degF]",
        "values": [{"analyte": "ANC", "value": 0.3, "unit": "10*9/L"}],
    }
    body = check(call(client, payload), 200)
    assert [a["message_key"] for a in body["alerts"]] == [
        "febrile_neutropenia",
        "critical_value.ANC.low",
    ]
    instruction = body["instruction"]
    assert (instruction["level"], instruction["title"]) == ("emergency", "Get help now")
    assert [a["message_key"] for a in instruction["alerts"]] == [
        "febrile_neutropenia",
        "critical_value.ANC.low",
    ]
    assert instruction["alerts"][0]["values"] == [
        "Temperature: 101.5 °F",
        "Absolute neutrophil count (ANC): 0.3 ×10⁹/L",
    ]
    assert instruction["alerts"][1]["values"] == ["Absolute neutrophil count (ANC): 0.3 ×10⁹/L"]


def test_a_decline_has_no_findings(client, live_ref):
    body = check(call(client, {**SEED, "age": 12}), 200)
    assert body["findings"] == []
    assert body["declined"]["reason"] == "age"
    assert body["declined"]["title"] == "We cannot interpret results for someone under 18"
    assert body["headline"] == body["declined"]["title"]


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"values": None}, {"values"}),
        ({"values": []}, {"values"}),
        ({"values": "WBC 3.4"}, {"values"}),
        ({"age": "forty"}, {"age"}),
        ({"sex": "f"}, {"sex"}),
        ({"pregnant": "no"}, {"pregnant"}),
        ({"audience": "doctor"}, {"audience"}),
        ({"temperature": "hot"}, {"temperature"}),
        ({"temperature": 101, "temperature_unit": "kelvin"}, {"temperature_unit"}),
        ({"anticancer_treatment": "yes"}, {"anticancer_treatment"}),
        ({"days_since_anticancer_treatment": -2}, {"days_since_anticancer_treatment"}),
        ({"last_anticancer_treatment_date": "next week"}, {"last_anticancer_treatment_date"}),
        ({"temperature_c": 38.6}, {"temperature_c"}),
        ({"on_chemotherapy": True}, {"on_chemotherapy"}),
        (
            {
                "values": [
                    {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
                    {"analyte": "ANC", "value": 1207, "unit": "bananas"},
                ]
            },
            {"values[1].unit"},
        ),
        ({"values": [{"analyte": "XYZ", "value": 1, "unit": "%"}]}, {"values[0].analyte"}),
        ({"values": [{"analyte": "WBC", "value": "3.4", "unit": "10*9/L"}]}, {"values[0].value"}),
        ({"values": [{"analyte": "WBC", "value": -1, "unit": "10*9/L"}]}, {"values[0].value"}),
        (
            {
                "values": [
                    {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
                    {"analyte": "ANC", "value": 5.1, "unit": "10*9/L"},
                ]
            },
            {"values"},
        ),
        (
            {"age": "x", "values": [{"analyte": "WBC", "value": 3.4, "unit": "bananas"}]},
            {"age", "values[0].unit"},
        ),
    ],
)
def test_bad_input_names_every_bad_field(client, live_ref, change, fields):
    body = check(call(client, {**SEED, **change}), 400)
    assert {e["field"] for e in body["errors"]} == fields


def test_a_body_that_is_not_json(client, live_ref):
    body = check(call(client, "{not json"), 400)
    assert body["errors"][0]["field"] == "body"
    body = check(call(client, "[1, 2]"), 400)
    assert body["errors"][0]["field"] == "body"


def test_other_content_types_are_refused(client, live_ref):
    check(call(client, "age=4", content_type="application/x-www-form-urlencoded"), 415)


def test_get_is_405(client, live_ref):
    response = client.get(URL)
    check(response, 405)
    assert response["Allow"] == "POST"


def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/interpret" in document["paths"]
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Errors"])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=st.fixed_dictionaries(
        {},
        optional={
            "age": json_values,
            "sex": json_values,
            "temperature": json_values,
            "temperature_unit": st.sampled_from(["Cel", "[degF]", "°F"]) | json_values,
            "anticancer_treatment": json_values,
            "days_since_anticancer_treatment": json_values,
            "last_anticancer_treatment_date": json_values,
            "pregnant": json_values,
            "audience": json_values,
            "values": st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "analyte": st.sampled_from(["WBC", "ANC", "751-8", "PLT", "X"])
                        | json_values,
                        "value": json_values,
                        "unit": st.sampled_from(["10*9/L", "/uL", "%", "g/dL", "x"]) | json_values,
                        "lab_low": json_values,
                    },
                ),
                max_size=5,
            )
            | json_values,
        },
    )
)
def test_any_input_gets_a_documented_answer(client, live_ref, no_rate_limits, payload):
    response = call(client, payload)
    assert response.status_code in (200, 400), response.content
    check(response, response.status_code)


FHIR = "application/fhir+json"


def fhir_bundle() -> dict:
    def observation(loinc: str, value: float, unit: str) -> dict:
        return {
            "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
                "valueQuantity": {
                    "value": value,
                    "unit": unit,
                    "system": "http://unitsofmeasure.org",
                    "code": unit,
                },
            }
        }

    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "gender": "female",
                    "birthDate": "1980-05-01",
                }
            },
            observation("6690-2", 3.4, "10*9/L"),
            observation("751-8", 1207, "/uL"),
        ],
    }


def test_a_fhir_bundle_gives_the_same_findings_as_json(client, live_ref):
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(fhir_bundle())  # the request is valid FHIR R4(B)
    from_json = check(call(client, SEED), 200)
    from_fhir = check(call(client, fhir_bundle(), content_type=FHIR), 200)

    def codes(body):
        return [(f["code"], f["severity"]) for f in body["findings"]]

    assert codes(from_fhir) == codes(from_json)
    # FHIR comes from clinical systems: the answer is in the professional wording.
    assert from_fhir["findings"][0]["title"] == "Mild neutropenia (ANC 1.0 to < 1.5 ×10⁹/L)"
    assert [v["value"] for v in from_fhir["values"]] == [v["value"] for v in from_json["values"]]


def test_the_answer_can_be_a_fhir_bundle(client, live_ref):
    from fhir.resources.R4B.bundle import Bundle

    response = call(client, fhir_bundle(), content_type=FHIR, HTTP_ACCEPT=FHIR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR)
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    Bundle.model_validate(body)
    resources = [entry["resource"] for entry in body["entry"]]
    report = next(r for r in resources if r["resourceType"] == "DiagnosticReport")
    assert report["conclusion"] == "Mild neutropenia (ANC 1.0 to < 1.5 ×10⁹/L); Mild leukopenia."
    anc = next(
        r
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "751-8"
    )
    coding = anc["interpretation"][0]["coding"][0]
    assert coding["system"] == "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
    assert coding["code"] == "L"


def test_bad_fhir_names_the_fhir_path(client, live_ref):
    bundle = fhir_bundle()
    bundle["entry"][2]["resource"]["valueQuantity"]["value"] = "many"
    body = check(call(client, bundle, content_type=FHIR), 400)
    assert any(e["field"].startswith("entry[2].resource.valueQuantity") for e in body["errors"])
    body = check(call(client, {"resourceType": "Patient"}, content_type=FHIR), 400)
    assert body["errors"][0]["field"] == "resourceType"


def test_a_huge_integer_is_a_clear_400(client, live_ref):
    body = check(call(client, "1" * 4301), 400)
    assert body["errors"][0]["field"] == "body"


def test_a_zero_width_range_does_not_break_the_picture(client, live_ref):
    payload = {
        "age": 18,
        "values": [{"analyte": "NEUT_PCT", "value": 0, "unit": "%", "lab_high": 0}],
    }
    response = call(client, payload)
    assert response.status_code in (200, 400)
    check(response, response.status_code)


def test_an_impossible_value_is_a_400_with_the_readings_to_offer(client, live_ref):
    payload = {**SEED, "values": [{"analyte": "ANC", "value": 1207, "unit": "10*9/L"}]}
    (error,) = check(call(client, payload), 400)["errors"]
    assert error["field"] == "values[0].value"
    assert error["code"] == "implausible"
    assert error["suggestions"] == [
        {"unit": "/uL", "value": 1207, "canonical_value": 1.207, "canonical_unit": "10*9/L"}
    ]
    assert "Did you mean 1207 /µL, that is 1.207 ×10⁹/L?" in error["message"]


def test_a_contradiction_names_both_fields_and_the_urgent_instruction_holds(client, live_ref):
    payload = {
        **SEED,
        "temperature": 39,
        "values": [
            {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
            {"analyte": "NEUT_PCT", "value": 12, "unit": "%"},
            {"analyte": "ANC", "value": 2.0, "unit": "10*9/L"},
        ],
    }
    body = check(call(client, payload), 400)
    anc = next(e for e in body["errors"] if e["field"] == "values[2].value")
    assert anc["code"] == "contradiction"
    assert anc["related"] == ["values[0].value", "values[1].value"]
    assert body["instruction"]["level"] == "emergency"
    assert body["instruction"]["title"] == "Get help now"  # the patient wording asked for
    assert body["citations"][0]["number"] == 1


def test_no_instruction_rides_on_a_400_when_nothing_urgent_holds(client, live_ref):
    payload = {**SEED, "values": [{"analyte": "ANC", "value": 1207, "unit": "10*9/L"}]}
    assert "instruction" not in check(call(client, payload), 400)


@pytest.mark.parametrize(
    ("payload", "urgent"),
    [
        ({"anticancer_treatment": True}, True),
        ({"days_since_anticancer_treatment": 3}, True),
        ({"days_since_anticancer_treatment": 90}, False),
        ({"last_anticancer_treatment_date": "2000-01-01"}, False),
    ],
)
def test_fever_and_anticancer_treatment_in_json(client, live_ref, payload, urgent):
    body = check(
        call(
            client,
            {
                **SEED,
                "temperature": 38.5,
                "values": [{"analyte": "WBC", "value": 6.2, "unit": "10*9/L"}],
                **payload,
            },
        ),
        200,
    )
    assert (body["instruction"]["level"] == "emergency") is urgent


def test_a_lone_surrogate_is_a_clear_400_not_a_500(client, live_ref):
    for body in (
        '{"age": 40, "sex": "\\ud800", "values": []}',
        '{"age": 40, "values": [{"analyte": "\\udfff", "value": 1, "unit": "%"}]}',
        '{"\\ud800": 1}',
    ):
        answer = check(call(client, body), 400)
        assert answer["errors"][0]["field"] == "body", body
        assert "not valid Unicode" in answer["errors"][0]["message"]
    fhir = '{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "\\ud800"}}]}'
    assert check(call(client, fhir, content_type=FHIR), 400)["errors"][0]["field"] == "body"


def test_the_fhir_conclusion_leads_with_the_one_instruction(client, live_ref):
    bundle = fhir_bundle()
    bundle["entry"][2]["resource"]["valueQuantity"].update(value=300)
    bundle["entry"].append(
        {
            "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
                "valueQuantity": {
                    "value": 101,
                    "unit": "°F",
                    "system": "http://unitsofmeasure.org",
                    "code": "[degF]",
                },
            }
        }
    )
    response = call(client, bundle, content_type=FHIR, HTTP_ACCEPT=FHIR)
    report = next(
        e["resource"]
        for e in response.json()["entry"]
        if e["resource"]["resourceType"] == "DiagnosticReport"
    )
    assert report["conclusion"].startswith(
        "Emergency assessment now: Fever with a very low neutrophil count; "
        "A very low neutrophil count. "
    )
    assert "today" not in report["conclusion"]
