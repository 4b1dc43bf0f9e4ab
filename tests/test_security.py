"""Security controls, one test per control (SECURITY.md maps them to ASVS 4.0)."""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.hashers import get_hasher
from django.core.cache import cache
from django.urls import reverse

from reviews import services as review
from reviews.integrity import new_keys as new_audit_keys
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[1]


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    hmac_key, signing_key = new_audit_keys()
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="answers.example.org",
        AUDIT_HMAC_KEY=hmac_key,
        AUDIT_SIGNING_KEY=signing_key,
        **extra,
    )
    return env


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


# A production environment as the README describes it (the check does not connect).
SHARED_CACHE = {"REDIS_URL": "redis://127.0.0.1:6379/0"}


def test_check_deploy_is_clean_in_production():
    """ASVS 14.4.x, 3.4.x: `manage.py check --deploy --fail-level WARNING` passes."""
    result = check_deploy(**SHARED_CACHE)
    assert result.returncode == 0, result.stdout + result.stderr
    behind_a_proxy = check_deploy(
        **SHARED_CACHE, SECURE_PROXY_SSL_HEADER="true", TRUSTED_PROXY_COUNT="1"
    )
    assert behind_a_proxy.returncode == 0, behind_a_proxy.stdout + behind_a_proxy.stderr


def test_check_deploy_fails_in_production_without_a_shared_cache():
    """Regression: without Redis every process counted limits on its own (107 of 130
    requests passed a limit of 60); production now fails `check --deploy`."""
    result = check_deploy()
    assert result.returncode != 0
    assert "config.E001" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_check_deploy_warns_of_a_tls_proxy_with_no_trusted_proxy_count():
    result = check_deploy(**SHARED_CACHE, SECURE_PROXY_SSL_HEADER="true")
    assert result.returncode != 0
    assert "config.W001" in result.stderr


def test_production_settings_values():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl': s.SECURE_SSL_REDIRECT, "
        "'session_secure': s.SESSION_COOKIE_SECURE, 'session_httponly': s.SESSION_COOKIE_HTTPONLY, "
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'samesite': s.SESSION_COOKIE_SAMESITE, "
        "'proxy': s.SECURE_PROXY_SSL_HEADER "
        "if hasattr(s, 'SECURE_PROXY_SSL_HEADER') else None}))"
    )
    run = lambda **env: json.loads(  # noqa: E731
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=production_env(**env),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    default = run()
    assert default["hsts"] >= 31536000 and default["ssl"] is True
    assert default["session_secure"] and default["session_httponly"] and default["csrf_secure"]
    assert default["samesite"] == "Lax"
    proxied = run(SECURE_SSL_REDIRECT="false", SECURE_PROXY_SSL_HEADER="true")
    assert proxied["ssl"] is False
    assert proxied["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_security_headers_on_every_kind_of_page(client, admin_user):
    pages = ["/", "/editorial-policy/", "/transparency/", "/interpret/", "/healthz"]
    for url in pages:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, url
        assert "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_admin_works_under_the_csp(client, admin_user, draft_article):
    """No inline script or style in the pages the admin serves (CSP would block them)."""
    client.force_login(admin_user)
    for url in [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{draft_article.pk}/change/",
        # Regression: django-simple-history's list had an inline style on its paginator.
        f"/admin/articles/article/{draft_article.pk}/history/",
        "/admin/reviews/reviewqueue/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        inline_scripts = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", html)
            if "src=" not in tag and "application/json" not in tag
        ]
        assert inline_scripts == [], url
        assert ' style="' not in html, url
        assert not re.search(r"\son[a-z]+=\"", html), url


@pytest.mark.django_db
def test_the_public_pages_have_no_inline_script(client, live_ref):
    html = client.post(
        "/interpret/", {"wbc_value": "3.4", "anc_value": "1.2", "age": "40"}
    ).content.decode()
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/js/print.js" defer>']


def test_passwords_are_hashed_with_argon2():
    assert get_hasher().algorithm == "argon2"


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_for_an_hour(client):
    from tests.factories import UserFactory

    UserFactory(username="eve_editor", is_staff=True)
    attempts = [
        client.post("/admin/login/", {"username": "eve_editor", "password": "wrong-guess"})
        for _ in range(5)
    ]
    assert [a.status_code for a in attempts] == [200, 200, 200, 200, 429]
    locked = client.post(
        "/admin/login/", {"username": "eve_editor", "password": "correct-horse-battery"}
    )
    assert locked.status_code == 429
    assert "locked for one hour" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="eve_editor")  # the event is recorded
    assert attempt.failures_since_start >= 5


@pytest.mark.django_db
def test_the_follow_up_form_is_rate_limited(client, settings, alice_editor):
    settings.RATELIMIT_RATES = {**settings.RATELIMIT_RATES, "follow_up": "2/m"}
    article = ArticleFactory(by=alice_editor)
    review.submit(article, by=alice_editor)
    url = reverse("articles:ask", kwargs={"slug": article.slug})
    assert client.post(url, {"question": "One?"}).status_code == 200
    assert client.post(url, {"question": "Two?"}).status_code == 200
    limited = client.post(url, {"question": "Three?"})
    assert limited.status_code == 429
    assert "Too many requests" in limited.content.decode()
    assert limited["Retry-After"] == "60"


