"""The interpretation JSON API: ``POST /api/v1/interpret``.

Takes the same input as the form (JSON, or FHIR R4 resources with
``Content-Type: application/fhir+json``) and answers the findings (JSON, or a
FHIR Bundle with ``Accept: application/fhir+json``), with the one instruction
in approved words. Bad input answers 400 with every bad field named, its code,
the readings to offer for an impossible value and the other fields involved,
and the instruction that already holds when it is urgent. Lab values are health
data: every answer is ``Cache-Control: no-store`` and nothing is logged or cached.
"""

from __future__ import annotations

import datetime
import json
import logging
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

logger = logging.getLogger(__name__)

FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = 64 * 1024
BOOLEAN_FIELDS = ("fever_sustained_1h", "pregnant", "duffy_null", "anticancer_treatment")
REQUEST_FIELDS = {
    "age",
    "sex",
    "temperature",
    "temperature_unit",
    "days_since_anticancer_treatment",
    "last_anticancer_treatment_date",
    "audience",
    "values",
    *BOOLEAN_FIELDS,
}
# Names of earlier versions of this API, answered with what to send instead.
RENAMED = {
    "temperature_c": 'use "temperature" (and "temperature_unit": "Cel" or "[degF]")',
    "on_chemotherapy": 'use "anticancer_treatment"',
}
VALUE_KEYS = {"analyte", "value", "unit", "lab_low", "lab_high", "comparator"}
# The FHIR conclusion is written for clinicians.
FHIR_AUDIENCE = "professional"


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


def _error_json(error: engine.FieldError) -> dict:
    return {
        "field": error.field,
        "message": error.message,
        "code": error.code,
        "suggestions": [
            {
                "unit": s.unit,
                "value": s.value,
                "canonical_value": s.canonical_value,
                "canonical_unit": s.canonical_unit,
            }
            for s in error.suggestions
        ],
        "related": list(error.related),
    }


def _instruction_json(box: presenters.InstructionBox | None) -> dict | None:
    if box is None:
        return None
    return {
        "level": box.level,
        "title": box.title,
        "html": box.html,
        "alerts": [
            {"message_key": r.key, "title": r.title, "html": r.html, "values": list(r.values)}
            for r in box.reasons
        ],
    }


def errors_response(errors: list[engine.FieldError], status: int = 400, *, instruction=None):
    body: dict[str, Any] = {"errors": [_error_json(e) for e in errors]}
    if instruction is not None:
        body["instruction"] = _instruction_json(instruction)
        body["citations"] = [
            {"number": r["number"], "text": r["text"]} for r in instruction.references
        ]
    return _answer(body, status)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_lone_surrogate(value: Any) -> bool:
    """Whether JSON text decoded to a string holding half of a UTF-16 pair ("\\ud800"),
    which is no Unicode text and cannot be written back. Walked with a list rather than
    recursion: JSON may nest deeper than Python's call stack."""
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):
            if any("\ud800" <= char <= "\udfff" for char in item):
                return True
        elif isinstance(item, dict):
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, list):
            waiting.extend(item)
    return False


def _days_since(payload: dict, today: datetime.date, errors: list) -> int | None:
    """Days since the last anticancer treatment, from the days or the date (the more recent
    when both are given: the safer reading)."""
    found = []
    days = payload.get("days_since_anticancer_treatment")
    if days is not None:
        if isinstance(days, int) and not isinstance(days, bool) and days >= 0:
            found.append(days)
        else:
            errors.append(
                engine.FieldError(
                    "days_since_anticancer_treatment", "Give the days as a whole number, 0 or more."
                )
            )
    when = payload.get("last_anticancer_treatment_date")
    if when is not None:
        try:
            date = datetime.date.fromisoformat(when) if isinstance(when, str) else None
        except ValueError:
            date = None
        if date is None or len(when) != 10:
            errors.append(
                engine.FieldError("last_anticancer_treatment_date", "Give the date as YYYY-MM-DD.")
            )
        elif date > today:
            errors.append(
                engine.FieldError(
                    "last_anticancer_treatment_date", "The last treatment cannot be after today."
                )
            )
        else:
            found.append((today - date).days)
    return min(found) if found else None


