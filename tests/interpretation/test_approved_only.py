"""Only what the board approved reaches a reader, for every kind of reference data and for
the page's wording: a change submitted but not yet approved leaves the form, the JSON API
and FHIR answering exactly as before; once approved (each test case it alters confirmed),
the same request gets the new answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from interpretation import services
from interpretation.models import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradingTable,
    GuidanceBlock,
    PlausibilityLimit,
    ReferenceRange,
    SeverityScale,
)
from reviews import registry
from reviews import services as review
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db

LOINC = {"WBC": "6690-2", "ANC": "751-8", "PLT": "777-3"}
FHIR = "application/fhir+json"


# ---------------------------------------------------------------- one request, three ways


def as_form(payload: dict) -> dict:
    data = {"age": str(payload["age"]), "sex": payload.get("sex", "")}
    if "temperature" in payload:
        data["temperature"] = str(payload["temperature"])
    for value in payload["values"]:
        key = value["analyte"].lower()
        data[f"{key}_value"] = str(value["value"])
        data[f"{key}_unit"] = value["unit"]
    return data


def as_fhir(payload: dict) -> dict:
    def observation(loinc, value, unit):
        return {
            "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
                "valueQuantity": {
                    "value": value,
                    "system": "http://unitsofmeasure.org",
                    "code": unit,
                },
            }
        }

    entries = [
        {
            "resource": {
                "resourceType": "Patient",
                "gender": payload.get("sex") or "unknown",
                "birthDate": f"{2026 - payload['age'] - 1}-01-01",
            }
        },
        *(observation(LOINC[v["analyte"]], v["value"], v["unit"]) for v in payload["values"]),
    ]
    if "temperature" in payload:
        entries.append(observation("8310-5", payload["temperature"], "Cel"))
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def answers(client, payload: dict) -> dict[str, Any]:
    """What the form, the JSON API and FHIR answer, with what varies per request removed."""
    form = client.post("/interpret/", as_form(payload))
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form.content.decode())
    html = re.sub(r'<time datetime="[^"]*">', "<time>", html)
    api = client.post("/api/v1/interpret", json.dumps(payload), content_type="application/json")
    fhir = client.post(
        "/api/v1/interpret", json.dumps(as_fhir(payload)), content_type=FHIR, HTTP_ACCEPT=FHIR
    )
    bundle = json.loads(
        re.sub(r'"(issued|timestamp)": "[^"]*"', r'"\1": "-"', fhir.content.decode())
    )
    return {
        "form": (form.status_code, html),
        "api": (api.status_code, api.json()),
        "fhir": (fhir.status_code, bundle),
    }


# --------------------------------------------------------------------------- a change of each kind


@dataclass
class Change:
    kind: str
    find: Any  # () -> the row to change
    changes: Any  # () -> the new field values
    probe: dict  # a request whose answer the change alters
    changed: Any  # (API body) -> what the change alters, to see it after approval
    in_fhir: bool = True  # whether a FHIR report shows it (it carries no CTCAE grade)


def adult(*values, **extra):
    return {"age": 40, "sex": "female", "values": list(values), **extra}


def v(analyte, value, unit="10*9/L"):
    return {"analyte": analyte, "value": value, "unit": unit}


def analyte(code):
    return Analyte.objects.get(code=code)


def anc_bands(mild_top):
    scale = SeverityScale.objects.get(analyte__code="ANC")
    bands = []
    for band in scale.bands:
        band = dict(band)
        if band["code"] == "mild":
            band["upper"] = mild_top
        if band["code"] == "none":
            band["lower"] = mild_top
        bands.append(band)
    return bands


def anc_grades(grade_2_floor):
    table = GradingTable.objects.get(analyte__code="ANC")
    grades = []
    for grade in table.grades:
        grade = dict(grade)
        if grade["grade"] == 2:
            grade["lower"] = grade_2_floor
        if grade["grade"] == 3:
            grade["upper"] = grade_2_floor
        grades.append(grade)
    return grades


def first_value(body, name):
    return body["values"][0][name] if "values" in body else body["errors"][0]["code"]


CHANGES = [
    Change(
        "analyte",
        lambda: analyte("PLT"),
        lambda: {"name": "Thrombocytes (PLT)"},
        adult(v("PLT", 250)),
        lambda body: first_value(body, "name"),
    ),
    Change(
        "reference range",
        lambda: ReferenceRange.objects.get(analyte__code="WBC", population="general"),
        lambda: {"low": 4.0},
        adult(v("WBC", 4.2)),
        lambda body: first_value(body, "interpretation"),
    ),
    Change(
        "severity bands",
        lambda: SeverityScale.objects.get(analyte__code="ANC"),
        lambda: {"bands": anc_bands(1.6)},
        adult(v("ANC", 1.55)),
        lambda body: first_value(body, "band"),
    ),
    Change(
        "grading table",
        lambda: GradingTable.objects.get(analyte__code="ANC"),
        lambda: {"grades": anc_grades(1.1)},
        adult(v("ANC", 1.05)),
        lambda body: first_value(body, "ctcae"),
        in_fhir=False,
    ),
    Change(
        "critical limit",
        lambda: CriticalLimit.objects.get(analyte__code="PLT"),
        lambda: {"low": 40.0},
        adult(v("PLT", 30)),
        lambda body: [a["message_key"] for a in body["alerts"]],
    ),
    Change(
        "plausibility limit",
        lambda: PlausibilityLimit.objects.get(analyte__code="ANC"),
        lambda: {"high": 2000.0},
        adult(v("ANC", 150)),
        lambda body: "errors" in body,
    ),
    Change(
        "fever rule",
        lambda: FeverRule.objects.get(),
        lambda: {"single_c": 38.0},
        adult(v("ANC", 0.3), temperature=38.1),
        lambda body: [a["message_key"] for a in body["alerts"]],
    ),
    Change(
        "guidance",
        lambda: GuidanceBlock.objects.get(
            finding="febrile_neutropenia", section="alert", audience=""
        ),
        lambda: {"title": "Fever and a neutrophil count below 0.5"},
        adult(v("ANC", 0.3), temperature=38.6),
        lambda body: body["instruction"]["alerts"][0]["title"],
    ),
]


def approve(revision, reviewer):
    review.start_review(revision, by=reviewer)
    confirmed = [r.key for r in registry.approval_requirements(revision.item, revision)]
    return review.approve(revision, by=reviewer, confirmed=confirmed)


def test_no_unapproved_change_of_any_kind_reaches_a_reader_and_each_approval_does(
    client, alice_editor, carol_reviewer, django_capture_on_commit_callbacks, no_rate_limits
):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    before = {change.kind: answers(client, change.probe) for change in CHANGES}

    revisions = {}
    with django_capture_on_commit_callbacks(execute=True):
        for change in CHANGES:
            row = services.save_reference(
                change.find(),
                by=alice_editor,
                reason=f"Trying a new {change.kind}",
                **change.changes(),
            )
            revisions[change.kind] = review.submit(row, by=alice_editor)
    for change in CHANGES:
        assert answers(client, change.probe) == before[change.kind], (
            f"a submitted {change.kind} change reached a reader before approval"
        )

    for change in CHANGES:
        with django_capture_on_commit_callbacks(execute=True):
            approve(revisions[change.kind], carol_reviewer)
        after = answers(client, change.probe)
        old_api, new_api = before[change.kind]["api"][1], after["api"][1]
        assert change.changed(new_api) != change.changed(old_api), (
            f"the approved {change.kind} change did not reach the API"
        )
        assert after["form"] != before[change.kind]["form"], change.kind
        if change.in_fhir:
            assert after["fhir"] != before[change.kind]["fhir"], change.kind


def policy_named(client) -> str:
    html = client.post("/interpret/", as_form(adult(v("ANC", 1.2)))).content.decode()
    return re.search(r"editorial policy</a>( \(version \d+\))?\.", html).group(1) or ""


def test_the_result_page_names_the_policy_in_force_once_approved(
    client, alice_editor, bob_reviewer, django_capture_on_commit_callbacks, no_rate_limits
):
    from reviews.models import EditorialPolicyVersion
    from tests.factories import approved_policy

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    number = EditorialPolicyVersion.objects.in_force().first().number
    assert policy_named(client) == f" (version {number})"
    with django_capture_on_commit_callbacks(execute=True):
        draft = review.draft_policy_version(
            by=alice_editor,
            effective_date=EditorialPolicyVersion.objects.get(number=number).effective_date,
            body_markdown="Board members approve every answer.",
            change_note="Waiting for the board",
        )
        review.submit(draft, by=alice_editor)
    assert policy_named(client) == f" (version {number})", "submitted is not approved"
    with django_capture_on_commit_callbacks(execute=True):
        approved_policy(editor=alice_editor, change_note="Approved today")
    assert policy_named(client) == f" (version {number + 2})"
