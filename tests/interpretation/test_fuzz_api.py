"""Fuzzing ``POST /api/v1/interpret`` with requests generated from its OpenAPI document.

Schemathesis reads the document the app serves (through the WSGI app, in process)
and generates request bodies from it: valid-shaped ones (positive mode) and ones
that break the schema (negative mode). Two more families reach what the schema
alone rarely does: plausible lab reports (known analytes and units, JSON and
FHIR, so the engine and both answer formats run), and raw requests no schema
describes (bytes, broken or hand-edited JSON, huge numbers, deep nesting, wrong
content types and methods). Whatever is sent, the answer must be a documented
status below 500, ``no-store``, strict JSON, and have the documented shape.

The requests go through Django's test client, which re-raises a view's exception
with its traceback instead of turning it into a bare 500.

``FUZZ_EXAMPLES`` is the total number of generated requests (default 2000;
``make fuzz`` runs 10000).
"""

from __future__ import annotations

import datetime
import json
import os
import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from schemathesis.generation.modes import GenerationMode

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

URL = "/api/v1/interpret"
TOTAL = int(os.environ.get("FUZZ_EXAMPLES", "2000"))
# How the total is shared between the four families of requests.
POSITIVE = TOTAL * 30 // 100
NEGATIVE = TOTAL * 30 // 100
PLAUSIBLE = TOTAL * 20 // 100
RAW = TOTAL - POSITIVE - NEGATIVE - PLAUSIBLE

ACCEPTS = ["*/*", "application/json", "application/fhir+json", "text/html", ""]


def run_settings(examples: int) -> settings:
    # Derandomized: CI sends the same requests on every run, and a failure is
    # shrunk to a small input that reproduces. Each test runs an inner @given, so
    # the fixtures (database, reference data) are set up once for all examples.
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


@pytest.fixture(scope="module", autouse=True)
def _hypothesis_left_as_found():
    """Schemathesis tunes Hypothesis for the whole process when it first builds a
    strategy: a 4x larger data buffer and an example printer that prints nothing.
    Put Hypothesis back afterwards, or every later property test in the run would
    draw different data than when run alone, and print no failing example."""
    from hypothesis import core
    from hypothesis.internal import entropy
    from hypothesis.internal.conjecture import engine
    from hypothesis.strategies._internal import collections
    from hypothesis.strategies._internal import core as strategies_core
    from schemathesis.generation import hypothesis as schemathesis_hypothesis

    patched = [
        (core, "RepresentationPrinter"),
        (core, "BUFFER_SIZE"),
        (engine, "BUFFER_SIZE"),
        (collections, "BUFFER_SIZE"),
        (entropy, "register_random"),
        (strategies_core, "is_first_param_referenced_in_function"),
    ]
    if getattr(schemathesis_hypothesis.setup, "_is_patched", False):
        # Schemathesis' pytest plugin loaded at start-up and tuned Hypothesis already.
        warnings.warn(
            "Hypothesis was already tuned by schemathesis' pytest plugin, for every test "
            "in this run; run pytest with -p no:schemathesis (this module needs no plugin).",
            stacklevel=1,
        )
    saved = [(module, name, getattr(module, name)) for module, name in patched]
    yield
    for module, name, value in saved:
        setattr(module, name, value)
    schemathesis_hypothesis.setup._is_patched = False


@pytest.fixture(scope="module")
def served_schema():
    """The OpenAPI document exactly as the app serves it, loaded by schemathesis."""
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    # As Django's test client does: a request inside a test must not close the
    # test's database connection (this request needs no database at all).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def interpret_operation(served_schema):
    return served_schema[URL]["POST"]


