"""Fuzzing the two forms readers fill in: the lab-values form and the follow-up question.

Hypothesis types what people (and robots) type: any unicode text, 10 kB strings,
missing fields, a field sent twice, numbers with commas, NaN and infinity
spellings, negative numbers, over a plausible filled-in form or an empty one.
Whatever is sent, the answer is never a server error; a refusal (400) shows an
error beside a field and gives back what was typed; an acceptance only follows
valid input; every answer about lab values is ``no-store``.

``FUZZ_EXAMPLES`` scales the number of examples (default 2000, the API's total:
300 per form here; ``make fuzz`` runs 10000, so 1500 per form).
"""

from __future__ import annotations

import datetime
import math
import os
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from interpretation.forms import FORM_ANALYTES, UNITS
from reviews import services as review
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = max(1, int(os.environ.get("FUZZ_EXAMPLES", "2000")) * 300 // 2000)


def run_settings() -> settings:
    # Derandomized: CI types the same input on every run, and a failure is shrunk
    # to a small input that reproduces. Each test runs an inner @given, so the
    # fixtures (database, reference data, article) are set up once.
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# --------------------------------------------------------------------------- what people type

NUMBER_SPELLINGS = [
    "3,4",
    "1,207",
    "1 207",
    "1.207,5",
    "1,2,3",
    "3.4",
    "0",
    "-0",
    "-1",
    "-3.4",
    "-1207",
    "+2",
    ".5",
    "5.",
    "1e3",
    "1E-3",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1_000",
    "0x10",
    "∞",
    "３.４",
    "٣٫٤",
    "3.4 ",
    " 45 ",
    "45.0",
    "",
    " ",
]
NUMBERS = st.one_of(
    st.sampled_from(NUMBER_SPELLINGS),
    st.integers(-(10**6), 10**9).map(str),
    st.floats().map(str),  # "nan", "inf", "1e+300" ...
    st.floats(min_value=-100, max_value=1000).map(lambda f: f"{f:.2f}".replace(".", ",")),
)
WORDS = st.sampled_from(
    ["female", "male", "patient", "professional", "Other", "10*9/L", "/uL", "%", "g/dL", "on"]
)
HUGE = st.builds(
    lambda piece, times: (piece * times)[:10_000],
    st.sampled_from(["9", "1,", "a", "é", "<b>", "\x00", "😀", " ", "\n"]) | st.text(max_size=3),
    st.integers(1_000, 10_000),
)
TYPED = st.one_of(NUMBERS, WORDS, st.text(max_size=40), HUGE)
# A value, or the same key sent two or three times.
SENT = TYPED | st.lists(TYPED, min_size=2, max_size=3)


def last(sent):
    """What Django reads from a key sent several times: the last value."""
    return sent[-1] if isinstance(sent, list) else sent


@st.composite
def form_input(draw, fields: list[str], base: dict[str, str]) -> dict:
    """``base`` (or nothing) with some fields dropped, some typed over, some junk added."""
    data = dict(base) if draw(st.booleans()) else {}
    for name in draw(st.sets(st.sampled_from(sorted(data)), max_size=3)) if data else ():
        del data[name]
    typed = draw(st.dictionaries(st.sampled_from(fields) | st.text(max_size=10), SENT, max_size=6))
    data.update(typed)
    return data


def post(client, url: str, data: dict, urlencoded: bool):
    shown = {
        k: (v if len(str(v)) < 200 else f"{str(v)[:60]}... ({len(str(v))} long)")
        for k, v in data.items()
    }
    note(f"POST {url} {'urlencoded' if urlencoded else 'multipart'} {shown!r}")
    if urlencoded:
        body = urlencode(data, doseq=True)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    return client.post(url, data)


def shows_a_field_error(html: str) -> bool:
    return 'class="error"' in html or 'class="form-errors"' in html


def echoable(typed) -> bool:
    """Short printable text, which must come back exactly as typed (HTML-escaped)."""
    return isinstance(typed, str) and 0 < len(typed) <= 100 and typed.isprintable()


# --------------------------------------------------------------------------- the lab-values form

VALUE_FIELDS = [f"{code.lower()}_value" for code, _, _ in FORM_ANALYTES]
LIMIT_FIELDS = [
    f"{code.lower()}_{side}" for code, _, _ in FORM_ANALYTES for side in ("lab_low", "lab_high")
]
UNIT_CHOICES = {
    f"{code.lower()}_unit": {value for value, _ in UNITS[kind]} for code, _, kind in FORM_ANALYTES
}
UNIT_CHOICES["temperature_unit"] = {value for value, _ in UNITS["temperature"]}
TEXT_FIELDS = [
    "age",
    "temperature",
    "last_treatment_days",
    "last_treatment_date",
    *VALUE_FIELDS,
    *LIMIT_FIELDS,
]
FORM_FIELDS = [
    *TEXT_FIELDS,
    *UNIT_CHOICES,
    "sex",
    "audience",
    "fever_sustained_1h",
    "pregnant",
    "anticancer_treatment",
    "duffy_null",
]
FILLED_IN = {
    "age": "45",
    "sex": "female",
    "temperature": "37,2",
    "audience": "patient",
    "wbc_value": "3,4",
    "wbc_unit": "10*9/L",
    "anc_value": "1207",
    "anc_unit": "/uL",
    "hgb_value": "13.1",
    "plt_value": "210",
}


def as_lab_number(text: str) -> float | None:
    """A number as a lab report prints it: finite, with "3,4" read as 3.4; else None."""
    text = text.strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if "_" in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def as_age(text: str) -> int | None:
    try:
        return int(re.sub(r"\.0*\s*$", "", text.strip()))
    except ValueError:
        return None


def why_not_valid(data: dict) -> str | None:
    """The first reason the form's input cannot be interpreted, or None.

    Necessary conditions only: the engine may still refuse valid-looking input
    (a percentage over 100, a low limit above the high one...).
    """
    got = {name: last(sent) for name, sent in data.items()}
    for name in TEXT_FIELDS:
        if "\x00" in got.get(name, ""):
            return f"{name} holds a null character"
    age = as_age(got.get("age", ""))
    if age is None or not 0 <= age <= 130:
        return "no age between 0 and 130"
    if not any(got.get(name, "").strip() for name in VALUE_FIELDS):
        return "no lab value"
    # A row's limits are read only when the row has a value (an unused row is ignored).
    used_limits = [
        f"{code.lower()}_{side}"
        for code, _, _ in FORM_ANALYTES
        if got.get(f"{code.lower()}_value", "").strip()
        for side in ("lab_low", "lab_high")
    ]
    for name in [*VALUE_FIELDS, *used_limits, "temperature"]:
        text = got.get(name, "")
        if not text.strip():
            continue
        number = as_lab_number(text)
        if len(text) > 32 or number is None or number < 0:
            return f"{name}={text!r} is not a number of zero or more"
    temperature = got.get("temperature", "")
    if temperature.strip():
        degrees = as_lab_number(temperature)
        if got.get("temperature_unit") == "[degF]":
            degrees = (degrees - 32) * 5 / 9
        if not 25 <= degrees <= 45:
            return f"temperature {temperature!r} is not a body temperature"
    days = got.get("last_treatment_days", "").strip()
    if days and (as_age(days) is None or not 0 <= as_age(days) <= 36_500):
        return f"last_treatment_days={days!r} is not a whole number of days"
    when = got.get("last_treatment_date", "").strip()
    if when:
        try:
            date = datetime.datetime.strptime(when, "%Y-%m-%d").date()
        except ValueError:
            return f"last_treatment_date={when!r} is not a date"
        if date > datetime.date.today():
            return f"last_treatment_date={when!r} is not a past date"
    for name, choices in [
        *UNIT_CHOICES.items(),
        ("sex", {"female", "male"}),
        ("audience", {"patient", "caregiver", "professional", "student"}),
    ]:
        if got.get(name, "") not in {*choices, ""}:
            return f"{name}={got[name]!r} is not a choice"
    return None


def test_the_lab_values_form_survives_anything_typed(client, live_ref, no_rate_limits):
    url = reverse("interpretation:form")
    sent = []

    @run_settings()
    @given(data=form_input(FORM_FIELDS, FILLED_IN), urlencoded=st.booleans())
    def run(data, urlencoded):
        sent.append(data)
        response = post(client, url, data, urlencoded)
        html = response.content.decode()
        assert response.status_code in (200, 400), response.status_code
        assert "no-store" in response["Cache-Control"]
        reason = why_not_valid(data)
        if response.status_code == 200:
            assert reason is None, f"interpreted although {reason}"
            assert 'id="result-title"' in html, "a 200 is the result page"
            return
        assert shows_a_field_error(html), "a refusal says what is wrong"
        for name in TEXT_FIELDS:
            typed = last(data.get(name))
            if echoable(typed):
                assert escape(typed) in html, f"{name}: {typed!r} is not given back"

    run()
    assert len(sent) >= EXAMPLES


# --------------------------------------------------------------------------- the follow-up question


@pytest.fixture
def published_article(alice_editor):
    article = ArticleFactory(by=alice_editor, slug="is-a-low-neutrophil-count-dangerous")
    review.submit(article, by=alice_editor)
    return article


AUDIENCES = (
    st.none() | st.sampled_from(["patient", "professional", "", "nobody"]) | st.text(max_size=8)
)


def test_the_follow_up_question_survives_anything_typed(client, published_article, no_rate_limits):
    from articles.models import FollowUpQuestion

    url = reverse("articles:ask", kwargs={"slug": published_article.slug})
    sent = []

    @run_settings()
    @given(
        data=form_input(["question"], {"question": "Can I still exercise?"}),
        audience=AUDIENCES,
        urlencoded=st.booleans(),
    )
    def run(data, audience, urlencoded):
        sent.append(data)
        target = url if audience is None else f"{url}?{urlencode({'audience': audience})}"
        before = FollowUpQuestion.objects.count()
        response = post(client, target, data, urlencoded)
        typed = last(data.get("question"))
        question = (typed or "").strip()
        valid = 0 < len(question) <= FollowUpQuestion.MAX_LENGTH and "\x00" not in question
        if valid:
            assert response.status_code == 200, response.status_code
            assert FollowUpQuestion.objects.count() == before + 1
            assert FollowUpQuestion.objects.latest("pk").question == question
            return
        assert response.status_code == 400, response.status_code
        assert FollowUpQuestion.objects.count() == before
        html = response.content.decode()
        assert shows_a_field_error(html), "a refusal says what is wrong"
        assert 'aria-invalid="true"' in html
        if echoable(typed):
            assert escape(typed) in html, f"{typed!r} is not given back"

    run()
    assert len(sent) >= EXAMPLES
