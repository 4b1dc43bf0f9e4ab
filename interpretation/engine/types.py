"""What a caller gives the engine and what it gets back.

Inputs: :class:`Measurement` (one value as entered) and :class:`Patient`
(what the person tells us). Output: :class:`Interpretation`, or
:class:`InputErrors` when the input cannot be interpreted. Every type is a
frozen dataclass, so results compare and hash by value.
"""

from __future__ import annotations

from dataclasses import dataclass

# Action levels of an alert, most urgent first.
EMERGENCY = "emergency"  # seek care now
SAME_DAY = "same_day"  # contact a clinician today
NON_URGENT = "non_urgent"  # guidance on when to get care; not an emergency
ACTION_LEVELS = (EMERGENCY, SAME_DAY, NON_URGENT)

# FHIR v3 ObservationInterpretation codes the engine gives a value.
FLAGS = ("N", "L", "H", "LL", "HH", "A")
FLAGGED = frozenset({"L", "H", "LL", "HH", "A"})

# FHIR Quantity.comparator codes accepted on a Measurement.
COMPARATORS = ("<", "<=", ">=", ">")

# Reasons the engine declines to interpret (it never declines an alert).
DECLINED_AGE = "age"
DECLINED_PREGNANCY = "pregnancy"
DECLINED_ANTICANCER_TREATMENT = "anticancer_treatment"

# Codes of input errors; a form or an API chooses what to ask by them.
INVALID = "invalid"  # not a number, unknown unit, missing field...
IMPLAUSIBLE = "implausible"  # outside the analyte's plausibility limits
CONTRADICTION = "contradiction"  # a typed ANC disagrees with WBC × %
COMPARATOR_UNDECIDED = "comparator_undecided"  # "<5" could be normal or low


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Measurement:
    """A value as entered. ``analyte`` is a code (WBC, ANC...) or any of its LOINC codes.

    ``value`` may be numeric text straight from a form (" 3.4 "); anything that
    is not a finite number is an input error, never an exception. ``unit`` is
    any accepted spelling (see :mod:`.units`); the lab's own range
    (``lab_low``, ``lab_high``) is in the same unit.

    ``comparator`` ("<", "<=", ">=", ">") says the lab printed a bound rather
    than a number, as in "<0.1"; a text value may also start with one. How a
    bound is read is explained in :func:`~.interpret.interpret`.
    """

    analyte: str
    value: float | int | str
    unit: str
    lab_low: float | int | str | None = None
    lab_high: float | int | str | None = None
    comparator: str | None = None


@dataclass(frozen=True)
class Patient:
    """What the person tells us.

    ``temperature`` is in ``temperature_unit`` ("Cel", "[degF]" or a spelling
    such as "°F"); ``fever_sustained_1h`` says it stayed at least that high for
    an hour. ``duffy_null`` only when a blood test showed it (never inferred).
    ``anticancer_treatment``: having anticancer treatment now;
    ``days_since_anticancer_treatment``: days since the last treatment, when
    known (0 is today). Either one within the fever rule's treatment window
    makes a fever an emergency whatever the counts show.
    """

    age: int | None
    sex: str | None
    temperature: float | int | str | None = None
    temperature_unit: str = "Cel"
    fever_sustained_1h: bool = False
    pregnant: bool = False
    duffy_null: bool = False
    anticancer_treatment: bool = False
    days_since_anticancer_treatment: int | None = None


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class ValueResult:
    """One value, converted and judged.

    ``value``, ``low`` and ``high`` are in the canonical ``unit``;
    ``entered_unit`` is the UCUM form of the unit typed (None for a computed
    ANC). ``comparator`` is kept from the input ("<" for "<0.1"; ``value`` is
    then the bound). ``range_source`` says which range gave ``low`` and
    ``high``: "default" (the general adult range), "duffy_null" (the
    Duffy-null lower limit with the general upper limit) or "lab" (the
    reader's report, bound by bound). ``interpretation`` is a FHIR v3
    ObservationInterpretation code, or None when the engine declined to
    interpret (LL and HH are still given). ``band`` is the severity of the
    value: for an analyte with severity bands (ANC) the band it lies in ("mild"...),
    "none" in the band of no finding; for another analyte with a low finding,
    that finding's severity from its CTCAE grade. It is None when no band may
    be attached: no finding, declined, or a Duffy-null reader's ANC below the
    fixed band edge yet within their own range. ``band_detail`` names a
    sub-band (agranulocytosis, profound).
    """

    analyte: str
    loinc: str
    name: str
    value: float
    unit: str
    entered_value: float | None
    entered_unit: str | None
    low: float | None
    high: float | None
    range_source: str | None
    interpretation: str | None
    computed: bool
    band: str | None
    grade: int | None
    grade_version: str | None
    grade_table: str | None
    band_detail: str | None = None
    comparator: str | None = None


