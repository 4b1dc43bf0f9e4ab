"""The interpretation JSON API: ``POST /api/v1/interpret``.

Takes the same input as the form (JSON, or FHIR R4 Observations with
``Content-Type: application/fhir+json``) and answers the findings (JSON, or a
FHIR Bundle with ``Accept: application/fhir+json``). Bad input answers 400 with
every bad field named. Lab values are health data: every answer is
``Cache-Control: no-store`` and nothing is logged or cached.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables

from articles.models import Audience
from config.ratelimits import limited

from . import engine, presenters
from . import reference as live
from .fhir import parse_fhir, to_fhir_bundle
from .openapi import OPENAPI
from .reference import ReferenceDataMissing

FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = 64 * 1024
BOOLEAN_FIELDS = ("fever_sustained_1h", "pregnant", "duffy_null", "on_chemotherapy")
VALUE_KEYS = {"analyte", "value", "unit", "lab_low", "lab_high"}


def _answer(payload: Any, status: int = 200, content_type: str = "application/json"):
    response = JsonResponse(
        payload,
        status=status,
        safe=False,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


# The engine's names for the request's fields that are named otherwise.
_REQUEST_FIELD = {"temperature": "temperature_c", "anticancer_treatment": "on_chemotherapy"}


def errors_response(errors: list[engine.FieldError], status: int = 400):
    return _answer(
        {
            "errors": [
                {"field": _REQUEST_FIELD.get(e.field, e.field), "message": e.message}
                for e in errors
            ]
        },
        status,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_json_request(payload: Any) -> tuple[engine.Patient, list[engine.Measurement], str | None]:
    """Check the request's shape; the engine checks the values themselves."""
    errors: list[engine.FieldError] = []
    if not isinstance(payload, dict):
        raise engine.InputErrors([engine.FieldError("body", "Send a JSON object.")])
    age = payload.get("age")
    if age is not None and not (isinstance(age, int) and not isinstance(age, bool)):
        errors.append(engine.FieldError("age", "Give the age as a whole number of years."))
    sex = payload.get("sex")
    if sex is not None and sex not in ("female", "male"):
        errors.append(engine.FieldError("sex", 'Use "female", "male" or null.'))
    temperature = payload.get("temperature_c")
    if temperature is not None and not _is_number(temperature):
        errors.append(engine.FieldError("temperature_c", "Give the temperature as a number in °C."))
    for name in BOOLEAN_FIELDS:
        if name in payload and not isinstance(payload[name], bool):
            errors.append(engine.FieldError(name, "Use true or false."))
    audience = payload.get("audience")
    if audience is not None and audience not in Audience.values:
        errors.append(
            engine.FieldError("audience", f"Use one of {', '.join(Audience.values)}, or null.")
        )
    values = payload.get("values")
    measurements: list[engine.Measurement] = []
    if not isinstance(values, list) or not values:
        errors.append(engine.FieldError("values", "Send a non-empty list of values."))
    else:
        for index, entry in enumerate(values):
            where = f"values[{index}]"
            if not isinstance(entry, dict):
                errors.append(
                    engine.FieldError(
                        where, "Each value is an object with analyte, value and unit."
                    )
                )
                continue
            unknown = set(entry) - VALUE_KEYS
            if unknown:
                errors.append(
                    engine.FieldError(
                        where, f"Unknown field(s): {', '.join(sorted(map(str, unknown)))}."
                    )
                )
            if not isinstance(entry.get("analyte"), str):
                errors.append(
                    engine.FieldError(
                        f"{where}.analyte", "Name the test by its code (WBC, ANC...) or LOINC."
                    )
                )
            if not _is_number(entry.get("value")):
                errors.append(engine.FieldError(f"{where}.value", "Give the value as a number."))
            if not isinstance(entry.get("unit"), str):
                errors.append(
                    engine.FieldError(f"{where}.unit", 'Give the unit as text, e.g. "10*9/L".')
                )
            for limit in ("lab_low", "lab_high"):
                if entry.get(limit) is not None and not _is_number(entry[limit]):
                    errors.append(
                        engine.FieldError(f"{where}.{limit}", "Give the limit as a number.")
                    )
            measurements.append(
                engine.Measurement(
                    entry.get("analyte") if isinstance(entry.get("analyte"), str) else "",
                    entry.get("value"),
                    entry.get("unit") if isinstance(entry.get("unit"), str) else "",
                    entry.get("lab_low"),
                    entry.get("lab_high"),
                )
            )
    if errors:
        raise engine.InputErrors(errors + _value_errors(measurements, errors))
    patient = engine.Patient(
        age=age,
        sex=sex,
        temperature=temperature,
        temperature_unit="Cel",
        fever_sustained_1h=payload.get("fever_sustained_1h", False),
        pregnant=payload.get("pregnant", False),
        duffy_null=payload.get("duffy_null", False),
        anticancer_treatment=payload.get("on_chemotherapy", False),
    )
    return patient, measurements, audience


