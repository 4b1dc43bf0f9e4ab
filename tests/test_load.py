"""A small load run in the suite: the production server under concurrent readers
answers every request (no errors). `make bench` runs the full-size one (60 s,
32 connections, wrk) and records the numbers; this only checks correctness."""

from __future__ import annotations

import http.client
import json
import os
import threading
import time

import pytest

from tests.servers import gunicorn, manage, production_env

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
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SECOND_PASS") == "postgresql", reason="runs in the SQLite pass only"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Production settings on gunicorn (2 workers) over a seeded SQLite file; its port."""
    folder = tmp_path_factory.mktemp("load")
    env = production_env(folder, DATABASE_URL=f"sqlite:///{folder / 'load.sqlite3'}")
    manage("migrate", "-v0", env=env)
    manage("seed_demo", "-v0", env={**env, "DEBUG": "true"})  # demo content is development only
    manage("collectstatic", "--noinput", "-v0", env=env)
    with gunicorn(env, folder / "gunicorn.log", workers=2) as port:
        yield port


def hammer(port: int, method: str, path: str, body: str | None = None) -> dict[str, int]:
    outcome = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            with lock:
                outcome["ok" if good else "errors"] += 1

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def test_the_article_page_under_concurrent_readers(server):
    outcome = hammer(server, "GET", ARTICLE)
    assert outcome["errors"] == 0
    assert outcome["ok"] > 0


def test_the_api_under_concurrent_callers(server):
    outcome = hammer(server, "POST", "/api/v1/interpret", API_BODY)
    assert outcome["errors"] == 0
    assert outcome["ok"] > 0
