"""What applies to one analyte for one kind of person, resolved once from the reference data.

How ranges are resolved for a person:

* Unknown sex: the range with sex None if there is one, otherwise the widest
  of the sex-specific ranges, so a value is flagged only when it would be for
  either sex.
* Duffy-null (only when the reader says a blood test showed it): the
  Duffy-null range lowers the *lower* limit only; the upper limit stays the
  general adult one. The low finding of an analyte with severity bands then
  starts below the Duffy-null lower limit; the bands themselves never move.
* A range printed on the reader's report replaces the default bound by bound
  (:meth:`AnalyteRules.range_used`): it moves the L/H flag and CTCAE grade 1's
  lower limit of normal, never the severity bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reference import (
        Analyte,
        CriticalLimit,
        GradeBand,
        PlausibilityLimit,
        ReferenceData,
        SeverityBand,
    )

SEXES = ("female", "male")
GENERAL = "general"
DUFFY_NULL = "duffy_null"
POPULATIONS = (GENERAL, DUFFY_NULL)

#: The code of the severity band that means "no finding" (ANC ≥ 1.5).
NO_FINDING_BAND = "none"

# Names of the findings below and above the range, per analyte: vocabulary, not thresholds.
LOW_FINDINGS = {
    "ANC": "neutropenia",
    "WBC": "leukopenia",
    "HGB": "anemia",
    "PLT": "thrombocytopenia",
    "ALC": "lymphopenia",
}
HIGH_FINDINGS = {"WBC": "leukocytosis", "ANC": "neutrophilia", "PLT": "thrombocytosis"}


def _below(limit: float | None, value: float) -> bool:
    return limit is not None and value < limit


@dataclass(frozen=True)
class GradeTable:
    """One grading table of an analyte, its bands lowest values first."""

    table: str
    version: str
    bands: tuple[GradeBand, ...]

    def grade_of(self, value: float, lln: float | None) -> int | None:
        """The grade of ``value``; a band open at the top runs up to ``lln`` (no LLN: no grade)."""
        for band in self.bands:
            upper = lln if band.upper is None else band.upper
            if upper is None:
                continue
            if (band.lower is None or band.lower <= value) and value < upper:
                return band.grade
        return None


@dataclass(frozen=True)
class AnalyteRules:
    """What applies to one analyte for one kind of person (sex, Duffy status).

    ``low``/``high`` and ``range_source`` are the default range for that
    person; ``finding_below`` is where the low finding starts for an analyte
    with severity bands (the lower edge of the "none" band, or the Duffy-null
    lower limit when that is lower).
    """

    analyte: Analyte
    low: float | None
    high: float | None
    range_source: str | None
    critical: CriticalLimit | None
    plausibility: PlausibilityLimit
    bands: tuple[SeverityBand, ...]
    sub_bands: tuple[SeverityBand, ...]
    grade_table: GradeTable | None
    finding_below: float | None

    def range_used(
        self, lab_low: float | None, lab_high: float | None
    ) -> tuple[float | None, float | None, str | None]:
        """(low, high, source): the reader's printed range wins, bound by bound."""
        low, high, source = self.low, self.high, self.range_source
        if lab_low is not None:
            low, source = lab_low, "lab"
        if lab_high is not None:
            high, source = lab_high, "lab"
        return low, high, source

    def critical_flag(self, value: float) -> str | None:
        critical = self.critical
        if critical is None:
            return None
        if _below(critical.low, value):
            return "LL"
        if critical.high is not None and value > critical.high:
            return "HH"
        return None

    def flag(self, value: float, low: float | None, high: float | None) -> str:
        """The FHIR flag against the range used; a critical limit comes first."""
        critical = self.critical_flag(value)
        if critical is not None:
            return critical
        if _below(low, value):
            return "L"
        if high is not None and value > high:
            return "H"
        return "N"

    def band_of(self, value: float) -> SeverityBand | None:
        return next((b for b in self.bands if _in_band(b, value)), None)

    def sub_band_of(self, parent: str, value: float) -> SeverityBand | None:
        """The most specific child band (lowest upper edge first) holding ``value``."""
        return next((b for b in self.sub_bands if b.parent == parent and _in_band(b, value)), None)


