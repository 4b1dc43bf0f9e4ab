"""Input checks: numbers and units, plausibility and unit mix-ups, comparators.

Every problem is collected (never only the first) as a :class:`~.types.FieldError`
naming its field like ``values[1].value``. What passes is converted to the
canonical unit and rounded to :data:`.units.CANONICAL_DECIMALS` (one cell per
µL for counts): the rounded value is both shown and judged, so a page never
shows a value beside a band it does not belong to. The person's details are
checked in :mod:`.person`, the values against each other in :mod:`.consistency`.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import units
from .checked import CheckedInput, Person, Reading, as_number, for_sentence, show
from .consistency import check_across_values
from .person import check_patient
from .reference import Analyte, FeverRule, ReferenceData
from .rules import AnalyteRules
from .types import (
    COMPARATOR_UNDECIDED,
    COMPARATORS,
    IMPLAUSIBLE,
    FieldError,
    Measurement,
    UnitSuggestion,
)

# Longest first, so "<=" is not read as "<" followed by "=5".
_COMPARATOR_SPELLINGS = (
    ("<=", "<="),
    (">=", ">="),
    ("≤", "<="),
    ("≥", ">="),
    ("<", "<"),
    (">", ">"),
)


def check_input(patient: object, measurements: object, data: ReferenceData) -> CheckedInput:
    errors: list[FieldError] = []
    person = check_patient(patient, errors)
    readings = _check_measurements(measurements, data, person, errors)
    readings, for_alerts = check_across_values(readings, data, errors)
    return CheckedInput(person, readings, for_alerts, errors)


def _split_comparator(raw: object) -> tuple[str | None, object]:
    """("<", "0.1") from "<0.1"; (None, raw) when the text starts with no comparator."""
    if isinstance(raw, str):
        text = raw.strip()
        for spelling, comparator in _COMPARATOR_SPELLINGS:
            if text.startswith(spelling):
                return comparator, text[len(spelling) :]
    return None, raw


def _check_measurements(
    measurements: object, data: ReferenceData, person: Person, errors: list[FieldError]
) -> dict[str, Reading]:
    readings: dict[str, Reading] = {}
    if isinstance(measurements, str | bytes) or not isinstance(measurements, Iterable):
        errors.append(FieldError("values", "Enter at least one result."))
        return readings
    measurements = list(measurements)
    if not measurements:
        errors.append(FieldError("values", "Enter at least one result."))
    for index, measurement in enumerate(measurements):
        reading = _check_measurement(index, measurement, data, person, errors)
        if reading is None:
            continue
        if reading.analyte.code in readings:
            name = reading.analyte.name
            errors.append(FieldError("values", f"{name} is entered twice; enter each test once."))
            continue
        readings[reading.analyte.code] = reading
    return readings


def _check_measurement(
    index: int, measurement: object, data: ReferenceData, person: Person, errors: list[FieldError]
) -> Reading | None:
    where = f"values[{index}]"
    if not isinstance(measurement, Measurement):
        errors.append(FieldError(where, "Enter a test, its value and its unit."))
        return None
    analyte = data.find_analyte(measurement.analyte)
    if analyte is None:
        key = measurement.analyte
        shown = f"“{key.strip()}”" if isinstance(key, str) and key.strip() else "This"
        errors.append(
            FieldError(
                f"{where}.analyte",
                f"{shown} is not a test we can interpret; choose one from the list.",
            )
        )
        return None
    count_before = len(errors)
    try:
        ucum = units.normalize_unit(measurement.unit, analyte.kind)
    except units.UnitError:
        ucum = None
        errors.append(FieldError(f"{where}.unit", _unit_message(analyte, measurement.unit)))
    comparator, raw = _split_comparator(measurement.value)
    if measurement.comparator is not None:
        if measurement.comparator not in COMPARATORS or comparator not in (
            None,
            measurement.comparator,
        ):
            errors.append(FieldError(f"{where}.comparator", "Use <, <=, >= or >, or none."))
        comparator = measurement.comparator
    number = as_number(raw)
    if number is None:
        errors.append(FieldError(f"{where}.value", "Enter a number."))
    elif number < 0:
        errors.append(FieldError(f"{where}.value", "A result cannot be negative."))
    lab_low, lab_high = _check_lab_limits(where, measurement, errors)
    if len(errors) > count_before:
        return None

    decimals = units.CANONICAL_DECIMALS[analyte.kind]
    value = units.round_half_up(units.ucum_to_canonical(number, ucum), decimals)
    if analyte.kind == "percent" and value > 100:
        errors.append(FieldError(f"{where}.value", "A percentage cannot be more than 100."))
        return None
    rules = data.rules_for(analyte.code, sex=person.sex, duffy_null=person.duffy_null)
    if not _plausible(value, rules):
        errors.append(_implausible(f"{where}.value", number, ucum, rules))
        return None
    reading = Reading(
        analyte=analyte,
        value=value,
        judged=_judged(value, comparator, decimals),
        index=index,
        entered_value=number,
        entered_unit=ucum,
        printed=None if comparator else _printed(raw),
        comparator=comparator,
        lab_low=_lab_limit(lab_low, ucum, decimals),
        lab_high=_lab_limit(lab_high, ucum, decimals),
    )
    if comparator is not None and not _comparator_decides(reading, rules, data.fever_rule):
        errors.append(_undecided(reading, number, ucum))
        return None
    return reading


def _check_lab_limits(
    where: str, measurement: Measurement, errors: list[FieldError]
) -> tuple[float | None, float | None]:
    """The range printed on the reader's report, in the unit of the value."""
    limits = []
    for name in ("lab_low", "lab_high"):
        raw = getattr(measurement, name)
        limit = None if raw is None else as_number(raw)
        if raw is not None and (limit is None or limit < 0):
            errors.append(
                FieldError(f"{where}.{name}", "Enter the limit as a number of zero or more.")
            )
        limits.append(limit)
    low, high = limits
    if low is not None and high is not None and low >= high:
        errors.append(
            FieldError(f"{where}.lab_low", "The lower limit must be below the upper limit.")
        )
    return low, high