@pytest.fixture(scope="module")
def answer_checker(served_schema):
    """Check one answer against the served document."""
    document = served_schema.raw_schema
    responses = document["paths"][URL]["post"]["responses"]
    validators: dict[tuple[str, str], Draft202012Validator] = {}

    def validator(status: str, media_type: str) -> Draft202012Validator:
        key = (status, media_type)
        if key not in validators:
            documented = responses[status].get("content", {})
            assert media_type in documented, f"{status} is not documented as {media_type}"
            # The document is the root, so "#/components/schemas/..." resolves.
            validators[key] = Draft202012Validator({**document, **documented[media_type]["schema"]})
        return validators[key]

    def check(response, method: str = "POST") -> None:
        status = response.status_code
        assert status < 500, f"server error {status}: {response.content[:500]!r}"
        assert str(status) in responses, f"undocumented status {status}"
        assert "no-store" in response.get("Cache-Control", ""), "every answer is no-store"
        if method == "HEAD":
            return  # headers only
        media_type = response["Content-Type"].split(";")[0].strip()
        if status == 200 and media_type == "application/json":
            name = "InterpretResponse"
        elif status == 200:
            name = "a FHIR Bundle"
        else:
            name = "Errors"
        # Strict JSON: NaN and Infinity are not JSON and break clients.
        body = json.loads(response.content, parse_constant=_not_json)
        errors = sorted(validator(str(status), media_type).iter_errors(body), key=str)
        assert not errors, f"the {status} answer is not {name}: {errors[0].message}"

    return check


def _not_json(constant: str):
    raise AssertionError(f"the answer contains {constant}, which is not JSON")


def send(client, method: str, body: bytes | str, content_type: str, accept: str):
    shown = body if len(body) <= 400 else f"{body[:200]!r} ... ({len(body)} long)"
    note(f"{method} {URL} Content-Type={content_type!r} Accept={accept!r} body={shown!r}")
    headers = {"Accept": accept} if accept else {}
    return client.generic(method, URL, data=body, content_type=content_type, headers=headers)


def fuzz(client, checker, strategy, examples: int, *, schema_breaking: bool = False) -> int:
    """Send ``examples`` generated (method, body, content type) requests; return how many."""
    sent = []

    @run_settings(examples)
    @given(request=strategy, accept=st.sampled_from(ACCEPTS))
    def run(request, accept):
        method, body, content_type = request
        sent.append(method)
        response = send(client, method, body, content_type, accept)
        checker(response, method)
        if schema_breaking:
            assert response.status_code != 200, "a request the schema forbids was accepted"

    run()
    return len(sent)


def from_case(case) -> tuple[str, bytes | str, str]:
    """A schemathesis case as the request it describes."""
    body = case.body
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    content_type = (case.headers or {}).get("Content-Type") or case.media_type or ""
    return "POST", body, content_type


def test_valid_shaped_requests_get_documented_answers(
    client, live_ref, no_rate_limits, interpret_operation, answer_checker
):
    cases = interpret_operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    assert fuzz(client, answer_checker, cases.map(from_case), POSITIVE) >= POSITIVE


def test_schema_breaking_requests_get_documented_errors(
    client, live_ref, no_rate_limits, interpret_operation, answer_checker
):
    cases = interpret_operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
    sent = fuzz(client, answer_checker, cases.map(from_case), NEGATIVE, schema_breaking=True)
    assert sent >= NEGATIVE


# --------------------------------------------------------------------------- plausible reports

COUNT = ["10*9/L", "10*3/uL", "/uL", "/mm3", "K/uL", "x10^9/L"]
# analyte code, its LOINC codes, the units it is reported in
ANALYTES = [
    ("WBC", ["6690-2"], COUNT),
    ("ANC", ["751-8", "26499-4", "753-4"], COUNT),
    ("NEUT_PCT", ["770-8"], ["%"]),
    ("BANDS_PCT", ["764-1"], ["%"]),
    ("ALC", ["731-0"], COUNT),
    ("HGB", ["718-7"], ["g/dL", "g/L", "mmol/L"]),
    ("HCT", ["4544-3"], ["%"]),
    ("MCV", ["787-2"], ["fL"]),
    ("PLT", ["777-3"], COUNT),
]
ODD_UNITS = ["", "bananas", "Cel", "10*12/L", "g/dL", "%", "fL"]
# Mostly lab-sized numbers, sometimes anything a JSON number can be.
WILD_NUMBERS = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**6), 10**30)
NUMBERS = st.one_of(
    st.sampled_from([0, 0.1, 0.5, 1.207, 3.4, 12.5, 37.0, 38.6, 150, 1207, 450_000]),
    st.floats(min_value=0, max_value=20),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=20, max_value=2000),
    WILD_NUMBERS,
)
TEMPERATURES = st.floats(min_value=34, max_value=42) | WILD_NUMBERS
AGES = st.integers(18, 100) | st.integers(-5, 140) | st.none()


