"""Interpretation engine for an adult complete blood count (CBC).

Plain Python with no Django import: it runs in a view, a management command or
a test without settings or a database.

The engine holds no clinical thresholds. Reference ranges, severity bands,
CTCAE grades, critical limits and the fever rule are *inputs*
(:class:`ReferenceData`), loaded from board-reviewed content; the engine only
knows the vocabulary (analyte codes WBC, ANC, NEUT_PCT, BANDS_PCT, ALC, HGB,
HCT, MCV, PLT and the names of findings) and how to apply the data.

Design choices (each is also noted where it is applied):

* Values are converted to the canonical unit and rounded to
  :data:`units.CANONICAL_DECIMALS` (3 decimals ×10⁹/L for counts, one cell per
  µL). The rounded value is both shown and judged, so a page never shows a
  value beside a band it does not belong to.
* Neutropenia threshold: the lower bound of the ANC band coded ``"none"``
  (1.5 ×10⁹/L), unless the lower limit is specific to the person (printed by
  their lab, or the Duffy-null range), which then replaces it. So with the
  default range (1.8 to 7.7) an ANC of 1.6 is flagged L but is not neutropenia.
  Other low findings use the lower limit of the range used.
* Severity of a low finding: from the analyte's severity bands when the data
  has them (ANC); otherwise from the CTCAE grade (1 mild, 2 moderate, 3 or 4
  severe). For WBC this is exactly "mild ≥ 3.0, moderate ≥ 2.0, else severe".
* CTCAE grades are applied as published: grade 1 needs a value below the
  lower limit of the range used; grades 2 to 4 are numeric.
* Unknown sex: the range with sex None if the data has one, otherwise the
  widest (lowest low, highest high) of the sex-specific ranges, so a value is
  flagged only when it would be for either sex.
* Declines (age under 18, pregnancy, chemotherapy) withhold interpretation but
  never an urgent alert: fever and critical-value alerts are always computed.
  Under 18 or pregnant: no ranges, flags (except LL/HH), bands or grades.
  On chemotherapy: flags and CTCAE grades are kept, no bands or findings.
* Fever alerts use the ANC, or the WBC when no ANC is known (the ANC cannot
  exceed the WBC, so a WBC below a threshold proves the ANC is too).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, make_dataclass
from typing import NamedTuple

from interpretation import units
from interpretation.units import UnitError

__all__ = [
    "Alert",
    "Analyte",
    "CriticalLimit",
    "FeverRule",
    "FieldError",
    "Finding",
    "GradeBand",
    "GuidanceKey",
    "InputErrors",
    "Interpretation",
    "Measurement",
    "Patient",
    "ReferenceData",
    "ReferenceDataError",
    "ReferenceRange",
    "SeverityBand",
    "ValueResult",
    "interpret",
]

SEXES = ("female", "male")
GENERAL = "general"
DUFFY_NULL = "duffy_null"
POPULATIONS = (GENERAL, DUFFY_NULL)

# The code of the severity band that means "no finding" (ANC ≥ 1.5).
NO_FINDING_BAND = "none"

# Finding names per analyte: vocabulary, not thresholds. Order is the order of
# findings and guidance blocks on the page (pancytopenia is placed before these).
_LOW_FINDINGS: tuple[tuple[str, str], ...] = (
    ("ANC", "neutropenia"),
    ("WBC", "leukopenia"),
    ("HGB", "anemia"),
    ("PLT", "thrombocytopenia"),
    ("ALC", "lymphopenia"),
)
_HIGH_FINDINGS: tuple[tuple[str, str], ...] = (
    ("WBC", "leukocytosis"),
    ("ANC", "neutrophilia"),
    ("PLT", "thrombocytosis"),
)
_LOW_FINDING_BY_CODE = dict(_LOW_FINDINGS)
# Severity words when they come from a CTCAE grade (analytes without bands).
_GRADE_SEVERITY = {1: "mild", 2: "moderate", 3: "severe", 4: "severe"}

# The engine's scope, not a threshold on a value: it reads adults' results only
# (children have age-specific ranges), so this is the age it declines below.
ADULT_AGE = 18

# Plausible body temperatures in °C: input validation, not a clinical threshold.
_TEMPERATURE_RANGE_C = (25.0, 45.0)
_MAX_AGE = 130

_NEG_INF = -math.inf
_POS_INF = math.inf

_DECLINE_AGE = (
    "We cannot interpret these results because they are for someone under 18: "
    "children have age-specific ranges that this tool does not use. "
    "Please go through the results with the child's care team."
)
_DECLINE_PREGNANCY = (
    "We cannot interpret these results during pregnancy: blood counts change in "
    "pregnancy and this tool does not use pregnancy ranges. "
    "Please go through the results with your midwife or doctor."
)
_DECLINE_CHEMOTHERAPY = (
    "We show the CTCAE grades and any fever alert, but we cannot interpret these "
    "results during chemotherapy: counts are expected to change with treatment and "
    "your care team knows your treatment plan. Follow their advice, and contact "
    "them straight away if you have a fever."
)


# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True, slots=True)
class Analyte:
    """A test of the panel: ``kind`` is a :mod:`units` kind, ``unit`` its canonical UCUM unit."""

    code: str
    name: str
    loinc: str
    kind: str
    unit: str
    loinc_aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """A default range in the canonical unit. ``sex`` None means any sex."""

    analyte: str
    low: float | None
    high: float | None
    sex: str | None = None
    population: str = GENERAL


@dataclass(frozen=True, slots=True)
class SeverityBand:
    """A clinical severity band: ``lower`` ≤ value < ``upper``; None is −∞ / +∞.

    Top-level bands (no parent) must tile the whole line. Child bands name a
    part of their parent (agranulocytosis and profound within severe).
    """

    analyte: str
    code: str
    label: str
    lower: float | None
    upper: float | None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade of a grading table (CTCAE): ``lower`` ≤ value < ``upper``.

    ``lower`` None is −∞; ``upper`` None is the lower limit of normal of the
    range used for the person, resolved at run time (CTCAE grade 1, "< LLN").
    """

    analyte: str
    table: str
    version: str
    grade: int
    lower: float | None
    upper: float | None


