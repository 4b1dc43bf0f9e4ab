"""Writing an :class:`~interpretation.engine.Interpretation` as a FHIR R4 collection Bundle."""

from __future__ import annotations

import datetime
import uuid

from interpretation.engine import Interpretation, ValueResult, units

from .codes import (
    CBC_PANEL_DISPLAY,
    CBC_PANEL_LOINC,
    DIAGNOSTIC_SERVICE,
    FULL_URL_NAMESPACE,
    INTERPRETATION_DISPLAY,
    LOINC,
    OBSERVATION_CATEGORY,
    UCUM,
    V3_INTERPRETATION,
)

ANC_METHOD = "Calculated: WBC × (neutrophils % + bands %) / 100"


def _full_url(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FULL_URL_NAMESPACE, name)}"


def _quantity(value: float, ucum: str, comparator: str | None = None) -> dict:
    quantity: dict = {"value": value}
    if comparator is not None:
        quantity["comparator"] = comparator
    quantity.update(unit=units.display_unit(ucum), system=UCUM, code=ucum)
    return quantity


def _observation(value: ValueResult, issued: str) -> dict:
    observation: dict = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": OBSERVATION_CATEGORY, "code": "laboratory", "display": "Laboratory"}
                ]
            }
        ],
        "code": {
            "coding": [{"system": LOINC, "code": value.loinc, "display": value.name}],
            "text": value.name,
        },
        "issued": issued,
        "valueQuantity": _quantity(value.value, value.unit, value.comparator),
    }
    if value.interpretation is not None:
        observation["interpretation"] = [
            {
                "coding": [
                    {
                        "system": V3_INTERPRETATION,
                        "code": value.interpretation,
                        "display": INTERPRETATION_DISPLAY[value.interpretation],
                    }
                ]
            }
        ]
    if value.computed:
        observation["method"] = {"text": ANC_METHOD}
    limits = {}
    if value.low is not None:
        limits["low"] = _quantity(value.low, value.unit)
    if value.high is not None:
        limits["high"] = _quantity(value.high, value.unit)
    if limits:
        observation["referenceRange"] = [limits]
    return observation


def to_fhir_bundle(
    result: Interpretation,
    *,
    conclusion: str,
    issued: datetime.datetime,
) -> dict:
    """A FHIR R4 collection Bundle: a DiagnosticReport, then one Observation per value.

    ``conclusion`` is the report's conclusion, written by the caller in approved
    words (the one instruction first; see ``interpretation.presenters.conclusion``):
    this module writes structure and codes, never sentences of its own.
    ``issued`` must be timezone-aware (a FHIR instant).
    The Observations are built from ``result`` alone, which carries the entered
    values, units and lab ranges. The same arguments always give the same Bundle.
    """
    if issued.tzinfo is None or issued.utcoffset() is None:
        raise ValueError("issued must be timezone-aware: a FHIR instant carries its offset.")
    when = issued.isoformat()
    observations = [
        {"fullUrl": _full_url(value.analyte), "resource": _observation(value, when)}
        for value in result.values
    ]
    report = {
        "resourceType": "DiagnosticReport",
        "status": "final",
        "category": [
            {"coding": [{"system": DIAGNOSTIC_SERVICE, "code": "HM", "display": "Hematology"}]}
        ],
        "code": {
            "coding": [{"system": LOINC, "code": CBC_PANEL_LOINC, "display": CBC_PANEL_DISPLAY}],
            "text": CBC_PANEL_DISPLAY,
        },
        "issued": when,
        "result": [{"reference": entry["fullUrl"]} for entry in observations],
        "conclusion": conclusion,
    }
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": when,
        "entry": [{"fullUrl": _full_url(CBC_PANEL_LOINC), "resource": report}, *observations],
    }
