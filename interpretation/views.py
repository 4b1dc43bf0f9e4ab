"""The lab-values form and the personalized result page.

Lab values are health data: they arrive by POST only, the result page comes back
directly (no redirect, so values never enter a URL), every answer is marked
``Cache-Control: no-store``, and nothing here logs or caches them.
"""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from config.ratelimits import limited
from reviews.selectors import current_policy, reader_stamp

from . import engine, presenters
from . import reference as live
from .forms import InterpretForm, decimal_text
from .reference import ReferenceDataMissing

_VALUE_FIELD = re.compile(r"^values\[(\d+)\]\.(value|unit|lab_low|lab_high)$")
# The engine's names for the form's fields that are named otherwise.
_FORM_FIELD = {"temperature": "temperature_c", "anticancer_treatment": "on_chemotherapy"}


def no_store(response):
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


def _form_errors(form: InterpretForm, errors: list[engine.FieldError], index: dict[int, str]):
    """Show the engine's input errors beside the form fields they belong to."""
    for error in errors:
        match = _VALUE_FIELD.match(error.field)
        name = _FORM_FIELD.get(error.field, error.field)
        if match and int(match.group(1)) in index:
            form.add_error(f"{index[int(match.group(1))]}_{match.group(2)}", error.message)
        elif name in form.fields:
            form.add_error(name, error.message)
        else:
            form.add_error(None, error.message)


def _patient(data: dict) -> engine.Patient:
    temperature = (data.get("temperature_c") or "").strip()
    return engine.Patient(
        age=data.get("age"),
        sex=data.get("sex") or None,
        temperature=decimal_text(temperature) if temperature else None,
        temperature_unit="Cel",
        fever_sustained_1h=bool(data.get("fever_sustained_1h")),
        pregnant=bool(data.get("pregnant")),
        duffy_null=bool(data.get("duffy_null")),
        anticancer_treatment=bool(data.get("on_chemotherapy")),
    )


# Where a reader's own parts go in the kept result page.
_READER_PARTS = ("headline", "reader_part", "made_on")
_READER_SLOT = re.compile("\x00(" + "|".join(_READER_PARTS) + ")\x00")


def _made_on(moment) -> str:
    """'<time datetime="…">December 4, 2026</time>': what the "c" and "F j, Y" date
    formats give (the site is English only), without the format parser's cost."""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{} {}, {}</time>',
        local.isoformat(),
        MONTHS[local.month],
        local.day,
        local.year,
    )


def _result_page(request, page: presenters.ResultPage, reference, audience) -> HttpResponse:
    """The result page: the reader's parts rendered now, the rest kept.

    Everything around the reader's values (layout, guidance sections, references,
    policy, disclaimer) follows from the reference build, the audience, the guidance
    blocks shown and the reader-state stamp, so it is rendered once per process for
    that key, with slots, and kept with the reference build (LiveReference.fragment).
    The kept page never holds a value: the reader's parts are put into the slots per
    request, in one pass, so nothing a reader's part contains is read as a slot.
    """
    stamp, policy = reader_stamp().token, current_policy()
    around = {
        "unapproved": page.unapproved,
        "audience": audience,
        "policy": policy,
        "sections": page.sections,
        "references": page.references,
    }
    own = {
        "headline": conditional_escape(page.headline),
        "reader_part": mark_safe(  # noqa: S308 (autoescaped by Jinja2)
            engines["jinja2"]
            .get_template("interpretation/reader.html")
            .render({"page": page, "audience": audience})
        ),
        "made_on": _made_on(timezone.now()),
    }
    key = ("result-page", stamp, timezone.localdate(), page.guidance_key)  # holds the audience
    kept = reference.fragment(
        key,
        lambda: render_to_string(
            "interpretation/result.html",
            {**around, **{part: mark_safe(f"\x00{part}\x00") for part in _READER_PARTS}},  # noqa: S308
        ),
    )
    return HttpResponse(_READER_SLOT.sub(lambda slot: own[slot.group(1)], kept))


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@limited("interpret_form")
def interpret(request):
    form = InterpretForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            measurements, index = form.measurements()
            try:
                reference = live.live_reference()
                result = engine.interpret(_patient(form.cleaned_data), measurements, reference.data)
            except engine.InputErrors as problems:
                _form_errors(form, problems.errors, index)
            except ReferenceDataMissing as missing:
                form.add_error(None, str(missing))
            else:
                audience = form.cleaned_data.get("audience") or None
                page = presenters.build_page(result, reference, audience)
                return no_store(_result_page(request, page, reference, audience))
    return no_store(render(request, "interpretation/form.html", {"form": form}, status=status))