@dataclass(frozen=True, slots=True)
class CriticalLimit:
    """Values below ``low`` are flagged LL, above ``high`` HH (strict comparisons)."""

    analyte: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class FeverRule:
    """Febrile neutropenia (IDSA): a single temperature ≥ ``single_c``, or ≥
    ``sustained_c`` over an hour, with ANC < ``anc_below``; fever with ANC <
    ``urgent_anc_below`` must lead with "seek care now". Supplied by the caller."""

    single_c: float = 38.3
    sustained_c: float = 38.0
    anc_below: float = 0.5
    urgent_anc_below: float = 1.0


class ReferenceDataError(ValueError):
    """Reference data that cannot be applied safely (a gap between bands, an unknown analyte)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _GradeTable:
    table: str
    version: str
    # (lower, upper, grade) with lower −∞ for None and upper None for the LLN.
    bands: tuple[tuple[float, float | None, int], ...]
    # Grades fall as values rise and the bands are contiguous, so nothing at or
    # above the top band's upper bound has a grade (its lower bound when that band
    # runs up to the LLN, which the LLN then raises): most values stop here.
    ceiling: float = field(init=False)
    open_top: bool = field(init=False)

    def __post_init__(self) -> None:
        lower, upper, _ = self.bands[-1]
        object.__setattr__(self, "open_top", upper is None)
        object.__setattr__(self, "ceiling", lower if upper is None else upper)


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        parts.append(int(part) if part.isdigit() else -1)
    return tuple(parts)


def _finite_or_none(value: object) -> bool:
    return value is None or (
        isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    )


# Per analyte, for one kind of person: (critical low, critical high, range low,
# range high, range source, whether the low is the person's own, grade table,
# top severity bands, lower bound of the "none" band, low finding code).
_Profile = tuple[
    float,
    float,
    "float | None",
    "float | None",
    "str | None",
    bool,
    "_GradeTable | None",
    "tuple[tuple[float, float, SeverityBand], ...] | None",
    "float | None",
    "str | None",
]


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Everything the engine applies, checked once when built.

    Building raises :class:`ReferenceDataError` listing every problem, so the
    admin can validate board-reviewed content before it is published.
    ``grade_version`` chooses a grading version (e.g. "5.0") when several are
    stored; by default the highest version stored for each analyte is used.
    """

    analytes: tuple[Analyte, ...]
    ranges: tuple[ReferenceRange, ...]
    bands: tuple[SeverityBand, ...]
    grades: tuple[GradeBand, ...]
    critical_limits: tuple[CriticalLimit, ...]
    fever_rule: FeverRule
    grade_version: str | None = None

    # Lookup tables built in __post_init__ so interpret() does only dict lookups.
    _by_key: dict[str, Analyte] = field(init=False, repr=False, compare=False)
    _by_code: dict[str, Analyte] = field(init=False, repr=False, compare=False)
    _order: dict[str, int] = field(init=False, repr=False, compare=False)
    _range_table: dict[tuple[str, str | None, str], ReferenceRange] = field(
        init=False, repr=False, compare=False
    )
    _top_bands: dict[str, tuple[tuple[float, float, SeverityBand], ...]] = field(
        init=False, repr=False, compare=False
    )
    _child_bands: dict[tuple[str, str], tuple[tuple[float, float, SeverityBand], ...]] = field(
        init=False, repr=False, compare=False
    )
    _grade_tables: dict[str, _GradeTable] = field(init=False, repr=False, compare=False)
    _critical: dict[str, tuple[float, float]] = field(init=False, repr=False, compare=False)
    _profiles: dict[tuple[str | None, bool], dict[str, _Profile]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for name in ("analytes", "ranges", "bands", "grades", "critical_limits"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        problems: list[str] = []
        self._index_analytes(problems)
        self._index_ranges(problems)
        self._index_bands(problems)
        self._index_grades(problems)
        self._index_critical(problems)
        rule = self.fever_rule
        if not all(
            _finite_or_none(v) and v is not None
            for v in (rule.single_c, rule.sustained_c, rule.anc_below, rule.urgent_anc_below)
        ):
            problems.append("The fever rule needs four finite numbers.")
        if problems:
            raise ReferenceDataError(problems)
        self._build_profiles()

    # -- building the indexes

    def _index_analytes(self, problems: list[str]) -> None:
        by_key: dict[str, Analyte] = {}
        by_code: dict[str, Analyte] = {}
        for analyte in self.analytes:
            if analyte.kind not in units.CANONICAL_UNIT:
                problems.append(f"{analyte.code}: unknown kind {analyte.kind!r}.")
            elif analyte.unit != units.CANONICAL_UNIT[analyte.kind]:
                problems.append(
                    f"{analyte.code}: unit must be {units.CANONICAL_UNIT[analyte.kind]!r}, "
                    f"the canonical unit of {analyte.kind}."
                )
            if analyte.code in by_code:
                problems.append(f"{analyte.code}: analyte defined twice.")
            by_code[analyte.code] = analyte
            for key in (analyte.code, analyte.code.upper(), analyte.loinc, *analyte.loinc_aliases):
                other = by_key.get(key)
                if other is not None and other.code != analyte.code:
                    problems.append(f"{key} names both {other.code} and {analyte.code}.")
                by_key[key] = analyte
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_order", {a.code: i for i, a in enumerate(self.analytes)})

    def _known(self, code: str, what: str, problems: list[str]) -> bool:
        if code not in self._by_code:
            problems.append(f"{what} refers to unknown analyte {code!r}.")
            return False
        return True

    def _index_ranges(self, problems: list[str]) -> None:
        table: dict[tuple[str, str | None, str], ReferenceRange] = {}
        for rng in self.ranges:
            label = f"Range {rng.analyte}/{rng.sex or 'any sex'}/{rng.population}"
            if not self._known(rng.analyte, label, problems):
                continue
            if rng.sex is not None and rng.sex not in SEXES:
                problems.append(f"{label}: sex must be female, male or None.")
            if rng.population not in POPULATIONS:
                problems.append(f"{label}: population must be one of {', '.join(POPULATIONS)}.")
            if not (_finite_or_none(rng.low) and _finite_or_none(rng.high)):
                problems.append(f"{label}: limits must be finite numbers or None.")
            elif rng.low is not None and rng.high is not None and rng.low >= rng.high:
                problems.append(f"{label}: low must be below high.")
            key = (rng.analyte, rng.sex, rng.population)
            if key in table:
                problems.append(f"{label}: defined twice.")
            table[key] = rng
        # Resolve every (analyte, sex, population) once, including unknown sex.
        resolved: dict[tuple[str, str | None, str], ReferenceRange] = {}
        for code in self._by_code:
            for population in POPULATIONS:
                for sex in (*SEXES, None):
                    found = _resolve_range(table, code, sex, population)
                    if found is not None:
                        resolved[(code, sex, population)] = found
        object.__setattr__(self, "_range_table", resolved)

    def _index_bands(self, problems: list[str]) -> None:
        top: dict[str, list[SeverityBand]] = {}
        children: dict[tuple[str, str], list[SeverityBand]] = {}
        for band in self.bands:
            if not self._known(band.analyte, f"Band {band.code}", problems):
                continue
            if not (_finite_or_none(band.lower) and _finite_or_none(band.upper)):
                problems.append(f"Band {band.analyte}/{band.code}: limits must be finite or None.")
                continue
            if band.parent is None:
                top.setdefault(band.analyte, []).append(band)
            else:
                children.setdefault((band.analyte, band.parent), []).append(band)
        top_index: dict[str, tuple[tuple[float, float, SeverityBand], ...]] = {}
        for code, bands in top.items():
            ordered = sorted(bands, key=lambda b: _NEG_INF if b.lower is None else b.lower)
            problems.extend(_contiguity_problems(f"Bands of {code}", ordered, open_top=True))
            if len({b.code for b in ordered}) != len(ordered):
                problems.append(f"Bands of {code}: a code is used twice.")
            top_index[code] = tuple((_lo(b.lower), _hi(b.upper), b) for b in ordered)
        child_index: dict[tuple[str, str], tuple[tuple[float, float, SeverityBand], ...]] = {}
        for (code, parent_code), bands in children.items():
            parent = next((b for _, _, b in top_index.get(code, ()) if b.code == parent_code), None)
            if parent is None:
                problems.append(f"Bands of {code}: parent {parent_code!r} is not a top band.")
                continue
            for band in bands:
                if _lo(band.lower) < _lo(parent.lower) or _hi(band.upper) > _hi(parent.upper):
                    problems.append(
                        f"Band {code}/{band.code} lies outside its parent {parent_code}."
                    )
            # Lowest upper bound first, so the first match is the most specific name
            # (profound < 0.1 before agranulocytosis < 0.2).
            ordered = sorted(bands, key=lambda b: (_hi(b.upper), -_lo(b.lower)))
            child_index[(code, parent_code)] = tuple(
                (_lo(b.lower), _hi(b.upper), b) for b in ordered
            )
        object.__setattr__(self, "_top_bands", top_index)
        object.__setattr__(self, "_child_bands", child_index)

    def _index_grades(self, problems: list[str]) -> None:
        groups: dict[tuple[str, str, str], list[GradeBand]] = {}
        for band in self.grades:
            if not self._known(band.analyte, f"Grade {band.grade}", problems):
                continue
            if not (_finite_or_none(band.lower) and _finite_or_none(band.upper)):
                problems.append(
                    f"Grade {band.analyte}/{band.grade}: limits must be finite or None."
                )
                continue
            groups.setdefault((band.analyte, band.table, band.version), []).append(band)
        chosen: dict[str, _GradeTable] = {}
        for (code, table, version), bands in groups.items():
            label = f"{table} {version} grades of {code}"
            ordered = sorted(bands, key=lambda b: _NEG_INF if b.lower is None else b.lower)
            problems.extend(_contiguity_problems(label, ordered, open_top=False))
            grades = [b.grade for b in ordered]
            if any(a <= b for a, b in zip(grades, grades[1:], strict=False)):
                problems.append(f"{label}: grades must fall as values rise.")
            if self.grade_version is not None and version != self.grade_version:
                continue
            current = chosen.get(code)
            if current is None or _version_key(version) > _version_key(current.version):
                chosen[code] = _GradeTable(
                    table, version, tuple((_lo(b.lower), b.upper, b.grade) for b in ordered)
                )
        object.__setattr__(self, "_grade_tables", chosen)

    def _index_critical(self, problems: list[str]) -> None:
        critical: dict[str, tuple[float, float]] = {}
        for limit in self.critical_limits:
            if not self._known(limit.analyte, "Critical limit", problems):
                continue
            if not (_finite_or_none(limit.low) and _finite_or_none(limit.high)):
                problems.append(f"Critical limit {limit.analyte}: limits must be finite or None.")
            if limit.analyte in critical:
                problems.append(f"Critical limit {limit.analyte}: defined twice.")
            critical[limit.analyte] = (_lo(limit.low), _hi(limit.high))
        object.__setattr__(self, "_critical", critical)

    def _build_profiles(self) -> None:
        """Resolve, once, what interpret() needs per analyte for each kind of person.

        Six kinds (female, male, unknown sex; Duffy-null or not) turn the hot
        loop's dozen lookups per value into one.
        """
        profiles: dict[tuple[str | None, bool], dict[str, _Profile]] = {}
        for sex in (*SEXES, None):
            for duffy_null in (False, True):
                table: dict[str, _Profile] = {}
                for code in self._by_code:
                    rng, source, own_low = None, None, False
                    if duffy_null:
                        rng = self._range_table.get((code, sex, DUFFY_NULL))
                        source, own_low = "duffy_null", True
                    if rng is None:
                        rng = self._range_table.get((code, sex, GENERAL))
                        source, own_low = ("default" if rng else None), False
                    bands = self._top_bands.get(code)
                    top = bands[-1][2] if bands else None
                    critical_low, critical_high = self._critical.get(code, (_NEG_INF, _POS_INF))
                    table[code] = (
                        critical_low,
                        critical_high,
                        None if rng is None else rng.low,
                        None if rng is None else rng.high,
                        source,
                        own_low,
                        self._grade_tables.get(code),
                        bands,
                        top.lower if top is not None and top.code == NO_FINDING_BAND else None,
                        _LOW_FINDING_BY_CODE.get(code),
                    )
                profiles[(sex, duffy_null)] = table
        object.__setattr__(self, "_profiles", profiles)

    # -- lookups

    def find_analyte(self, key: str) -> Analyte | None:
        """The analyte named by a code ("ANC", "anc") or any LOINC ("751-8", "26499-4")."""
        if not isinstance(key, str):
            return None
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key.get(key.strip().upper())
        return found

    def analyte_by_code(self, code: str) -> Analyte | None:
        return self._by_code.get(code)

    def range_for(
        self, code: str, sex: str | None = None, population: str = GENERAL
    ) -> ReferenceRange | None:
        """The default range for a person (see the module notes for unknown sex)."""
        return self._range_table.get((code, sex, population))

    def bands_for(self, code: str) -> tuple[SeverityBand, ...]:
        """Top-level severity bands of an analyte, lowest values first."""
        return tuple(band for _, _, band in self._top_bands.get(code, ()))

    def grade_table_for(self, code: str) -> tuple[str, str] | None:
        """(table, version) of the grades applied to an analyte, if any."""
        table = self._grade_tables.get(code)
        return None if table is None else (table.table, table.version)

    def critical_limit(self, code: str) -> CriticalLimit | None:
        limits = self._critical.get(code)
        if limits is None:
            return None
        low, high = limits
        return CriticalLimit(
            code, None if low == _NEG_INF else low, None if high == _POS_INF else high
        )


def _lo(value: float | None) -> float:
    return _NEG_INF if value is None else float(value)


def _hi(value: float | None) -> float:
    return _POS_INF if value is None else float(value)


def _contiguity_problems(label: str, ordered: list, *, open_top: bool) -> list[str]:
    """Bands sorted by lower bound must tile the line from −∞ with no gap or overlap.

    Severity bands (``open_top``) must reach +∞. Grade tables may end at the
    LLN (upper None, CTCAE v5.0 grade 1) or at a number (v6.0 neutrophils).
    """
    problems = []
    if not ordered:
        return problems
    for band in ordered:
        if band.lower is not None and band.upper is not None and band.lower >= band.upper:
            problems.append(f"{label}: a band is empty (lower {band.lower} ≥ upper {band.upper}).")
    if ordered[0].lower is not None:
        problems.append(f"{label}: the lowest band must start at −∞ (lower None).")
    for below, above in zip(ordered, ordered[1:], strict=False):
        if below.upper is None or above.lower is None or below.upper != above.lower:
            problems.append(f"{label}: bands must meet with no gap or overlap.")
            break
    if open_top and ordered[-1].upper is not None:
        problems.append(f"{label}: the highest band must end at +∞ (upper None).")
    return problems


def _resolve_range(
    table: dict[tuple[str, str | None, str], ReferenceRange],
    code: str,
    sex: str | None,
    population: str,
) -> ReferenceRange | None:
    if sex is not None:
        found = table.get((code, sex, population)) or table.get((code, None, population))
        return found
    found = table.get((code, None, population))
    if found is not None:
        return found
    # Unknown sex and only sex-specific ranges: the widest, so a flag holds for either sex.
    specific = [table[(code, s, population)] for s in SEXES if (code, s, population) in table]
    if not specific:
        return None
    lows = [r.low for r in specific]
    highs = [r.high for r in specific]
    return ReferenceRange(
        code,
        None if None in lows else min(lows),
        None if None in highs else max(highs),
        None,
        population,
    )


# --------------------------------------------------------------------------- input and output


@dataclass(frozen=True, slots=True)
class Measurement:
    """A value as entered: ``analyte`` is a code or a LOINC; the lab range is in ``unit``.

    ``value`` may also be numeric text straight from a form (" 3.4 "); anything
    that is not a finite number becomes an input error, never an exception.
    """

    analyte: str
    value: float
    unit: str
    lab_low: float | None = None
    lab_high: float | None = None


@dataclass(frozen=True, slots=True)
class Patient:
    """What the person tells us. ``duffy_null`` only when known from a blood test."""

    age: int | None
    sex: str | None
    temperature_c: float | None = None
    fever_sustained_1h: bool = False
    pregnant: bool = False
    duffy_null: bool = False
    on_chemotherapy: bool = False


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with the input: ``field`` like ``values[1].unit``; ``message`` a sentence."""

    field: str
    message: str


class InputErrors(ValueError):
    """Every problem found in the input at once, for a form to show beside its fields."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(" ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class ValueResult(NamedTuple):
    """One value, converted and judged.

    A named tuple rather than a frozen dataclass: a full CBC makes nine, and a
    tuple is built in one step where a frozen dataclass sets its 17 fields one by
    one (11 % of the engine's instructions per CBC, counted with callgrind).

    ``value``, ``low`` and ``high`` are in the canonical ``unit``; ``entered_unit``
    is the UCUM form of the unit typed (None for a computed ANC).
    ``interpretation`` is a FHIR v3 ObservationInterpretation code, or None when
    the engine declined to interpret (then only LL/HH are still given).
    ``band`` is the clinical severity band ("mild"...), "none" for an analyte
    with bands and no finding, else None; ``band_detail`` names a sub-band
    (agranulocytosis, profound).
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


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding (``neutropenia``...) with its severity and the analytes behind it."""

    code: str
    severity: str | None
    analytes: tuple[str, ...]
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """Something to act on now. ``level`` is "urgent"; ``message_key`` names reviewed text."""

    code: str
    level: str
    message_key: str
    analytes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GuidanceKey:
    """A guidance block to show: a finding or alert code and its severity or level."""

    finding: str
    severity: str | None


@dataclass(frozen=True, slots=True)
class Interpretation:
    """The engine's answer. When ``declined`` is set, ``findings`` is empty."""

    values: tuple[ValueResult, ...]
    findings: tuple[Finding, ...]
    alerts: tuple[Alert, ...]
    declined: str | None
    guidance_keys: tuple[GuidanceKey, ...]
    declined_reason: str | None = None  # "age", "pregnancy" or "chemotherapy"


def _frozen_twin(cls: type) -> type:
    """A non-frozen class with the same slots as the frozen slots dataclass ``cls``.

    A frozen dataclass sets each field through ``object.__setattr__``, which
    costs microseconds on the engine's path. We fill the twin with plain stores,
    then set ``__class__ = cls``
    (allowed because the layouts are identical): the result is a genuine,
    frozen ``cls`` with the same ``__eq__``, ``__hash__`` and pickling. A test
    checks it equals one made by the ordinary constructor.
    """
    twin = make_dataclass(f"_{cls.__name__}Twin", [f.name for f in fields(cls)], slots=True)
    if twin.__slots__ != cls.__slots__:  # pragma: no cover - a guard for future edits
        raise TypeError(f"{twin.__name__} must have the same slots as {cls.__name__}.")
    return twin


_INTERPRETATION_TWIN = _frozen_twin(Interpretation)


# --------------------------------------------------------------------------- validation


# A validated value: (analyte, canonical value, entered value, entered UCUM unit,
# lab low, lab high), canonical units throughout. A tuple, because it is made per value.
_Entry = tuple[Analyte, float, "float | None", "str | None", "float | None", "float | None"]


def _as_number(raw: object) -> float | None:
    """A finite float from an int, a float or numeric text; None if it is not one."""
    if type(raw) is float:
        return raw if math.isfinite(raw) else None
    if type(raw) is int:  # the common case after float (bool is not int here)
        try:
            return float(raw)
        except OverflowError:
            return None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        try:
            number = float(raw)
        except OverflowError:
            return None
    elif isinstance(raw, str):
        text = raw.strip()
        # float() also takes "1_000", "nan" and "infinity"; none is a lab value.
        if "_" in text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _for_sentence(name: str) -> str:
    """'White blood cells' → 'white blood cells'; 'ANC' stays 'ANC'."""
    if len(name) > 1 and name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _show(value: float, ucum: str) -> str:
    """A value for a sentence: '5.1 ×10⁹/L' (no trailing zeros)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:g}"
    return f"{text} {units.display_unit(ucum)}"


def _check_patient(patient: Patient, errors: list[FieldError]) -> float | None:
    """Check the person's details; return the temperature as a float (or None)."""
    age = patient.age
    if age is None:
        errors.append(FieldError("age", "Enter the age in years."))
    elif isinstance(age, bool) or not isinstance(age, int):
        errors.append(FieldError("age", "Enter the age in whole years."))
    elif not 0 <= age <= _MAX_AGE:
        errors.append(FieldError("age", f"Enter an age between 0 and {_MAX_AGE} years."))
    if patient.sex is not None and patient.sex not in SEXES:
        errors.append(FieldError("sex", "Choose female or male, or leave it blank."))
    raw = patient.temperature_c
    if raw is None:
        return None
    temperature = _as_number(raw)
    low, high = _TEMPERATURE_RANGE_C
    if temperature is None:
        errors.append(FieldError("temperature_c", "Enter a number."))
    elif not low <= temperature <= high:
        as_celsius = units.ucum_to_canonical(temperature, "[degF]")
        if low <= as_celsius <= high:
            # 100.4 in the °C box is almost surely °F: say so rather than refuse blankly.
            message = (
                f"{temperature:g} looks like a temperature in °F; enter it in °C "
                f"({temperature:g} °F is {as_celsius:.1f} °C)."
            )
        else:
            message = f"Enter a body temperature in °C, between {low:g} and {high:g}."
        errors.append(FieldError("temperature_c", message))
    return temperature


def _unit_message(analyte: Analyte, text: object) -> str:
    hint = units.ACCEPTED_HINT[analyte.kind]
    name = _for_sentence(analyte.name)
    shown = text.strip() if isinstance(text, str) else ""
    if shown:
        return f"“{shown}” is not a unit we recognise for {name}; use {hint}."
    return f"Enter the unit of the {name} result: {hint}."


def _check_measurements(
    measurements: object, data: ReferenceData, errors: list[FieldError]
) -> dict[str, _Entry]:
    """Validate and convert every value; collect errors rather than stop at the first."""
    entries: dict[str, _Entry] = {}
    if type(measurements) is not list and type(measurements) is not tuple:
        # Any other iterable is accepted too (the ABC check is slow, so only here).
        if isinstance(measurements, (str, bytes)) or not isinstance(measurements, Iterable):
            errors.append(FieldError("values", "Enter at least one result."))
            return entries
        measurements = list(measurements)
    if not measurements:
        errors.append(FieldError("values", "Enter at least one result."))
        return entries
    by_key = data._by_key
    decimals_for = units.CANONICAL_DECIMALS
    divisor_for = units.DIVISOR
    normalize = units.normalize_unit
    to_canonical = units.ucum_to_canonical
    round_to = units.round_half_up
    scales = units.SCALE
    no_fraction = units.NO_FRACTION
    floor = math.floor
    for index, measurement in enumerate(measurements):
        # Field names are only formatted when there is an error: this loop is hot.
        if not isinstance(measurement, Measurement):
            errors.append(FieldError(f"values[{index}]", "Enter a test, its value and its unit."))
            continue
        key = measurement.analyte
        analyte = by_key.get(key) if type(key) is str else None
        if analyte is None:
            analyte = data.find_analyte(key)  # slow path: spaces or lower case
            if analyte is None:
                shown = f"“{key.strip()}”" if isinstance(key, str) and key.strip() else "This"
                errors.append(
                    FieldError(
                        f"values[{index}].analyte",
                        f"{shown} is not a test we can interpret; choose one from the list.",
                    )
                )
                continue
        ok = True
        kind = analyte.kind
        unit_text = measurement.unit
        try:
            # Only text reaches the cache: a list would not be hashable.
            ucum = normalize(unit_text if type(unit_text) is str else "", kind)
        except UnitError:
            ok = False
            errors.append(FieldError(f"values[{index}].unit", _unit_message(analyte, unit_text)))
        value = measurement.value
        # Fast path for a finite float (x - x is 0.0 only when x is finite).
        if type(value) is not float or value - value != 0.0:
            value = _as_number(value)
        if value is None:
            ok = False
            errors.append(FieldError(f"values[{index}].value", "Enter a number."))
        elif value < 0:
            ok = False
            errors.append(FieldError(f"values[{index}].value", "A result cannot be negative."))
        lab_low = measurement.lab_low
        lab_high = measurement.lab_high
        if lab_low is not None or lab_high is not None:
            limits = []
            for name, raw_limit in (("lab_low", lab_low), ("lab_high", lab_high)):
                limit = None if raw_limit is None else _as_number(raw_limit)
                if raw_limit is not None and (limit is None or limit < 0):
                    ok = False
                    errors.append(
                        FieldError(
                            f"values[{index}].{name}",
                            "Enter the limit as a number of zero or more.",
                        )
                    )
                limits.append(limit)
            lab_low, lab_high = limits
            if ok and lab_low is not None and lab_high is not None and lab_low >= lab_high:
                ok = False
                errors.append(
                    FieldError(
                        f"values[{index}].lab_low",
                        "The lower limit must be below the upper limit.",
                    )
                )
        if not ok:
            continue
        decimals = decimals_for[kind]
        # The rounded value is shown and judged alike (see the module notes).
        # Same arithmetic as units.ucum_to_canonical + units.round_half_up,
        # inlined because this runs for every value: dividing then rounding to
        # whole cells per µL gives exactly 1.5 for 1500 /µL.
        divisor = divisor_for.get(ucum)
        if divisor == 1.0:
            converted = value
        elif divisor is not None:
            converted = value / divisor
        else:
            converted = to_canonical(value, ucum)  # affine units (°F)
        scale = scales[decimals]
        scaled = converted * scale
        canonical = floor(scaled + 0.5) / scale if scaled < no_fraction else converted
        if not math.isfinite(canonical):
            errors.append(
                FieldError(f"values[{index}].value", "This number is too large to be a result.")
            )
            continue
        if canonical > 100 and kind == "percent":
            errors.append(
                FieldError(f"values[{index}].value", "A percentage cannot be more than 100.")
            )
            continue
        if lab_low is not None:
            lab_low = round_to(to_canonical(lab_low, ucum), decimals)
        if lab_high is not None:
            lab_high = round_to(to_canonical(lab_high, ucum), decimals)
        code = analyte.code
        if code in entries:
            errors.append(
                FieldError("values", f"{analyte.name} is entered twice; enter each test once.")
            )
            continue
        entries[code] = (analyte, canonical, value, ucum, lab_low, lab_high)
    return entries


def _check_consistency(entries: dict[str, _Entry], errors: list[FieldError]) -> None:
    """Checks across values: a part of the white cells cannot exceed the whole."""
    wbc = entries.get("WBC")
    if wbc is not None:
        for code, label in (("ANC", "The ANC"), ("ALC", "The lymphocyte count")):
            part = entries.get(code)
            if part is not None and part[1] > wbc[1]:
                errors.append(
                    FieldError(
                        "values",
                        f"{label} ({_show(part[1], part[0].unit)}) cannot be higher "
                        f"than the white cell count ({_show(wbc[1], wbc[0].unit)}).",
                    )
                )
    neut = entries.get("NEUT_PCT")
    bands = entries.get("BANDS_PCT")
    if neut is not None and bands is not None and neut[1] + bands[1] > 100:
        errors.append(
            FieldError(
                "values",
                f"Neutrophils ({neut[1]:g} %) and band forms ({bands[1]:g} %) "
                "add up to more than 100 %.",
            )
        )


# --------------------------------------------------------------------------- interpretation


def _band_of(
    bands: tuple[tuple[float, float, SeverityBand], ...], value: float
) -> SeverityBand | None:
    for lower, upper, band in bands:
        if lower <= value < upper:
            return band
    return None


def _grade_of(table: _GradeTable, value: float, lln: float | None) -> int | None:
    if value >= table.ceiling and not (table.open_top and lln is not None and value < lln):
        return None
    for lower, upper, grade in table.bands:
        if upper is None:
            # Grade 1 runs from its lower bound up to the LLN of the range used.
            if lln is not None and lower <= value < lln:
                return grade
        elif lower <= value < upper:
            return grade
    return None


def _decline(patient: Patient) -> tuple[str | None, str | None]:
    """(reason, sentence) when the engine must not interpret, else (None, None)."""
    if patient.age < ADULT_AGE:
        return "age", _DECLINE_AGE
    if patient.pregnant:
        return "pregnancy", _DECLINE_PREGNANCY
    if patient.on_chemotherapy:
        return "chemotherapy", _DECLINE_CHEMOTHERAPY
    return None, None


def _add_computed_anc(entries: dict[str, _Entry], data: ReferenceData) -> str | None:
    """ANC = WBC × (neutrophils % + bands %) / 100 when no ANC was entered."""
    if "ANC" in entries or "WBC" not in entries or "NEUT_PCT" not in entries:
        return None
    analyte = data._by_code.get("ANC")
    if analyte is None:
        return None
    wbc = entries["WBC"][1]
    bands = entries["BANDS_PCT"][1] if "BANDS_PCT" in entries else 0.0
    # Dividing the percentage first cannot overflow; rounding to whole cells per
    # µL (3 decimals) is how labs report it; min() keeps ANC ≤ WBC after rounding.
    percent = entries["NEUT_PCT"][1] + bands
    anc = min(units.round_half_up(wbc * (percent / 100.0), 3), wbc)
    entries["ANC"] = (analyte, anc, None, None, None, None)
    return "ANC"


def interpret(
    patient: Patient, measurements: Iterable[Measurement], data: ReferenceData
) -> Interpretation:
    """Interpret an adult's CBC against ``data``.

    Raises :class:`InputErrors` carrying every problem at once (fields named
    like ``values[1].unit``), and nothing else for bad values or units.
    Deterministic: the same input and data always give the same result.
    """
    errors: list[FieldError] = []
    temperature = _check_patient(patient, errors)
    entries = _check_measurements(measurements, data, errors)
    if not errors:
        _check_consistency(entries, errors)
    if errors:
        raise InputErrors(errors)

    computed_code = _add_computed_anc(entries, data)
    declined_reason, declined = _decline(patient)
    # Under 18 or pregnant the adult ranges do not apply, so nothing is judged
    # against them. On chemotherapy ranges and grades stay (grades need the LLN).
    use_ranges = declined_reason is None or declined_reason == "chemotherapy"
    find = declined_reason is None

    profile = data._profiles[(patient.sex, patient.duffy_null is True)]
    results: list[ValueResult] = []
    low_findings: dict[str, Finding] = {}
    high_codes: list[str] = []
    new_tuple, value_result = tuple.__new__, ValueResult

    for code in sorted(entries, key=data._order.__getitem__):
        analyte, value, entered_value, entered_unit, lab_low, lab_high = entries[code]
        (
            critical_low,
            critical_high,
            low,
            high,
            source,
            own_low,  # is the lower limit this person's own (their lab, Duffy-null)?
            grade_table,
            bands,
            none_lower,
            finding_code,
        ) = profile[code]
        band_code = band_detail = grade = grade_version = grade_name = None

        if value < critical_low:
            flag = "LL"
        elif value > critical_high:
            flag = "HH"
        else:
            flag = None

        if use_ranges:
            # A range printed on the person's own report wins, bound by bound.
            if lab_low is not None:
                low, source, own_low = lab_low, "lab", True
            if lab_high is not None:
                high, source = lab_high, "lab"
            if flag is None:
                if low is not None and value < low:
                    flag = "L"
                elif high is not None and value > high:
                    flag = "H"
                else:
                    flag = "N"
            if grade_table is not None:
                grade = _grade_of(grade_table, value, low)
                if grade is not None:
                    grade_version, grade_name = grade_table.version, grade_table.table
        else:
            low = high = source = None

        if find:
            # The clinical definition (ANC < 1.5, the "none" band) rather than the
            # lab-style default range (1.8): an ANC of 1.6 is flagged L, not
            # neutropenia. The person's own lower limit replaces both.
            threshold = none_lower if none_lower is not None and not own_low else low
            if finding_code is not None and (
                flag == "LL" or (threshold is not None and value < threshold)
            ):
                band_code, band_detail = _severity(data, bands, code, value, grade)
                low_findings[finding_code] = Finding(finding_code, band_code, (code,), band_detail)
            elif bands is not None:
                band_code = NO_FINDING_BAND
            if flag == "H" or flag == "HH":
                high_codes.append(code)

        result = new_tuple(
            value_result,
            (
                code,
                analyte.loinc,
                analyte.name,
                value,
                analyte.unit,
                entered_value,
                entered_unit,
                low,
                high,
                source,
                flag,
                code == computed_code,
                band_code,
                grade,
                grade_version,
                grade_name,
                band_detail,
            ),
        )
        results.append(result)

    findings = _findings(low_findings, high_codes) if find else []
    alerts = _alerts(temperature, patient.fever_sustained_1h, entries, results, data.fever_rule)
    guidance: list[GuidanceKey] = []
    for alert in alerts:
        key = GuidanceKey(alert.code, alert.level)
        if key not in guidance:
            guidance.append(key)
    guidance.extend(GuidanceKey(finding.code, finding.severity) for finding in findings)
    interpretation = _INTERPRETATION_TWIN(
        tuple(results), tuple(findings), tuple(alerts), declined, tuple(guidance), declined_reason
    )
    interpretation.__class__ = Interpretation
    return interpretation


def _severity(
    data: ReferenceData,
    bands: tuple[tuple[float, float, SeverityBand], ...] | None,
    code: str,
    value: float,
    grade: int | None,
) -> tuple[str | None, str | None]:
    """(severity, sub-band) of a low finding: from the bands, else from the CTCAE grade."""
    if bands is None:
        if grade is None:
            return None, None
        return _GRADE_SEVERITY.get(grade, "severe"), None
    band = _band_of(bands, value)
    if band is not None and band.code == NO_FINDING_BAND and len(bands) > 1:
        # Below the person's own lower limit yet ≥ 1.5: the mildest band.
        band = bands[-2][2]
    if band is None:
        return None, None
    child = _band_of(data._child_bands.get((code, band.code), ()), value)
    return band.code, None if child is None else child.code


def _findings(low_findings: dict[str, Finding], high_codes: list[str]) -> list[Finding]:
    """Findings in page order: pancytopenia, the low findings, then the high ones."""
    findings: list[Finding] = []
    white = tuple(code for code in ("WBC", "ANC") if _LOW_FINDING_BY_CODE[code] in low_findings)
    if white and "anemia" in low_findings and "thrombocytopenia" in low_findings:
        findings.append(Finding("pancytopenia", None, (*white, "HGB", "PLT")))
    for _, finding_code in _LOW_FINDINGS:
        if finding_code in low_findings:
            findings.append(low_findings[finding_code])
    for code, finding_code in _HIGH_FINDINGS:
        if code in high_codes:
            findings.append(Finding(finding_code, None, (code,)))
    return findings


def _alerts(
    temperature: float | None,
    sustained_1h: bool,
    entries: dict[str, _Entry],
    results: list[ValueResult],
    rule: FeverRule,
) -> list[Alert]:
    """Urgent alerts, computed for everyone, declined or not: fever first, then critical values."""
    alerts: list[Alert] = []
    if temperature is not None:
        fever = temperature >= rule.single_c or (
            sustained_1h is True and temperature >= rule.sustained_c
        )
        # Without an ANC the WBC bounds it from above: a WBC under a threshold
        # proves the ANC is under it too, so the alert is not lost.
        count = entries.get("ANC") or entries.get("WBC")
        if fever and count is not None:
            codes = (count[0].code,)
            if count[1] < rule.anc_below:
                alerts.append(Alert("febrile_neutropenia", "urgent", "febrile_neutropenia", codes))
            if count[1] < rule.urgent_anc_below:
                alerts.append(Alert("fever_with_low_anc", "urgent", "fever_with_low_anc", codes))
    for result in results:
        if result.interpretation == "LL":
            key = f"critical_value.{result.analyte}.low"
            alerts.append(Alert("critical_value", "urgent", key, (result.analyte,)))
        elif result.interpretation == "HH":
            key = f"critical_value.{result.analyte}.high"
            alerts.append(Alert("critical_value", "urgent", key, (result.analyte,)))
    return alerts