@dataclass(frozen=True)
class Finding:
    """A finding (``neutropenia``...) with its severity and the analytes behind it."""

    code: str
    severity: str | None
    analytes: tuple[str, ...]
    detail: str | None = None


@dataclass(frozen=True)
class Alert:
    """Something to act on, at an action ``level`` (:data:`ACTION_LEVELS`).

    ``message_key`` names the board-approved text and says what triggered the
    alert: ``febrile_neutropenia``, ``fever_with_low_anc``,
    ``fever_during_anticancer_treatment``, ``fever_with_low_wbc_no_anc``,
    ``fever`` (non-urgent guidance) or ``critical_value.<analyte>.<low|high>``.
    ``analytes`` are the values it speaks of.
    """

    code: str
    level: str
    message_key: str
    analytes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instruction:
    """The one thing to do, the most urgent of the alerts: never "today" beside "now".

    ``message_key`` is ``instruction.<level>``; ``alerts`` are the alerts at
    that level, the reasons to give for it.
    """

    level: str
    message_key: str
    alerts: tuple[Alert, ...]


@dataclass(frozen=True)
class GuidanceKey:
    """A guidance block to show: a finding or alert code and its severity or level."""

    finding: str
    severity: str | None


@dataclass(frozen=True)
class Interpretation:
    """The engine's answer.

    ``alerts`` are most urgent first and ``instruction`` is the one to show
    (None when there is no alert). When ``declined_reason`` is set ("age",
    "pregnancy", "anticancer_treatment"), ``findings`` is empty but alerts
    are kept. ``fever`` says whether the temperature meets the fever rule.
    The engine gives codes and keys, never sentences: every word shown comes
    from approved guidance (``interpretation.wording``).
    """

    values: tuple[ValueResult, ...]
    findings: tuple[Finding, ...]
    alerts: tuple[Alert, ...]
    instruction: Instruction | None
    guidance_keys: tuple[GuidanceKey, ...]
    declined_reason: str | None = None
    fever: bool = False

    @property
    def any_flagged(self) -> bool:
        """Whether any value is flagged L, H, LL, HH or A."""
        return any(value.interpretation in FLAGGED for value in self.values)

    @property
    def reassurance_allowed(self) -> bool:
        """Whether "within the usual ranges" may be said: interpreted, nothing
        flagged, no finding, no alert and no fever."""
        return not (
            self.declined_reason or self.any_flagged or self.findings or self.alerts or self.fever
        )


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class UnitSuggestion:
    """Another reading of an implausible number: ``value`` in ``unit`` (UCUM), which is
    ``canonical_value`` in ``canonical_unit``, e.g. 1207 /uL = 1.207 10*9/L."""

    unit: str
    value: float
    canonical_value: float
    canonical_unit: str


@dataclass(frozen=True)
class FieldError:
    """One problem with the input.

    ``field`` is like ``values[1].value`` (or ``age``, ``temperature``);
    ``message`` is a sentence for the person. ``code`` is one of
    :data:`INVALID`, :data:`IMPLAUSIBLE`, :data:`CONTRADICTION`,
    :data:`COMPARATOR_UNDECIDED`. ``suggestions`` are the readings to offer
    ("did you mean …?"); ``related`` names the other fields involved (a
    contradiction names the WBC and percentage fields beside the ANC).
    """

    field: str
    message: str
    code: str = INVALID
    suggestions: tuple[UnitSuggestion, ...] = ()
    related: tuple[str, ...] = ()


class InputErrors(ValueError):
    """Every problem found in the input at once, for a form to show beside its fields.

    The input is not interpreted, but alerts that already hold are not lost:
    ``provisional_alerts`` and ``provisional_instruction`` come from the values
    that passed their checks (with a contradicted ANC, the lower of the two
    readings), so a form or an API can still lead with "seek care now".
    """

    def __init__(
        self,
        errors: list[FieldError],
        *,
        alerts: tuple[Alert, ...] = (),
        instruction: Instruction | None = None,
    ) -> None:
        super().__init__(" ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = list(errors)
        self.provisional_alerts = tuple(alerts)
        self.provisional_instruction = instruction
