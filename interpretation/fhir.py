"""FHIR R4 for the interpretation engine: read lab Observations, write a report.

Plain Python with no Django import and no FHIR library: it reads dicts parsed
from JSON and returns dicts ready for ``json.dumps``. What we read and write
(Bundle, Patient, Observation, DiagnosticReport) is the same in R4 and R4B.

Reading (:func:`parse_fhir`) accepts a Bundle of any type holding Observations
and at most one Patient, or a single Observation. It collects every problem and
raises :class:`~interpretation.engine.InputErrors` with fields named by their
FHIR path (``entry[2].resource.valueQuantity.value``), and nothing else, for
any JSON. It checks what only FHIR can get wrong (structure, LOINC codes, UCUM
units); the engine checks the values themselves, and
:meth:`FhirRequest.fhir_errors` renames the engine's fields to FHIR paths.

Writing (:func:`to_fhir_bundle`) turns an :class:`Interpretation` into a
collection Bundle: one Observation per value and one DiagnosticReport whose
conclusion leads with any urgent alert.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from interpretation import units
from interpretation.engine import (
    Alert,
    Analyte,
    FieldError,
    Finding,
    InputErrors,
    Interpretation,
    Measurement,
    ReferenceData,
    ValueResult,
)
from interpretation.units import UnitError

__all__ = ["FhirRequest", "parse_fhir", "to_fhir_bundle"]

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074"
BODY_TEMPERATURE_LOINC = "8310-5"
CBC_PANEL_LOINC = "58410-2"
CBC_PANEL_DISPLAY = "CBC panel - Blood by Automated count"

# fullUrls are uuid5 names in this namespace, so one result always gives the same Bundle.
FULL_URL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:reviewed-medical-answers:interpretation")

ANC_METHOD = "Calculated: WBC × (neutrophils % + bands %) / 100"

INTERPRETATION_DISPLAY = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critical low",
    "HH": "Critical high",
}

# The UCUM codes we suggest per kind of value (the engine also reads other spellings).
_UCUM_HINT = {
    "count": "10*9/L, 10*3/uL or /uL",
    "percent": "%",
    "hemoglobin": "g/dL, g/L or mmol/L",
    "volume": "fL",
    "temperature": "Cel or [degF]",
}

# Observations that say there is no result to read.
_NO_RESULT_STATUSES = ("entered-in-error", "cancelled")

_GENDERS = {"female": "female", "male": "male", "other": None, "unknown": None}
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

# Alerts named in the conclusion when the caller gives no reviewed title.
_ALERT_TITLES = {
    "febrile_neutropenia": "Febrile neutropenia",
    "fever_with_low_anc": "Fever with a low neutrophil count",
}

# Read like an analyte, but it goes to the patient's temperature, not to a Measurement.
_BODY_TEMPERATURE = Analyte(
    "BODY_TEMPERATURE", "Body temperature", BODY_TEMPERATURE_LOINC, "temperature", "Cel"
)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class FhirRequest:
    """What a FHIR payload says, ready for :func:`~interpretation.engine.interpret`.

    ``patient_fields`` has ``age``, ``sex`` and ``temperature_c`` (each None when
    the payload does not say), for ``Patient(**patient_fields, ...)``.
    ``measurements`` use analyte codes and UCUM units. ``paths`` maps the
    engine's field names (``values[0].value``, ``age``) to FHIR paths.
    """

    patient_fields: dict[str, object]
    measurements: list[Measurement]
    paths: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def fhir_errors(self, raised: InputErrors) -> InputErrors:
        """The engine's errors with its field names replaced by the FHIR paths they came from."""
        return InputErrors(
            [FieldError(self.paths.get(e.field, e.field), e.message) for e in raised.errors]
        )


