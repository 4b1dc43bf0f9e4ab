"""The lab-values form and the personalized result page.

Lab values are health data: they arrive by POST only, the result page comes back
directly (no redirect, so values never enter a URL), every answer is marked
``Cache-Control: no-store``, and nothing here logs or caches them.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from articles import page_cache
from articles.models import Audience
from config.ratelimits import limited

from . import engine, presenters
from . import reference as live
from .forms import InterpretForm, decimal_text
from .reference import ReferenceDataMissing

_VALUE_FIELD = re.compile(r"^values\[(\d+)\]\.(value|unit|lab_low|lab_high)$")


def no_store(response):
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


def _form_errors(form: InterpretForm, errors: list[engine.FieldError], index: dict[int, str]):
    """Show the engine's input errors beside the form fields they belong to."""
    for error in errors:
        match = _VALUE_FIELD.match(error.field)
        if match and int(match.group(1)) in index:
            form.add_error(f"{index[int(match.group(1))]}_{match.group(2)}", error.message)
        elif error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)


def _patient(data: dict) -> engine.Patient:
    temperature = (data.get("temperature_c") or "").strip()
    return engine.Patient(
        age=data.get("age"),
        sex=data.get("sex") or None,
        temperature_c=decimal_text(temperature) if temperature else None,
        fever_sustained_1h=bool(data.get("fever_sustained_1h")),
        pregnant=bool(data.get("pregnant")),
        duffy_null=bool(data.get("duffy_null")),
        on_chemotherapy=bool(data.get("on_chemotherapy")),
    )


def _empty_form_page(request) -> str:
    """The blank form, rendered once and kept (it holds no one's values; the CSRF
    token is put back per request). Rendering its ~30 fields costs ~30 ms."""

    def build():
        html = render(request, "interpretation/form.html", {"form": InterpretForm()})
        return page_cache.without_token(html.content.decode())

    key = page_cache.page_key("interpret-form")
    return cache.get_or_set(key, build, page_cache.PAGE_SECONDS)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@limited("interpret_form")
def interpret(request):
    if request.method == "GET" and not page_cache.fresh_needed(request):
        return no_store(HttpResponse(page_cache.with_token(request, _empty_form_page(request))))
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
                context = {
                    "page": page,
                    "audience": audience,
                    "audience_label": Audience(audience).label if audience else "",
                    "policy": page_cache.reader_state()[1],  # one raw query, as on article pages
                    "generated_at": timezone.now(),
                }
                return no_store(render(request, "interpretation/result.html", context))
    return no_store(render(request, "interpretation/form.html", {"form": form}, status=status))
