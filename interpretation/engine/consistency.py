"""Checks across values, the ANC computed from the differential, and contradictions.

A typed ANC is checked against WBC × (neutrophils % + bands %) / 100. Each
number stands for every value that prints as it: "3.4" is anything from 3.35 to
3.45, "35.5" from 35.45 to 35.55, "1207" (/µL) from 1206.5 to 1207.5. The two
ANCs contradict each other only when no such values agree: the typed ANC's
interval and the interval WBC × % spans do not meet. This is done in exact
decimal arithmetic, so an interval edge is never moved by binary floats. A
number typed without its trailing zeros ("2" for "2.0") stands for a wider
interval, so it is contradicted less readily, never more. Values given as
bounds ("<0.1") are not checked, and no ANC is computed from them.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from . import units
from .checked import Reading, show
from .reference import ReferenceData
from .types import CONTRADICTION, FieldError


def check_across_values(
    readings: dict[str, Reading], data: ReferenceData, errors: list[FieldError]
) -> tuple[dict[str, Reading], dict[str, Reading]]:
    """Parts cannot exceed the whole; the ANC is computed when not typed, and checked
    against WBC × % when it is. Returns (readings, readings for alerts)."""
    wbc, anc = readings.get("WBC"), readings.get("ANC")
    for_alerts = dict(readings)
    if wbc is not None:
        for part, label in ((anc, "The ANC"), (readings.get("ALC"), "The lymphocyte count")):
            if part is None or part.comparator or wbc.comparator or part.value <= wbc.value:
                continue
            errors.append(
                FieldError(
                    "values",
                    f"{label} ({show(part.value, part.analyte.unit)}) cannot be higher "
                    f"than the white cell count ({show(wbc.value, wbc.analyte.unit)}).",
                    related=(part.field(), wbc.field()),
                )
            )
            if part is anc:
                del for_alerts["ANC"]  # unknown until answered; the WBC bounds it
    neut, bands = readings.get("NEUT_PCT"), readings.get("BANDS_PCT")
    if neut is not None and bands is not None and neut.value + bands.value > 100:
        errors.append(
            FieldError(
                "values",
                f"Neutrophils ({neut.value:g} %) and band forms ({bands.value:g} %) "
                "add up to more than 100 %.",
                related=(neut.field(), bands.field()),
            )
        )
        return readings, for_alerts
    computed = _computed_anc(wbc, neut, bands, data)
    if computed is None:
        return readings, for_alerts
    if anc is None:
        readings = {**readings, "ANC": computed}
        for_alerts.setdefault("ANC", computed)
    elif "ANC" in for_alerts and _contradicts(anc, wbc, neut, bands):
        errors.extend(_contradiction(anc, computed, wbc, neut, bands))
        for_alerts["ANC"] = min(anc, computed, key=lambda r: r.judged)
    return readings, for_alerts


def _computed_anc(
    wbc: Reading | None, neut: Reading | None, bands: Reading | None, data: ReferenceData
) -> Reading | None:
    """ANC = WBC × (neutrophils % + bands %) / 100, never from values given as bounds."""
    analyte = data.analyte_by_code("ANC")
    if analyte is None or wbc is None or neut is None:
        return None
    if any(r is not None and r.comparator for r in (wbc, neut, bands)):
        return None
    percent = neut.value + (bands.value if bands is not None else 0.0)
    # Rounded to whole cells per µL, as labs report it; never above the WBC after rounding.
    value = min(units.round_half_up(wbc.value * (percent / 100.0), 3), wbc.value)
    return Reading(analyte=analyte, value=value, judged=value, index=None)


def _printed_interval(reading: Reading) -> tuple[Decimal, Decimal]:
    """Every value, in the canonical unit, that prints as the number entered (see the module)."""
    number = Decimal(reading.printed)
    half = Decimal("0.5").scaleb(min(number.as_tuple().exponent, 0))
    divisor = Decimal(repr(units.DIVISOR[reading.entered_unit]))
    return max(number - half, Decimal(0)) / divisor, (number + half) / divisor


def _contradicts(anc: Reading, wbc: Reading, neut: Reading, bands: Reading | None) -> bool:
    if anc.comparator or anc.printed is None:
        return False
    try:
        anc_low, anc_high = _printed_interval(anc)
        wbc_low, wbc_high = _printed_interval(wbc)
        pct_low, pct_high = _printed_interval(neut)
        if bands is not None:
            bands_low, bands_high = _printed_interval(bands)
            pct_low, pct_high = pct_low + bands_low, pct_high + bands_high
    except (InvalidOperation, ValueError):
        return False  # not a plain decimal (e.g. "1e400"): no rounding to reason about
    pct_high = min(pct_high, Decimal(100))
    computed_low, computed_high = wbc_low * pct_low / 100, wbc_high * pct_high / 100
    return anc_high < computed_low or anc_low > computed_high


def _contradiction(
    anc: Reading, computed: Reading, wbc: Reading, neut: Reading, bands: Reading | None
) -> list[FieldError]:
    parts = [neut, *([bands] if bands is not None else [])]
    percents = " + ".join(f"{r.value:g} %" for r in parts)
    unit = anc.analyte.unit
    message = (
        f"The ANC entered ({show(anc.value, unit)}) does not match the one your white cell "
        f"count and differential give ({wbc.value:g} × ({percents}) / 100 = "
        f"{show(computed.value, unit)}), even allowing for rounding. Check both against "
        "your report and correct the one that was copied wrongly."
    )
    others = tuple(r.field() for r in (wbc, *parts))
    first = FieldError(anc.field(), message, CONTRADICTION, related=others)
    on_the_others = [
        replace(
            first,
            field=field,
            message="Check this value: with the others it gives a different ANC from the one "
            "entered (see the ANC).",
            related=tuple(f for f in (anc.field(), *others) if f != field),
        )
        for field in others
    ]
    return [first, *on_the_others]