def _in_band(band: SeverityBand, value: float) -> bool:
    return (band.lower is None or band.lower <= value) and (
        band.upper is None or value < band.upper
    )


def lower_edge(row: SeverityBand | GradeBand) -> float:
    """A band's lower bound, −∞ for None (to sort bands)."""
    return -math.inf if row.lower is None else row.lower


def upper_edge(row: SeverityBand | GradeBand) -> float:
    """A band's upper bound, +∞ for None."""
    return math.inf if row.upper is None else row.upper


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def _grade_table(data: ReferenceData, code: str) -> GradeTable | None:
    """The grading table applied to an analyte: the chosen version, else the highest."""
    tables: dict[tuple[str, str], list[GradeBand]] = {}
    for grade in data.grades:
        if grade.analyte == code and data.grade_version in (None, grade.version):
            tables.setdefault((grade.table, grade.version), []).append(grade)
    if not tables:
        return None
    table, version = max(tables, key=lambda key: _version_key(key[1]))
    return GradeTable(table, version, tuple(sorted(tables[(table, version)], key=lower_edge)))


def _range(
    data: ReferenceData, code: str, sex: str | None, population: str
) -> tuple[float | None, float | None] | None:
    """(low, high) of the range for a person, or None when the data has none."""
    table = {(r.sex, r.population): r for r in data.ranges if r.analyte == code}
    found = table.get((sex, population)) or table.get((None, population))
    if found is not None:
        return found.low, found.high
    if sex is not None:
        return None
    # Unknown sex and only sex-specific ranges: the widest, so a flag holds for either sex.
    specific = [table[(s, population)] for s in SEXES if (s, population) in table]
    if not specific:
        return None
    lows = [r.low for r in specific]
    highs = [r.high for r in specific]
    return (None if None in lows else min(lows)), (None if None in highs else max(highs))


def resolve_rules(data: ReferenceData) -> dict[tuple[str, str | None, bool], AnalyteRules]:
    """Rules per (analyte code, sex, Duffy-null), for every kind of person."""
    critical = {c.analyte: c for c in data.critical_limits}
    plausibility = {p.analyte: p for p in data.plausibility_limits}
    rules = {}
    for analyte in data.analytes:
        code = analyte.code
        bands = tuple(
            sorted(
                (b for b in data.bands if b.analyte == code and b.parent is None),
                key=lower_edge,
            )
        )
        sub_bands = tuple(
            sorted(
                (b for b in data.bands if b.analyte == code and b.parent is not None),
                key=lambda b: (upper_edge(b), -lower_edge(b)),
            )
        )
        top = bands[-1] if bands else None
        none_lower = top.lower if top is not None and top.code == NO_FINDING_BAND else None
        grade_table = _grade_table(data, code)
        for sex in (*SEXES, None):
            general = _range(data, code, sex, GENERAL)
            low, high = general or (None, None)
            source = None if general is None else "default"
            # Only the lower limit of a Duffy-null range is used, and only to lower ours.
            duffy_low = (_range(data, code, sex, DUFFY_NULL) or (None, None))[0]
            for duffy_null in (False, True):
                rule_low, rule_source, finding_below = low, source, none_lower
                if duffy_null and duffy_low is not None:
                    if low is None or duffy_low < low:
                        rule_low, rule_source = duffy_low, DUFFY_NULL
                    if finding_below is not None:
                        finding_below = min(finding_below, duffy_low)
                rules[(code, sex, duffy_null)] = AnalyteRules(
                    analyte=analyte,
                    low=rule_low,
                    high=high,
                    range_source=rule_source if (rule_low, high) != (None, None) else None,
                    critical=critical.get(code),
                    plausibility=plausibility[code],
                    bands=bands,
                    sub_bands=sub_bands,
                    grade_table=grade_table,
                    finding_below=finding_below,
                )
    return rules
