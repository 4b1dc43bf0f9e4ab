"""A real Varnish in front of gunicorn: reader pages are served from Varnish, an approval
purges exactly the pages it touches, and a page that did not change stays cached.

Varnish runs with the platform's own configuration (deploy/varnish.vcl, its backend
pointed at this test's gunicorn); the platform purges it through the address in
FRONTEND_CACHE_PURGE_URLS, as a deployment does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import redis

from tests.servers import (
    ROOT,
    approve_article_script,
    free_port,
    gunicorn,
    manage,
    production_env,
    request,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SECOND_PASS") == "postgresql", reason="runs in the SQLite pass only"
    ),
]

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# The demo article approved with an update waiting for the board, and another approved one.
UPDATED = "when-is-fever-with-neutropenia-an-emergency"
ONLY_IN_THE_UPDATE = "During anticancer treatment"
UNTOUCHED = "/articles/what-is-a-normal-absolute-neutrophil-count/"


def _require(found: bool, what: str) -> None:
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(what)
        pytest.skip(what)


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    """gunicorn (production settings, shared Redis) behind Varnish; Varnish's port."""
    _require(os.path.exists(VARNISHD), "varnishd is not installed (apt-get install varnish)")
    client = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        _require(False, "Redis does not answer at 127.0.0.1:6379")
    folder = tmp_path_factory.mktemp("varnish")
    varnish_port = free_port()
    prefix = f"varnish-test-{uuid.uuid4().hex}"
    env = production_env(
        folder,
        DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_KEY_PREFIX=prefix,
        FRONTEND_CACHE_PURGE_URLS=f"http://127.0.0.1:{varnish_port}/",
    )
    manage("migrate", "-v0", env=env)
    manage("seed_demo", "-v0", env={**env, "DEBUG": "true"})
    manage("collectstatic", "--noinput", "-v0", env=env)
    # Varnish drops its privileges: its files live where its own user can read them.
    shared = Path(tempfile.mkdtemp(prefix="varnish-test-"))
    shared.chmod(0o755)
    try:
        with gunicorn(env, folder / "gunicorn.log", workers=2) as backend:
            vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
            (shared / "site.vcl").write_text(vcl.replace('.port = "8000"', f'.port = "{backend}"'))
            varnish = subprocess.Popen(
                [
                    VARNISHD,
                    "-F",
                    "-n",
                    str(shared / "work"),
                    "-a",
                    f"127.0.0.1:{varnish_port}",
                    "-f",
                    str(shared / "site.vcl"),
                    "-s",
                    "malloc,64m",
                    "-T",
                    "none",
                ],
                stdout=(folder / "varnish.log").open("w"),
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_for_varnish(varnish, varnish_port, folder)
                yield {"port": varnish_port, "env": env}
            finally:
                varnish.terminate()
                varnish.wait(timeout=10)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        client.close()


def _wait_for_varnish(process, port, folder) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"varnishd exited:\n{(folder / 'varnish.log').read_text()[-3000:]}")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("Varnish did not answer")


def fetch(port: int, path: str) -> tuple[str, str]:
    """(X-Cache, body) of a GET through Varnish."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, body[-2000:]
        return response.getheader("X-Cache"), body
    finally:
        connection.close()


def test_an_approval_purges_its_pages_and_nothing_else(layout):
    port = layout["port"]
    updated = f"/articles/{UPDATED}/"
    assert fetch(port, updated)[0] == "MISS"
    hit, body = fetch(port, updated)
    assert hit == "HIT", "the second reader is served by Varnish"
    assert ONLY_IN_THE_UPDATE not in body
    fetch(port, UNTOUCHED)
    assert fetch(port, UNTOUCHED)[0] == "HIT"
    assert fetch(port, "/")[0] in {"MISS", "HIT"}
    assert fetch(port, "/")[0] == "HIT"

    script = approve_article_script(UPDATED)
    outcome = json.loads(
        manage("shell", "--no-imports", "-c", script, env={**layout["env"], "DEBUG": "true"})
        .strip()
        .splitlines()[-1]
    )
    assert outcome["status"] == "approved", outcome

    cached, body = fetch(port, updated)
    assert cached == "MISS", "the approval purged the article's page"
    assert ONLY_IN_THE_UPDATE in body
    assert fetch(port, "/")[0] == "MISS", "and the lists it is on"
    assert fetch(port, UNTOUCHED)[0] == "HIT", "a page the approval did not touch stays cached"


def test_personal_and_staff_pages_pass_through(layout):
    port = layout["port"]
    for _ in range(2):
        status, _ = request(port, "GET", "/interpret/")
        assert status == 200
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/interpret/")
    response = connection.getresponse()
    response.read()
    assert response.getheader("X-Cache") == "MISS", "a form page is never kept"
    connection.close()


def test_purging_from_elsewhere_is_refused_and_a_ban_needs_keys(layout):
    status, _ = request(layout["port"], "BAN", "/")
    assert status == 400
