"""Reference data: what the board enters is checked before the engine applies it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interpretation.engine import (
    EMERGENCY,
    SAME_DAY,
    Analyte,
    CriticalLimit,
    GradeBand,
    Measurement,
    PlausibilityLimit,
    ReferenceDataError,
    ReferenceRange,
    SeverityBand,
    interpret,
)
from tests.interpretation.factories import (
    BANDS,
    CRITICAL_LIMITS,
    FEVER_RULE,
    GRADES,
    PLAUSIBILITY_LIMITS,
    RANGES,
    adult,
    build_cbc_reference_data,
)


def top_level(bands, analyte):
    chosen = [b for b in bands if b.analyte == analyte and b.parent is None]
    return sorted(chosen, key=lambda b: float("-inf") if b.lower is None else b.lower)


def test_the_factory_data_is_valid(cbc_data):
    assert cbc_data.find_analyte("26499-4").code == "ANC"
    assert cbc_data.find_analyte("753-4").code == "ANC"
    assert cbc_data.find_analyte("nonsense") is None
    assert cbc_data.grade_table_for("ANC") == ("CTCAE", "5.0")
    assert cbc_data.critical_limit("PLT") == CriticalLimit("PLT", low=20.0, low_action=SAME_DAY)
    assert cbc_data.plausibility_for("WBC") == PlausibilityLimit("WBC", 0.0, 440.0)
    assert [b.code for b in cbc_data.bands_for("ANC")] == ["severe", "moderate", "mild", "none"]


def test_anc_bands_are_contiguous_from_minus_to_plus_infinity():
    bands = top_level(BANDS, "ANC")
    assert bands[0].lower is None
    assert bands[-1].upper is None
    for below, above in zip(bands, bands[1:], strict=False):
        assert below.upper == above.lower


def test_sub_bands_lie_within_severe():
    severe = next(b for b in BANDS if b.code == "severe")
    for child in (b for b in BANDS if b.parent == "severe"):
        assert child.upper <= severe.upper
        assert child.lower is None or child.lower >= (severe.lower or float("-inf"))


@pytest.mark.parametrize("analyte", ["ANC", "WBC", "ALC", "HGB", "PLT"])
def test_grade_tables_are_contiguous_and_end_at_the_lln(analyte):
    grades = sorted(
        (g for g in GRADES if g.analyte == analyte),
        key=lambda g: float("-inf") if g.lower is None else g.lower,
    )
    assert grades[0].lower is None
    assert grades[-1].upper is None  # grade 1 runs up to the lower limit of normal
    for below, above in zip(grades, grades[1:], strict=False):
        assert below.upper == above.lower
        assert below.grade > above.grade


def test_a_gap_between_bands_is_refused():
    with_gap = [b for b in BANDS if b.code != "moderate"]
    with pytest.raises(ReferenceDataError, match="no gap or overlap"):
        build_cbc_reference_data(bands=with_gap)


def test_bands_that_stop_short_of_infinity_are_refused():
    capped = [b for b in BANDS if b.code != "none"]
    with pytest.raises(ReferenceDataError, match=r"\+∞"):
        build_cbc_reference_data(bands=capped)


def test_a_sub_band_outside_its_parent_is_refused():
    bands = [*BANDS, SeverityBand("ANC", "odd", "Odd", None, 0.7, parent="severe")]
    with pytest.raises(ReferenceDataError, match="outside its parent"):
        build_cbc_reference_data(bands=bands)


def test_references_to_unknown_analytes_and_impossible_ranges_are_all_reported():
    with pytest.raises(ReferenceDataError) as raised:
        build_cbc_reference_data(
            ranges=[*RANGES, ReferenceRange("RBC", 4.0, 5.5), ReferenceRange("MCV", 100, 80)],
            critical_limits=[CriticalLimit("ANC", low=float("nan"))],
        )
    problems = " ".join(raised.value.problems)
    assert "unknown analyte 'RBC'" in problems
    assert "low must be below high" in problems
    assert "finite" in problems


def test_an_analyte_must_be_stored_in_its_canonical_unit():
    with pytest.raises(ReferenceDataError, match="canonical unit"):
        build_cbc_reference_data(
            analytes=[Analyte("WBC", "White blood cells", "6690-2", "count", "/uL")]
        )


V6_NEUTROPHILS = (
    # CTCAE v6.0 neutrophil count decreased: G1 < 1.5 to 1.0 ... G4 < 0.1.
    GradeBand("ANC", "CTCAE", "6.0", 1, 1.0, 1.5),
    GradeBand("ANC", "CTCAE", "6.0", 2, 0.5, 1.0),
    GradeBand("ANC", "CTCAE", "6.0", 3, 0.1, 0.5),
    GradeBand("ANC", "CTCAE", "6.0", 4, None, 0.1),
)


def test_the_grading_version_is_chosen_and_reported():
    both = (*GRADES, *V6_NEUTROPHILS)
    latest = build_cbc_reference_data(grades=both)
    pinned = build_cbc_reference_data(grades=both, grade_version="5.0")
    anc = [Measurement("ANC", 1.207, "K/uL")]

    v6 = interpret(adult(), anc, latest).values[0]
    assert (v6.grade, v6.grade_version) == (1, "6.0")
    v5 = interpret(adult(), anc, pinned).values[0]
    assert (v5.grade, v5.grade_version) == (2, "5.0")


@given(
    cuts=st.lists(
        st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=6, unique=True
    )
)
def test_any_contiguous_banding_is_accepted_and_classifies_every_value(cuts):
    cuts = sorted(cuts)
    edges = [None, *cuts, None]
    names = ["severe", "moderate", "mild", "slight", "trace", "faint", "none"]
    bands = [
        SeverityBand("ANC", names[i] if i < len(cuts) else "none", "", edges[i], edges[i + 1])
        for i in range(len(cuts) + 1)
    ]
    data = build_cbc_reference_data(bands=bands)
    assert data.bands_for("ANC")[0].lower is None
    for value in [0.0, *cuts, 100.0]:
        result = interpret(adult(), [Measurement("ANC", value, "K/uL")], data)
        assert result.values[0].band is not None


@given(
    cuts=st.lists(
        st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=6, unique=True
    ),
    drop=st.integers(min_value=1),
)
def test_removing_an_inner_band_is_always_refused(cuts, drop):
    cuts = sorted(cuts)
    edges = [None, *cuts, None]
    bands = [SeverityBand("ANC", f"b{i}", "", edges[i], edges[i + 1]) for i in range(len(cuts) + 1)]
    inner = 1 + drop % (len(bands) - 2)  # never the first or the last: at least 3 bands
    del bands[inner]
    with pytest.raises(ReferenceDataError):
        build_cbc_reference_data(bands=bands)


def test_every_analyte_needs_plausibility_limits():
    without_hgb = [p for p in PLAUSIBILITY_LIMITS if p.analyte != "HGB"]
    with pytest.raises(ReferenceDataError, match="HGB: needs plausibility limits"):
        build_cbc_reference_data(plausibility_limits=without_hgb)


@pytest.mark.parametrize(
    ("limit", "words"),
    [
        (PlausibilityLimit("WBC", 10.0, 5.0), "need 0 ≤ low < high"),
        (PlausibilityLimit("WBC", -1.0, 5.0), "need 0 ≤ low < high"),
        (PlausibilityLimit("WBC", 0.0, float("inf")), "finite"),
    ],
)
def test_plausibility_limits_are_checked(limit, words):
    others = [p for p in PLAUSIBILITY_LIMITS if p.analyte != "WBC"]
    with pytest.raises(ReferenceDataError, match=words):
        build_cbc_reference_data(plausibility_limits=[*others, limit])


def test_a_critical_limit_needs_its_action():
    limits = [*CRITICAL_LIMITS[:-1], CriticalLimit("WBC", high=100.0)]
    with pytest.raises(ReferenceDataError, match="the high limit needs an action"):
        build_cbc_reference_data(critical_limits=limits)
    limits = [*CRITICAL_LIMITS[:-1], CriticalLimit("WBC", high=100.0, high_action="soon")]
    with pytest.raises(ReferenceDataError, match="needs an action"):
        build_cbc_reference_data(critical_limits=limits)
    limits = [*CRITICAL_LIMITS[:-1], CriticalLimit("WBC", high=100.0, high_action=EMERGENCY)]
    assert build_cbc_reference_data(critical_limits=limits)


@pytest.mark.parametrize("window", [-1, 1.5, None, True])
def test_the_fever_rule_needs_a_treatment_window_in_whole_days(window):
    rule = dataclasses.replace(FEVER_RULE, treatment_window_days=window)
    with pytest.raises(ReferenceDataError, match="treatment window"):
        build_cbc_reference_data(fever_rule=rule)


def test_the_duffy_null_range_lowers_only_the_lower_limit(cbc_data):
    rules = cbc_data.rules_for("WBC", sex=None, duffy_null=True)
    assert (rules.low, rules.high, rules.range_source) == (3.0, 11.0, "duffy_null")
    anc = cbc_data.rules_for("ANC", sex="female", duffy_null=True)
    assert (anc.low, anc.high, anc.finding_below) == (1.21, 7.7, 1.21)
    general = cbc_data.rules_for("ANC", sex="female", duffy_null=False)
    assert (general.low, general.finding_below) == (1.8, 1.5)
