"""Reference data for the engine's tests, taken from the clinical facts file.

In the product these rows live in the database as board-reviewed content; the
tests (and the benchmark) build the same data here, in code, from
/work/shared/reference/clinical-facts.md. No Django import: the engine's tests
run without settings.
"""

from __future__ import annotations

from interpretation.engine import (
    EMERGENCY,
    SAME_DAY,
    Analyte,
    CriticalLimit,
    FeverRule,
    GradeBand,
    Measurement,
    Patient,
    PlausibilityLimit,
    ReferenceData,
    ReferenceRange,
    SeverityBand,
)

COUNT = "10*9/L"

ANALYTES = (
    Analyte("WBC", "White blood cells", "6690-2", "count", COUNT),
    Analyte(
        "ANC",
        "Absolute neutrophil count",
        "751-8",
        "count",
        COUNT,
        loinc_aliases=("26499-4", "753-4"),  # manual counts
    ),
    Analyte("NEUT_PCT", "Neutrophils", "770-8", "percent", "%"),
    Analyte("BANDS_PCT", "Band forms", "764-1", "percent", "%"),
    Analyte("ALC", "Absolute lymphocyte count", "731-0", "count", COUNT),
    Analyte("HGB", "Hemoglobin", "718-7", "hemoglobin", "g/dL"),
    Analyte("HCT", "Hematocrit", "4544-3", "percent", "%"),
    Analyte("MCV", "Mean corpuscular volume", "787-2", "volume", "fL"),
    Analyte("PLT", "Platelets", "777-3", "count", COUNT),
)

# Merck Manual Professional, "Normal Laboratory Values"; Duffy-null: Merz et al., JAMA 2023.
RANGES = (
    ReferenceRange("WBC", 4.5, 11.0),
    ReferenceRange("ANC", 1.8, 7.7),
    ReferenceRange("NEUT_PCT", 40.0, 70.0),
    ReferenceRange("BANDS_PCT", 0.0, 5.0),
    ReferenceRange("ALC", 1.0, 4.8),
    ReferenceRange("HGB", 14.0, 17.0, sex="male"),
    ReferenceRange("HGB", 12.0, 16.0, sex="female"),
    ReferenceRange("HCT", 41.0, 51.0, sex="male"),
    ReferenceRange("HCT", 36.0, 47.0, sex="female"),
    ReferenceRange("MCV", 80.0, 100.0),
    ReferenceRange("PLT", 150.0, 450.0),
    ReferenceRange("ANC", 1.21, 5.39, population="duffy_null"),
    ReferenceRange("WBC", 3.00, 9.66, population="duffy_null"),
)

# Gibson & Berliner, Blood 2014; Mithoowani et al., CMAJ 2022.
BANDS = (
    SeverityBand("ANC", "severe", "Severe neutropenia", None, 0.5),
    SeverityBand("ANC", "moderate", "Moderate neutropenia", 0.5, 1.0),
    SeverityBand("ANC", "mild", "Mild neutropenia", 1.0, 1.5),
    SeverityBand("ANC", "none", "No neutropenia", 1.5, None),
    SeverityBand("ANC", "agranulocytosis", "Agranulocytosis", None, 0.2, parent="severe"),
    SeverityBand("ANC", "profound", "Profound neutropenia", None, 0.1, parent="severe"),
)


def _ctcae(
    analyte: str, g1_lower: float, g2_lower: float, g3_lower: float | None = None
) -> list[GradeBand]:
    """CTCAE v5.0 rows: grade 1 [g1_lower, LLN), 2 [g2_lower, g1_lower), 3 and 4 below."""
    rows = [
        GradeBand(analyte, "CTCAE", "5.0", 1, g1_lower, None),
        GradeBand(analyte, "CTCAE", "5.0", 2, g2_lower, g1_lower),
    ]
    if g3_lower is None:
        rows.append(GradeBand(analyte, "CTCAE", "5.0", 3, None, g2_lower))
    else:
        rows.append(GradeBand(analyte, "CTCAE", "5.0", 3, g3_lower, g2_lower))
        rows.append(GradeBand(analyte, "CTCAE", "5.0", 4, None, g3_lower))
    return rows