@st.composite
def reported_value(draw) -> tuple[str, str, str]:
    """(analyte code, how the request names it, unit): usually a unit the analyte is reported in."""
    code, loincs, units = draw(st.sampled_from(ANALYTES))
    name = draw(st.sampled_from([code, *loincs, code.lower()]))
    unit = draw(st.sampled_from(units if draw(st.integers(0, 5)) else ODD_UNITS))
    return code, name, unit


def _distinct_values(max_size: int):
    # One value per analyte: a repeated analyte is (rightly) an error of its own.
    return st.lists(reported_value(), min_size=1, max_size=max_size, unique_by=lambda v: v[0])


@st.composite
def json_report(draw) -> dict:
    values = []
    for _, name, unit in draw(_distinct_values(4)):
        entry = {"analyte": name, "value": draw(NUMBERS), "unit": unit}
        for limit in draw(st.sets(st.sampled_from(["lab_low", "lab_high"]))):
            entry[limit] = draw(NUMBERS | st.none())
        values.append(entry)
    person = draw(
        st.fixed_dictionaries(
            {"age": AGES},
            optional={
                "sex": st.sampled_from(["female", "male", None]),
                "temperature_c": TEMPERATURES | st.none(),
                "fever_sustained_1h": st.booleans(),
                "pregnant": st.booleans(),
                "duffy_null": st.booleans(),
                "on_chemotherapy": st.booleans(),
                "audience": st.sampled_from(
                    ["patient", "caregiver", "professional", "student", None]
                ),
            },
        )
    )
    return {**person, "values": values}


def _quantity(draw, unit: str, number=NUMBERS) -> dict:
    quantity = {"value": draw(number), "system": "http://unitsofmeasure.org", "code": unit}
    if draw(st.booleans()):
        quantity["unit"] = unit
    if not draw(st.integers(0, 19)):
        quantity["comparator"] = draw(st.sampled_from(["<", ">="]))
    return quantity


def _observation(draw, loinc: str, unit: str, number=NUMBERS) -> dict:
    resource = {
        "resourceType": "Observation",
        "status": draw(st.sampled_from(["final"] * 6 + ["amended", "preliminary", "cancelled"])),
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "valueQuantity": _quantity(draw, unit, number),
    }
    if not draw(st.integers(0, 3)):
        limits = {}
        for side in draw(st.sets(st.sampled_from(["low", "high"]))):
            limits[side] = _quantity(draw, unit)
        resource["referenceRange"] = [limits]
    return resource


@st.composite
def fhir_report(draw) -> dict:
    observations = [
        _observation(draw, draw(st.sampled_from(loincs)), unit)
        for code, _, unit in draw(_distinct_values(4))
        for loincs in [dict((a, b) for a, b, _ in ANALYTES)[code]]
    ]
    if draw(st.booleans()):
        temperature = draw(st.sampled_from([("Cel", TEMPERATURES), ("[degF]", NUMBERS)]))
        observations.append(_observation(draw, "8310-5", temperature[0], temperature[1]))
    if len(observations) == 1 and draw(st.booleans()):
        return observations[0]  # one Observation on its own is accepted too
    entries = [{"resource": resource} for resource in observations]
    if draw(st.integers(0, 4)):
        # The age comes from the Patient's birth date: without one the answer is a 400.
        patient = {"resourceType": "Patient"}
        if draw(st.booleans()):
            patient["gender"] = draw(st.sampled_from(["female", "male", "other", "unknown"]))
        if draw(st.integers(0, 4)):
            patient["birthDate"] = draw(
                st.dates(datetime.date(1925, 1, 1), datetime.date(2005, 1, 1)).map(str)
                | st.sampled_from(["1980-02-29", "1980", "1980-07", "2020-01-01", "3000-01-01"])
                | st.dates().map(str)
                | st.text(max_size=12)
            )
        entries.insert(draw(st.integers(0, len(entries))), {"resource": patient})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


PLAUSIBLE_REQUESTS = st.one_of(
    json_report().map(lambda body: ("POST", json.dumps(body), "application/json")),
    fhir_report().map(lambda body: ("POST", json.dumps(body), "application/fhir+json")),
)


def test_plausible_lab_reports_get_documented_answers(
    client, live_ref, no_rate_limits, answer_checker
):
    assert fuzz(client, answer_checker, PLAUSIBLE_REQUESTS, PLAUSIBLE) >= PLAUSIBLE


