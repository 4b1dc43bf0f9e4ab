"""`make bench`: throughput and latency of the reader-facing endpoints, side by side.

Starts gunicorn (2 sync workers) with production settings on a seeded database
(SQLite by default, PostgreSQL when DATABASE_URL says so), runs wrk against
/healthz, the article page, the result page POST, the API POST and the review
queue (logged in), then a load run (32 connections) on the article page and the
API; then loads 10,000 articles and 100,000 history rows (`manage.py seed_scale`)
into a copy of the database and measures the article page, home page, search and
queue on the small and the large copy in turn (BENCH_SCALE_ROUNDS rounds),
comparing their p95 latency round by round. Writes bench/results.json and
bench/results.md. Numbers, never a pass/fail test: the machine is shared and
noisy, so targets are ratios to /healthz taken in the same run.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench"
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
PYTHON = sys.executable

ARTICLE = "/articles/what-does-leukopenia-with-neutropenia-indicate/"
API_BODY = json.dumps(
    {
        "age": 45,
        "sex": "female",
        "values": [
            {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
            {"analyte": "ANC", "value": 1207, "unit": "/uL"},
        ],
    }
)
SEARCH = "/search/?q=neutrophil"
QUEUE = "/admin/reviews/reviewqueue/"
SCALE_ARTICLES = int(os.environ.get("BENCH_SCALE_ARTICLES", "10000"))
SCALE_HISTORY = int(os.environ.get("BENCH_SCALE_HISTORY", "100000"))
SCALE_TARGET = 1.2  # large-database p95 within 1.2x of the small one
SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
RATIO_ROUNDS = int(os.environ.get("BENCH_RATIO_ROUNDS", "3"))
SCALE_ROUNDS = int(os.environ.get("BENCH_SCALE_ROUNDS", "3"))
# Targets from the performance issue: ratio of each endpoint to /healthz.
TARGETS = {"article": 0.50, "api": 0.40, "result_form": 0.12}

REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    e.status, e.connect + e.read + e.write + e.timeout, summary.duration))
end
"""


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,  # one per run: the board's session serves both databases
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        RATELIMIT_ENABLE="false",  # a load run, not a visitor
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def request(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
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


def csrf_for(path, cookies=None):
    cookie_header = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    _, html, set_cookies = request("GET", path, headers={"Cookie": cookie_header})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return token, {**(cookies or {}), **set_cookies}


def form_post(path, fields, cookies):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header(cookies),
    }
    return request("POST", path, urllib.parse.urlencode(fields), headers)


def log_in(env, username, password):
    """The admin's two steps: password, then the demo authenticator's current code."""
    token, cookies = csrf_for("/admin/login/")
    fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    status, _, set_cookies = form_post("/admin/login/?next=/admin/", fields, cookies)
    if status != 302:
        raise RuntimeError(f"could not log in as {username} ({status})")
    cookies = {**cookies, **set_cookies}
    token, cookies = csrf_for("/admin/verify/", cookies)
    code = subprocess.run(
        [PYTHON, "manage.py", "demo_code", username],
        cwd=ROOT,
        env={**env, "DEBUG": "true"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    fields = {"code": code, "next": "/admin/", "csrfmiddlewaretoken": token}
    status, _, set_cookies = form_post("/admin/verify/", fields, cookies)
    if status != 302:
        raise RuntimeError(f"{username}'s one-time code was refused ({status})")
    return {**cookies, **set_cookies}


def wrk(name, path, *, seconds, connections, method="GET", body=None, headers=None):
    lua = f"wrk.method = {json.dumps(method)}\n"
    if body is not None:
        lua += f"wrk.body = {json.dumps(body)}\n"
    for key, value in (headers or {}).items():
        lua += f"wrk.headers[{json.dumps(key)}] = {json.dumps(value)}\n"
    lua += REPORT_LUA
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
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
            f"http://{HOST}:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    p50, p95, requests, status_errors, socket_errors, duration = map(
        int, re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output).groups()
    )
    return {
        "name": name,
        "path": path,
        "method": method,
        "connections": connections,
        "seconds": seconds,
        "requests": requests,
        "requests_per_second": round(requests / (duration / 1e6), 1),
        "p50_ms": round(p50 / 1000, 2),
        "p95_ms": round(p95 / 1000, 2),
        "errors": status_errors + socket_errors,
    }