def parse_fhir(payload: object, data: ReferenceData, *, today: datetime.date) -> FhirRequest:
    """Read a Bundle of Observations (with an optional Patient) or a single Observation.

    The age is counted in full years up to ``today``. Raises :class:`InputErrors`
    listing every problem, and nothing else, whatever JSON it is given.
    """
    if isinstance(today, datetime.datetime):
        today = today.date()  # a datetime cannot be compared with a date
    reader = _Reader(data, today)
    if not isinstance(payload, dict):
        reader.error(
            "resourceType",
            "Send one FHIR resource as a JSON object: a Bundle of Observations or an Observation.",
        )
    elif payload.get("resourceType") == "Bundle":
        reader.read_bundle(payload)
    elif payload.get("resourceType") == "Observation":
        reader.read_single_observation(payload)
    else:
        reader.error(
            "resourceType",
            "The resourceType must be Bundle (of Observations) or Observation.",
        )
    if reader.errors:
        raise InputErrors(reader.errors)
    return FhirRequest(
        patient_fields={"age": reader.age, "sex": reader.sex, "temperature_c": reader.temperature},
        measurements=reader.measurements,
        paths=reader.paths,
    )


def _number(raw: object) -> float | None:
    """A finite float from a JSON number; None for anything else (text, true, NaN)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal)):
        return None
    try:
        number = float(raw)
    except (OverflowError, ValueError):  # 10**400; Decimal("sNaN")
        return None
    return number if math.isfinite(number) else None


def _for_sentence(name: str) -> str:
    """'White blood cells' → 'white blood cells'; 'ANC' stays 'ANC'."""
    if len(name) > 1 and name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Reader:
    """Reads one payload, collecting errors rather than stopping at the first."""

    def __init__(self, data: ReferenceData, today: datetime.date) -> None:
        self.data = data
        self.today = today
        self.errors: list[FieldError] = []
        self.measurements: list[Measurement] = []
        self.paths: dict[str, str] = {}
        self.seen: dict[str, str] = {}  # analyte code → path of its Observation
        self.age: int | None = None
        self.sex: str | None = None
        self.temperature: float | None = None
        self.patient_path: str | None = None

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def known_codes(self) -> str:
        """'we read WBC 6690-2, ANC 751-8, neutrophils 770-8, …, body temperature 8310-5'"""
        names = [
            f"{a.code if '_' not in a.code else _for_sentence(a.name)} {a.loinc}"
            for a in (*self.data.analytes, _BODY_TEMPERATURE)
        ]
        return "we read " + ", ".join(names)

    # -- resources

    def read_bundle(self, bundle: dict) -> None:
        entries = bundle.get("entry")
        self.paths["values"] = "entry"  # checks across values (ANC above the WBC)
        if entries is None or entries == []:
            self.error("entry", "This Bundle has no entries; add the Observations to interpret.")
            return
        if not isinstance(entries, list):
            self.error("entry", "Bundle.entry must be a list of entries.")
            return
        observations = 0
        for index, entry in enumerate(entries):
            path = f"entry[{index}]"
            if not isinstance(entry, dict):
                self.error(path, "Each entry must be an object holding a resource.")
                continue
            resource = entry.get("resource")
            if resource is None:
                continue  # e.g. a DELETE in a transaction: nothing to read
            if not isinstance(resource, dict):
                self.error(f"{path}.resource", "The resource must be a JSON object.")
                continue
            kind = resource.get("resourceType")
            if kind == "Observation":
                observations += 1
                self.read_observation(resource, f"{path}.resource.")
            elif kind == "Patient":
                self.read_patient(resource, f"{path}.resource")
            elif not isinstance(kind, str) or not kind:
                self.error(f"{path}.resource.resourceType", "Each resource needs a resourceType.")
            # Other resources (DiagnosticReport, Specimen, Practitioner...) hold nothing we read.
        if observations == 0:
            self.error("entry", "This Bundle holds no Observation to interpret.")
        elif not self.measurements and not self.errors:
            self.error(
                "entry",
                f"This Bundle holds no blood count result to interpret ({self.known_codes()}).",
            )

    def read_single_observation(self, resource: dict) -> None:
        if resource.get("status") in _NO_RESULT_STATUSES:
            self.error("status", "This Observation was entered in error or cancelled.")
            return
        self.read_observation(resource, "")
        if not self.errors and not self.measurements:
            self.error(
                "code",
                "A body temperature alone cannot be interpreted; send it in a Bundle "
                "with the blood count results.",
            )

    def read_patient(self, resource: dict, path: str) -> None:
        if self.patient_path is not None:
            self.error(path, "This Bundle holds more than one Patient; send one person's results.")
            return
        self.patient_path = path
        gender = resource.get("gender")
        if gender is not None:
            if isinstance(gender, str) and gender in _GENDERS:
                self.sex = _GENDERS[gender]
                self.paths["sex"] = f"{path}.gender"
            else:
                self.error(
                    f"{path}.gender", "Patient.gender must be female, male, other or unknown."
                )
        birth_date = resource.get("birthDate")
        if birth_date is not None:
            self.age = self.read_age(birth_date, f"{path}.birthDate")
            self.paths["age"] = f"{path}.birthDate"

    def read_age(self, text: object, path: str) -> int | None:
        match = _DATE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            self.error(path, "Patient.birthDate must be a date written YYYY-MM-DD.")
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            if day is not None:
                earliest = latest = datetime.date(year, month, day)
            elif month is not None:
                earliest = datetime.date(year, month, 1)
                latest = datetime.date(year, month, calendar.monthrange(year, month)[1])
            else:
                earliest, latest = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        except ValueError:
            self.error(path, "Patient.birthDate is not a date in the calendar.")
            return None
        if earliest > self.today:
            self.error(path, "Patient.birthDate cannot be after today.")
            return None
        # A partial date (1980, 1980-05) counts from its last possible day: the
        # youngest the person can be, so someone who may be 17 is not read as 18.
        born = min(latest, self.today)
        before_birthday = (self.today.month, self.today.day) < (born.month, born.day)
        return self.today.year - born.year - before_birthday

    def read_observation(self, resource: dict, prefix: str) -> None:
        if resource.get("status") in _NO_RESULT_STATUSES:
            return  # there is no result to read, and a correction may follow
        errors_before = len(self.errors)
        analyte = self.read_code(resource.get("code"), f"{prefix}code")
        value, ucum, unit_path = self.read_quantity(resource, prefix, analyte)
        low = high = None
        if analyte is not _BODY_TEMPERATURE:
            low, high = self.read_range(resource.get("referenceRange"), prefix, ucum, analyte)
        if len(self.errors) > errors_before or analyte is None or value is None or ucum is None:
            return
        if analyte is _BODY_TEMPERATURE:
            celsius = units.ucum_to_canonical(value, ucum)
            # Several temperatures: the highest, so a fever is never missed.
            if self.temperature is None or celsius > self.temperature:
                self.temperature = celsius
                self.paths["temperature_c"] = f"{prefix}valueQuantity.value"
            return
        if analyte.code in self.seen:
            self.error(
                f"{prefix}code",
                f"{analyte.name} appears twice (also at {self.seen[analyte.code]}); "
                "send each test once.",
            )
            return
        self.seen[analyte.code] = prefix.rstrip(".")
        index = len(self.measurements)
        self.measurements.append(Measurement(analyte.code, value, ucum, low, high))
        for engine_field, fhir_field in (
            (".analyte", f"{prefix}code"),
            (".value", f"{prefix}valueQuantity.value"),
            (".unit", unit_path),
            (".lab_low", f"{prefix}referenceRange[0].low.value"),
            (".lab_high", f"{prefix}referenceRange[0].high.value"),
        ):
            self.paths[f"values[{index}]{engine_field}"] = fhir_field

    def read_code(self, code: object, path: str) -> Analyte | None:
        """The analyte (or _BODY_TEMPERATURE) of the first LOINC coding we know."""
        if not isinstance(code, dict):
            self.error(
                path, f"This Observation has no code; give its LOINC code ({self.known_codes()})."
            )
            return None
        codings = code.get("coding")
        seen = []
        for coding in codings if isinstance(codings, list) else ():
            if not isinstance(coding, dict) or coding.get("system") != LOINC:
                continue
            loinc = coding.get("code")
            if not isinstance(loinc, str):
                continue
            loinc = loinc.strip()
            seen.append(loinc)
            if loinc == BODY_TEMPERATURE_LOINC:
                return _BODY_TEMPERATURE
            analyte = self.data.find_analyte(loinc)
            # find_analyte also reads codes such as "ANC": a LOINC coding must hold a LOINC.
            if analyte is not None and loinc in (analyte.loinc, *analyte.loinc_aliases):
                return analyte
        it_has = f"it has {', '.join(seen[:3])}; " if seen else ""
        self.error(
            path, f"This Observation has no LOINC code we interpret ({it_has}{self.known_codes()})."
        )
        return None

    def read_quantity(
        self, resource: dict, prefix: str, analyte: Analyte | None
    ) -> tuple[float | None, str | None, str]:
        """(value, UCUM unit, path of the unit) of valueQuantity; None where it fails."""
        path = f"{prefix}valueQuantity"
        quantity = resource.get("valueQuantity")
        if quantity is None:
            other = next(
                (
                    k
                    for k, v in resource.items()
                    if isinstance(k, str) and k.startswith("value") and v is not None
                ),
                None,
            )
            if other is None:
                message = "This Observation has no value; give the result as a valueQuantity"
            else:
                message = (
                    f"This Observation gives its result as {other}; give it as a valueQuantity"
                )
            self.error(path, f"{message} with a number and a UCUM unit.")
            return None, None, f"{path}.code"
        if not isinstance(quantity, dict):
            self.error(path, "valueQuantity must be an object with a value and a unit.")
            return None, None, f"{path}.code"
        value = _number(quantity.get("value"))
        if value is None:
            self.error(f"{path}.value", "valueQuantity.value must be a number.")
        if quantity.get("comparator") is not None:
            self.error(
                f"{path}.comparator",
                "We interpret exact results only; send the value without a comparator.",
            )
        ucum, unit_path = self.read_unit(quantity, path, analyte)
        return value, ucum, unit_path

    def read_unit(
        self, quantity: dict, path: str, analyte: Analyte | None
    ) -> tuple[str | None, str]:
        """The UCUM code of valueQuantity, and the path it was read from."""
        hint = _UCUM_HINT[analyte.kind] if analyte else _UCUM_HINT["count"]
        found = _unit_text(quantity)
        if found is None:
            code = quantity.get("code")
            if isinstance(code, str) and code.strip():  # a code, but not in UCUM
                self.error(f"{path}.system", f"Give the unit in UCUM (system {UCUM}).")
                return None, f"{path}.system"
            self.error(f"{path}.code", f"Give the unit as a UCUM code, e.g. {hint}.")
            return None, f"{path}.code"
        text, where = found
        unit_path = f"{path}.{where}"
        if analyte is None:
            return None, unit_path  # the code was wrong: we cannot tell which units fit
        try:
            return units.normalize_unit(text, analyte.kind), unit_path
        except UnitError:
            self.error(
                unit_path,
                f"“{text.strip()}” is not a unit we read for {_for_sentence(analyte.name)}; "
                f"use the UCUM code {hint}.",
            )
            return None, unit_path

    def read_range(
        self, ranges: object, prefix: str, ucum: str | None, analyte: Analyte | None
    ) -> tuple[float | None, float | None]:
        """The lab's own limits from referenceRange[0], in the unit of the value."""
        if ranges is None or ranges == []:
            return None, None
        if not isinstance(ranges, list):
            self.error(f"{prefix}referenceRange", "referenceRange must be a list.")
            return None, None
        path = f"{prefix}referenceRange[0]"
        first = ranges[0]
        if not isinstance(first, dict):
            self.error(path, "A reference range must be an object with a low or a high.")
            return None, None
        limits = []
        for name in ("low", "high"):
            quantity = first.get(name)
            limit = None
            if quantity is not None:
                limit_path = f"{path}.{name}"
                if not isinstance(quantity, dict):
                    self.error(limit_path, f"referenceRange.{name} must be a Quantity.")
                else:
                    limit = _number(quantity.get("value"))
                    if limit is None:
                        self.error(f"{limit_path}.value", f"{name}.value must be a number.")
                    if (
                        ucum is not None
                        and analyte is not None
                        and _limit_unit(quantity, analyte.kind) not in (None, ucum)
                    ):
                        self.error(
                            limit_path,
                            f"The {name} limit must be in the unit of the result ({ucum}).",
                        )
            limits.append(limit)
        return limits[0], limits[1]