# --------------------------------------------------------------------------- raw requests

SEED = {
    "age": 45,
    "sex": "female",
    "temperature_c": 37.0,
    "audience": "patient",
    "values": [
        {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
        {"analyte": "ANC", "value": 1207, "unit": "/uL"},
    ],
}
SEED_TEXT = json.dumps(SEED)
SEED_FHIR_TEXT = json.dumps(
    {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "26499-4"}]},
                    "valueQuantity": {
                        "value": 1.2,
                        "system": "http://unitsofmeasure.org",
                        "code": "10*9/L",
                    },
                }
            }
        ],
    }
)
CONTENT_TYPES = [
    "application/json",
    "application/fhir+json",
    "application/json; charset=utf-8",
    "application/json; charset=latin-1",
    "application/json; charset=no-such-charset",
    "APPLICATION/JSON",
    "application/json-patch+json",
    "text/plain",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=BoUnDaRy",
    "multipart/form-data",
    "application/octet-stream",
    "*/*",
    "",
]
METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
# Pieces that JSON parsers disagree on, or that break the text around them.
PIECES = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "0.1e1",
    "1" * 5000,
    "9" * 400,
    "-" + "9" * 4300,
    "true",
    "null",
    '""',
    '"\\ud800"',
    '"\\u0000"',
    "[]",
    "{}",
    "[" * 2000,
    "]",
    "}",
    ",",
    ":",
    '"',
    "\\",
    "\ufeff",
    "\x00",
    "'",
]
NUMBER_PIECES = [p for p in PIECES if p[:1] in "-0123456789NI"]


@st.composite
def edited_json(draw, seed: str) -> str:
    """A valid request with a piece cut out, replaced or inserted somewhere."""
    start = draw(st.integers(0, len(seed)))
    end = draw(st.integers(start, min(len(seed), start + 12)))
    piece = draw(st.sampled_from(PIECES) | st.text(max_size=8))
    return seed[:start] + piece + seed[end:]


@st.composite
def odd_number(draw) -> str:
    """A valid request with one number written as something JSON parsers differ on."""
    literal = draw(st.sampled_from(NUMBER_PIECES))
    field = draw(st.sampled_from(["age", "temperature_c", "value", "lab_low", "lab_high"]))
    payload = json.loads(SEED_TEXT)
    target = payload["values"][0] if field in ("value", "lab_low", "lab_high") else payload
    target[field] = "__HERE__"
    return json.dumps(payload).replace('"__HERE__"', literal)


def _nested(depth: int, opener: str, closer: str, inner: str) -> str:
    return opener * depth + inner + closer * depth


RAW_BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-16")),
    edited_json(SEED_TEXT),
    edited_json(SEED_FHIR_TEXT),
    odd_number(),
    st.builds(
        _nested,
        st.integers(1, 30_000),
        st.sampled_from(["[", '{"values":', '{"resourceType":"Bundle","entry":[{"resource":']),
        st.sampled_from(["]", "}", "}]}"]),
        st.sampled_from(["", "1", SEED_TEXT]),
    ),
    # Around the 64 kB limit: a valid request padded with whitespace.
    st.integers(60_000, 70_000).map(lambda n: SEED_TEXT + " " * (n - len(SEED_TEXT))),
)
JSON_CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/fhir+json", "application/json; charset=utf-8"]
)
ANY_CONTENT_TYPE = st.sampled_from(CONTENT_TYPES) | st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E)
)
# Most raw requests are POSTs the API reads as JSON, so the broken bodies reach its parser.
RAW_REQUESTS = st.one_of(
    st.tuples(st.just("POST"), RAW_BODIES, JSON_CONTENT_TYPES),
    st.tuples(st.just("POST"), RAW_BODIES, JSON_CONTENT_TYPES),
    st.tuples(st.just("POST"), RAW_BODIES, JSON_CONTENT_TYPES),
    st.tuples(st.sampled_from(METHODS), RAW_BODIES, ANY_CONTENT_TYPE),
)


def test_raw_requests_get_documented_answers(client, live_ref, no_rate_limits, answer_checker):
    assert fuzz(client, answer_checker, RAW_REQUESTS, RAW) >= RAW
