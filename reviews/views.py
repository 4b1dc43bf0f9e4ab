"""Public pages of the review workflow: the editorial policy and its change log."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EditorialPolicyVersion
from .reader_cache import shared_reader_view


@shared_reader_view("policy")
def editorial_policy(request):
    versions = list(EditorialPolicyVersion.objects.order_by("-number"))
    current = EditorialPolicyVersion.objects.current()
    context = {"current": current, "versions": versions, "today": timezone.localdate()}
    # Rendered without the request: the page is kept and shared (reviews.reader_cache).
    return HttpResponse(render_to_string("reviews/editorial_policy.html", context))