def _unit_text(quantity: dict) -> tuple[str, str] | None:
    """(text, "code" or "unit") of a Quantity: the code when it is UCUM, else the unit text."""
    code, unit = quantity.get("code"), quantity.get("unit")
    if isinstance(code, str) and code.strip() and quantity.get("system") in (None, UCUM):
        return code, "code"
    if isinstance(unit, str) and unit.strip():
        return unit, "unit"
    return None


def _limit_unit(quantity: dict, kind: str) -> str | None:
    """The UCUM unit a range limit states; None when it states none, "?" when unreadable."""
    found = _unit_text(quantity)
    if found is None:
        return None
    try:
        return units.normalize_unit(found[0], kind)
    except UnitError:
        return "?"


# --------------------------------------------------------------------------- writing


def _full_url(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FULL_URL_NAMESPACE, name)}"


def _quantity(value: float, ucum: str) -> dict:
    return {"value": value, "unit": units.display_unit(ucum), "system": UCUM, "code": ucum}


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
        "valueQuantity": _quantity(value.value, value.unit),
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
        name = ", ".join(_for_sentence(names.get(code, code)) for code in alert.analytes)
        return f"Critically {side} {name}"
    return _ALERT_TITLES.get(alert.code, alert.code.replace("_", " "))


def _finding_phrase(finding: Finding, titles: Mapping[str, str]) -> str:
    title = titles.get(finding.code) or finding.code.replace("_", " ")
    phrase = f"{finding.severity} {_for_sentence(title)}" if finding.severity else title
    if finding.detail:
        phrase += f" ({_for_sentence(titles.get(finding.detail) or finding.detail)})"
    return phrase


