"""What passed the input checks: the person's details and each value, in canonical units.

Internal to the engine (the public types are in :mod:`.types`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import units
from .reference import Analyte, FeverRule
from .types import FieldError


@dataclass(frozen=True)
class Person:
    """The patient's details once checked; the temperature in °C, rounded to 0.01."""

    age: int | None
    sex: str | None
    temperature_c: float | None
    fever_sustained_1h: bool
    pregnant: bool
    duffy_null: bool
    anticancer_treatment: bool
    days_since_anticancer_treatment: int | None

    def has_fever(self, rule: FeverRule) -> bool:
        t = self.temperature_c
        if t is None:
            return False
        return t >= rule.single_c or (self.fever_sustained_1h and t >= rule.sustained_c)

    def treatment_active(self, rule: FeverRule) -> bool:
        """Having anticancer treatment now, or had it within the rule's window."""
        days = self.days_since_anticancer_treatment
        return self.anticancer_treatment or (
            days is not None and days <= rule.treatment_window_days
        )


@dataclass(slots=True)
class Reading:
    """A value that passed its checks, in the canonical unit of its analyte.

    ``value`` is what is shown (for "<0.1", the bound 0.1); ``judged`` is what
    the rules are applied to (just under 0.1). ``index`` is the position in the
    input, None for a computed ANC; ``printed`` is the number as entered, as
    text, for the rounding check.
    """

    analyte: Analyte
    value: float
    judged: float
    index: int | None
    entered_value: float | None = None
    entered_unit: str | None = None
    printed: str | None = None
    comparator: str | None = None
    lab_low: float | None = None
    lab_high: float | None = None

    def field(self, name: str = "value") -> str:
        return f"values[{self.index}].{name}"


@dataclass(frozen=True)
class CheckedInput:
    """What passed the checks, and every error. ``for_alerts`` are the readings alerts
    may use while errors are open: a contradicted ANC is replaced by the lower reading."""

    person: Person
    readings: dict[str, Reading]
    for_alerts: dict[str, Reading]
    errors: list[FieldError]


def as_number(raw: object) -> float | None:
    """A finite float from an int, a float or numeric text; None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        text = raw.strip()
        # float() also takes "1_000", "nan" and "infinity"; none is a lab value.
        if "_" in text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    elif isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def show(value: float, ucum: str) -> str:
    """A value for a sentence: '5.1 ×10⁹/L' (no trailing zeros)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:g}"
    return f"{text} {units.display_unit(ucum)}"


def for_sentence(name: str) -> str:
    """'White blood cells' → 'white blood cells'; 'ANC' stays 'ANC'."""
    if len(name) > 1 and name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]