def parse_json_request(
    payload: Any, today: datetime.date
) -> tuple[engine.Patient, list[engine.Measurement], str | None]:
    """Check the request's shape; the engine checks the values themselves."""
    errors: list[engine.FieldError] = []
    if not isinstance(payload, dict):
        raise engine.InputErrors([engine.FieldError("body", "Send a JSON object.")])
    for name in sorted(set(payload) - REQUEST_FIELDS, key=str):
        hint = RENAMED.get(name, f"use {', '.join(sorted(REQUEST_FIELDS))}")
        errors.append(engine.FieldError(str(name) or "body", f"Unknown field “{name}”: {hint}."))
    age = payload.get("age")
    if age is not None and not (isinstance(age, int) and not isinstance(age, bool)):
        errors.append(engine.FieldError("age", "Give the age as a whole number of years."))
    sex = payload.get("sex")
    if sex is not None and sex not in ("female", "male"):
        errors.append(engine.FieldError("sex", 'Use "female", "male" or null.'))
    temperature = payload.get("temperature")
    if temperature is not None and not _is_number(temperature):
        errors.append(engine.FieldError("temperature", "Give the temperature as a number."))
    temperature_unit = payload.get("temperature_unit", "Cel")
    if not isinstance(temperature_unit, str):
        errors.append(engine.FieldError("temperature_unit", 'Give the unit as "Cel" or "[degF]".'))
        temperature_unit = "Cel"
    for name in BOOLEAN_FIELDS:
        if name in payload and not isinstance(payload[name], bool):
            errors.append(engine.FieldError(name, "Use true or false."))
    days = _days_since(payload, today, errors)
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
            comparator = entry.get("comparator")
            if comparator is not None and not isinstance(comparator, str):
                errors.append(
                    engine.FieldError(f"{where}.comparator", "Use <, <=, >= or >, or null.")
                )
                comparator = None
            measurements.append(
                engine.Measurement(
                    entry.get("analyte") if isinstance(entry.get("analyte"), str) else "",
                    entry.get("value"),
                    entry.get("unit") if isinstance(entry.get("unit"), str) else "",
                    entry.get("lab_low"),
                    entry.get("lab_high"),
                    comparator,
                )
            )
    if errors:
        raise engine.InputErrors(errors + _value_errors(measurements, errors))
    patient = engine.Patient(
        age=age,
        sex=sex,
        temperature=temperature,
        temperature_unit=temperature_unit,
        fever_sustained_1h=payload.get("fever_sustained_1h", False),
        pregnant=payload.get("pregnant", False),
        duffy_null=payload.get("duffy_null", False),
        anticancer_treatment=payload.get("anticancer_treatment", False),
        days_since_anticancer_treatment=days,
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
    except live.ReferenceDataMissing:
        return []
    return []


def result_json(result: engine.Interpretation, page: presenters.ResultPage) -> dict:
    return {
        "headline": page.headline,
        "instruction": _instruction_json(page.instruction),
        "values": [
            {
                "analyte": v.analyte,
                "loinc": v.loinc,
                "name": v.name,
                "value": v.value,
                "unit": v.unit,
                "comparator": v.comparator,
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
        "findings": [
            {"code": line.code, "severity": line.severity, "title": line.text}
            for line in page.findings
        ],
        "alerts": [
            {
                "code": a.code,
                "level": a.level,
                "message_key": a.message_key,
                "analytes": list(a.analytes),
            }
            for a in result.alerts
        ],
        "declined": (
            None
            if page.declined is None
            else {
                "reason": result.declined_reason,
                "title": page.declined.title,
                "html": page.declined.html,
            }
        ),
        "guidance": [
            {"section": section, "title": text.title, "html": text.html}
            for section, text in page.guidance
        ],
        "citations": [{"number": r["number"], "text": r["text"]} for r in page.references],
    }


def _unavailable(missing: Exception):
    logger.error("Interpretation API unavailable: %s", missing)  # names content, never values
    return _answer(
        {
            "errors": [
                {
                    "field": "service",
                    "message": "The interpretation service is not available right now.",
                    "code": "unavailable",
                    "suggestions": [],
                    "related": [],
                }
            ]
        },
        503,
    )


@csrf_exempt  # a JSON API without cookie authentication: no CSRF to forge
@sensitive_variables()
@limited("interpret_api")
def interpret(request):
    if request.method != "POST":
        response = errors_response([engine.FieldError("method", "Use POST with a JSON body.")], 405)
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
    if _has_lone_surrogate(payload):
        return errors_response(
            [
                engine.FieldError(
                    "body",
                    "The body holds text that is not valid Unicode (an unpaired surrogate "
                    "escape such as \\ud800).",
                )
            ]
        )
    today = timezone.localdate()
    try:
        reference = live.live_reference()
    except live.ReferenceDataMissing as missing:
        return _unavailable(missing)
    fhir = content_type == FHIR_JSON
    fhir_answer = FHIR_JSON in request.headers.get("Accept", "")
    audience = FHIR_AUDIENCE if fhir else None
    try:
        if fhir:
            parsed = parse_fhir(payload, reference.data, today=today)
            measurements, patient = parsed.measurements, parsed.patient()
            try:
                result = engine.interpret(patient, measurements, reference.data)
            except engine.InputErrors as problems:
                raise parsed.fhir_errors(problems) from problems
        else:
            patient, measurements, audience = parse_json_request(payload, today)
            result = engine.interpret(patient, measurements, reference.data)
        page = presenters.build_page(
            result,
            reference,
            FHIR_AUDIENCE if fhir_answer else audience,
            temperature=presenters.temperature_text(patient.temperature, patient.temperature_unit),
        )
    except engine.InputErrors as problems:
        try:
            urgent = presenters.provisional_instruction(problems, reference, audience)
        except presenters.WordingMissing as missing:
            return _unavailable(missing)
        return errors_response(problems.errors, instruction=urgent)
    except presenters.WordingMissing as missing:
        return _unavailable(missing)
    if fhir_answer:
        bundle = to_fhir_bundle(
            result,
            conclusion=presenters.conclusion(page),
            issued=timezone.now(),
        )
        return _answer(bundle, content_type=FHIR_JSON)
    return _answer(result_json(result, page))


def openapi_document(request):
    response = JsonResponse(OPENAPI, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response
