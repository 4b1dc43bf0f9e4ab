"""Writing an :class:`~interpretation.engine.Interpretation` as a FHIR R4 collection Bundle."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence

from interpretation.engine import Alert, Finding, Interpretation, Measurement, ValueResult, units

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
from .quantities import for_sentence

ANC_METHOD = "Calculated: WBC × (neutrophils % + bands %) / 100"

# Used when the caller gives no reviewed title for an instruction or an alert.
INSTRUCTION_TITLES = {
    "instruction.emergency": "Seek care now",
    "instruction.same_day": "Contact a clinician today",
    "instruction.non_urgent": "Get advice on when to seek care",
}
ALERT_TITLES = {
    "febrile_neutropenia": "Febrile neutropenia",
    "fever_with_low_anc": "Fever with a low neutrophil count",
    "fever_during_anticancer_treatment": "Fever during anticancer treatment",
    "fever_with_low_wbc_no_anc": (
        "Fever with a low white cell count and no neutrophil count "
        "(an ANC below 0.5 cannot be ruled out)"
    ),
    "fever": "Fever",
}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def _alert_title(alert: Alert, result: Interpretation, titles: Mapping[str, str]) -> str:
    title = titles.get(alert.message_key) or titles.get(alert.code)
    if title:
        return title
    if alert.code == "critical_value":
        names = {v.analyte: v.name for v in result.values}
        side = "high" if alert.message_key.endswith(".high") else "low"
        name = ", ".join(for_sentence(names.get(code, code)) for code in alert.analytes)
        return f"Critically {side} {name}"
    return ALERT_TITLES.get(alert.code, alert.code.replace("_", " "))


def _finding_phrase(finding: Finding, titles: Mapping[str, str]) -> str:
    title = titles.get(finding.code) or finding.code.replace("_", " ")
    phrase = f"{finding.severity} {for_sentence(title)}" if finding.severity else title
    if finding.detail:
        phrase += f" ({for_sentence(titles.get(finding.detail) or finding.detail)})"
    return phrase


def conclusion(result: Interpretation, titles: Mapping[str, str]) -> str:
    """The one instruction first with the alerts behind it, then the decline or the findings.

    A value flagged without a finding is named, so the conclusion never reads
    "no abnormal findings" beside a flag.
    """
    parts = []
    if result.instruction is not None:
        key = result.instruction.message_key
        lead = titles.get(key) or INSTRUCTION_TITLES.get(key, key)
        reasons = list(dict.fromkeys(_alert_title(a, result, titles) for a in result.alerts))
        listed = "; ".join(for_sentence(reason) for reason in reasons)
        parts.append(f"{lead.rstrip('.')}: {listed.rstrip('.')}.")
    if result.declined:
        parts.append(result.declined)
    elif result.findings:
        phrases = [for_sentence(_finding_phrase(f, titles)) for f in result.findings]
        parts.append(_upper_first("; ".join(phrases)) + ".")
    elif result.any_flagged:
        flagged = [
            f"{for_sentence(v.name)} ({v.interpretation})"
            for v in result.values
            if v.interpretation not in (None, "N")
        ]
        parts.append(f"Outside the range used, without a finding: {', '.join(flagged)}.")
    elif result.instruction is None:
        parts.append("No abnormal findings.")
    return " ".join(parts)


def to_fhir_bundle(
    result: Interpretation,
    *,
    request_measurements: Sequence[Measurement] = (),
    finding_titles: Mapping[str, str],
    issued: datetime.datetime,
) -> dict:
    """A FHIR R4 collection Bundle: a DiagnosticReport, then one Observation per value.

    ``finding_titles`` maps finding codes (``"neutropenia"``), alert codes or
    message keys, and instruction keys (``"instruction.emergency"``) to
    reviewed titles; the severity is put before a finding's title ("Mild
    neutropenia"). ``issued`` must be timezone-aware (a FHIR instant).
    ``request_measurements`` is accepted for callers that hold it; the
    Observations are built from ``result`` alone, which already carries the
    entered values, units and lab ranges. The same arguments always give the
    same Bundle.
    """
    del request_measurements  # see the docstring
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
        "conclusion": conclusion(result, finding_titles),
    }
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": when,
        "entry": [{"fullUrl": _full_url(CBC_PANEL_LOINC), "resource": report}, *observations],
    }
