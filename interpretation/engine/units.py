"""Units of blood-count results: read what people type, convert to canonical UCUM units.

Plain Python with no Django import, so the interpretation engine and its tests
run without settings or a database.

Each value has a *kind* ("count", "percent", "hemoglobin", "volume",
"temperature"). A kind has one canonical unit, in which the engine compares
values with reference data, and a few other units people meet on lab reports:

==============  ==============  ===================================
kind            canonical       also accepted (UCUM)
==============  ==============  ===================================
count           ``10*9/L``      ``/uL`` (cells per microlitre, = /mm³)
percent         ``%``
hemoglobin      ``g/dL``        ``g/L``, ``mmol/L``
volume          ``fL``
temperature     ``Cel``         ``[degF]``
==============  ==============  ===================================

An unrecognised spelling raises :class:`UnitError`; we never guess a unit,
because a wrong guess changes a value a thousandfold.
"""

from __future__ import annotations

import math
from functools import lru_cache

KINDS: tuple[str, ...] = ("count", "percent", "hemoglobin", "volume", "temperature")

#: The unit each kind is compared in (UCUM codes).
CANONICAL_UNIT: dict[str, str] = {
    "count": "10*9/L",
    "percent": "%",
    "hemoglobin": "g/dL",
    "volume": "fL",
    "temperature": "Cel",
}

#: Decimals kept for a value in its canonical unit. Finer than any lab prints
#: (0.001 ×10⁹/L is one cell per µL; 0.01 g/dL is 0.1 g/L), so rounding never
#: changes a printed result, yet it removes binary floating-point noise such as
#: 2.4 × 62.5 % giving 1.4999999999999998 instead of 1.5 at a severity boundary.
CANONICAL_DECIMALS: dict[str, int] = {
    "count": 3,
    "percent": 2,
    "hemoglobin": 2,
    "volume": 2,
    "temperature": 2,
}

#: How a UCUM unit is written for a person.
DISPLAY_UNIT: dict[str, str] = {
    "10*9/L": "×10⁹/L",
    "/uL": "/µL",
    "%": "%",
    "g/dL": "g/dL",
    "g/L": "g/L",
    "mmol/L": "mmol/L",
    "fL": "fL",
    "Cel": "°C",
    "[degF]": "°F",
}

#: The units we suggest in an error message, per kind (the common ones, not every spelling).
ACCEPTED_HINT: dict[str, str] = {
    "count": "×10⁹/L, K/µL, cells/µL or /mm³",
    "percent": "%",
    "hemoglobin": "g/dL, g/L or mmol/L",
    "volume": "fL",
    "temperature": "°C or °F",
}

#: Dividing a value in the unit by this gives the canonical unit. Division (not
#: multiplication by 0.001) keeps results exact where they can be: 1500 / 1000 is
#: exactly 1.5, whereas 1500 * 0.001 is not. Temperature is affine, handled apart.
#: Two units with the same divisor mean the same reading of a number.
DIVISOR: dict[str, float] = {
    "10*9/L": 1.0,
    "/uL": 1000.0,  # 1 ×10⁹/L = 1 ×10³/µL = 1000 /µL = 1000 /mm³
    "%": 1.0,
    "g/dL": 1.0,
    "g/L": 10.0,  # g/dL × 10 = g/L
    "mmol/L": 0.6206,  # g/dL × 0.6206 = mmol/L (haemoglobin monomer, 16 114 g/mol)
    "fL": 1.0,
    "Cel": 1.0,
}

# Decimals kept after a conversion: removes noise (100.94 °F → 38.3 °C, not
# 38.300000000000004) while keeping every digit a person could have typed.
_SNAP_DECIMALS = 9

# Scaled values at or beyond 2**50 are returned unrounded: there a float has at
# most two bits below the rounding digit, and k / 10**d × 10**d could miss k
# by more than a quarter, which would make rounding twice differ from once.
_NO_FRACTION = float(2**50)

# Spellings people type, after folding (see _fold) and lower-casing, per kind.
_SPELLINGS: dict[str, dict[str, str]] = {
    "count": {
        **dict.fromkeys(
            (
                "10*9/l",
                "10^9/l",
                "x10^9/l",
                "x10*9/l",
                "*10^9/l",
                "10e9/l",
                "x10e9/l",
                "g/l",  # giga per litre, French and Belgian reports; see _FIRST_LETTER
                "10*3/ul",
                "10^3/ul",
                "x10^3/ul",
                "x10*3/ul",
                "k/ul",
                "thou/ul",
                "10^3/mm^3",
                "x10^3/mm^3",
                "10^3/mm3",
                "x10^3/mm3",
                "k/mm^3",
                "k/mm3",
            ),
            "10*9/L",
        ),
        **dict.fromkeys(
            (
                "/ul",
                "cells/ul",
                "/mm3",
                "/mm^3",
                "cells/mm3",
                "cells/mm^3",
                "/cumm",
                "cells/cumm",
            ),
            "/uL",
        ),
    },
    "percent": dict.fromkeys(("%", "percent"), "%"),
    "hemoglobin": {"g/dl": "g/dL", "gm/dl": "g/dL", "g/l": "g/L", "mmol/l": "mmol/L"},
    "volume": dict.fromkeys(("fl", "um^3", "um3"), "fL"),
    "temperature": {
        **dict.fromkeys(("cel", "°c", "c", "degc"), "Cel"),
        **dict.fromkeys(("[degf]", "°f", "f", "degf"), "[degF]"),
    },
}

