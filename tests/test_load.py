"""A small load run in the suite: the production server under concurrent readers
answers every request (no errors). `make bench` runs the full-size one (60 s,
32 connections, wrk) and records the numbers; this only checks correctness."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PORT = 8799
SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "4"))
CONNECTIONS = 8
ARTICLE = "/articles/what-does-leukopenia-with-neutropenia-indicate/"
API_BODY = json.dumps(
    {
        "age": 45,
        "values": [
            {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
            {"analyte": "ANC", "value": 1207, "unit": "/uL"},
        ],
    }
)

# Runs once, in the SQLite pass of `make test`:
# it serves its own SQLite database, so the PostgreSQL pass would repeat it.
pytestmark = pytest.mark.skipif(
    os.environ.get("SECOND_PASS") == "postgresql", reason="runs in the SQLite pass only"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("load") / "load.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "RATELIMIT_ENABLE": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for command, extra in (
        (["migrate", "-v0"], {}),
        (["seed_demo", "-v0"], {"DEBUG": "true"}),  # demo accounts: development only
        (["collectstatic", "--noinput", "-v0"], {}),
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env={**env, **extra}, check=True
        )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        pytest.fail("gunicorn did not start")
    yield
    process.terminate()
    process.wait(timeout=30)


def hammer(method: str, path: str, body: str | None = None) -> dict[str, int]:
    outcome = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        while time.monotonic() < deadline:
            try:
                connection.request(
                    method, path, body=body, headers={"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                response.read()
                good = response.status == 200
            except (OSError, http.client.HTTPException):
                good = False
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            with lock:
                outcome["ok" if good else "errors"] += 1

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def test_the_article_page_under_concurrent_readers(server):
    outcome = hammer("GET", ARTICLE)
    assert outcome["errors"] == 0
    assert outcome["ok"] > 0


def test_the_api_under_concurrent_callers(server):
    outcome = hammer("POST", "/api/v1/interpret", API_BODY)
    assert outcome["errors"] == 0
    assert outcome["ok"] > 0