def _conclusion(result: Interpretation, titles: Mapping[str, str]) -> str:
    """Urgent alerts first, then the decline or the findings, as sentences."""
    parts = []
    urgent = list(dict.fromkeys(_alert_title(a, result, titles) for a in result.alerts))
    if urgent:
        listed = "; ".join([urgent[0], *(_for_sentence(t) for t in urgent[1:])])
        # Fever with a low count must lead with "seek care now" (clinical facts, IDSA).
        act = "" if "seek care" in listed.lower() else " Seek care now."
        parts.append(f"URGENT: {listed.rstrip('.')}.{act}")
    if result.declined:
        parts.append(result.declined)
    elif result.findings:
        phrases = [_for_sentence(_finding_phrase(f, titles)) for f in result.findings]
        parts.append(_upper_first("; ".join(phrases)) + ".")
    elif not urgent:
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

    ``finding_titles`` maps finding codes (``"neutropenia"``) and alert codes or
    message keys to reviewed titles; the severity is put before a finding's
    title ("Mild neutropenia"). ``issued`` must be timezone-aware (a FHIR
    instant). ``request_measurements`` is accepted for callers that hold it;
    the Observations are built from ``result`` alone, which already carries
    the entered values, units and lab ranges. The same arguments always give
    the same Bundle.
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
        "conclusion": _conclusion(result, finding_titles),
    }
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": when,
        "entry": [{"fullUrl": _full_url(CBC_PANEL_LOINC), "resource": report}, *observations],
    }