def _value_errors(
    measurements: list[engine.Measurement], known: list[engine.FieldError]
) -> list[engine.FieldError]:
    """The engine's verdict on the values, so one answer names every bad field even
    when the request's shape is also wrong (the person's details are left out here)."""
    try:
        engine.interpret(
            engine.Patient(age=None, sex=None), measurements, live.live_reference().data
        )
    except engine.InputErrors as problems:
        seen = {e.field for e in known}
        return [
            e
            for e in problems.errors
            if e.field.startswith("values")
            and e.field not in seen
            and not any(e.field.startswith(f"{field}.") for field in seen)
        ]
    except ReferenceDataMissing:
        return []
    return []


def _guidance_json(section: str, block) -> dict:
    return {
        "section": section,
        "title": block.title,
        "html": block.html,
        "review_status": "approved" if block.approved else "pending",
    }


def result_json(result: engine.Interpretation, reference, audience: str | None) -> dict:
    page = presenters.build_page(result, reference, audience)
    return {
        "values": [
            {
                "analyte": v.analyte,
                "loinc": v.loinc,
                "name": v.name,
                "value": v.value,
                "unit": v.unit,
                "reference_range": (
                    {"low": v.low, "high": v.high, "unit": v.unit, "source": v.range_source}
                    if v.low is not None or v.high is not None
                    else None
                ),
                "interpretation": v.interpretation,
                "computed": v.computed,
                "band": v.band,
                "ctcae": (
                    {"version": v.grade_version, "grade": v.grade} if v.grade is not None else None
                ),
            }
            for v in result.values
        ],
        "findings": page.findings,
        "alerts": [
            {
                "code": a.code,
                "level": a.level,
                "message": presenters.alert_title(a),
            }
            for a in result.alerts
        ],
        "declined": result.declined,
        "guidance": [
            *(_guidance_json("seek_care", block) for _, blocks in page.alerts for block in blocks),
            *(_guidance_json(key, block) for key, _, blocks in page.sections for block in blocks),
        ],
        "citations": [{"number": r["number"], "text": r["text"]} for r in page.references],
        "unreviewed_reference_data": list(page.reference_unapproved),
    }


@csrf_exempt  # a JSON API without cookie authentication: no CSRF to forge
@sensitive_variables()
@limited("interpret_api")
def interpret(request):
    if request.method != "POST":
        response = _answer(
            {"errors": [{"field": "method", "message": "Use POST with a JSON body."}]}, 405
        )
        response["Allow"] = "POST"
        return response
    try:
        body = request.body
    except RequestDataTooBig:
        return errors_response([engine.FieldError("body", "The request is too large.")], 413)
    if len(body) > MAX_BODY_BYTES:
        return errors_response([engine.FieldError("body", "The request is too large.")], 413)
    content_type = request.content_type or ""
    if content_type not in ("application/json", FHIR_JSON):
        return errors_response(
            [engine.FieldError("Content-Type", f"Send application/json or {FHIR_JSON}.")], 415
        )
    try:
        payload = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # bad UTF-8, bad JSON, or a 4300+ digit integer
        return errors_response([engine.FieldError("body", "The body is not valid JSON.")])
    try:
        reference = live.live_reference()
    except ReferenceDataMissing as missing:
        return _answer({"errors": [{"field": "service", "message": str(missing)}]}, 503)
    try:
        if content_type == FHIR_JSON:
            parsed = parse_fhir(payload, reference.data, today=timezone.localdate())
            patient = parsed.patient()
            measurements, audience = parsed.measurements, None
            try:
                result = engine.interpret(patient, measurements, reference.data)
            except engine.InputErrors as problems:
                raise parsed.fhir_errors(problems) from problems
        else:
            patient, measurements, audience = parse_json_request(payload)
            result = engine.interpret(patient, measurements, reference.data)
    except engine.InputErrors as problems:
        return errors_response(problems.errors)
    if FHIR_JSON in request.headers.get("Accept", ""):
        bundle = to_fhir_bundle(
            result,
            request_measurements=measurements,
            finding_titles=presenters.FINDING_NAMES,
            issued=timezone.now(),
        )
        return _answer(bundle, content_type=FHIR_JSON)
    return _answer(result_json(result, reference, audience))


def openapi_document(request):
    response = JsonResponse(OPENAPI, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response
