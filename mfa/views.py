"""A second factor for everyone who uses the admin (ASVS 4.3.1): the code pages.

Staff log in with their password on the admin's own form (django-axes counts the
failures), then prove they hold their authenticator app: a time-based one-time
code (TOTP, RFC 6238) through django-otp. Until they do, every admin address
sends them to the code page; someone with no app yet registers one first.
Wrong codes slow down (django-otp's throttling doubles the wait after each).

An administrator who loses their phone has their device deleted by another
administrator in the admin ("TOTP devices") and registers a new one at the next
log-in.
"""

from __future__ import annotations

import logging

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm
from .middleware import with_next

logger = logging.getLogger(__name__)

DEVICE_NAME = "Authenticator app"


def _next_url(request) -> str:
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def _confirmed_devices(user):
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"))


def _gate(request):
    """The redirect for anyone who has no business on the code pages, else None."""
    if not request.user.is_authenticated or not request.user.is_staff:
        return redirect(with_next(reverse("admin:login"), _next_url(request)))
    if request.user.is_verified():
        return redirect(_next_url(request))
    return None


def _context(request, form, **extra):
    return {
        "form": form,
        "next": _next_url(request),
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "has_permission": False,  # no admin navigation before the second factor
        **extra,
    }


def _throttled_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    when = f" after {until:%H:%M:%S} UTC" if until else " in a little while"
    return f"Too many wrong codes. For your safety, try again{when}."


def _check_code(request, form, devices) -> TOTPDevice | None:
    """The device that accepts the code, or None with the reason added to the form."""
    code = form.cleaned_data["code"]
    for device in devices:
        if device.verify_token(code):
            return device
    throttled = [m for m in (_throttled_message(d) for d in devices) if m]
    form.add_error(
        "code",
        throttled[0]
        if throttled
        else "That code does not match. Codes change every 30 seconds: enter the one shown now.",
    )
    logger.warning("Wrong one-time code for user id %s", request.user.pk)
    return None


def _verified(request, device):
    django_otp.login(request, device)
    request.session.cycle_key()
    return redirect(_next_url(request))


@never_cache
@csrf_protect
def verify(request):
    if (gate := _gate(request)) is not None:
        return gate
    devices = _confirmed_devices(request.user)
    if not devices:
        return redirect(with_next(reverse("mfa-setup"), _next_url(request)))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = _check_code(request, form, devices)
        if device is not None:
            return _verified(request, device)
    status = 400 if request.method == "POST" else 200
    return render(request, "mfa/verify.html", _context(request, form), status=status)


@never_cache
@csrf_protect
def setup(request):
    if (gate := _gate(request)) is not None:
        return gate
    if _confirmed_devices(request.user):
        return redirect(with_next(reverse("mfa-verify"), _next_url(request)))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by(
        "pk"
    ).first() or TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _check_code(request, form, [device]) is not None
    ):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        logger.info("Authenticator app registered for user id %s", request.user.pk)
        return _verified(request, device)
    status = 400 if request.method == "POST" else 200
    context = _context(
        request,
        form,
        qr_svg=qr_svg(device.config_url),
        secret=grouped_secret(device),
        issuer=settings.OTP_TOTP_ISSUER,
    )
    return render(request, "mfa/setup.html", context, status=status)


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as an inline SVG (no style attributes, so CSP allows it)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def grouped_secret(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
