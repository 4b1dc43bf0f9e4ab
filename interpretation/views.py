"""The lab-values form and the personalized result page.

Lab values are health data: they arrive by POST only, the result page comes back
directly (no redirect, so values never enter a URL), every answer is marked
``Cache-Control: no-store`` (``interpretation.middleware`` makes sure of it for
Django's own error answers too), and nothing here logs or caches them.
"""

from __future__ import annotations

import logging

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from config.ratelimits import limited
from reviews.reader_cache import policy_number_for_readers

from . import engine, presenters
from . import reference as live
from .forms import InterpretForm

logger = logging.getLogger(__name__)

UNAVAILABLE = "The interpretation tool is not available right now. Please try again later."


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@limited("interpret_form")
def interpret(request):
    """GET: the form. POST: the result page, or the form again with every entry kept and
    each problem beside its field (a "did you mean …?" choice for an impossible value,
    and the instruction that already holds at the top when it is urgent)."""
    today = timezone.localdate()
    if request.method in ("GET", "HEAD"):
        return render(request, "interpretation/form.html", {"form": InterpretForm(today=today)})
    form = InterpretForm(request.POST, today=today)
    context, status = {"form": form}, 400
    if form.is_valid():
        audience = form.cleaned_data.get("audience") or None
        measurements, index = form.measurements()
        try:
            reference = live.live_reference()
            result = engine.interpret(form.patient(), measurements, reference.data)
            page = presenters.build_page(
                result, reference, audience, temperature=form.temperature_text()
            )
        except engine.InputErrors as problems:
            form.show_engine_errors(problems.errors, index)
            context["instruction"] = presenters.provisional_instruction(
                problems, reference, audience
            )
        except (live.ReferenceDataMissing, presenters.WordingMissing) as missing:
            logger.error("Result page unavailable: %s", missing)  # names content, never values
            form.add_error(None, UNAVAILABLE)
            status = 503
        else:
            context = {
                "page": page,
                "policy_number": policy_number_for_readers(),
                "made_on": timezone.now(),
            }
            return render(request, "interpretation/result.html", context)
    return render(request, "interpretation/form.html", context, status=status)