@pytest.mark.django_db
def test_the_api_is_rate_limited_with_a_json_error(client, settings, live_ref):
    settings.RATELIMIT_RATES = {**settings.RATELIMIT_RATES, "interpret_api": "2/m"}
    body = json.dumps({"age": 40, "values": [{"analyte": "WBC", "value": 5, "unit": "10*9/L"}]})
    for _ in range(2):
        assert client.post("/api/v1/interpret", body, "application/json").status_code == 200
    limited = client.post("/api/v1/interpret", body, "application/json")
    assert limited.status_code == 429
    assert limited.json()["errors"][0]["field"] == "rate_limit"
    assert "no-store" in limited["Cache-Control"]


@pytest.mark.django_db
def test_rate_limits_can_be_switched_off_for_load_runs(client, settings, live_ref):
    settings.RATELIMIT_RATES = {**settings.RATELIMIT_RATES, "interpret_api": "1/m"}
    settings.RATELIMIT_ENABLE = False
    body = json.dumps({"age": 40, "values": [{"analyte": "WBC", "value": 5, "unit": "10*9/L"}]})
    for _ in range(3):
        assert client.post("/api/v1/interpret", body, "application/json").status_code == 200


# Health data -----------------------------------------------------------------------------

SENTINEL_VALUE = "7.654321"
SENTINEL_AGE = "87"
SHOWN = "7.654"  # the value as the page shows it (three decimals)


def everything_in_the_database() -> str:
    rows = []
    for model in apps.get_models(include_auto_created=True):
        rows += [repr(row) for row in model._base_manager.values()]
    return "\n".join(rows)


def everything_in_the_cache() -> bytes:
    store = getattr(cache, "_cache", {})
    return b"\n".join(
        repr(key).encode() + pickle.dumps(value) for key, value in list(store.items())
    )


@pytest.fixture
def every_logger_at_debug(caplog):
    """Every logger records everything for one test, then gets its own level back (a
    logger left at DEBUG would change what later tests log and query)."""
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield caplog
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.mark.django_db
def test_lab_values_leave_no_trace(client, live_ref, every_logger_at_debug):
    """Submit the form and the API with unique values: they appear in no log record,
    no URL, no cache key or value, no database row; every answer is no-store."""
    caplog = every_logger_at_debug
    answers = [
        client.post(
            "/interpret/",
            {"wbc_value": SENTINEL_VALUE, "anc_value": "1.2", "age": SENTINEL_AGE},
        ),
        client.post(
            "/interpret/",  # a bad submission, which is answered with the values kept
            {"wbc_value": SENTINEL_VALUE, "anc_value": "lots", "age": SENTINEL_AGE},
        ),
        client.post(
            "/api/v1/interpret",
            json.dumps(
                {
                    "age": int(SENTINEL_AGE),
                    "values": [
                        {"analyte": "WBC", "value": float(SENTINEL_VALUE), "unit": "10*9/L"}
                    ],
                }
            ),
            "application/json",
        ),
        client.post(
            "/api/v1/interpret",
            json.dumps(
                {
                    "age": int(SENTINEL_AGE),
                    "values": [{"analyte": "WBC", "value": float(SENTINEL_VALUE), "unit": "bogus"}],
                }
            ),
            "application/json",
        ),
    ]
    assert [a.status_code for a in answers] == [200, 400, 200, 400]
    assert SHOWN in answers[0].content.decode(), "the reader sees their own value"
    for answer in answers:
        assert "no-store" in answer["Cache-Control"]
        assert SENTINEL_VALUE not in answer.get("Location", "")
    logged = "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')!r}"
        for r in caplog.records
    )
    for trace in (SENTINEL_VALUE, SHOWN):
        assert trace not in logged
        assert trace not in everything_in_the_database()
        assert trace.encode() not in everything_in_the_cache()


def test_error_reports_hide_lab_values(rf):
    """A crash while handling lab values: the 500 report shows neither the POST data
    nor the local variables."""
    from django.views.debug import ExceptionReporter

    request = rf.post("/interpret/", {"wbc_value": SENTINEL_VALUE, "age": SENTINEL_AGE})

    def handle(values):
        secret = values  # noqa: F841  (a local a traceback would show)
        raise ValueError("boom")

    try:
        handle(SENTINEL_VALUE)
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert SENTINEL_VALUE not in report
    assert "boom" in report


@pytest.mark.django_db
def test_history_pages_cannot_restore_a_version_around_the_services(client, alice_editor):
    from articles import services as article_services

    article = ArticleFactory(by=alice_editor, title="Original question?")
    article_services.edit_article(article, by=alice_editor, reason="Rename", title="New question?")
    old = article.history.order_by("history_date").first()
    client.force_login(alice_editor)
    url = f"/admin/articles/article/{article.pk}/history/{old.history_id}/"
    assert client.get(url).status_code == 200
    client.post(url, {"title": "Original question?", "slug": article.slug, "body_markdown": "x"})
    article.refresh_from_db()
    assert article.title == "New question?"
