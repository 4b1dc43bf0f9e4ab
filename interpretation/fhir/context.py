"""Reading the patient's context from FHIR: temperatures, pregnancy, Duffy phenotype, treatment.

Each reader adds to the :class:`Context` of one payload; ``patient_fields()``
gives the fields of :class:`~interpretation.engine.Patient` they decide.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import TYPE_CHECKING

from interpretation.engine import units

from .codes import (
    ANTICANCER_PROCEDURES,
    CONTEXT_SYSTEM,
    DUFFY_NOT_NULL,
    DUFFY_NULL,
    DUFFY_PHENOTYPE,
    PREGNANCY_ANSWERS,
    PROCEDURE_IGNORED,
    PROCEDURE_ONGOING,
    SNOMED,
)

if TYPE_CHECKING:
    from .reading import Reader

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_ONE_HOUR = datetime.timedelta(hours=1)


def date_span(text: object) -> tuple[datetime.date, datetime.date] | str:
    """(earliest, latest) day a FHIR date (or the date part of a dateTime) allows:
    "1980" spans the year. A sentence ending saying what is wrong otherwise."""
    match = _DATE.fullmatch(text[:10]) if isinstance(text, str) else None
    if match is None or (len(text) > 10 and text[10] != "T"):
        return "must be a date written YYYY-MM-DD"
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            return datetime.date(year, month, day), datetime.date(year, month, day)
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        return "is not a date in the calendar"


def codings(concept: object) -> list[tuple[object, str]]:
    """(system, code) of each well-formed coding of a CodeableConcept."""
    found = concept.get("coding") if isinstance(concept, dict) else None
    return [
        (c.get("system"), c["code"].strip())
        for c in (found if isinstance(found, list) else ())
        if isinstance(c, dict) and isinstance(c.get("code"), str)
    ]


def _instant(text: object) -> datetime.datetime | None:
    """A dateTime with a time and an offset ("2025-03-01T08:00:00+01:00"), else None."""
    if not isinstance(text, str) or "T" not in text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class Context:
    """The context one payload gives, and the engine field each part came from."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.temperatures: list[tuple[float, float, str, bool, str, str]] = []
        self.pregnant = False
        self.duffy_null = False
        self.anticancer_treatment = False
        self.days_since_treatment: int | None = None

    def patient_fields(self) -> dict[str, object]:
        fields = {
            "temperature": None,
            "temperature_unit": "Cel",
            "fever_sustained_1h": False,
            "pregnant": self.pregnant,
            "duffy_null": self.duffy_null,
            "anticancer_treatment": self.anticancer_treatment,
            "days_since_anticancer_treatment": self.days_since_treatment,
        }
        if self.temperatures:
            # The reading that says most about a fever: one meeting the rule if any
            # (a sustained 38.1 beats a single 38.2), else the highest.
            rule = self.reader.data.fever_rule

            def feverish(candidate):
                celsius, _, _, sustained, _, _ = candidate
                meets = celsius >= rule.single_c or (sustained and celsius >= rule.sustained_c)
                return meets, celsius

            _, value, ucum, sustained, value_path, unit_path = max(self.temperatures, key=feverish)
            fields.update(temperature=value, temperature_unit=ucum, fever_sustained_1h=sustained)
            self.reader.paths.update(temperature=value_path, temperature_unit=unit_path)
        return fields

    # -- Observations

    def add_temperature(
        self, resource: dict, prefix: str, value: float, ucum: str, unit_path: str
    ) -> None:
        """A body temperature (LOINC 8310-5); held for an hour when its effectivePeriod
        runs for an hour or more (the value is then the lowest over the period)."""
        sustained = False
        period = resource.get("effectivePeriod")
        if period is not None:
            start = _instant(period.get("start")) if isinstance(period, dict) else None
            end = _instant(period.get("end")) if isinstance(period, dict) else None
            if start is None or end is None or end < start:
                self.reader.error(
                    f"{prefix}effectivePeriod",
                    "effectivePeriod needs a start and an end, each a dateTime with a time "
                    "and a time zone, the end not before the start.",
                )
                return
            sustained = end - start >= _ONE_HOUR
            self.reader.paths["fever_sustained_1h"] = f"{prefix}effectivePeriod"
        celsius = units.ucum_to_canonical(value, ucum)
        self.temperatures.append(
            (celsius, value, ucum, sustained, f"{prefix}valueQuantity.value", unit_path)
        )

    def read_pregnancy(self, resource: dict, prefix: str) -> None:
        """Pregnancy status (LOINC 82810-3) answered in SNOMED CT or LOINC answer codes."""
        path = f"{prefix}valueCodeableConcept"
        coded = codings(resource.get("valueCodeableConcept"))
        answers = [PREGNANCY_ANSWERS[c] for c in coded if c in PREGNANCY_ANSWERS]
        if not answers:
            self.reader.error(
                path,
                "Give the pregnancy status as SNOMED CT 77386006 (pregnant), 60001007 "
                "(not pregnant) or 261665006 (unknown), or LOINC LA15173-0, LA26683-5 "
                "or LA4489-6.",
            )
            return
        if True in answers:
            self.pregnant = True  # any statement of pregnancy is enough to decline
            self.reader.paths["pregnant"] = path

    def read_duffy(self, resource: dict, prefix: str) -> None:
        """The Duffy phenotype from a blood test, in our own code system (see the package)."""
        coded = codings(resource.get("code"))
        if (CONTEXT_SYSTEM, DUFFY_PHENOTYPE) not in coded:
            self.reader.error(
                f"{prefix}code", f"We read one code of {CONTEXT_SYSTEM}: {DUFFY_PHENOTYPE}."
            )
            return
        path = f"{prefix}valueCodeableConcept"
        answers = {
            code
            for system, code in codings(resource.get("valueCodeableConcept"))
            if system == CONTEXT_SYSTEM
        }
        if DUFFY_NULL in answers:
            self.duffy_null = True
            self.reader.paths["duffy_null"] = path
        elif DUFFY_NOT_NULL not in answers:
            self.reader.error(
                path, f"Give the phenotype as {DUFFY_NULL} or {DUFFY_NOT_NULL} ({CONTEXT_SYSTEM})."
            )

    # -- Procedures

    def read_procedure(self, resource: dict, path: str) -> None:
        """Anticancer treatment: a Procedure coded with SNOMED CT 367336001 or 703423002.

        Under way (preparation, in-progress, on-hold, unknown) or undated: having
        treatment now. Completed or stopped: the days since its performed date (the
        end of performedPeriod, else its start), counting a partial date from its
        last possible day, so the treatment is never older than it may be.
        """
        coded = codings(resource.get("code"))
        if not any(s == SNOMED and c in ANTICANCER_PROCEDURES for s, c in coded):
            return  # another procedure: nothing we read
        status = resource.get("status")
        if status in PROCEDURE_IGNORED:
            return
        self.reader.paths.setdefault("anticancer_treatment", f"{path}.code")
        when, where = _performed(resource, path)
        if status in PROCEDURE_ONGOING or when is None:
            self.anticancer_treatment = True
            if when is None:
                return
        span = date_span(when)
        if isinstance(span, str):
            self.reader.error(where, f"The date of the treatment {span}.")
            return
        earliest, latest = span
        today = self.reader.today
        if earliest > today:
            if status not in PROCEDURE_ONGOING:
                self.reader.error(where, "A completed treatment cannot be dated after today.")
            return
        days = (today - min(latest, today)).days
        if self.days_since_treatment is None or days < self.days_since_treatment:
            self.days_since_treatment = days
            self.reader.paths["days_since_anticancer_treatment"] = where


def _performed(resource: dict, path: str) -> tuple[object, str]:
    """(date text or None, its path) of a Procedure's performed[x]."""
    if resource.get("performedDateTime") is not None:
        return resource["performedDateTime"], f"{path}.performedDateTime"
    period = resource.get("performedPeriod")
    if isinstance(period, dict):
        for end in ("end", "start"):
            if period.get(end) is not None:
                return period[end], f"{path}.performedPeriod.{end}"
    return None, f"{path}.performedDateTime"