def api_run(name, *, seconds, connections):
    """The interpretation API, POSTed the same CBC as JSON."""
    return wrk(
        name,
        "/api/v1/interpret",
        seconds=seconds,
        connections=connections,
        method="POST",
        body=API_BODY,
        headers={"Content-Type": "application/json"},
    )


def start_server(env):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if request("GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz")


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{OUT / 'bench.sqlite3'}"
    env = environment(database_url)
    if database_url.startswith("sqlite"):
        (OUT / "bench.sqlite3").unlink(missing_ok=True)
    else:
        create_database(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    server = start_server(env)
    try:
        token, form_cookies = csrf_for("/interpret/")
        form_body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "wbc_value": "3.4",
                "wbc_unit": "10*9/L",
                "anc_value": "1.207",
                "anc_unit": "10*9/L",
                "age": "45",
                "sex": "female",
            }
        )
        board = log_in(env, "reviewer1", "reviewer1-demo-2026")
        # The targets are ratios to /healthz, and the machine's speed drifts between
        # runs: so each round measures /healthz beside the three target endpoints,
        # and each ratio is taken within its round (the table gives their median).
        runs = []
        for round_number in range(1, RATIO_ROUNDS + 1):
            for run in (
                wrk("healthz", "/healthz", seconds=SECONDS, connections=16),
                wrk("article", ARTICLE, seconds=SECONDS, connections=16),
                wrk(
                    "result_form",
                    "/interpret/",
                    seconds=SECONDS,
                    connections=16,
                    method="POST",
                    body=form_body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie_header(form_cookies),
                    },
                ),
                api_run("api", seconds=SECONDS, connections=16),
            ):
                runs.append({**run, "round": round_number})
        # The article page was measured in the rounds; the other reader pages once.
        others = ("home", "search", "review_queue")
        runs += [{**run, "round": RATIO_ROUNDS} for run in reader_runs(board, "small", others)]
        load = []
        if LOAD_SECONDS:
            load = [
                wrk("load_article", ARTICLE, seconds=LOAD_SECONDS, connections=32),
                api_run("load_api", seconds=LOAD_SECONDS, connections=32),
            ]
    finally:
        stop_server(server)

    scale = []
    if SCALE_ARTICLES:
        large_env = environment(large_database(database_url))
        manage(
            large_env,
            "seed_scale",
            f"--articles={SCALE_ARTICLES}",
            f"--history={SCALE_HISTORY}",
        )
        # Small and large in turn, several rounds: p95 under saturation drifts with
        # whatever else the machine does, so each large run is compared with the
        # small run just before it. The board's session was copied with the database.
        for round_number in range(1, SCALE_ROUNDS + 1):
            for scale_env, size in ((env, "small"), (large_env, "large")):
                server = start_server(scale_env)
                try:
                    for run in reader_runs(board, size):
                        scale.append({**run, "round": round_number})
                finally:
                    stop_server(server)
    write_results(runs, load, scale, database_url)
    return 0 if all(r["errors"] == 0 for r in runs + load + scale) else 1


def cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _maintenance(database_url: str) -> tuple[urllib.parse.ParseResult, str, str]:
    """(the URL's parts, its database name, the URL of the server's maintenance database)."""
    parts = urllib.parse.urlparse(database_url)
    return parts, parts.path.lstrip("/"), parts._replace(path="/postgres").geturl()


