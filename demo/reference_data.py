"""The first reviewed reference data for an adult complete blood count.

Plain data from the clinical facts (see each source key); ``seed_demo`` loads it
through the services and the review workflow, so the board has approved every
threshold the engine applies. Counts are in 10*9/L, hemoglobin in g/dL.
"""

MERCK = "merck-normal-lab-values"

ANALYTES = [
    # code, name, LOINC, aliases, unit kind
    ("WBC", "White blood cells (WBC)", "6690-2", [], "count"),
    ("ANC", "Absolute neutrophil count (ANC)", "751-8", ["26499-4", "753-4"], "count"),
    ("NEUT_PCT", "Neutrophils (%)", "770-8", [], "percent"),
    ("BANDS_PCT", "Bands (%)", "764-1", [], "percent"),
    ("ALC", "Lymphocytes", "731-0", [], "count"),
    ("HGB", "Hemoglobin", "718-7", [], "hemoglobin"),
    ("HCT", "Hematocrit", "4544-3", [], "percent"),
    ("MCV", "Mean corpuscular volume (MCV)", "787-2", [], "volume"),
    ("PLT", "Platelets", "777-3", [], "count"),
]

# analyte, low, high, sex, population, source
RANGES = [
    ("WBC", 4.5, 11.0, "", "general", MERCK),
    ("ANC", 1.8, 7.7, "", "general", MERCK),
    ("NEUT_PCT", 40.0, 70.0, "", "general", MERCK),
    ("BANDS_PCT", 0.0, 5.0, "", "general", MERCK),
    ("ALC", 1.0, 4.8, "", "general", MERCK),
    ("HGB", 14.0, 17.0, "male", "general", MERCK),
    ("HGB", 12.0, 16.0, "female", "general", MERCK),
    ("HCT", 41.0, 51.0, "male", "general", MERCK),
    ("HCT", 36.0, 47.0, "female", "general", MERCK),
    ("MCV", 80.0, 100.0, "", "general", MERCK),
    ("PLT", 150.0, 450.0, "", "general", MERCK),
    ("ANC", 1.21, 5.39, "", "duffy_null", "merz-2023"),
    # Merz et al., JAMA 2023 gives both Duffy-null ranges; only their lower limits are used.
    ("WBC", 3.00, 9.66, "", "duffy_null", "merz-2023"),
]

NEUTROPENIA_BANDS = {
    "analyte": "ANC",
    "name": "Neutropenia severity (adults)",
    "source": "gibson-berliner-2014",
    "bands": [
        {"code": "severe", "label": "Severe neutropenia", "lower": None, "upper": 0.5},
        {"code": "moderate", "label": "Moderate neutropenia", "lower": 0.5, "upper": 1.0},
        {"code": "mild", "label": "Mild neutropenia", "lower": 1.0, "upper": 1.5},
        {"code": "none", "label": "No neutropenia", "lower": 1.5, "upper": None},
        {
            "code": "agranulocytosis",
            "label": "Agranulocytosis",
            "lower": None,
            "upper": 0.2,
            "parent": "severe",
        },
        {
            "code": "profound",
            "label": "Profound neutropenia",
            "lower": None,
            "upper": 0.1,
            "parent": "severe",
        },
    ],
}


def _ctcae(g1_lower, g2_lower, g3_lower=None):
    grades = [
        {"grade": 1, "lower": g1_lower, "upper": None},
        {"grade": 2, "lower": g2_lower, "upper": g1_lower},
    ]
    if g3_lower is None:
        grades.append({"grade": 3, "lower": None, "upper": g2_lower})
    else:
        grades.append({"grade": 3, "lower": g3_lower, "upper": g2_lower})
        grades.append({"grade": 4, "lower": None, "upper": g3_lower})
    return grades


# analyte, term, grades (CTCAE v5.0)
CTCAE_V5 = [
    ("ANC", "Neutrophil count decreased", _ctcae(1.5, 1.0, 0.5)),
    ("WBC", "White blood cell decreased", _ctcae(3.0, 2.0, 1.0)),
    ("ALC", "Lymphocyte count decreased", _ctcae(0.8, 0.5, 0.2)),
    ("HGB", "Anemia", _ctcae(10.0, 8.0)),
    ("PLT", "Platelet count decreased", _ctcae(75.0, 50.0, 25.0)),
]

# analyte, low, action below, high, action above, source: values beyond are flagged
# critical (LL/HH) and raise an alert at the action: "emergency" (seek care now) or
# "same_day" (contact a clinician today).
CRITICAL = [
    ("ANC", 0.5, "emergency", None, "", "gibson-berliner-2014"),
    # Spontaneous bleeding below 10 to 20 (clinical facts).
    ("PLT", 20.0, "same_day", None, "", None),
    # The restrictive transfusion threshold (Carson, JAMA 2023).
    ("HGB", 7.0, "same_day", None, "", "carson-2023"),
    # Hyperleukocytosis, an emergency because of leukostasis (Ganzel, Blood Rev 2012).
    ("WBC", None, "", 100.0, "emergency", "ganzel-2012"),
]
CRITICAL_NOTE = (
    "Critical values are lab-specific; these are the engine's defaults, each with the "
    "action its alert asks of the reader."
)

# analyte: (low, high) in the canonical unit; nothing outside is interpreted, and a
# number plausible in another unit of the analyte is asked about ("did you mean …?").
PLAUSIBILITY = {
    "WBC": (0.0, 440.0),
    "ANC": (0.0, 100.0),
    "NEUT_PCT": (0.0, 100.0),
    "BANDS_PCT": (0.0, 100.0),
    "ALC": (0.0, 440.0),
    "HGB": (2.0, 26.0),
    "HCT": (5.0, 80.0),
    "MCV": (40.0, 160.0),
    "PLT": (0.0, 5000.0),
}
PLAUSIBILITY_NOTE = (
    "Order of size from analyzer reportable ranges (Sysmex XN series: WBC up to about "
    "440 ×10⁹/L, hemoglobin up to about 26 g/dL, platelets up to about 5000 ×10⁹/L). "
    "Hemoglobin below 2 g/dL and an ANC above 100 ×10⁹/L are far likelier a unit slip "
    "(g/L typed as g/dL, cells/µL typed as ×10⁹/L) than a result, so they are asked "
    "about rather than read."
)

FEVER_RULE = {
    "name": "Febrile neutropenia (IDSA 2010)",
    "single_c": 38.3,
    "sustained_c": 38.0,
    "anc_below": 0.5,
    "urgent_anc_below": 1.0,
    "source": "freifeld-2011",
    # A fever within this many days of the last anticancer treatment is treated as
    # possible febrile neutropenia whatever the counts show (IDSA's "expected to fall
    # below 0.5 within 48 hours"); six weeks is the window cancer services commonly
    # give for "call the 24-hour line with any fever" (NICE CG151).
    "treatment_window_days": 42,
    "treatment_window_source": "nice-cg151",
    "note": (
        "IDSA definition; the older ESMO 2010 figure of 38.5 °C is not used. The treatment "
        "window follows NICE CG151 and the six weeks cancer services give for any fever."
    ),
}
