"""Units: the spellings people type, exact conversions, and round trips."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interpretation.engine.units import (
    CANONICAL_UNIT,
    UnitError,
    from_canonical,
    normalize_unit,
    round_half_up,
    to_canonical,
)

MICRO_SIGN = "\u00b5"  # µ as typed on most keyboards
GREEK_MU = "\u03bc"  # μ as pasted from some PDFs


@pytest.mark.parametrize(
    "text",
    [
        "x10^9/L",
        "10^9/L",
        "×10⁹/L",
        "x10⁹/L",
        "10*9/L",
        "G/L",
        "K/uL",
        f"K/{MICRO_SIGN}L",
        f"K/{GREEK_MU}L",
        "10*3/uL",
        "10^3/uL",
        "x10^3/uL",
        "thou/uL",
        " x 10^9 / L ",
        "k/ul",
        "X10^9/l",
    ],
)
def test_count_spellings_per_litre_become_10_9_per_litre(text):
    assert normalize_unit(text, "count") == "10*9/L"


@pytest.mark.parametrize(
    "text",
    [
        "cells/uL",
        f"cells/{MICRO_SIGN}L",
        f"cells/{GREEK_MU}L",
        "/uL",
        f"/{MICRO_SIGN}L",
        "/mm3",
        "/mm³",
        "cells/mm3",
        "Cells / mm³",
    ],
)
def test_count_spellings_per_microlitre_become_per_microlitre(text):
    assert normalize_unit(text, "count") == "/uL"


@pytest.mark.parametrize(
    ("text", "kind", "ucum"),
    [
        ("%", "percent", "%"),
        (" % ", "percent", "%"),
        ("g/dL", "hemoglobin", "g/dL"),
        ("g/dl", "hemoglobin", "g/dL"),
        ("G/DL", "hemoglobin", "g/dL"),
        ("g/L", "hemoglobin", "g/L"),
        ("mmol/L", "hemoglobin", "mmol/L"),
        ("MMOL/L", "hemoglobin", "mmol/L"),
        ("fL", "volume", "fL"),
        ("fl", "volume", "fL"),
        ("Cel", "temperature", "Cel"),
        ("°C", "temperature", "Cel"),
        ("C", "temperature", "Cel"),
        ("[degF]", "temperature", "[degF]"),
        ("°F", "temperature", "[degF]"),
        ("F", "temperature", "[degF]"),
    ],
)
def test_other_kinds_accept_their_spellings(text, kind, ucum):
    assert normalize_unit(text, kind) == ucum


def test_giga_and_gram_are_never_confused():
    # "G/L" counts cells (giga per litre); "g/L" weighs haemoglobin. A count
    # typed as "g/L" is refused rather than guessed.
    with pytest.raises(UnitError):
        normalize_unit("g/L", "count")
    with pytest.raises(UnitError):
        normalize_unit("G/L", "hemoglobin")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bananas", "count"),
        ("g/dL", "count"),  # a unit of another kind
        ("%", "count"),
        ("10^6/uL", "count"),  # red cells are counted in millions: not a white cell unit
        ("mg/dL", "hemoglobin"),
        ("K", "temperature"),
        ("L", "volume"),
    ],
)
def test_unknown_units_are_refused_with_the_accepted_ones_listed(text, kind):
    with pytest.raises(UnitError) as raised:
        normalize_unit(text, kind)
    message = str(raised.value)
    assert f"“{text}” is not a unit we recognise" in message
    assert raised.value.kind == kind


def test_a_count_error_lists_the_count_units():
    with pytest.raises(UnitError, match="×10⁹/L, K/µL, cells/µL or /mm³"):
        normalize_unit("bananas", "count")


@pytest.mark.parametrize("text", ["", "   ", None, 12])
def test_a_missing_unit_asks_for_one(text):
    with pytest.raises(UnitError, match="Enter a unit"):
        normalize_unit(text, "count")


def test_an_unknown_kind_is_a_programming_error_not_a_unit_error():
    with pytest.raises(ValueError) as raised:
        normalize_unit("g/dL", "mass")
    assert not isinstance(raised.value, UnitError)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1500, "/µL", 1.5),
        (1000, "/µL", 1.0),
        (500, "/mm³", 0.5),
        (200, "cells/uL", 0.2),
        (100, "/uL", 0.1),
        (1207, "/mm3", 1.207),
        (3.4, "K/µL", 3.4),
        (3.4, "x10^9/L", 3.4),
    ],
)
def test_counts_convert_exactly_to_10_9_per_litre(value, unit, expected):
    # Exact equality on purpose: the severity boundaries are compared exactly.
    assert to_canonical(value, unit, "count") == expected


@pytest.mark.parametrize(
    ("value", "unit", "kind", "expected"),
    [
        (120, "g/L", "hemoglobin", 12.0),
        (80, "g/L", "hemoglobin", 8.0),
        (6.206, "mmol/L", "hemoglobin", 10.0),
        (12.5, "g/dL", "hemoglobin", 12.5),
        (100.4, "°F", "temperature", 38.0),
        (100.94, "°F", "temperature", 38.3),
        (38.3, "°C", "temperature", 38.3),
        (45.0, "%", "percent", 45.0),
        (90.0, "fL", "volume", 90.0),
    ],
)
def test_other_conversions(value, unit, kind, expected):
    assert to_canonical(value, unit, kind) == expected


@pytest.mark.parametrize(
    ("value", "unit", "kind", "expected"),
    [
        (1.5, "/µL", "count", 1500.0),
        (1.207, "cells/mm3", "count", 1207.0),
        (12.0, "g/L", "hemoglobin", 120.0),
        (10.0, "mmol/L", "hemoglobin", 6.206),
        (38.0, "°F", "temperature", 100.4),
    ],
)
def test_from_canonical_is_the_inverse(value, unit, kind, expected):
    assert from_canonical(value, unit, kind) == expected


UNITS_BY_KIND = [
    ("count", "10*9/L"),
    ("count", "/uL"),
    ("count", "K/µL"),
    ("percent", "%"),
    ("hemoglobin", "g/dL"),
    ("hemoglobin", "g/L"),
    ("hemoglobin", "mmol/L"),
    ("volume", "fL"),
    ("temperature", "Cel"),
    ("temperature", "[degF]"),
]


@given(
    unit=st.sampled_from(UNITS_BY_KIND),
    value=st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
)
def test_converting_there_and_back_returns_the_value(unit, value):
    kind, text = unit
    there = to_canonical(value, text, kind)
    assert math.isclose(from_canonical(there, text, kind), value, rel_tol=1e-9, abs_tol=1e-5)
    back = from_canonical(value, text, kind)
    assert math.isclose(to_canonical(back, text, kind), value, rel_tol=1e-9, abs_tol=1e-5)


@given(cells=st.integers(min_value=0, max_value=10**7))
def test_whole_cells_per_microlitre_convert_like_decimal_arithmetic(cells):
    expected = float(Decimal(cells) / Decimal(1000))
    assert to_canonical(cells, "/uL", "count") == expected


@given(
    value=st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
    decimals=st.integers(min_value=0, max_value=9),
)
def test_rounding_is_idempotent_and_close(value, decimals):
    once = round_half_up(value, decimals)
    assert round_half_up(once, decimals) == once
    assert abs(once - value) <= 0.5 * 10**-decimals + 1e-9 * value


def test_every_kind_has_a_canonical_unit_that_normalizes_to_itself():
    for kind, unit in CANONICAL_UNIT.items():
        assert normalize_unit(unit, kind) == unit
