"""Interpretation engine for an adult complete blood count (CBC).

Plain Python with no Django import: it runs in a view, a management command or
a test without settings or a database. It holds no clinical threshold: every
range, band, grade, critical limit, plausibility limit and the fever rule is
:class:`ReferenceData` passed in, loaded from board-reviewed content.

Use::

    from interpretation.engine import Measurement, Patient, interpret

    result = interpret(
        Patient(age=34, sex="female", temperature=101, temperature_unit="[degF]"),
        [Measurement("WBC", 3.4, "x10^9/L"), Measurement("ANC", 1207, "/µL")],
        data,
    )
    result.instruction  # the one thing to do, or None
    result.findings  # mild neutropenia, mild leukopenia

The package is split by job: :mod:`.types` (inputs, outputs, errors),
:mod:`.units` (unit spellings and conversions), :mod:`.reference` (reference
data rows, checked when built) and :mod:`.rules` (what applies to a person),
:mod:`.validation` (input checks, unit mix-ups, plausibility, contradictions),
:mod:`.alerts` (fever and critical values, the one instruction) and
:mod:`.interpret` (the interpretation).
"""

from .interpret import ADULT_AGE, interpret
from .reference import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradeBand,
    PlausibilityLimit,
    ReferenceData,
    ReferenceDataError,
    ReferenceRange,
    SeverityBand,
    grade_problems,
    severity_band_problems,
)
from .rules import DUFFY_NULL, GENERAL, NO_FINDING_BAND
from .types import (
    ACTION_LEVELS,
    COMPARATOR_UNDECIDED,
    COMPARATORS,
    CONTRADICTION,
    DECLINED_AGE,
    DECLINED_ANTICANCER_TREATMENT,
    DECLINED_PREGNANCY,
    EMERGENCY,
    FLAGGED,
    IMPLAUSIBLE,
    INVALID,
    NON_URGENT,
    SAME_DAY,
    Alert,
    FieldError,
    Finding,
    GuidanceKey,
    InputErrors,
    Instruction,
    Interpretation,
    Measurement,
    Patient,
    UnitSuggestion,
    ValueResult,
)
from .units import UnitError

__all__ = [
    "ACTION_LEVELS",
    "ADULT_AGE",
    "COMPARATORS",
    "COMPARATOR_UNDECIDED",
    "CONTRADICTION",
    "DECLINED_AGE",
    "DECLINED_ANTICANCER_TREATMENT",
    "DECLINED_PREGNANCY",
    "DUFFY_NULL",
    "EMERGENCY",
    "FLAGGED",
    "GENERAL",
    "IMPLAUSIBLE",
    "INVALID",
    "NON_URGENT",
    "NO_FINDING_BAND",
    "SAME_DAY",
    "Alert",
    "Analyte",
    "CriticalLimit",
    "FeverRule",
    "FieldError",
    "Finding",
    "GradeBand",
    "GuidanceKey",
    "InputErrors",
    "Instruction",
    "Interpretation",
    "Measurement",
    "Patient",
    "PlausibilityLimit",
    "ReferenceData",
    "ReferenceDataError",
    "ReferenceRange",
    "SeverityBand",
    "UnitError",
    "UnitSuggestion",
    "ValueResult",
    "grade_problems",
    "interpret",
    "severity_band_problems",
]
