"""Rate limits: one decorator per limited view, and what a limited request gets.

Counts live in the shared cache (Redis in production), keyed by a hash of the
client's address (``config.client_address``: trusted proxies only), never by
anything the person sent.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit


def limited(group: str):
    """Limit POSTs to a view by client address, at the rate the settings give the group."""
    return ratelimit(
        group=group,
        key="config.client_address.rate_limit_key",
        rate=lambda _group, _request: settings.RATELIMIT_RATES[group],
        method="POST",
        block=True,
    )


def too_many_requests(request, exception=None):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "errors": [
                    {
                        "field": "rate_limit",
                        "message": "Too many requests. Please wait a minute and try again.",
                    }
                ]
            },
            status=429,
        )
    else:
        response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store, private"
    return response
