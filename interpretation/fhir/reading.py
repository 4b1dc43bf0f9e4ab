"""Reading a FHIR payload: a Bundle (lab Observations, a Patient, context) or one Observation.

It checks what only FHIR can get wrong (structure, codes, UCUM units) and
collects every problem, raising :class:`~interpretation.engine.InputErrors`
with fields named by their FHIR path (``entry[2].resource.valueQuantity.value``),
and nothing else, for any JSON. The engine checks the values themselves;
:meth:`FhirRequest.fhir_errors` renames its fields to the FHIR paths.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from interpretation.engine import (
    Analyte,
    FieldError,
    InputErrors,
    Measurement,
    Patient,
    ReferenceData,
)

from . import context, quantities
from .codes import (
    BODY_TEMPERATURE_LOINC,
    CONTEXT_SYSTEM,
    LOINC,
    PREGNANCY_STATUS_LOINC,
)
from .context import codings
from .quantities import for_sentence

# Observations that say there is no result to read.
NO_RESULT_STATUSES = ("entered-in-error", "cancelled")

_GENDERS = {"female": "female", "male": "male", "other": None, "unknown": None}

# Read like an analyte, but it goes to the patient's temperature, not to a Measurement.
BODY_TEMPERATURE = Analyte(
    "BODY_TEMPERATURE", "Body temperature", BODY_TEMPERATURE_LOINC, "temperature", "Cel"
)


@dataclass(frozen=True)
class FhirRequest:
    """What a FHIR payload says, ready for :func:`~interpretation.engine.interpret`.

    ``patient_fields`` holds every field of :class:`~interpretation.engine.Patient`
    (None or False where the payload does not say); ``patient()`` builds one,
    with the caller's overrides (an age the payload lacks). ``measurements``
    use analyte codes and UCUM units. ``paths`` maps the engine's field names
    (``values[0].value``, ``age``, ``pregnant``) to FHIR paths.
    """

    patient_fields: dict[str, object]
    measurements: list[Measurement]
    paths: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def patient(self, **overrides: object) -> Patient:
        return Patient(**{**self.patient_fields, **overrides})

    def fhir_errors(self, raised: InputErrors) -> InputErrors:
        """The engine's errors with its field names replaced by the FHIR paths they came
        from; codes, suggestions and provisional alerts are kept."""
        errors = [
            dataclasses.replace(
                e,
                field=self.paths.get(e.field, e.field),
                related=tuple(self.paths.get(f, f) for f in e.related),
            )
            for e in raised.errors
        ]
        return InputErrors(
            errors, alerts=raised.provisional_alerts, instruction=raised.provisional_instruction
        )


def parse_fhir(payload: object, data: ReferenceData, *, today: datetime.date) -> FhirRequest:
    """Read a Bundle (Observations, at most one Patient, Procedures) or one Observation.

    Ages and days since treatment are counted up to ``today``. Raises
    :class:`InputErrors` listing every problem, and nothing else, whatever JSON
    it is given.
    """
    if isinstance(today, datetime.datetime):
        today = today.date()  # a datetime cannot be compared with a date
    reader = Reader(data, today)
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
    fields = {"age": reader.age, "sex": reader.sex, **reader.context.patient_fields()}
    return FhirRequest(patient_fields=fields, measurements=reader.measurements, paths=reader.paths)


class Reader:
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
        self.patient_path: str | None = None
        self.context = context.Context(self)

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def known_codes(self) -> str:
        """'we read WBC 6690-2, ANC 751-8, neutrophils 770-8, …, body temperature 8310-5'"""
        names = [
            f"{a.code if '_' not in a.code else for_sentence(a.name)} {a.loinc}"
            for a in (*self.data.analytes, BODY_TEMPERATURE)
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
            elif kind == "Procedure":
                self.context.read_procedure(resource, f"{path}.resource")
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
        if resource.get("status") in NO_RESULT_STATUSES:
            self.error("status", "This Observation was entered in error or cancelled.")
            return
        self.read_observation(resource, "")
        if not self.errors and not self.measurements:
            self.error(
                "code",
                "A body temperature or a patient's context alone cannot be interpreted; "
                "send it in a Bundle with the blood count results.",
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
        dates = context.date_span(text)
        if isinstance(dates, str):
            self.error(path, f"Patient.birthDate {dates}.")
            return None
        earliest, latest = dates
        if earliest > self.today:
            self.error(path, "Patient.birthDate cannot be after today.")
            return None
        # A partial date (1980, 1980-05) counts from its last possible day: the
        # youngest the person can be, so someone who may be 17 is not read as 18.
        born = min(latest, self.today)
        before_birthday = (self.today.month, self.today.day) < (born.month, born.day)
        return self.today.year - born.year - before_birthday

    def read_observation(self, resource: dict, prefix: str) -> None:
        if resource.get("status") in NO_RESULT_STATUSES:
            return  # there is no result to read, and a correction may follow
        code = resource.get("code")
        coded = codings(code)
        if (LOINC, PREGNANCY_STATUS_LOINC) in coded:
            self.context.read_pregnancy(resource, prefix)
            return
        if any(system == CONTEXT_SYSTEM for system, _ in coded):
            self.context.read_duffy(resource, prefix)
            return
        errors_before = len(self.errors)
        analyte = self.read_code(code, f"{prefix}code")
        value, ucum, unit_path, comparator = quantities.read_quantity(
            self, resource, prefix, analyte
        )
        low = high = None
        if analyte is not BODY_TEMPERATURE:
            low, high = quantities.read_range(
                self, resource.get("referenceRange"), prefix, ucum, analyte
            )
        if len(self.errors) > errors_before or analyte is None or value is None or ucum is None:
            return
        if analyte is BODY_TEMPERATURE:
            if comparator is not None:
                self.error(
                    f"{prefix}valueQuantity.comparator", "Send the temperature that was measured."
                )
                return
            self.context.add_temperature(resource, prefix, value, ucum, unit_path)
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
        self.measurements.append(Measurement(analyte.code, value, ucum, low, high, comparator))
        for engine_field, fhir_field in (
            (".analyte", f"{prefix}code"),
            (".value", f"{prefix}valueQuantity.value"),
            (".unit", unit_path),
            (".comparator", f"{prefix}valueQuantity.comparator"),
            (".lab_low", f"{prefix}referenceRange[0].low.value"),
            (".lab_high", f"{prefix}referenceRange[0].high.value"),
        ):
            self.paths[f"values[{index}]{engine_field}"] = fhir_field

    def read_code(self, code: object, path: str) -> Analyte | None:
        """The analyte (or BODY_TEMPERATURE) of the first LOINC coding we know."""
        if not isinstance(code, dict):
            self.error(
                path, f"This Observation has no code; give its LOINC code ({self.known_codes()})."
            )
            return None
        seen = []
        for system, loinc in codings(code):
            if system != LOINC:
                continue
            seen.append(loinc)
            if loinc == BODY_TEMPERATURE_LOINC:
                return BODY_TEMPERATURE
            analyte = self.data.find_analyte(loinc)
            # find_analyte also reads codes such as "ANC": a LOINC coding must hold a LOINC.
            if analyte is not None and loinc in (analyte.loinc, *analyte.loinc_aliases):
                return analyte
        it_has = f"it has {', '.join(seen[:3])}; " if seen else ""
        self.error(
            path, f"This Observation has no LOINC code we interpret ({it_has}{self.known_codes()})."
        )
        return None
