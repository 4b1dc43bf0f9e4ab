"""Reviewed reference data for the interpretation engine, and its guidance text.

Every threshold that changes what a reader is told is medical content: each row
here is reviewable through the same workflow as articles, and the engine and
the result page read only what its approved revision says (never a working
copy, never a revision waiting for the board). At most one rule of each kind is
in force, and the database holds that: one range per analyte, sex and
population; one critical limit, one plausibility limit and one set of severity
bands per analyte; one fever rule row ever (a change is a new revision of it);
one guidance block per slot. A second one is refused with a sentence saying so.
"""

from .base import (
    CANONICAL_UNITS,
    ActionLevel,
    Population,
    ReferenceContent,
    Severity,
    Sex,
    UnitKind,
)
from .cases import ClinicalTestCase
from .guidance import GuidanceBlock
from .reference import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradingTable,
    PlausibilityLimit,
    ReferenceRange,
    SeverityScale,
)

REFERENCE_MODELS = (
    Analyte,
    ReferenceRange,
    SeverityScale,
    GradingTable,
    CriticalLimit,
    PlausibilityLimit,
    FeverRule,
)
# What the engine and the result page read: reference data and the page's wording.
READER_MODELS = (*REFERENCE_MODELS, GuidanceBlock)
REVIEWABLE_MODELS = (*READER_MODELS, ClinicalTestCase)

__all__ = [
    "CANONICAL_UNITS",
    "REFERENCE_MODELS",
    "READER_MODELS",
    "REVIEWABLE_MODELS",
    "ActionLevel",
    "Analyte",
    "ClinicalTestCase",
    "CriticalLimit",
    "FeverRule",
    "GradingTable",
    "GuidanceBlock",
    "PlausibilityLimit",
    "Population",
    "ReferenceContent",
    "ReferenceRange",
    "Severity",
    "SeverityScale",
    "Sex",
    "UnitKind",
]
