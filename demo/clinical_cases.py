"""The demo's clinical test set: cases with their inputs and the outcome the board expects.

Plain data (JSON-like: dicts, lists, strings, numbers), loaded by ``seed_demo``
as reviewable :class:`~interpretation.models.ClinicalTestCase` rows, approved
by a demo board member; the review desk runs them against every pending change
to reference data or guidance. Units are UCUM codes; counts without a unit key
are 10*9/L. Each case names its rule (from the clinical facts) in ``rule``.
The keys of ``expect`` are explained in :mod:`interpretation.clinical_cases`.
"""

from __future__ import annotations


def _cbc(**changes):
    """A normal adult CBC (values in 10*9/L, %, g/dL, fL), with some values changed or removed."""
    values = {
        "WBC": 6.2,
        "ANC": 3.9,
        "NEUT_PCT": 60.9,
        "BANDS_PCT": 2.0,
        "ALC": 1.8,
        "HGB": 13.5,
        "HCT": 40.1,
        "MCV": 90.0,
        "PLT": 250.0,
    }
    values.update(changes)
    units = {"NEUT_PCT": "%", "BANDS_PCT": "%", "HCT": "%", "HGB": "g/dL", "MCV": "fL"}
    return [
        {"analyte": code, "value": value, "unit": units.get(code, "10*9/L")}
        for code, value in values.items()
        if value is not None
    ]


def _v(analyte, value, unit="10*9/L", **extra):
    return {"analyte": analyte, "value": value, "unit": unit, **extra}


ADULT = {"age": 40, "sex": "female"}

