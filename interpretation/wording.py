"""Where every sentence of the result page comes from: the slots of approved guidance.

Plain Python with no Django import. The page, the JSON API and the FHIR
conclusion say nothing of their own: each sentence is the approved text of a
:class:`~interpretation.models.GuidanceBlock` filling one *slot*, a ``(key,
severity, section, audience)``:

* a finding code (``neutropenia``, ``anemia``…: the engine's): its ``headline``
  phrase and the guidance sections (``meaning``, ``infection_risk``, ``causes``,
  ``next_steps``, ``seek_care``, ``monitoring``);
* ``leukopenia_with_neutropenia``: the ``headline`` when both are low;
* ``normal`` (nothing flagged, no alert, no fever) and ``flagged`` (values
  outside the range used, without a finding): ``headline`` and guidance sections;
* ``duffy_null`` (a Duffy-null range was used): guidance sections;
* an alert's message key (``febrile_neutropenia``, ``fever``,
  ``critical_value.PLT.low``…): ``alert``, the box text naming what triggered
  it, and guidance sections; ``fever`` also a ``headline``;
* ``instruction.<level>``, the one instruction (``emergency``: seek care now,
  ``same_day``, ``non_urgent``: fever guidance): ``instruction``;
* ``declined.<reason>`` (``age``, ``pregnancy``, ``anticancer_treatment``):
  ``declined``, why the values are not interpreted;
* ``page``, the page's own headings: a guidance section, ``findings`` or
  ``values``, whose title is that part's heading.

A block for a severity ("mild") is used for that severity; a block with no
severity for every severity. A block for an audience is used for that
audience; the default block (no audience) for everyone else
(:func:`find_block`). What must exist for the reference data in force is
:func:`required_slots`: ``manage.py check`` reports any slot without an
approved block (``interpretation.checks``), and the page never fills a gap
with words of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from .engine import (
    DECLINED_AGE,
    DECLINED_ANTICANCER_TREATMENT,
    DECLINED_PREGNANCY,
    DUFFY_NULL,
    EMERGENCY,
    NO_FINDING_BAND,
    NON_URGENT,
    SAME_DAY,
    ReferenceData,
)
from .engine.rules import HIGH_FINDINGS, LOW_FINDINGS

# --------------------------------------------------------------------------- sections

GUIDANCE_SECTIONS = ("meaning", "infection_risk", "causes", "next_steps", "seek_care", "monitoring")
# Parts of the page with a heading of their own but no guidance: the findings list, the values.
PAGE_PARTS = ("findings", "values")
HEADLINE = "headline"
ALERT = "alert"
INSTRUCTION = "instruction"
DECLINED = "declined"

SECTION_CHOICES = [
    ("meaning", "What this means"),
    ("infection_risk", "Infection risk"),
    ("causes", "Causes to investigate"),
    ("next_steps", "Next steps"),
    ("seek_care", "When to seek care now"),
    ("monitoring", "Monitoring"),
    ("findings", "What we found (the page's heading)"),
    ("values", "Your numbers (the page's heading)"),
    (HEADLINE, "Headline (the title is the phrase; no text needed)"),
    (ALERT, "Alert box (what triggered it)"),
    (INSTRUCTION, "The one instruction"),
    (DECLINED, "Why we cannot interpret"),
]

# Sections whose block is shown by its title alone.
TITLE_ONLY = (HEADLINE,)

# --------------------------------------------------------------------------- keys

#: The analytes a CBC report prints (vocabulary: the codes critical-value slots may name).
PANEL = ("WBC", "ANC", "NEUT_PCT", "BANDS_PCT", "ALC", "HGB", "HCT", "MCV", "PLT")

FINDING_LABELS = {
    "neutropenia": "Neutropenia",
    "leukopenia": "Leukopenia",
    "lymphopenia": "Lymphopenia",
    "anemia": "Anemia",
    "thrombocytopenia": "Thrombocytopenia",
    "pancytopenia": "Pancytopenia",
    "leukocytosis": "Leukocytosis",
    "neutrophilia": "Neutrophilia",
    "thrombocytosis": "Thrombocytosis",
}
LEUKOPENIA_WITH_NEUTROPENIA = "leukopenia_with_neutropenia"
NORMAL = "normal"
FLAGGED = "flagged"
DUFFY = DUFFY_NULL
PAGE = "page"
FEVER = "fever"

FEVER_ALERTS = {
    "febrile_neutropenia": "Febrile neutropenia",
    "fever_with_low_anc": "Fever with a low neutrophil count",
    "fever_during_anticancer_treatment": "Fever during anticancer treatment",
    "fever_with_low_wbc_no_anc": "Fever with a low white cell count and no neutrophil count",
    FEVER: "Fever with no low count",
}
LEVELS = {
    EMERGENCY: "Seek care now",
    SAME_DAY: "Contact a clinician today",
    NON_URGENT: "Fever guidance: when to get care",
}
DECLINES = {
    DECLINED_AGE: "Under 18",
    DECLINED_PREGNANCY: "Pregnancy",
    DECLINED_ANTICANCER_TREATMENT: "Anticancer treatment",
}


def critical_key(code: str, side: str) -> str:
    """The message key of a critical-value alert, as the engine names it."""
    return f"critical_value.{code}.{side}"


def instruction_key(level: str) -> str:
    return f"instruction.{level}"


def declined_key(reason: str) -> str:
    return f"declined.{reason}"


CRITICAL_KEYS = {
    critical_key(code, side): f"Critical value: {code} {'below' if side == 'low' else 'above'}"
    for code in PANEL
    for side in ("low", "high")
}

KEY_CHOICES = [
    ("Findings", list(FINDING_LABELS.items())),
    (
        "The page",
        [
            (LEUKOPENIA_WITH_NEUTROPENIA, "Leukopenia with neutropenia (headline)"),
            (NORMAL, "Nothing flagged"),
            (FLAGGED, "Outside the range used, without a finding"),
            (DUFFY, "Duffy-null range used"),
            (PAGE, "Section headings of the page"),
        ],
    ),
    ("Fever alerts", list(FEVER_ALERTS.items())),
    ("Critical-value alerts", list(CRITICAL_KEYS.items())),
    ("Instructions", [(instruction_key(level), label) for level, label in LEVELS.items()]),
    ("Declines", [(declined_key(reason), label) for reason, label in DECLINES.items()]),
]

ALERT_KEYS = (*FEVER_ALERTS, *CRITICAL_KEYS)
INSTRUCTION_KEYS = tuple(instruction_key(level) for level in LEVELS)
DECLINE_KEYS = tuple(declined_key(reason) for reason in DECLINES)


def title_only(key: str, section: str) -> bool:
    """Whether a block is shown by its title alone (a headline phrase, a section heading)."""
    return section in TITLE_ONLY or key == PAGE


def sections_for(key: str) -> tuple[str, ...]:
    """The sections a block of ``key`` may fill (the table in the module docstring)."""
    if key in INSTRUCTION_KEYS:
        return (INSTRUCTION,)
    if key in DECLINE_KEYS:
        return (DECLINED,)
    if key == LEUKOPENIA_WITH_NEUTROPENIA:
        return (HEADLINE,)
    if key == PAGE:
        return (*GUIDANCE_SECTIONS, *PAGE_PARTS)
    if key == DUFFY:
        return GUIDANCE_SECTIONS
    if key in ALERT_KEYS:
        return (ALERT, *GUIDANCE_SECTIONS, *((HEADLINE,) if key == FEVER else ()))
    if key in FINDING_LABELS or key in (NORMAL, FLAGGED):
        return (HEADLINE, *GUIDANCE_SECTIONS)
    return ()


# --------------------------------------------------------------------------- finding a block

T = TypeVar("T")
Slots = Mapping[tuple[str, str, str, str], T]


def find_block(blocks: Slots, key: str, severity: str | None, section: str, audience: str | None):
    """The block for a slot: the most specific of (severity, audience), (severity, default),
    (any severity, audience), (any severity, default); None when there is none."""
    severity, audience = severity or "", audience or ""
    for slot in (
        (key, severity, section, audience),
        (key, severity, section, ""),
        (key, "", section, audience),
        (key, "", section, ""),
    ):
        found = blocks.get(slot)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- what must exist


@dataclass(frozen=True)
class Slot:
    """A default-audience slot the page may need, and why (for the check's message)."""

    key: str
    severity: str
    section: str
    why: str


def _severities(data: ReferenceData, code: str) -> tuple[str, ...]:
    """The severities a finding of analyte ``code`` can carry."""
    bands = [b.code for b in data.bands_for(code) if b.code != NO_FINDING_BAND]
    return tuple(bands) if bands else ("", "mild", "moderate", "severe")


def required_slots(data: ReferenceData) -> list[Slot]:
    """Every slot the page, the API or FHIR may show for the reference data ``data``."""
    present = {analyte.code for analyte in data.analytes}
    slots: list[Slot] = []

    def need(key: str, section: str, why: str, severities=("",)) -> None:
        slots.extend(Slot(key, severity, section, why) for severity in severities)

    for code, finding in LOW_FINDINGS.items():
        if code in present:
            for section in (HEADLINE, "meaning"):
                need(finding, section, f"the finding {finding}", _severities(data, code))
    for code, finding in HIGH_FINDINGS.items():
        if code in present:
            for section in (HEADLINE, "meaning"):
                need(finding, section, f"the finding {finding}")
    if {"HGB", "PLT"} <= present and present & {"WBC", "ANC"}:
        for section in (HEADLINE, "meaning"):
            need("pancytopenia", section, "the finding pancytopenia")
    if {"WBC", "ANC"} <= present:
        need(
            LEUKOPENIA_WITH_NEUTROPENIA,
            HEADLINE,
            "leukopenia with neutropenia",
            _severities(data, "ANC"),
        )
    need(NORMAL, HEADLINE, "a result with nothing flagged")
    need(NORMAL, "meaning", "a result with nothing flagged")
    need(FLAGGED, HEADLINE, "values outside the range used without a finding")
    if any(r.population == DUFFY for r in data.ranges):
        need(DUFFY, "meaning", "a Duffy-null range")
    for section in (*GUIDANCE_SECTIONS, *PAGE_PARTS):
        need(PAGE, section, f"the heading of the part {section}")
    for key in FEVER_ALERTS:
        need(key, ALERT, f"the alert {key}")
    need(FEVER, HEADLINE, "a fever with no finding")
    levels = {EMERGENCY, NON_URGENT}  # the fever rule's
    for limit in data.critical_limits:
        for side, value, action in (
            ("low", limit.low, limit.low_action),
            ("high", limit.high, limit.high_action),
        ):
            if value is not None:
                need(critical_key(limit.analyte, side), ALERT, f"the critical {side} limit")
                levels.add(action)
    for level in LEVELS:
        if level in levels:
            need(instruction_key(level), INSTRUCTION, f"the instruction at level {level}")
    for reason in DECLINES:
        need(declined_key(reason), DECLINED, f"a result declined for {reason}")
    return slots


def missing_slots(data: ReferenceData, blocks: Slots) -> list[Slot]:
    """The required slots that no block fills."""
    return [
        slot
        for slot in required_slots(data)
        if find_block(blocks, slot.key, slot.severity, slot.section, "") is None
    ]
