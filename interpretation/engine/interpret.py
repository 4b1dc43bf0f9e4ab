"""Interpretation of an adult's complete blood count against reviewed reference data."""

from __future__ import annotations

from collections.abc import Iterable

from .alerts import find_alerts, instruction_for
from .checked import Person, Reading
from .reference import ReferenceData
from .rules import HIGH_FINDINGS, LOW_FINDINGS, NO_FINDING_BAND, AnalyteRules
from .types import (
    DECLINED_AGE,
    DECLINED_ANTICANCER_TREATMENT,
    DECLINED_PREGNANCY,
    Finding,
    GuidanceKey,
    InputErrors,
    Interpretation,
    Measurement,
    Patient,
    ValueResult,
)
from .validation import check_input

# The engine's scope, not a threshold on a value: it reads adults' results only
# (children have age-specific ranges), so this is the age it declines below.
ADULT_AGE = 18

# Severity words of a low finding graded by CTCAE (analytes without severity bands).
GRADE_SEVERITY = {1: "mild", 2: "moderate", 3: "severe", 4: "severe"}


def interpret(
    patient: Patient, measurements: Iterable[Measurement], data: ReferenceData
) -> Interpretation:
    """Interpret an adult's CBC against ``data``. Deterministic: the same input and
    data always give the same result.

    Raises :class:`~.types.InputErrors` carrying every problem at once, and
    nothing else for bad values or units; the error still carries the alerts
    that hold (see :class:`~.types.InputErrors`).

    Rules, each applied with the numbers of ``data``:

    * Severity bands are fixed. A range printed on the reader's report moves
      only the L/H flag and CTCAE grade 1's lower limit of normal: an ANC of 0.7
      under a lab range from 0.5 is flagged N yet is moderate neutropenia; an
      ANC of 1.6 under a lab range from 1.8 is flagged L but is no finding, and
      its band is "none". A value gets no band it does not lie in.
    * The low finding of an analyte with bands (neutropenia) starts at the
      lower edge of the "none" band, or below the Duffy-null lower limit for a
      Duffy-null reader (who then has no band between the two); other low
      findings start below the lower limit of the range used, with their
      severity from the CTCAE grade (1 mild, 2 moderate, 3 and 4 severe).
    * Comparators: a result given as a bound is judged at the bound, on the
      side it points to: "<0.1" as just under 0.1 (one unit of the last
      canonical decimal), "<=0.1" as 0.1, ">100" as just over 100. For bands
      and grades this is the mildest reading the bound allows, and every value
      beyond it is at least as abnormal (bands and grades are monotone), so
      "<0.1" is profound, severe neutropenia. The flag and the fever edges
      must be the same for every value the bound allows (down to the
      plausibility floor, up to its ceiling); when they are not ("<5" for a
      WBC could be normal or low) the result is an input error asking for the
      number, rather than a reassurance or an alarm the value could contradict.
      An ANC is not computed from values given as bounds.
    * Declines: under 18 or pregnant, nothing is judged against adult ranges
      (only LL/HH flags are given) and there are no findings; during
      anticancer treatment flags and CTCAE grades are kept, without bands or
      findings. Alerts are never declined.
    """
    checked = check_input(patient, measurements, data)
    person = checked.person
    if checked.errors:
        alerts = find_alerts(person, checked.for_alerts, data)
        raise InputErrors(checked.errors, alerts=alerts, instruction=instruction_for(alerts))

    declined = _decline_reason(person, data)
    values: list[ValueResult] = []
    low_findings: dict[str, Finding] = {}
    high_codes: list[str] = []
    for code in sorted(checked.readings, key=data.panel_position):
        rules = data.rules_for(code, sex=person.sex, duffy_null=person.duffy_null)
        value, finding = _judge(checked.readings[code], rules, declined)
        values.append(value)
        if finding is not None:
            low_findings[finding.code] = finding
        if declined is None and value.interpretation in ("H", "HH"):
            high_codes.append(code)

    findings = _findings(low_findings, high_codes) if declined is None else ()
    alerts = find_alerts(person, checked.readings, data)
    guidance: list[GuidanceKey] = []
    for alert in alerts:
        key = GuidanceKey(alert.code, alert.level)
        if key not in guidance:
            guidance.append(key)
    guidance.extend(GuidanceKey(finding.code, finding.severity) for finding in findings)
    return Interpretation(
        values=tuple(values),
        findings=findings,
        alerts=alerts,
        instruction=instruction_for(alerts),
        guidance_keys=tuple(guidance),
        declined_reason=declined,
        fever=person.has_fever(data.fever_rule),
    )


def _decline_reason(person: Person, data: ReferenceData) -> str | None:
    if person.age < ADULT_AGE:
        return DECLINED_AGE
    if person.pregnant:
        return DECLINED_PREGNANCY
    if person.treatment_active(data.fever_rule):
        return DECLINED_ANTICANCER_TREATMENT
    return None


def _judge(
    reading: Reading, rules: AnalyteRules, declined: str | None
) -> tuple[ValueResult, Finding | None]:
    """One value's flag, range, grade and band, and its low finding if any."""
    value = reading.judged
    low = high = source = None
    grade = grade_table = None
    band = detail = None
    finding = None
    if declined in (None, DECLINED_ANTICANCER_TREATMENT):
        low, high, source = rules.range_used(reading.lab_low, reading.lab_high)
        flag = rules.flag(value, low, high)
        if rules.grade_table is not None:
            grade = rules.grade_table.grade_of(value, low)
            grade_table = rules.grade_table if grade is not None else None
    else:
        flag = rules.critical_flag(value)

    finding_name = LOW_FINDINGS.get(rules.analyte.code)
    if declined is None and rules.bands:
        band_found = rules.band_of(value)
        if rules.finding_below is not None and value < rules.finding_below:
            band = band_found.code
            child = rules.sub_band_of(band, value)
            detail = None if child is None else child.code
            if finding_name is not None:
                finding = Finding(finding_name, band, (rules.analyte.code,), detail)
        elif band_found is not None and band_found.code == NO_FINDING_BAND:
            band = NO_FINDING_BAND
    elif declined is None and finding_name is not None and flag in ("L", "LL"):
        band = GRADE_SEVERITY.get(grade) if grade is not None else None
        finding = Finding(finding_name, band, (rules.analyte.code,))

    result = ValueResult(
        analyte=rules.analyte.code,
        loinc=rules.analyte.loinc,
        name=rules.analyte.name,
        value=reading.value,
        unit=rules.analyte.unit,
        entered_value=reading.entered_value,
        entered_unit=reading.entered_unit,
        low=low,
        high=high,
        range_source=source,
        interpretation=flag,
        computed=reading.index is None,
        band=band,
        grade=grade,
        grade_version=None if grade_table is None else grade_table.version,
        grade_table=None if grade_table is None else grade_table.table,
        band_detail=detail,
        comparator=reading.comparator,
    )
    return result, finding


def _findings(low_findings: dict[str, Finding], high_codes: list[str]) -> tuple[Finding, ...]:
    """Findings in page order: pancytopenia, the low findings, then the high ones."""
    findings: list[Finding] = []
    white = tuple(code for code in ("WBC", "ANC") if LOW_FINDINGS[code] in low_findings)
    if white and "anemia" in low_findings and "thrombocytopenia" in low_findings:
        findings.append(Finding("pancytopenia", None, (*white, "HGB", "PLT")))
    findings.extend(low_findings[name] for name in LOW_FINDINGS.values() if name in low_findings)
    findings.extend(
        Finding(name, None, (code,)) for code, name in HIGH_FINDINGS.items() if code in high_codes
    )
    return tuple(findings)
