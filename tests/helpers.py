"""Small helpers for tests that act as a person would."""

from __future__ import annotations

import re
import time
from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(key: bytes, *, after_step: int = -1, t0: int = 0, step: int = 30) -> str:
    """The code an authenticator app holding ``key`` shows now (or, if that one was
    used already, the next one: what the app shows half a minute later)."""
    totp = TOTP(key, step, t0, 6, 0)
    totp.time = time.time()
    if totp.t() <= after_step:
        totp.time = t0 + (after_step + 1) * step
    return f"{totp.token():06d}"


def current_code(username: str) -> str:
    """What the person's registered authenticator app shows for this site now."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    return code_for(device.bin_key, after_step=device.last_t, t0=device.t0, step=device.step)


def log_in(client, username: str, password: str) -> bool:
    """Log in through the admin's forms, as a person does: the password (django-axes
    counts failures), then the code from their app, registering one if they have none."""
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    if response.status_code != 302:
        return False
    response = client.get("/admin/", follow=True)
    page = response.content.decode()
    if response.request["PATH_INFO"] == "/admin/verify/setup/":
        secret = re.search(r'class="mfa-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
        code = code_for(b32decode(secret + "=" * (-len(secret) % 8)))
        response = client.post("/admin/verify/setup/?next=/admin/", {"code": code})
    elif response.request["PATH_INFO"] == "/admin/verify/":
        response = client.post(
            "/admin/verify/?next=/admin/", {"code": current_code(username), "next": "/admin/"}
        )
    else:
        return False
    return response.status_code == 302 and response["Location"] == "/admin/"


def load_demo() -> None:
    """``manage.py seed_demo``, as a developer runs it: with DEBUG on (the test runner
    turns DEBUG off, and the command refuses to load demo accounts without it)."""
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def load_demo_at_scale(articles: int = 800) -> None:
    """The demo and ``articles`` more approved articles, with the planner's statistics
    gathered: PostgreSQL chooses its plans by them."""
    from django.db import connection

    from bench.scale import seed_scale

    load_demo()
    seed_scale(articles=articles, history=0, log=lambda message: None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def verified_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


class StaffClient(Client):
    """Django's test client whose ``force_login`` also counts as the second factor.

    ``force_login`` skips the password; this skips the one-time code the same way,
    for tests about something else. The log-in forms themselves, code included, are
    tested through ``log_in`` and in tests/test_mfa.py.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if user.is_staff:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()
