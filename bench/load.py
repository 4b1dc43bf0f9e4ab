"""Load from outside the server: wrk runs, single requests, the board's log-in."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    e.status, e.connect + e.read + e.write + e.timeout, summary.duration))
end
"""


def request(port, method, path, body=None, headers=None):
    """(status, body, cookies set) of one request."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    connection.close()
    return response.status, data.decode("utf-8", "replace"), cookies


def cookie_header(cookies) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def csrf_for(port, path, cookies=None):
    _, html, set_cookies = request(
        port, "GET", path, headers={"Cookie": cookie_header(cookies or {})}
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return token, {**(cookies or {}), **set_cookies}


def form_post(port, path, fields, cookies):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header(cookies),
    }
    return request(port, "POST", path, urllib.parse.urlencode(fields), headers)


def log_in(port, env, username, password):
    """The admin's two steps: password, then the demo authenticator's current code."""
    token, cookies = csrf_for(port, "/admin/login/")
    fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    status, _, set_cookies = form_post(port, "/admin/login/?next=/admin/", fields, cookies)
    if status != 302:
        raise RuntimeError(f"could not log in as {username} ({status})")
    cookies = {**cookies, **set_cookies}
    token, cookies = csrf_for(port, "/admin/verify/", cookies)
    code = subprocess.run(
        [sys.executable, "manage.py", "demo_code", username],
        cwd=ROOT,
        env={**env, "DEBUG": "true"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    fields = {"code": code, "next": "/admin/", "csrfmiddlewaretoken": token}
    status, _, set_cookies = form_post(port, "/admin/verify/", fields, cookies)
    if status != 302:
        raise RuntimeError(f"{username}'s one-time code was refused ({status})")
    return {**cookies, **set_cookies}


def wrk(
    name, port, path, *, seconds, connections, method="GET", body=None, headers=None, fresh=False
):
    """One wrk run (2 threads): requests per second, p50 and p95 latency, errors.

    ``fresh`` adds a random parameter to each request's address (``fresh=``, or the
    parameter it names), so no cache (the reader cache keys pages by address, the
    review queue its list by what was asked) answers it: the work itself is measured.
    """
    lua = f"wrk.method = {json.dumps(method)}\n"
    if fresh:
        parameter = fresh if isinstance(fresh, str) else "fresh"
        separator = "&" if "?" in path else "?"
        lua += (
            "request = function()\n"
            f'  return wrk.format(nil, {json.dumps(path + separator)} .. "{parameter}=" ..'
            " math.random(1, 1000000000))\nend\n"
        )
    if body is not None:
        lua += f"wrk.body = {json.dumps(body)}\n"
    for key, value in (headers or {}).items():
        lua += f"wrk.headers[{json.dumps(key)}] = {json.dumps(value)}\n"
    lua += REPORT_LUA
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://{HOST}:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    p50, p95, requests, status_errors, socket_errors, duration = map(
        int, re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output).groups()
    )
    return {
        "name": name,
        "path": path + (" (uncached)" if fresh else ""),
        "method": method,
        "connections": connections,
        "seconds": seconds,
        "requests": requests,
        "requests_per_second": round(requests / (duration / 1e6), 1),
        "p50_ms": round(p50 / 1000, 2),
        "p95_ms": round(p95 / 1000, 2),
        "errors": status_errors + socket_errors,
    }