def _printed(raw: object) -> str:
    """The number as the person wrote it, trailing zeros included ("3.40"), for the
    rounding check; a number given as a float is written as Python writes it ("3.4")."""
    return raw.strip() if isinstance(raw, str) else repr(raw)


def _lab_limit(limit: float | None, ucum: str, decimals: int) -> float | None:
    if limit is None:
        return None
    return units.round_half_up(units.ucum_to_canonical(limit, ucum), decimals)


def _unit_message(analyte: Analyte, text: object) -> str:
    hint = units.ACCEPTED_HINT[analyte.kind]
    name = for_sentence(analyte.name)
    shown = text.strip() if isinstance(text, str) else ""
    if shown:
        return f"“{shown}” is not a unit we recognise for {name}; use {hint}."
    return f"Enter the unit of the {name} result: {hint}."


def _plausible(value: float, rules: AnalyteRules) -> bool:
    return rules.plausibility.low <= value <= rules.plausibility.high


def _implausible(field: str, number: float, ucum: str, rules: AnalyteRules) -> FieldError:
    """Never interpreted; "did you mean …?" for each other unit in which the number is plausible."""
    analyte = rules.analyte
    decimals = units.CANONICAL_DECIMALS[analyte.kind]
    suggestions = []
    for other in units.units_of_kind(analyte.kind):
        reading = units.round_half_up(units.ucum_to_canonical(number, other), decimals)
        if other != ucum and _plausible(reading, rules):
            suggestions.append(UnitSuggestion(other, number, reading, analyte.unit))
    typed = show(number, ucum)
    name = for_sentence(analyte.name)
    if suggestions:
        readings = " or ".join(
            show(s.value, s.unit)
            if s.unit == analyte.unit
            else f"{show(s.value, s.unit)}, that is {show(s.canonical_value, analyte.unit)}"
            for s in suggestions
        )
        message = (
            f"{typed} is not a possible result for {name}. Did you mean {readings}? "
            "Check the unit printed on your report."
        )
    else:
        limit = rules.plausibility
        message = (
            f"{typed} is not a possible result for {name} (results lie between "
            f"{show(limit.low, analyte.unit)} and {show(limit.high, analyte.unit)}); "
            "check the number and its unit."
        )
    return FieldError(field, message, IMPLAUSIBLE, tuple(suggestions))


# --------------------------------------------------------------------------- comparators


def _judged(value: float, comparator: str | None, decimals: int) -> float:
    """The value the rules judge: just beyond the bound on its side for "<" and ">"."""
    step = 10.0**-decimals
    if comparator == "<":
        return units.round_half_up(value - step, decimals)
    if comparator == ">":
        return units.round_half_up(value + step, decimals)
    return value


def _decision(value: float, reading: Reading, rules: AnalyteRules, rule: FeverRule) -> tuple:
    """What a value decides for the person: its flag and, for a white count, the fever edges."""
    low, high, _ = rules.range_used(reading.lab_low, reading.lab_high)
    flag = rules.flag(value, low, high)
    if reading.analyte.code in ("ANC", "WBC"):
        return flag, value < rule.anc_below, value < rule.urgent_anc_below
    return (flag,)


def _comparator_decides(reading: Reading, rules: AnalyteRules, rule: FeverRule) -> bool:
    """Whether every value the bound allows (down to the plausibility floor for "<", up
    to the ceiling for ">") gets the same flag and fever edges as the bound itself."""
    far = rules.plausibility.low if reading.comparator in ("<", "<=") else rules.plausibility.high
    if not _plausible(reading.judged, rules):
        return False
    return _decision(reading.judged, reading, rules, rule) == _decision(far, reading, rules, rule)


def _undecided(reading: Reading, number: float, ucum: str) -> FieldError:
    typed = f"{reading.comparator}{show(number, ucum)}"
    return FieldError(
        reading.field(),
        f"A result given as “{typed}” could lie on either side of a limit that changes what "
        "we would tell you, so we cannot read it. Enter the number itself if your report "
        "gives it, or ask the lab or your care team.",
        COMPARATOR_UNDECIDED,
    )
