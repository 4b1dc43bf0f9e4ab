"""Answers on the interpretation's paths are never stored by a cache.

The views mark their own answers ``no-store``; this covers the answers Django
makes itself on those paths (a 400 for a bad request, a 403 for a missing CSRF
token, a 500), which may follow a request that carried lab values.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.cache import patch_cache_control


class NoStoreForLabValues:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.paths: tuple[str, ...] | None = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.paths is None:
            self.paths = (reverse("interpretation:form"), reverse("interpretation:api"))
        if request.path_info.startswith(self.paths):
            del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
            response["Pragma"] = "no-cache"
        return response
