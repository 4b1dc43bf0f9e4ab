"""Public pages of the review workflow: the editorial policy and its change log."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import EditorialPolicyVersion


@require_safe
def editorial_policy(request):
    versions = list(EditorialPolicyVersion.objects.order_by("-number"))
    current = EditorialPolicyVersion.objects.current()
    return render(
        request,
        "reviews/editorial_policy.html",
        {"current": current, "versions": versions, "today": timezone.localdate()},
    )
