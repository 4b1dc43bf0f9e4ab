"""Real servers for the tests that need the production layout: gunicorn on a free port.

Used by the load run, the two-process test and the deployment walk. A server is
started with production settings (DEBUG off) and is ready when it answers
/healthz *while still running*: a server that failed to bind its port exits, so
another process's answer on that port is never mistaken for ours.
"""

from __future__ import annotations

import base64
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(
    port: int, method: str, path: str, body: str | None = None, headers: dict | None = None
) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        sent = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers={**sent, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def production_env(folder: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production process whose collected static files live in
    ``folder`` (production settings need the manifest; collecting into the checkout
    would write under other people's feet)."""
    (folder / "served_settings.py").write_text(
        f"from config.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest-django's; the server picks its own
    return {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Production settings need the audit chain's keys: a test process has its own.
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
        "AUDIT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "RATELIMIT_ENABLE": "false",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "served_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])),
        **overrides,
    }


def manage(*args: str, env: dict[str, str], timeout: int = 180) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def wait_for_health(process: subprocess.Popen, port: int, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn on port {port} exited:\n{log.read_text()[-3000:]}")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn on port {port} did not answer /healthz:\n{log.read_text()[-3000:]}")


@contextmanager
def gunicorn(env: dict[str, str], log: Path, *, workers: int = 1) -> Iterator[int]:
    """A gunicorn process serving config.wsgi on a free port; its port, always stopped."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_health(process, port, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# A third process approves through the real services, with as many board members as
# the editorial policy in force requires, and says what it did (one JSON line).
APPROVE_LATEST = """
import json
from django.contrib.auth import get_user_model
from reviews import selectors as review_selectors
from reviews import services as review

def approve_latest(obj):
    revision = review_selectors.latest_revision(obj)
    board = [get_user_model().objects.get(username=name) for name in ("reviewer1", "reviewer2")]
    needed = review_selectors.current_terms().approvals_required
    review.start_review(revision, by=board[0])
    for reviewer in board[:needed]:
        review.approve(revision, by=reviewer, conflict_of_interest="none")
    print(json.dumps({"approvals_required": needed, "status": review_selectors.status_of(obj)}))
"""


def approve_article_script(slug: str) -> str:
    return (
        APPROVE_LATEST
        + "\nfrom articles.models import Article\n"
        + f"approve_latest(Article.objects.get(slug={slug!r}))\n"
    )
