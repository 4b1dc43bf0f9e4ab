"""Reference data: the board-reviewed rows the engine applies, checked once when built.

The engine holds no clinical threshold. Ranges, severity bands, CTCAE grades,
critical limits (with the action each needs), plausibility limits and the
fever rule are rows of :class:`ReferenceData`, all in the canonical unit of
their analyte. Building it checks every row and raises
:class:`ReferenceDataError` listing every problem, so the admin can check
content before the board approves it; what applies to a given person is then
looked up with :meth:`ReferenceData.rules_for` (see :mod:`.rules`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import units
from .rules import (
    GENERAL,
    POPULATIONS,
    SEXES,
    AnalyteRules,
    lower_edge,
    resolve_rules,
    upper_edge,
)
from .types import ACTION_LEVELS

# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class Analyte:
    """A test of the panel: ``kind`` is a :mod:`.units` kind, ``unit`` its canonical UCUM unit."""

    code: str
    name: str
    loinc: str
    kind: str
    unit: str
    loinc_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferenceRange:
    """A default range. ``sex`` None means any sex; ``population`` general or duffy_null."""

    analyte: str
    low: float | None
    high: float | None
    sex: str | None = None
    population: str = GENERAL


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class GradeBand:
    """A grade of a grading table (CTCAE): ``lower`` ≤ value < ``upper``.

    ``lower`` None is −∞; ``upper`` None is the lower limit of normal (LLN) of
    the range used for the person, resolved at run time (CTCAE grade 1, "< LLN").
    """

    analyte: str
    table: str
    version: str
    grade: int
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class CriticalLimit:
    """Values below ``low`` are critically low (LL), above ``high`` critically high (HH).

    Each limit set needs its action level (:data:`~.types.ACTION_LEVELS`):
    the alert it raises is ``critical_value.<analyte>.low`` or ``.high``.
    """

    analyte: str
    low: float | None = None
    high: float | None = None
    low_action: str | None = None
    high_action: str | None = None


@dataclass(frozen=True)
class PlausibilityLimit:
    """The values a result of ``analyte`` can take (inclusive); nothing beyond is interpreted."""

    analyte: str
    low: float
    high: float


@dataclass(frozen=True)
class FeverRule:
    """Febrile neutropenia (IDSA): a single temperature ≥ ``single_c``, or ≥
    ``sustained_c`` held for an hour, with ANC < ``anc_below``. A fever with
    ANC < ``urgent_anc_below`` is an emergency too. A fever during anticancer
    treatment, or within ``treatment_window_days`` of the last treatment, is
    treated as possible febrile neutropenia whatever the counts show.
    ``source`` and ``treatment_window_source`` are source keys."""

    single_c: float
    sustained_c: float
    anc_below: float
    urgent_anc_below: float
    treatment_window_days: int
    source: str = ""
    treatment_window_source: str = ""


class ReferenceDataError(ValueError):
    """Reference data that cannot be applied safely (a gap between bands, an unknown analyte)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- checks


def band_problems(label: str, ordered: list, *, open_top: bool) -> list[str]:
    """Bands sorted by lower bound must tile the line from −∞ with no gap or overlap.

    Severity bands (``open_top``) must reach +∞. Grade tables may end at the
    LLN (upper None, CTCAE v5.0 grade 1) or at a number (v6.0 neutrophils).
    """
    problems = []
    if not ordered:
        return problems
    for band in ordered:
        if not _finite(band.lower, band.upper):
            problems.append(f"{label}: limits must be finite numbers or None.")
            return problems
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


def severity_band_problems(analyte: str, bands: list[SeverityBand]) -> list[str]:
    """Every problem with one analyte's severity bands (also used by the admin)."""
    top = sorted((b for b in bands if b.parent is None), key=lower_edge)
    problems = band_problems(f"Bands of {analyte}", top, open_top=True)
    if len({b.code for b in top}) != len(top):
        problems.append(f"Bands of {analyte}: a code is used twice.")
    by_code = {b.code: b for b in top}
    for child in (b for b in bands if b.parent is not None):
        parent = by_code.get(child.parent)
        if parent is None:
            problems.append(f"Bands of {analyte}: parent {child.parent!r} is not a top band.")
        elif not _finite(child.lower, child.upper):
            problems.append(f"Band {analyte}/{child.code}: limits must be finite or None.")
        elif lower_edge(child) < lower_edge(parent) or upper_edge(child) > upper_edge(parent):
            problems.append(f"Band {analyte}/{child.code} lies outside its parent {parent.code}.")
    return problems


