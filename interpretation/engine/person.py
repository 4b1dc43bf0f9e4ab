"""Checks of the person's details: age, sex, yes/no answers, treatment days, temperature."""

from __future__ import annotations

from . import units
from .checked import Person, as_number, show
from .rules import SEXES
from .types import IMPLAUSIBLE, FieldError, Patient, UnitSuggestion

# Input validation, not clinical thresholds: what can be a person's age or body temperature.
MAX_AGE = 130
TEMPERATURE_RANGE_C = (25.0, 45.0)
MAX_DAYS_SINCE_TREATMENT = 36_500


def check_patient(patient: object, errors: list[FieldError]) -> Person:
    if not isinstance(patient, Patient):
        errors.append(FieldError("patient", "Enter the person's age and details."))
        return Person(None, None, None, False, False, False, False, None)
    age = patient.age
    if age is None:
        errors.append(FieldError("age", "Enter the age in years."))
    elif isinstance(age, bool) or not isinstance(age, int):
        errors.append(FieldError("age", "Enter the age in whole years."))
        age = None
    elif not 0 <= age <= MAX_AGE:
        errors.append(FieldError("age", f"Enter an age between 0 and {MAX_AGE} years."))
        age = None
    sex = patient.sex
    if sex is not None and sex not in SEXES:
        errors.append(FieldError("sex", "Choose female or male, or leave it blank."))
        sex = None
    flags = {}
    for name in ("fever_sustained_1h", "pregnant", "duffy_null", "anticancer_treatment"):
        flags[name] = getattr(patient, name)
        if not isinstance(flags[name], bool):
            errors.append(FieldError(name, "Answer yes or no."))
            flags[name] = name != "duffy_null"  # until it is answered, the safer reading
    days = patient.days_since_anticancer_treatment
    if days is not None and (
        isinstance(days, bool)
        or not isinstance(days, int)
        or not 0 <= days <= MAX_DAYS_SINCE_TREATMENT
    ):
        errors.append(
            FieldError(
                "days_since_anticancer_treatment",
                "Enter how many days ago the last treatment was, as a whole number.",
            )
        )
        days = None
    temperature = _check_temperature(patient.temperature, patient.temperature_unit, errors)
    return Person(age, sex, temperature, days_since_anticancer_treatment=days, **flags)


def _check_temperature(raw: object, unit: object, errors: list[FieldError]) -> float | None:
    """The temperature in °C; an impossible one read in the other unit is offered, and
    used for alerts while the question is open (100.4 in °C is surely 100.4 °F)."""
    if raw is None:
        return None
    number = as_number(raw)
    if number is None:
        errors.append(FieldError("temperature", "Enter the temperature as a number."))
        return None
    try:
        ucum = units.normalize_unit(unit, "temperature")
    except units.UnitError as error:
        errors.append(FieldError("temperature_unit", error.message))
        return None
    low, high = TEMPERATURE_RANGE_C
    celsius = units.round_half_up(units.ucum_to_canonical(number, ucum), 2)
    if low <= celsius <= high:
        return celsius
    suggestions = tuple(
        UnitSuggestion(other, number, reading, "Cel")
        for other in units.units_of_kind("temperature")
        if other != ucum
        and low
        <= (reading := units.round_half_up(units.ucum_to_canonical(number, other), 2))
        <= high
    )
    typed = show(number, ucum)
    if suggestions:
        (suggestion,) = suggestions
        reading = show(number, suggestion.unit)
        if suggestion.unit != "Cel":
            reading += f", that is {show(suggestion.canonical_value, 'Cel')}"
        message = (
            f"{typed} is not a body temperature. Did you mean {reading}? "
            "Choose the unit of your thermometer."
        )
    else:
        message = f"{typed} is not a body temperature; enter one between {low:g} and {high:g} °C."
    errors.append(FieldError("temperature", message, IMPLAUSIBLE, suggestions))
    return suggestions[0].canonical_value if len(suggestions) == 1 else None