def create_database(database_url: str) -> None:
    """Create the PostgreSQL database DATABASE_URL names, if it is not there yet
    (never dropped: it may hold someone's work; seed_demo adds what is missing)."""
    import psycopg

    _, name, maintenance = _maintenance(database_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def large_database(database_url: str) -> str:
    """A copy of the small database (seeded, board logged in) for seed_scale to grow."""
    if database_url.startswith("sqlite"):
        small = Path(urllib.parse.urlparse(database_url).path)
        large = small.with_name(small.stem + "-large" + small.suffix)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{large}{suffix}").unlink(missing_ok=True)
            if Path(f"{small}{suffix}").exists():
                shutil.copyfile(f"{small}{suffix}", f"{large}{suffix}")
        return f"sqlite:///{large}"
    import psycopg

    parts, small_name, maintenance = _maintenance(database_url)
    large_name = f"{small_name}_large"

    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{large_name}"')
        connection.execute(f'CREATE DATABASE "{large_name}" TEMPLATE "{small_name}"')
    return parts._replace(path=f"/{large_name}").geturl()


READER_PAGES = {"article": ARTICLE, "home": "/", "search": SEARCH, "review_queue": QUEUE}


def reader_runs(board, scale, pages=tuple(READER_PAGES)):
    """The pages compared at small and large scale (same paths, bigger database)."""
    suffix = "" if scale == "small" else "@large"
    status = request("GET", QUEUE, headers={"Cookie": cookie_header(board)})[0]
    if status != 200:  # a redirect to the log-in page would be measured as a fast queue
        raise RuntimeError(f"the review queue answered {status} to the board ({scale})")
    return [
        wrk(
            page + suffix,
            READER_PAGES[page],
            seconds=SECONDS,
            connections=16,
            headers={"Cookie": cookie_header(board)} if page == "review_queue" else None,
        )
        for page in pages
    ]


def stop_server(server):
    server.terminate()
    server.wait(timeout=30)


def _round_label(run) -> str:
    return f" round {run['round']}" if "round" in run else ""


def write_results(runs, load, scale, database_url):
    healthz = {r["round"]: r["requests_per_second"] for r in runs if r["name"] == "healthz"}
    base = healthz[RATIO_ROUNDS]  # the last round's, for runs outside the rounds
    for run in runs:
        run["ratio_to_healthz"] = round(run["requests_per_second"] / healthz[run["round"]], 3)
    for run in load + scale:
        run["ratio_to_healthz"] = round(run["requests_per_second"] / base, 3)
    scaling = {}
    for run in scale:
        name = run["name"].removesuffix("@large")
        entry = scaling.setdefault(name, {"small": {}, "large": {}})
        entry["large" if run["name"].endswith("@large") else "small"][run["round"]] = run["p95_ms"]
    for name, entry in scaling.items():
        rounds = sorted(entry["small"].keys() & entry["large"].keys())
        ratios = [entry["large"][r] / entry["small"][r] for r in rounds]
        scaling[name] = {
            "small_p95_ms": [entry["small"][r] for r in rounds],
            "large_p95_ms": [entry["large"][r] for r in rounds],
            "round_ratios": [round(ratio, 2) for ratio in ratios],
            "ratio": round(statistics.median(ratios), 2),
            "target_ratio": SCALE_TARGET,
        }
    for entry in scaling.values():
        entry["met"] = entry["ratio"] <= SCALE_TARGET
    machine = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": database_url.split(":", 1)[0],
        "server": "gunicorn, 2 sync workers",
        "client": "wrk, 2 threads",
    }
    targets = {}
    for name, goal in TARGETS.items():
        ratios = [r["ratio_to_healthz"] for r in runs if r["name"] == name]
        targets[name] = {
            "target_ratio": goal,
            "round_ratios": ratios,
            "ratio": round(statistics.median(ratios), 3),
        }
        targets[name]["met"] = targets[name]["ratio"] >= goal
    engine = OUT / "engine.json"
    result = {
        "machine": machine,
        "runs": runs,
        "load": load,
        "scale": {"articles": SCALE_ARTICLES, "history_rows": SCALE_HISTORY, "runs": scale},
        "scaling": scaling,
        "targets": targets,
        "engine": json.loads(engine.read_text()) if engine.exists() else None,
    }
    (OUT / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    table = "\n".join(markdown(result))
    (OUT / "results.md").write_text(table + "\n")
    print(table)


def _joined(values) -> str:
    return " / ".join(map(str, values))


def markdown(result) -> list[str]:
    """The summary first (targets, each endpoint, scale, engine), then every run."""
    machine, runs, load = result["machine"], result["runs"], result["load"]
    scale = result["scale"]["runs"]
    lines = [
        f"Taken {machine['taken_at']} on {machine['cpus']} CPUs, {machine['platform']}, "
        f"Python {machine['python']}, {machine['database']}, {machine['server']}, "
        f"{machine['client']}.",
        "",
        f"Targets: ratios to /healthz measured in the same round ({RATIO_ROUNDS} rounds); "
        "each is met by their median:",
        "",
        "| target | goal | ratio per round | median | met |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, entry in result["targets"].items():
        lines.append(
            f"| {name} / healthz | ≥ {entry['target_ratio']} | {_joined(entry['round_ratios'])} "
            f"| {entry['ratio']} | {'yes' if entry['met'] else 'no'} |"
        )
    lines += [
        "",
        "Each endpoint on the small database (medians over its runs; 16 connections, "
        "32 for the load runs):",
        "",
        "| endpoint | runs | req/s | p50 ms | p95 ms | errors | ratio to /healthz |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    small = runs + load + [run for run in scale if not run["name"].endswith("@large")]
    for name in dict.fromkeys(run["name"] for run in small):
        same = [run for run in small if run["name"] == name]
        first = same[0]

        def median(key, same=same):
            return round(statistics.median(run[key] for run in same), 2)

        lines.append(
            f"| {name} ({first['method']} {first['path']}) | {len(same)} | "
            f"{median('requests_per_second')} | {median('p50_ms')} | {median('p95_ms')} | "
            f"{sum(run['errors'] for run in same)} | {median('ratio_to_healthz')} |"
        )
    if result["scaling"]:
        lines += [
            "",
            f"At {SCALE_ARTICLES:,} articles and {SCALE_HISTORY:,} history rows "
            "(`manage.py seed_scale`), p95 against the small database, in "
            f"{SCALE_ROUNDS} rounds of small then large (ratio: the median of the rounds'):",
            "",
            "| page | small p95 ms | large p95 ms | ratio per round | ratio | goal | met |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, entry in result["scaling"].items():
            lines.append(
                f"| {name} | {_joined(entry['small_p95_ms'])} | {_joined(entry['large_p95_ms'])} "
                f"| {_joined(entry['round_ratios'])} | {entry['ratio']} | ≤ {SCALE_TARGET} | "
                f"{'yes' if entry['met'] else 'no'} |"
            )
    if result["engine"]:
        engine_run = result["engine"]
        lines += [
            "",
            f"Engine, in process: median {engine_run['median_us']:.1f} µs per full CBC "
            f"(p95 {engine_run['p95_us']:.1f} µs, best {engine_run['min_us']:.1f} µs; "
            f"goal ≤ {engine_run.get('target_median_us', 100):g} µs): "
            f"{'met' if engine_run['meets_target'] else 'not met'}.",
        ]
    lines += [
        "",
        "Every run:",
        "",
        "| endpoint | connections | req/s | p50 ms | p95 ms | errors | ratio to /healthz |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs + load + scale:
        lines.append(
            f"| {run['name']}{_round_label(run)} ({run['method']} {run['path']}) | "
            f"{run['connections']} | {run['requests_per_second']} | {run['p50_ms']} | "
            f"{run['p95_ms']} | {run['errors']} | {run['ratio_to_healthz']} |"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