def grade_problems(label: str, grades: list[GradeBand]) -> list[str]:
    """Every problem with one grading table (also used by the admin)."""
    ordered = sorted(grades, key=lower_edge)
    problems = band_problems(label, ordered, open_top=False)
    numbers = [g.grade for g in ordered]
    if any(a <= b for a, b in zip(numbers, numbers[1:], strict=False)):
        problems.append(f"{label}: grades must fall as values rise.")
    return problems


def _finite(*values: object) -> bool:
    return all(
        value is None
        or (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value))
        for value in values
    )


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class ReferenceData:
    """Everything the engine applies. ``grade_version`` chooses a grading version
    (e.g. "5.0") when several are stored; by default the highest stored per analyte."""

    analytes: tuple[Analyte, ...]
    ranges: tuple[ReferenceRange, ...]
    bands: tuple[SeverityBand, ...]
    grades: tuple[GradeBand, ...]
    critical_limits: tuple[CriticalLimit, ...]
    plausibility_limits: tuple[PlausibilityLimit, ...]
    fever_rule: FeverRule
    grade_version: str | None = None

    _by_key: dict[str, Analyte] = field(init=False, repr=False, compare=False)
    _positions: dict[str, int] = field(init=False, repr=False, compare=False)
    _rules: dict[tuple[str, str | None, bool], AnalyteRules] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for name in ("analytes", "ranges", "bands", "grades", "critical_limits"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "plausibility_limits", tuple(self.plausibility_limits))
        problems = self._check()
        if problems:
            raise ReferenceDataError(problems)
        object.__setattr__(self, "_by_key", self._index_keys())
        object.__setattr__(self, "_positions", {a.code: i for i, a in enumerate(self.analytes)})
        object.__setattr__(self, "_rules", resolve_rules(self))

    # -- checking

    def _check(self) -> list[str]:
        problems: list[str] = []
        codes = [a.code for a in self.analytes]
        known = set(codes)
        problems += [f"{c}: analyte defined twice." for c in sorted(known) if codes.count(c) > 1]
        keys: dict[str, str] = {}
        for analyte in self.analytes:
            if analyte.kind not in units.CANONICAL_UNIT:
                problems.append(f"{analyte.code}: unknown kind {analyte.kind!r}.")
            elif analyte.unit != units.CANONICAL_UNIT[analyte.kind]:
                problems.append(
                    f"{analyte.code}: unit must be {units.CANONICAL_UNIT[analyte.kind]!r}, "
                    f"the canonical unit of {analyte.kind}."
                )
            for key in (analyte.code, analyte.loinc, *analyte.loinc_aliases):
                if keys.get(key, analyte.code) != analyte.code:
                    problems.append(f"{key} names both {keys[key]} and {analyte.code}.")
                keys[key] = analyte.code

        def unknown(code: str, what: str) -> bool:
            if code not in known:
                problems.append(f"{what} refers to unknown analyte {code!r}.")
                return True
            return False

        seen_ranges = set()
        for rng in self.ranges:
            label = f"Range {rng.analyte}/{rng.sex or 'any sex'}/{rng.population}"
            if unknown(rng.analyte, label):
                continue
            if rng.sex is not None and rng.sex not in SEXES:
                problems.append(f"{label}: sex must be female, male or None.")
            if rng.population not in POPULATIONS:
                problems.append(f"{label}: population must be one of {', '.join(POPULATIONS)}.")
            if not _finite(rng.low, rng.high):
                problems.append(f"{label}: limits must be finite numbers or None.")
            elif rng.low is not None and rng.high is not None and rng.low >= rng.high:
                problems.append(f"{label}: low must be below high.")
            if (rng.analyte, rng.sex, rng.population) in seen_ranges:
                problems.append(f"{label}: defined twice.")
            seen_ranges.add((rng.analyte, rng.sex, rng.population))

        for code in sorted({b.analyte for b in self.bands}):
            if not unknown(code, "Severity bands"):
                problems += severity_band_problems(
                    code, [b for b in self.bands if b.analyte == code]
                )
        for code, table, version in sorted({(g.analyte, g.table, g.version) for g in self.grades}):
            if not unknown(code, f"Grade table {table} {version}"):
                rows = [
                    g
                    for g in self.grades
                    if (g.analyte, g.table, g.version) == (code, table, version)
                ]
                problems += grade_problems(f"{table} {version} grades of {code}", rows)

        for limit in self.critical_limits:
            label = f"Critical limit {limit.analyte}"
            if unknown(limit.analyte, label):
                continue
            if not _finite(limit.low, limit.high):
                problems.append(f"{label}: limits must be finite or None.")
            for side, value, action in (
                ("low", limit.low, limit.low_action),
                ("high", limit.high, limit.high_action),
            ):
                if value is not None and action not in ACTION_LEVELS:
                    problems.append(
                        f"{label}: the {side} limit needs an action: {', '.join(ACTION_LEVELS)}."
                    )
            if [c.analyte for c in self.critical_limits].count(limit.analyte) > 1:
                problems.append(f"{label}: defined twice.")

        plausible = [p.analyte for p in self.plausibility_limits]
        for limit in self.plausibility_limits:
            label = f"Plausibility limits of {limit.analyte}"
            if unknown(limit.analyte, label):
                continue
            if limit.low is None or limit.high is None or not _finite(limit.low, limit.high):
                problems.append(f"{label}: low and high must be finite numbers.")
            elif not 0 <= limit.low < limit.high:
                problems.append(f"{label}: need 0 ≤ low < high.")
            if plausible.count(limit.analyte) > 1:
                problems.append(f"{label}: defined twice.")
        for code in codes:
            if code not in plausible:
                problems.append(
                    f"{code}: needs plausibility limits (nothing beyond them is interpreted)."
                )

        rule = self.fever_rule
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in (rule.single_c, rule.sustained_c, rule.anc_below, rule.urgent_anc_below)
        ):
            problems.append("The fever rule needs four finite numbers.")
        window = rule.treatment_window_days
        if isinstance(window, bool) or not isinstance(window, int) or window < 0:
            problems.append("The fever rule's treatment window must be a whole number of days.")
        return sorted(set(problems), key=problems.index)

    # -- building the lookups

    def _index_keys(self) -> dict[str, Analyte]:
        keys: dict[str, Analyte] = {}
        for analyte in self.analytes:
            for key in (analyte.code, analyte.code.upper(), analyte.loinc, *analyte.loinc_aliases):
                keys[key] = analyte
        return keys

    # -- lookups

    def find_analyte(self, key: object) -> Analyte | None:
        """The analyte named by a code ("ANC", "anc") or any LOINC ("751-8", "26499-4")."""
        if not isinstance(key, str):
            return None
        return self._by_key.get(key) or self._by_key.get(key.strip().upper())

    def analyte_by_code(self, code: str) -> Analyte | None:
        found = self._by_key.get(code)
        return found if found is not None and found.code == code else None

    def rules_for(self, code: str, *, sex: str | None, duffy_null: bool) -> AnalyteRules:
        """What applies to analyte ``code`` for a person of that sex and Duffy status."""
        return self._rules[(code, sex, duffy_null)]

    def panel_position(self, code: str) -> int:
        """Where an analyte comes in the panel (the order values are shown in)."""
        return self._positions[code]

    def bands_for(self, code: str) -> tuple[SeverityBand, ...]:
        """Top-level severity bands of an analyte, lowest values first."""
        return self._rules[(code, None, False)].bands if self.analyte_by_code(code) else ()

    def grade_table_for(self, code: str) -> tuple[str, str] | None:
        """(table, version) of the grades applied to an analyte, if any."""
        table = self._rules[(code, None, False)].grade_table if self.analyte_by_code(code) else None
        return None if table is None else (table.table, table.version)

    def critical_limit(self, code: str) -> CriticalLimit | None:
        return next((c for c in self.critical_limits if c.analyte == code), None)

    def plausibility_for(self, code: str) -> PlausibilityLimit | None:
        return next((p for p in self.plausibility_limits if p.analyte == code), None)
