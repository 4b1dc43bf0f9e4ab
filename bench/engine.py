"""Micro-benchmark of the interpretation engine: one full adult CBC, in process.

The floor is a median of at most 100 µs per interpretation. The engine takes
its reference data as an argument, and so does :func:`run`: application code
must not import the tests. From the repository root::

    .venv/bin/python -m bench.engine

builds the data with ``tests.interpretation.factories`` and prints the result.
No Django import.
"""

from __future__ import annotations

import statistics
import sys
import time

from interpretation.engine import Measurement, Patient, ReferenceData, interpret

#: A complete CBC with a differential, in the mixed units reports really use:
#: the ANC in cells/µL (so a conversion runs) and haemoglobin in g/L. The ANC
#: agrees with WBC × (neutrophils % + bands %) / 100, so the rounding check runs too.
FULL_CBC = (
    Measurement("WBC", 6.2, "x10^9/L"),
    Measurement("ANC", 3900, "cells/µL"),
    Measurement("NEUT_PCT", 60.9, "%"),
    Measurement("BANDS_PCT", 2.0, "%"),
    Measurement("ALC", 1.8, "K/µL"),
    Measurement("HGB", 135, "g/L"),
    Measurement("HCT", 40.1, "%"),
    Measurement("MCV", 90.0, "fL"),
    Measurement("PLT", 250, "10^9/L"),
)
PATIENT = Patient(age=40, sex="female", temperature=37.2)


def run(n: int = 20000, data: ReferenceData | None = None) -> dict[str, float]:
    """Time ``n`` interpretations of :data:`FULL_CBC`; return µs statistics.

    Each call is timed on its own and the median reported, which a noisy
    machine disturbs least. ``data`` is required: build it from the database
    or, in development, from ``tests.interpretation.factories``.
    """
    if data is None:
        raise ValueError("Pass the reference data: run(n, data=...).")
    if n < 1:
        raise ValueError("n must be at least 1.")
    measurements = list(FULL_CBC)
    for _ in range(min(n, 1000)):  # warm caches (unit spellings) and the interpreter
        interpret(PATIENT, measurements, data)
    clock = time.perf_counter_ns
    timings = []
    for _ in range(n):
        start = clock()
        interpret(PATIENT, measurements, data)
        timings.append(clock() - start)
    timings.sort()
    return {
        "n": float(n),
        "median_us": statistics.median(timings) / 1000,
        "p95_us": timings[min(n - 1, int(n * 0.95))] / 1000,
        "min_us": timings[0] / 1000,
        "mean_us": statistics.fmean(timings) / 1000,
    }


def main() -> int:
    """Benchmark with the test factory data; needs the repository root on the path."""
    from tests.interpretation.factories import build_cbc_reference_data

    result = run(data=build_cbc_reference_data())
    print(
        f"interpret(full CBC): median {result['median_us']:.1f} µs, "
        f"p95 {result['p95_us']:.1f} µs, min {result['min_us']:.1f} µs "
        f"over {int(result['n'])} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
