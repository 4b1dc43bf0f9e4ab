"""Reading FHIR Quantities: a result's value, unit and comparator, and the lab's range."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from interpretation.engine import Analyte, units

from .codes import COMPARATORS, UCUM

if TYPE_CHECKING:
    from .reading import Reader

# The UCUM codes we suggest per kind of value (the engine also reads other spellings).
UCUM_HINT = {
    "count": "10*9/L, 10*3/uL or /uL",
    "percent": "%",
    "hemoglobin": "g/dL, g/L or mmol/L",
    "volume": "fL",
    "temperature": "Cel or [degF]",
}


def number(raw: object) -> float | None:
    """A finite float from a JSON number; None for anything else (text, true, NaN)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return None
    try:
        value = float(raw)
    except (OverflowError, ValueError):  # 10**400; Decimal("sNaN")
        return None
    return value if math.isfinite(value) else None


def for_sentence(name: str) -> str:
    """'White blood cells' → 'white blood cells'; 'ANC' stays 'ANC'."""
    if len(name) > 1 and name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def read_quantity(
    reader: Reader, resource: dict, prefix: str, analyte: Analyte | None
) -> tuple[float | None, str | None, str, str | None]:
    """(value, UCUM unit, unit path, comparator) of valueQuantity; None where it fails."""
    path = f"{prefix}valueQuantity"
    quantity = resource.get("valueQuantity")
    if quantity is None:
        other = next(
            (
                k
                for k, v in resource.items()
                if isinstance(k, str) and k.startswith("value") and v is not None
            ),
            None,
        )
        if other is None:
            message = "This Observation has no value; give the result as a valueQuantity"
        else:
            message = f"This Observation gives its result as {other}; give it as a valueQuantity"
        reader.error(path, f"{message} with a number and a UCUM unit.")
        return None, None, f"{path}.code", None
    if not isinstance(quantity, dict):
        reader.error(path, "valueQuantity must be an object with a value and a unit.")
        return None, None, f"{path}.code", None
    value = number(quantity.get("value"))
    if value is None:
        reader.error(f"{path}.value", "valueQuantity.value must be a number.")
    comparator = quantity.get("comparator")
    if comparator is not None and comparator not in COMPARATORS:
        reader.error(f"{path}.comparator", "valueQuantity.comparator must be <, <=, >= or >.")
        comparator = None
    ucum, unit_path = read_unit(reader, quantity, path, analyte)
    return value, ucum, unit_path, comparator


def read_unit(
    reader: Reader, quantity: dict, path: str, analyte: Analyte | None
) -> tuple[str | None, str]:
    """The UCUM code of valueQuantity, and the path it was read from."""
    hint = UCUM_HINT[analyte.kind] if analyte else UCUM_HINT["count"]
    found = unit_text(quantity)
    if found is None:
        code = quantity.get("code")
        if isinstance(code, str) and code.strip():  # a code, but not in UCUM
            reader.error(f"{path}.system", f"Give the unit in UCUM (system {UCUM}).")
            return None, f"{path}.system"
        reader.error(f"{path}.code", f"Give the unit as a UCUM code, e.g. {hint}.")
        return None, f"{path}.code"
    text, where = found
    unit_path = f"{path}.{where}"
    if analyte is None:
        return None, unit_path  # the code was wrong: we cannot tell which units fit
    try:
        return units.normalize_unit(text, analyte.kind), unit_path
    except units.UnitError:
        reader.error(
            unit_path,
            f"“{text.strip()}” is not a unit we read for {for_sentence(analyte.name)}; "
            f"use the UCUM code {hint}.",
        )
        return None, unit_path


def read_range(
    reader: Reader, ranges: object, prefix: str, ucum: str | None, analyte: Analyte | None
) -> tuple[float | None, float | None]:
    """The lab's own limits from referenceRange[0], in the unit of the value."""
    if ranges is None or ranges == []:
        return None, None
    if not isinstance(ranges, list):
        reader.error(f"{prefix}referenceRange", "referenceRange must be a list.")
        return None, None
    path = f"{prefix}referenceRange[0]"
    first = ranges[0]
    if not isinstance(first, dict):
        reader.error(path, "A reference range must be an object with a low or a high.")
        return None, None
    limits = []
    for name in ("low", "high"):
        quantity = first.get(name)
        limit = None
        if quantity is not None:
            limit_path = f"{path}.{name}"
            if not isinstance(quantity, dict):
                reader.error(limit_path, f"referenceRange.{name} must be a Quantity.")
            else:
                limit = number(quantity.get("value"))
                if limit is None:
                    reader.error(f"{limit_path}.value", f"{name}.value must be a number.")
                if (
                    ucum is not None
                    and analyte is not None
                    and _limit_unit(quantity, analyte.kind) not in (None, ucum)
                ):
                    reader.error(
                        limit_path,
                        f"The {name} limit must be in the unit of the result ({ucum}).",
                    )
        limits.append(limit)
    return limits[0], limits[1]


def unit_text(quantity: dict) -> tuple[str, str] | None:
    """(text, "code" or "unit") of a Quantity: the code when it is UCUM, else the unit text."""
    code, unit = quantity.get("code"), quantity.get("unit")
    if isinstance(code, str) and code.strip() and quantity.get("system") in (None, UCUM):
        return code, "code"
    if isinstance(unit, str) and unit.strip():
        return unit, "unit"
    return None


def _limit_unit(quantity: dict, kind: str) -> str | None:
    """The UCUM unit a range limit states; None when it states none, "?" when unreadable."""
    found = unit_text(quantity)
    if found is None:
        return None
    try:
        return units.normalize_unit(found[0], kind)
    except units.UnitError:
        return "?"