GRADES = (
    *_ctcae("ANC", 1.5, 1.0, 0.5),
    *_ctcae("WBC", 3.0, 2.0, 1.0),
    *_ctcae("ALC", 0.8, 0.5, 0.2),
    *_ctcae("HGB", 10.0, 8.0),  # grade 4 is clinical (life-threatening), not a number
    *_ctcae("PLT", 75.0, 50.0, 25.0),
)

CRITICAL_LIMITS = (
    CriticalLimit("ANC", low=0.5, low_action=EMERGENCY),  # clinical facts (FHIR LL)
    CriticalLimit("PLT", low=20.0, low_action=SAME_DAY),  # clinical facts (FHIR LL)
    CriticalLimit("HGB", low=7.0, low_action=SAME_DAY),  # Carson et al., JAMA 2023
    CriticalLimit("WBC", high=100.0, high_action=EMERGENCY),  # Ganzel et al., Blood Rev 2012
)

# Analyzer reportable ranges give their order of size (Sysmex XN: WBC up to about
# 440, hemoglobin 26 g/dL, platelets 5000). Lower floors and the ANC ceiling are
# where a number is far likelier a unit slip than a result (see demo/reference_data.py).
PLAUSIBILITY_LIMITS = (
    PlausibilityLimit("WBC", 0.0, 440.0),
    PlausibilityLimit("ANC", 0.0, 100.0),
    PlausibilityLimit("NEUT_PCT", 0.0, 100.0),
    PlausibilityLimit("BANDS_PCT", 0.0, 100.0),
    PlausibilityLimit("ALC", 0.0, 440.0),
    PlausibilityLimit("HGB", 2.0, 26.0),
    PlausibilityLimit("HCT", 5.0, 80.0),
    PlausibilityLimit("MCV", 40.0, 160.0),
    PlausibilityLimit("PLT", 0.0, 5000.0),
)

# IDSA 2010 (Freifeld et al., Clin Infect Dis 2011); the treatment window is the six
# weeks cancer services use for "any fever after chemotherapy" (NICE CG151, 2012).
FEVER_RULE = FeverRule(
    single_c=38.3,
    sustained_c=38.0,
    anc_below=0.5,
    urgent_anc_below=1.0,
    treatment_window_days=42,
    source="freifeld-2011",
    treatment_window_source="nice-cg151",
)


def build_cbc_reference_data(**overrides: object) -> ReferenceData:
    """The complete reference data for an adult CBC; keyword overrides replace a part."""
    parts = {
        "analytes": ANALYTES,
        "ranges": RANGES,
        "bands": BANDS,
        "grades": GRADES,
        "critical_limits": CRITICAL_LIMITS,
        "plausibility_limits": PLAUSIBILITY_LIMITS,
        "fever_rule": FEVER_RULE,
    }
    parts.update(overrides)
    return ReferenceData(**parts)


def adult(**changes: object) -> Patient:
    """A well adult woman (40) unless told otherwise."""
    fields = {"age": 40, "sex": "female"}
    fields.update(changes)
    return Patient(**fields)


def full_cbc() -> list[Measurement]:
    """A complete, normal CBC with a differential, in the units a US report prints."""
    return [
        Measurement("WBC", 6.2, "K/uL"),
        Measurement("ANC", 3.9, "K/uL"),
        Measurement("NEUT_PCT", 60.9, "%"),  # with 2 % bands: 6.2 × 62.9 % = 3.9
        Measurement("BANDS_PCT", 2.0, "%"),
        Measurement("ALC", 1.8, "K/uL"),
        Measurement("HGB", 13.5, "g/dL"),
        Measurement("HCT", 40.1, "%"),
        Measurement("MCV", 90.0, "fL"),
        Measurement("PLT", 250.0, "K/uL"),
    ]
