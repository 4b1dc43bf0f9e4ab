"""Staff give a one-time code from their authenticator app before any admin page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse


def needs_second_factor(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff and not user.is_verified())


def open_paths() -> set[str]:
    """What an unverified member of staff may still reach: logging in and out, the code pages."""
    return {
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("mfa-verify"),
        reverse("mfa-setup"),
    }


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


class AdminSecondFactorMiddleware:
    """Sends staff who have not given their code yet from any admin page to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(reverse("admin:index"))
            and needs_second_factor(request)
            and request.path not in open_paths()
        ):
            return redirect(with_next(reverse("mfa-verify"), request.get_full_path()))
        return self.get_response(request)
