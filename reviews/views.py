"""Public pages of the review workflow: the editorial policy and its change log."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import EditorialPolicyVersion, PolicyTerms


@require_GET
def editorial_policy(request):
    """The version in force, its settings (from its fields) and the change log of
    approved versions. Drafts and versions waiting for the board are never shown."""
    approved = EditorialPolicyVersion.objects.approved().select_related(
        "review_item__live_revision", "review_item__scheduled_revision"
    )
    return render(
        request,
        "reviews/editorial_policy.html",
        {
            "current": EditorialPolicyVersion.objects.current(),
            "versions": list(approved.order_by("-number")),
            "defaults": PolicyTerms(),
            "today": timezone.localdate(),
        },
    )