# Case matters in one place only: "G" is giga and "g" is gram. "G/L" counts
# cells, "g/L" weighs haemoglobin; a count entered as "g/L" (or a haemoglobin as
# "G/L") is more likely a value typed in the wrong box than a typo, so we refuse.
_FIRST_LETTER: dict[tuple[str, str], str] = {
    ("count", "g/l"): "G",
    ("hemoglobin", "g/l"): "g",
}

# Characters that look alike on a keyboard, a phone or a copied PDF.
_FOLD = str.maketrans(
    {
        "×": "x",  # multiplication sign
        "⁹": "^9",
        "³": "^3",
        "µ": "u",  # micro sign U+00B5
        "μ": "u",  # Greek small mu U+03BC
        "º": "°",  # masculine ordinal, often typed for a degree sign
        "˚": "°",  # ring above
    }
)


class UnitError(ValueError):
    """A unit we do not recognise for a kind of value. ``str()`` is a sentence for a person."""

    def __init__(self, message: str, *, text: object, kind: str) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.kind = kind


def _check_kind(kind: str) -> None:
    if kind not in CANONICAL_UNIT:
        # A programming error, not a person's typing: a plain ValueError.
        raise ValueError(f"Unknown unit kind {kind!r}; expected one of {', '.join(KINDS)}.")


def _fold(text: str) -> str:
    """Remove all whitespace and map look-alike characters to the ASCII we match on."""
    return "".join(text.split()).translate(_FOLD)


def normalize_unit(text: object, kind: str) -> str:
    """Return the UCUM code for a unit as people type it, e.g. ``"x10^9/L"`` → ``"10*9/L"``.

    Matching ignores whitespace and case (except giga "G" versus gram "g"),
    and treats ×/x, superscripts/carets and the two micro characters alike.
    Raises :class:`UnitError` for anything else (including a blank, None or a
    number), and ``ValueError`` for an unknown kind.
    """
    _check_kind(kind)
    if not isinstance(text, str) or not text.strip():
        raise UnitError(f"Enter a unit: {ACCEPTED_HINT[kind]}.", text=text, kind=kind)
    ucum = _look_up(text, kind)
    if ucum is None:
        raise UnitError(
            f"“{text.strip()}” is not a unit we recognise for this value; "
            f"use {ACCEPTED_HINT[kind]}.",
            text=text,
            kind=kind,
        )
    return ucum


@lru_cache(maxsize=1024)  # the same few spellings come back with every result
def _look_up(text: str, kind: str) -> str | None:
    folded = _fold(text)
    key = folded.lower()
    ucum = _SPELLINGS[kind].get(key)
    required = _FIRST_LETTER.get((kind, key))
    if ucum is None or (required is not None and folded[0] != required):
        return None
    return ucum


def canonical_unit(kind: str) -> str:
    """The UCUM unit a kind of value is compared in."""
    _check_kind(kind)
    return CANONICAL_UNIT[kind]


def display_unit(ucum: str) -> str:
    """How to write a UCUM unit for a person: ``"10*9/L"`` → ``"×10⁹/L"``."""
    return DISPLAY_UNIT.get(ucum, ucum)


def round_half_up(value: float, decimals: int) -> float:
    """Round to ``decimals`` places, halves upwards, returning the float nearest the result.

    Halves go up (1.2345 → 1.235 at 3 decimals), as labs round, where
    :func:`round` rounds halves to even. ``floor(k) / 10**d`` is correctly
    rounded, so 1207 /µL becomes exactly the float 1.207. NaN and infinities
    are returned unchanged; so is a value too large to have a fraction left at
    that precision.
    """
    scale = 10.0**decimals
    scaled = value * scale
    if -_NO_FRACTION < scaled < _NO_FRACTION:
        return math.floor(scaled + 0.5) / scale
    return value


def ucum_to_canonical(value: float, ucum: str) -> float:
    """Convert from a UCUM unit :func:`normalize_unit` returned to its kind's canonical unit."""
    if ucum == "[degF]":
        return round_half_up((value - 32.0) * 5.0 / 9.0, _SNAP_DECIMALS)
    divisor = DIVISOR[ucum]
    if divisor == 1.0:
        return value
    return round_half_up(value / divisor, _SNAP_DECIMALS)


def ucum_from_canonical(value: float, ucum: str) -> float:
    """Inverse of :func:`ucum_to_canonical`."""
    if ucum == "[degF]":
        return round_half_up(value * 9.0 / 5.0 + 32.0, _SNAP_DECIMALS)
    divisor = DIVISOR[ucum]
    if divisor == 1.0:
        return value
    return round_half_up(value * divisor, _SNAP_DECIMALS)


def to_canonical(value: float, unit: str, kind: str) -> float:
    """Convert ``value`` in ``unit`` (any accepted spelling) to the kind's canonical unit.

    Counts go to ×10⁹/L (1000 /µL → 1.0), haemoglobin to g/dL, temperature to °C.
    Results are rounded to 9 decimals to drop binary noise; the engine then
    rounds to :data:`CANONICAL_DECIMALS` for display and comparison.
    """
    return ucum_to_canonical(value, normalize_unit(unit, kind))


def from_canonical(value: float, unit: str, kind: str) -> float:
    """Convert ``value`` in the kind's canonical unit to ``unit`` (any accepted spelling)."""
    return ucum_from_canonical(value, normalize_unit(unit, kind))


def units_of_kind(kind: str) -> tuple[str, ...]:
    """The UCUM units a kind accepts, one per meaning, canonical first.

    ×10³/µL is not listed beside ×10⁹/L: it is the same unit, and reading a
    number in it never gives another value.
    """
    _check_kind(kind)
    found: list[str] = []
    for ucum in _SPELLINGS[kind].values():
        if ucum not in found:
            found.append(ucum)
    found.sort(key=lambda ucum: ucum != CANONICAL_UNIT[kind])
    return tuple(found)
