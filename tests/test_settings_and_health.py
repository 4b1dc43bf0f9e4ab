"""Settings refuse unsafe production starts; /healthz reports the database."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parents[1]


REQUIRED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "AUDIT_HMAC_KEY", "AUDIT_SIGNING_KEY"}
# A valid pair of audit keys (not the development ones).
AUDIT_KEYS = {
    "AUDIT_HMAC_KEY": "h" * 48,
    "AUDIT_SIGNING_KEY": base64.b64encode(b"k" * 32).decode(),
}


def run_check(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org", **AUDIT_KEYS}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50, **AUDIT_KEYS}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "example.org", **AUDIT_KEYS}, "SECRET_KEY"),  # DEBUG is off by default
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"},
            "AUDIT_HMAC_KEY",
        ),
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": "x" * 50,
                "ALLOWED_HOSTS": "example.org",
                "AUDIT_HMAC_KEY": "h" * 48,
            },
            "AUDIT_SIGNING_KEY",
        ),
    ],
)
def test_production_refuses_to_start_without_required_settings(env, missing):
    result = run_check(**env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


@pytest.mark.parametrize(
    ("audit_keys", "refusal"),
    [
        # The chain's key is a secret of its own, not the one every signed cookie shares.
        (
            {**AUDIT_KEYS, "AUDIT_HMAC_KEY": "s" * 50},
            "AUDIT_HMAC_KEY must not be the same as SECRET_KEY",
        ),
        (
            {**AUDIT_KEYS, "AUDIT_HMAC_KEY": "medreview-development-audit-hmac-key"},
            "AUDIT_HMAC_KEY is the published development key",
        ),
        (
            {**AUDIT_KEYS, "AUDIT_SIGNING_KEY": "snjNoNNCXYz6oii6QJZtYOZoMLh+ZnNlZM8c1VyTdsQ="},
            "AUDIT_SIGNING_KEY is the published development key",
        ),
        ({**AUDIT_KEYS, "AUDIT_SIGNING_KEY": "not-base64!"}, "AUDIT_SIGNING_KEY is not the base64"),
        (
            {**AUDIT_KEYS, "AUDIT_SIGNING_KEY": base64.b64encode(b"short").decode()},
            "AUDIT_SIGNING_KEY is not the base64",
        ),
    ],
)
def test_production_refuses_unsafe_audit_keys(audit_keys, refusal):
    result = run_check(
        DEBUG="false", SECRET_KEY="s" * 50, ALLOWED_HOSTS="example.org", **audit_keys
    )
    assert result.returncode != 0
    assert refusal in result.stderr


def test_production_starts_with_required_settings():
    result = run_check(
        DEBUG="false", SECRET_KEY="s" * 50, ALLOWED_HOSTS="example.org", **AUDIT_KEYS
    )
    assert result.returncode == 0, result.stderr


def test_development_starts_with_safe_defaults():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_healthz_reports_a_database_that_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("config.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_generated_audit_keys_start_production():
    generated = subprocess.run(
        [sys.executable, "manage.py", "generate_audit_keys"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    keys = dict(line.split("=", 1) for line in generated.splitlines() if line.startswith("AUDIT_"))
    assert set(keys) == {"AUDIT_HMAC_KEY", "AUDIT_SIGNING_KEY"}
    assert "# public key (shown on /transparency/):" in generated
    result = run_check(DEBUG="false", SECRET_KEY="s" * 50, ALLOWED_HOSTS="example.org", **keys)
    assert result.returncode == 0, result.stderr