CASES: list[dict] = [
    # ------------------------------------------------------------------ the seed case
    {
        "id": "seed-case",
        "rule": "WBC 3.4 with ANC 1207 /µL is mild leukopenia with mild neutropenia",
        "patient": {"age": 34, "sex": "female"},
        "values": [_v("WBC", 3.4), _v("ANC", 1207, "/uL")],
        "expect": {
            "findings": [["neutropenia", "mild"], ["leukopenia", "mild"]],
            "values": {
                "ANC": {"value": 1.207, "flag": "L", "band": "mild", "grade": 2},
                "WBC": {"flag": "L", "grade": 1},
            },
            "alerts": [],
            "instruction": None,
            "reassurance": False,
        },
    },
    {
        "id": "seed-case-computed",
        "rule": "ANC = WBC × (neutrophils % + bands %) / 100",
        "patient": ADULT,
        "values": [_v("WBC", 3.4), _v("NEUT_PCT", 35.5, "%")],
        "expect": {
            "findings": [["neutropenia", "mild"], ["leukopenia", "mild"]],
            "values": {"ANC": {"value": 1.207, "computed": True, "band": "mild"}},
        },
    },
    # ------------------------------------------------------------------ band edges
    {
        "id": "anc-1500-is-not-neutropenia",
        "rule": "1500 is not neutropenic (flagged L under the default range from 1.8)",
        "patient": ADULT,
        "values": [_v("ANC", 1500, "/uL")],
        "expect": {
            "findings": [],
            "values": {"ANC": {"flag": "L", "band": "none", "grade": 1}},
            "reassurance": False,
        },
    },
    {
        "id": "anc-1499-is-mild",
        "rule": "mild neutropenia: 1000 to 1499 /µL",
        "patient": ADULT,
        "values": [_v("ANC", 1499, "/uL")],
        "expect": {"findings": [["neutropenia", "mild"]], "values": {"ANC": {"grade": 2}}},
    },
    {
        "id": "anc-1000-is-mild",
        "rule": "1000 is mild",
        "patient": ADULT,
        "values": [_v("ANC", 1000, "/uL")],
        "expect": {"findings": [["neutropenia", "mild"]], "values": {"ANC": {"grade": 2}}},
    },
    {
        "id": "anc-999-is-moderate",
        "rule": "moderate neutropenia: 500 to 999 /µL",
        "patient": ADULT,
        "values": [_v("ANC", 999, "/uL")],
        "expect": {"findings": [["neutropenia", "moderate"]], "values": {"ANC": {"grade": 3}}},
    },
    {
        "id": "anc-500-is-moderate-and-not-critical",
        "rule": "500 is moderate; the critical limit is below 0.5",
        "patient": ADULT,
        "values": [_v("ANC", 500, "/uL")],
        "expect": {
            "findings": [["neutropenia", "moderate"]],
            "values": {"ANC": {"flag": "L", "grade": 3}},
            "alerts": [],
        },
    },
    {
        "id": "anc-499-is-severe-and-critical",
        "rule": "severe below 500 /µL; ANC < 0.5 is a critical value (seek care now)",
        "patient": ADULT,
        "values": [_v("ANC", 499, "/uL")],
        "expect": {
            "findings": [["neutropenia", "severe"]],
            "values": {"ANC": {"flag": "LL", "grade": 4, "detail": None}},
            "alerts": ["critical_value.ANC.low"],
            "instruction": "emergency",
        },
    },
    {
        "id": "anc-agranulocytosis",
        "rule": "agranulocytosis below 0.2, within severe",
        "patient": ADULT,
        "values": [_v("ANC", 0.15)],
        "expect": {"values": {"ANC": {"band": "severe", "detail": "agranulocytosis"}}},
    },
    {
        "id": "anc-profound",
        "rule": "profound below 0.1, within severe",
        "patient": ADULT,
        "values": [_v("ANC", 0.05)],
        "expect": {"values": {"ANC": {"band": "severe", "detail": "profound"}}},
    },
    # ------------------------------------------------------------------ fever (IDSA)
    {
        "id": "idsa-single-38-3",
        "rule": "a single temperature of 38.3 °C with ANC < 0.5 is febrile neutropenia",
        "patient": {**ADULT, "temperature": 38.3},
        "values": [_v("ANC", 0.4)],
        "expect": {
            "alerts": ["febrile_neutropenia", "critical_value.ANC.low"],
            "instruction": "emergency",
        },
    },
    {
        "id": "idsa-single-38-2-is-not-fever",
        "rule": "38.2 °C once is under the single-reading threshold",
        "patient": {**ADULT, "temperature": 38.2},
        "values": [_v("ANC", 0.4)],
        "expect": {"alerts": ["critical_value.ANC.low"], "instruction": "emergency"},
    },
    {
        "id": "idsa-sustained-38-0",
        "rule": "38.0 °C sustained over an hour is a fever",
        "patient": {**ADULT, "temperature": 38.0, "fever_sustained_1h": True},
        "values": [_v("ANC", 0.8)],
        "expect": {"alerts": ["fever_with_low_anc"], "instruction": "emergency"},
    },
    {
        "id": "fever-anc-0-5-edge",
        "rule": "fever with ANC < 1.0 (0.5 is not < 0.5): seek care now",
        "patient": {**ADULT, "temperature": 38.5},
        "values": [_v("ANC", 0.5)],
        "expect": {"alerts": ["fever_with_low_anc"], "instruction": "emergency"},
    },
    {
        "id": "fever-anc-0-999",
        "rule": "fever with ANC just under 1.0: seek care now",
        "patient": {**ADULT, "temperature": 38.5},
        "values": [_v("ANC", 0.999)],
        "expect": {"alerts": ["fever_with_low_anc"], "instruction": "emergency"},
    },
    {
        "id": "fever-anc-1-0-edge",
        "rule": "fever with ANC 1.0: fever guidance, not an emergency",
        "patient": {**ADULT, "temperature": 38.5},
        "values": [_v("ANC", 1.0)],
        "expect": {"alerts": ["fever"], "instruction": "non_urgent"},
    },
    {
        "id": "fever-anc-0-8-rest-normal",
        "rule": "never downgraded because other values look normal",
        "patient": {"age": 52, "sex": "male", "temperature": 38.4},
        "values": _cbc(ANC=0.8, NEUT_PCT=None, BANDS_PCT=None, HGB=15.0),
        "expect": {
            "findings": [["neutropenia", "moderate"]],
            "alerts": ["fever_with_low_anc"],
            "instruction": "emergency",
        },
    },
    {
        "id": "fahrenheit-101",
        "rule": "101 °F is 38.3 °C",
        "patient": {**ADULT, "temperature": 101, "temperature_unit": "[degF]"},
        "values": [_v("ANC", 0.8)],
        "expect": {"alerts": ["fever_with_low_anc"], "instruction": "emergency"},
    },
    {
        "id": "fahrenheit-100-9-is-not-fever",
        "rule": "100.9 °F once is under 101 °F",
        "patient": {**ADULT, "temperature": 100.9, "temperature_unit": "[degF]"},
        "values": [_v("ANC", 0.8)],
        "expect": {"alerts": [], "instruction": None, "findings": [["neutropenia", "moderate"]]},
    },
    {
        "id": "fahrenheit-100-4-sustained",
        "rule": "100.4 °F (38.0 °C) sustained over an hour is a fever",
        "patient": {
            **ADULT,
            "temperature": 100.4,
            "temperature_unit": "[degF]",
            "fever_sustained_1h": True,
        },
        "values": [_v("ANC", 0.3)],
        "expect": {
            "alerts": ["febrile_neutropenia", "critical_value.ANC.low"],
            "instruction": "emergency",
        },
    },
    {
        "id": "fever-low-wbc-no-differential",
        "rule": "fever with a low WBC and no differential: the ANC cannot be ruled out below 0.5",
        "patient": {**ADULT, "temperature": 39.5},
        "values": [_v("WBC", 2.0)],
        "expect": {
            "alerts": ["fever_with_low_wbc_no_anc"],
            "instruction": "emergency",
            "findings": [["leukopenia", "moderate"]],
        },
    },
    {
        "id": "fever-normal-counts",
        "rule": "fever with normal counts: fever guidance, never reassurance",
        "patient": {**ADULT, "temperature": 38.6},
        "values": _cbc(),
        "expect": {
            "findings": [],
            "alerts": ["fever"],
            "instruction": "non_urgent",
            "reassurance": False,
        },
    },
    # ------------------------------------------------------------------ anticancer treatment
    {
        "id": "fever-during-chemotherapy-normal-counts",
        "rule": "fever during anticancer treatment is possible febrile neutropenia",
        "patient": {**ADULT, "temperature": 39.0, "anticancer_treatment": True},
        "values": _cbc(),
        "expect": {
            "alerts": ["fever_during_anticancer_treatment"],
            "instruction": "emergency",
            "declined": "anticancer_treatment",
            "findings": [],
            "values": {"ANC": {"flag": "N", "band": None}},
        },
    },
    {
        "id": "fever-10-days-after-chemotherapy",
        "rule": "expected to fall below 0.5 within 48 hours: the post-treatment window",
        "patient": {**ADULT, "temperature": 38.4, "days_since_anticancer_treatment": 10},
        "values": [_v("ANC", 2.1)],
        "expect": {
            "alerts": ["fever_during_anticancer_treatment"],
            "instruction": "emergency",
            "declined": "anticancer_treatment",
        },
    },
    {
        "id": "fever-43-days-after-chemotherapy",
        "rule": "beyond the six-week window with normal counts: fever guidance",
        "patient": {**ADULT, "temperature": 38.4, "days_since_anticancer_treatment": 43},
        "values": [_v("ANC", 3.1)],
        "expect": {"alerts": ["fever"], "instruction": "non_urgent", "declined": None},
    },
    {
        "id": "chemotherapy-grades-without-fever",
        "rule": "during anticancer treatment: CTCAE grades and alerts, no findings",
        "patient": {**ADULT, "anticancer_treatment": True},
        "values": [_v("WBC", 1.4), _v("ANC", 0.45)],
        "expect": {
            "declined": "anticancer_treatment",
            "findings": [],
            "values": {"ANC": {"grade": 4, "flag": "LL"}, "WBC": {"grade": 3}},
            "alerts": ["critical_value.ANC.low"],
            "instruction": "emergency",
        },
    },
    # ------------------------------------------------------------------ declines
    {
        "id": "child-with-febrile-neutropenia",
        "rule": "under 18: declined, but never the urgent instruction",
        "patient": {"age": 9, "sex": None, "temperature": 38.9},
        "values": [_v("ANC", 0.3)],
        "expect": {
            "declined": "age",
            "findings": [],
            "values": {"ANC": {"flag": "LL", "band": None, "grade": None}},
            "alerts": ["febrile_neutropenia", "critical_value.ANC.low"],
            "instruction": "emergency",
        },
    },
    {
        "id": "teenager-with-fever-normal-counts",
        "rule": "a declined result keeps its fever guidance",
        "patient": {"age": 16, "sex": "male", "temperature": 38.8},
        "values": _cbc(),
        "expect": {"declined": "age", "alerts": ["fever"], "instruction": "non_urgent"},
    },
    {
        "id": "pregnant-with-fever-during-treatment",
        "rule": "pregnancy declines; fever during anticancer treatment still says seek care now",
        "patient": {**ADULT, "pregnant": True, "anticancer_treatment": True, "temperature": 38.5},
        "values": [_v("HGB", 11.0, "g/dL")],
        "expect": {
            "declined": "pregnancy",
            "alerts": ["fever_during_anticancer_treatment"],
            "instruction": "emergency",
        },
    },
    {
        "id": "pregnant-without-fever",
        "rule": "pregnancy ranges shift: declined, with a reason",
        "patient": {**ADULT, "pregnant": True},
        "values": [_v("HGB", 10.9, "g/dL")],
        "expect": {
            "declined": "pregnancy",
            "findings": [],
            "alerts": [],
            "values": {"HGB": {"flag": None}},
        },
    },
    # ------------------------------------------------------------------ units and mix-ups
    {
        "id": "anc-1207-in-giga-per-litre",
        "rule": "impossible in the unit chosen, ordinary as /µL: ask, never interpret",
        "patient": {**ADULT, "temperature": 39.0},
        "values": [_v("ANC", 1207)],
        "expect": {
            "errors": [
                {"field": "values[0].value", "code": "implausible", "suggestions": [["/uL", 1.207]]}
            ],
            "alerts": ["fever"],
            "instruction": "non_urgent",
        },
    },
    {
        "id": "hemoglobin-135-in-g-per-dl",
        "rule": "hemoglobin 135 in g/dL is 135 g/L",
        "patient": ADULT,
        "values": [_v("HGB", 135, "g/dL")],
        "expect": {
            "errors": [
                {"field": "values[0].value", "code": "implausible", "suggestions": [["g/L", 13.5]]}
            ]
        },
    },
    {
        "id": "platelets-250000-in-giga-per-litre",
        "rule": "platelets 250000 in ×10⁹/L are 250000 /µL",
        "patient": ADULT,
        "values": [_v("PLT", 250000)],
        "expect": {
            "errors": [
                {"field": "values[0].value", "code": "implausible", "suggestions": [["/uL", 250.0]]}
            ]
        },
    },
    {
        "id": "hemoglobin-in-grams-per-litre",
        "rule": "130 g/L is 13 g/dL",
        "patient": ADULT,
        "values": [_v("HGB", 130, "g/L")],
        "expect": {"findings": [], "values": {"HGB": {"value": 13.0, "flag": "N"}}},
    },
    # ------------------------------------------------------------------ contradictions
    {
        "id": "typed-anc-contradicts-the-differential",
        "rule": "a typed ANC that disagrees with WBC × % is asked about; the lower decides alerts",
        "patient": {**ADULT, "temperature": 39.0},
        "values": [_v("WBC", 2.0), _v("NEUT_PCT", 20, "%"), _v("ANC", 2.0)],
        "expect": {
            "errors": [
                {"field": "values[2].value", "code": "contradiction"},
                {"field": "values[0].value", "code": "contradiction"},
                {"field": "values[1].value", "code": "contradiction"},
            ],
            "alerts": ["febrile_neutropenia", "critical_value.ANC.low"],
            "instruction": "emergency",
        },
    },
    {
        "id": "typed-anc-agrees-within-rounding",
        "rule": "1.21 typed against 3.4 × 35.5 % = 1.207: the same count, printed rounded",
        "patient": ADULT,
        "values": [_v("WBC", 3.4), _v("NEUT_PCT", 35.5, "%"), _v("ANC", 1.21)],
        "expect": {
            "findings": [["neutropenia", "mild"], ["leukopenia", "mild"]],
            "values": {"ANC": {"value": 1.21, "computed": False}},
        },
    },
    {
        "id": "anc-above-the-white-count",
        "rule": "an ANC above the WBC is an input error",
        "patient": ADULT,
        "values": [_v("WBC", 3.4), _v("ANC", 5100, "/uL")],
        "expect": {"errors": [{"field": "values", "code": "invalid"}]},
    },
    # ------------------------------------------------------------------ Duffy-null
    {
        "id": "duffy-null-anc-1-3",
        "rule": "Duffy-null: ANC 1.3 is within the Duffy-null range, so no finding",
        "patient": {**ADULT, "duffy_null": True},
        "values": [_v("ANC", 1.3)],
        "expect": {
            "findings": [],
            "values": {"ANC": {"flag": "N", "band": None, "range_source": "duffy_null"}},
            "reassurance": True,
        },
    },
    {
        "id": "duffy-null-anc-1-1",
        "rule": "Duffy-null: below 1.21 the fixed bands apply (mild)",
        "patient": {**ADULT, "duffy_null": True},
        "values": [_v("ANC", 1.1)],
        "expect": {"findings": [["neutropenia", "mild"]], "values": {"ANC": {"flag": "L"}}},
    },
    {
        "id": "duffy-null-wbc-9-8",
        "rule": "Duffy-null lowers lower limits only: WBC 9.8 is not high",
        "patient": {**ADULT, "duffy_null": True},
        "values": [_v("WBC", 9.8)],
        "expect": {"values": {"WBC": {"flag": "N", "low": 3.0, "high": 11.0}}},
    },
    # ------------------------------------------------------------------ the lab's own range
    {
        "id": "lab-range-from-0-5-anc-0-7",
        "rule": "a lab's range moves the flag, never the bands: 0.7 is moderate neutropenia",
        "patient": ADULT,
        "values": [_v("ANC", 0.7, lab_low=0.5, lab_high=7.0)],
        "expect": {
            "findings": [["neutropenia", "moderate"]],
            "values": {"ANC": {"flag": "N", "band": "moderate", "range_source": "lab"}},
        },
    },
    {
        "id": "lab-range-from-1-8-anc-1-6",
        "rule": "below the lab's range (L) but not neutropenia",
        "patient": ADULT,
        "values": [_v("ANC", 1.6, lab_low=1.8, lab_high=7.7)],
        "expect": {
            "findings": [],
            "values": {"ANC": {"flag": "L", "band": "none", "grade": 1}},
            "reassurance": False,
        },
    },
    # ------------------------------------------------------------------ critical values
    {
        "id": "hemoglobin-below-7",
        "rule": "hemoglobin < 7 g/dL: same-day assessment (Carson, JAMA 2023)",
        "patient": ADULT,
        "values": [_v("HGB", 6.5, "g/dL")],
        "expect": {
            "findings": [["anemia", "severe"]],
            "values": {"HGB": {"flag": "LL", "grade": 3}},
            "alerts": ["critical_value.HGB.low"],
            "instruction": "same_day",
        },
    },
    {
        "id": "wbc-above-100",
        "rule": "WBC > 100: hyperleukocytosis, an emergency (Ganzel, Blood Rev 2012)",
        "patient": ADULT,
        "values": [_v("WBC", 150)],
        "expect": {
            "findings": [["leukocytosis", None]],
            "values": {"WBC": {"flag": "HH"}},
            "alerts": ["critical_value.WBC.high"],
            "instruction": "emergency",
        },
    },
    {
        "id": "platelets-below-20",
        "rule": "platelets < 20: critical (FHIR LL), an alert about platelets",
        "patient": ADULT,
        "values": [_v("PLT", 15)],
        "expect": {
            "findings": [["thrombocytopenia", "severe"]],
            "values": {"PLT": {"flag": "LL", "grade": 4}},
            "alerts": ["critical_value.PLT.low"],
            "instruction": "same_day",
        },
    },
    {
        "id": "platelets-15-and-wbc-150",
        "rule": "several alerts: one instruction, the most urgent",
        "patient": ADULT,
        "values": [_v("WBC", 150), _v("PLT", 15)],
        "expect": {
            "alerts": ["critical_value.WBC.high", "critical_value.PLT.low"],
            "instruction": "emergency",
        },
    },
    # ------------------------------------------------------------------ comparators
    {
        "id": "anc-below-0-1",
        "rule": "an ANC '<0.1' is profound neutropenia, and severe",
        "patient": ADULT,
        "values": [_v("ANC", "<0.1")],
        "expect": {
            "findings": [["neutropenia", "severe"]],
            "values": {"ANC": {"value": 0.1, "band": "severe", "detail": "profound", "flag": "LL"}},
            "alerts": ["critical_value.ANC.low"],
        },
    },
    {
        "id": "wbc-above-100-comparator",
        "rule": "a WBC '>100' is critically high",
        "patient": ADULT,
        "values": [_v("WBC", 100, comparator=">")],
        "expect": {"values": {"WBC": {"flag": "HH"}}, "instruction": "emergency"},
    },
    {
        "id": "wbc-below-5-is-asked-about",
        "rule": "'<5' could be normal or low: asked about, never guessed",
        "patient": ADULT,
        "values": [_v("WBC", "<5")],
        "expect": {"errors": [{"field": "values[0].value", "code": "comparator_undecided"}]},
    },
    # ------------------------------------------------------------------ other findings
    {
        "id": "pancytopenia",
        "rule": "low white cells, hemoglobin and platelets together",
        "patient": ADULT,
        "values": [_v("WBC", 2.5), _v("HGB", 9.0, "g/dL"), _v("PLT", 90)],
        "expect": {
            "findings": [
                ["pancytopenia", None],
                ["leukopenia", "moderate"],
                ["anemia", "moderate"],
                ["thrombocytopenia", "mild"],
            ]
        },
    },
    {
        "id": "high-counts",
        "rule": "leukocytosis above 11.0, neutrophilia above 7.7, thrombocytosis above 450",
        "patient": ADULT,
        "values": [_v("WBC", 12.0), _v("ANC", 8.0), _v("PLT", 500)],
        "expect": {
            "findings": [["leukocytosis", None], ["neutrophilia", None], ["thrombocytosis", None]]
        },
    },
    {
        "id": "anemia-by-sex",
        "rule": "anemia uses the sex-specific lower limit (men 14, women 12 g/dL)",
        "patient": {"age": 40, "sex": "male"},
        "values": [_v("HGB", 13.0, "g/dL")],
        "expect": {"findings": [["anemia", "mild"]], "values": {"HGB": {"low": 14.0}}},
    },
    {
        "id": "normal-cbc",
        "rule": "nothing flagged, no alert, no fever: within the usual ranges",
        "patient": {**ADULT, "temperature": 36.8},
        "values": _cbc(),
        "expect": {"findings": [], "alerts": [], "instruction": None, "reassurance": True},
    },
]
