"""The clinical test set: running a case, its outcome, and what differs between two outcomes.

Plain Python with no Django import. A case is JSON-like data (the fields of
:class:`~interpretation.models.ClinicalTestCase`)::

    {"id": "seed-case", "rule": "…",
     "patient": {"age": 34, "sex": "female"},              # keyword arguments of Patient
     "values": [{"analyte": "WBC", "value": 3.4, "unit": "10*9/L"}, …],
     "expect": {…}}

``expect`` holds only what the case is about:

* ``findings``: every finding, in order, as ``[code, severity]``;
* ``values``: per analyte, any of ``flag``, ``band``, ``detail``, ``grade``,
  ``range_source``, ``low``, ``high``, ``value``, ``computed``;
* ``alerts``: every alert's message key, most urgent first;
* ``instruction``: the one instruction's level, or None;
* ``declined``: the reason the interpretation is declined, or None;
* ``reassurance``: whether "within the usual ranges" may be said;
* ``errors``: for input that is not interpreted, each error as ``{"field",
  "code"}``, with its ``suggestions`` as ``[unit, canonical value]``; then
  ``alerts`` and ``instruction`` are the provisional ones the error carries.

:func:`outcome` runs a case and gives every one of those keys;
:func:`failures` compares an outcome with what a case expects, and
:func:`differences` two outcomes (live data against pending data).
"""

from __future__ import annotations

from typing import Any

from .engine import InputErrors, Interpretation, Measurement, Patient, ReferenceData, interpret

EXPECT_KEYS = (
    "findings",
    "values",
    "alerts",
    "instruction",
    "declined",
    "reassurance",
    "errors",
)
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
PATIENT_FIELDS = set(Patient.__dataclass_fields__)
MEASUREMENT_FIELDS = set(Measurement.__dataclass_fields__)


def case_problems(case: dict) -> list[str]:
    """What is wrong with a case's shape, as sentences (empty when it can be run)."""
    problems = []
    patient, values, expect = case.get("patient"), case.get("values"), case.get("expect")
    if not isinstance(patient, dict) or "age" not in patient:
        problems.append("The patient needs at least an age, as an object of Patient's fields.")
    elif set(patient) - PATIENT_FIELDS:
        unknown = ", ".join(sorted(set(patient) - PATIENT_FIELDS))
        problems.append(f"The patient has fields the engine does not read: {unknown}.")
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        problems.append("The values are a list of objects with analyte, value and unit.")
    else:
        for index, value in enumerate(values):
            if not {"analyte", "value", "unit"} <= set(value) or set(value) - MEASUREMENT_FIELDS:
                problems.append(f"Value {index + 1} needs analyte, value and unit, and no more.")
    if not isinstance(expect, dict) or not expect:
        problems.append("Say what the case expects (findings, alerts, instruction…).")
    elif set(expect) - set(EXPECT_KEYS):
        unknown = ", ".join(sorted(set(expect) - set(EXPECT_KEYS)))
        problems.append(f"Unknown expectations: {unknown}; use {', '.join(EXPECT_KEYS)}.")
    elif "values" in expect and not all(
        isinstance(wanted, dict) and set(wanted) <= set(VALUE_FIELDS)
        for wanted in expect["values"].values()
    ):
        problems.append(f"Expectations of a value use {', '.join(VALUE_FIELDS)}.")
    return problems


def run(case: dict, data: ReferenceData) -> Interpretation | InputErrors:
    """The engine's answer to a case: an Interpretation, or the InputErrors it raised."""
    patient = Patient(**case["patient"])
    measurements = [Measurement(**value) for value in case["values"]]
    try:
        return interpret(patient, measurements, data)
    except InputErrors as errors:
        return errors


def outcome(answer: Interpretation | InputErrors) -> dict[str, Any]:
    """Everything a case may expect of an answer, as JSON-like data."""
    if isinstance(answer, InputErrors):
        instruction = answer.provisional_instruction
        return {
            "errors": [
                {
                    "field": e.field,
                    "code": e.code,
                    "suggestions": [[s.unit, s.canonical_value] for s in e.suggestions],
                }
                for e in answer.errors
            ],
            "alerts": [a.message_key for a in answer.provisional_alerts],
            "instruction": instruction.level if instruction else None,
        }
    return {
        "findings": [[f.code, f.severity] for f in answer.findings],
        "values": {
            v.analyte: {name: getattr(v, attribute) for name, attribute in VALUE_FIELDS.items()}
            for v in answer.values
        },
        "alerts": [a.message_key for a in answer.alerts],
        "instruction": answer.instruction.level if answer.instruction else None,
        "declined": answer.declined_reason,
        "reassurance": answer.reassurance_allowed,
    }


def failures(expect: dict, got: dict) -> list[str]:
    """Where an outcome differs from what a case expects (empty when the case passes)."""
    found = []
    if ("errors" in expect) != ("errors" in got):
        wanted = "input errors" if "errors" in expect else "an interpretation"
        return [f"expected {wanted}, got {'input errors' if 'errors' in got else 'a result'}"]
    for key, wanted in expect.items():
        if key == "values":
            for code, fields in wanted.items():
                have = got["values"].get(code)
                if have is None:
                    found.append(f"{code}: no value in the result")
                    continue
                for name, value in fields.items():
                    if have[name] != value:
                        found.append(f"{code} {name}: expected {value!r}, got {have[name]!r}")
        elif key == "errors":
            shape = [{"field": e["field"], "code": e["code"]} for e in got["errors"]]
            if shape != [{"field": e["field"], "code": e["code"]} for e in wanted]:
                found.append(f"errors: expected {wanted!r}, got {got['errors']!r}")
            for error, want in zip(got["errors"], wanted, strict=False):
                if "suggestions" in want and error["suggestions"] != want["suggestions"]:
                    found.append(
                        f"{error['field']} suggestions: expected {want['suggestions']!r}, "
                        f"got {error['suggestions']!r}"
                    )
        elif got.get(key) != wanted:
            found.append(f"{key}: expected {wanted!r}, got {got.get(key)!r}")
    return found


def differences(before: dict, after: dict) -> list[str]:
    """What changes from one outcome to the other, one line each (empty: the same)."""
    lines = []
    for key in (*EXPECT_KEYS, "wording"):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in ("values", "wording") and isinstance(old, dict) and isinstance(new, dict):
            for name in sorted(set(old) | set(new), key=str):
                if old.get(name) != new.get(name):
                    lines.append(f"{key} {name}: {_show(old.get(name))} → {_show(new.get(name))}")
        else:
            lines.append(f"{key}: {_show(old)} → {_show(new)}")
    return lines


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + "; ".join(_show(v) for v in value) + "]" if value else "none"
    return str(value)
