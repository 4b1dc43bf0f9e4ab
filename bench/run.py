"""`make bench`: throughput and latency of the reader-facing endpoints, per layout.

For each layout (bench/layouts.py: SQLite with local-memory caches, and the
production layout, PostgreSQL with Redis) it seeds a fresh database, starts
gunicorn (2 sync workers, production settings) and runs wrk (2 threads) against
/healthz, the article page, the result page POST and the API POST in rounds (the
targets are ratios to /healthz taken in the same round), then the home page,
search and the review queue (logged in), and a load run. On the production layout
it also puts Varnish (deploy/varnish.vcl) in front and measures the article page
served from Varnish against /healthz through the same proxy. Last, it loads
10,000 articles and 100,000 history rows (`manage.py seed_scale`) into a copy of
the database and compares p95 on the small and large copies round by round.

Writes bench/results.json and bench/results.md. Numbers, never a pass/fail test:
the machine is shared and noisy.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import urllib.parse

from bench import report
from bench.layouts import (
    OUT,
    fresh_database,
    gunicorn,
    large_database,
    layouts,
    manage,
    varnish,
)
from bench.load import cookie_header, csrf_for, log_in, request, wrk

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
RATIO_ROUNDS = int(os.environ.get("BENCH_RATIO_ROUNDS", "3"))
SCALE_ROUNDS = int(os.environ.get("BENCH_SCALE_ROUNDS", "5"))
SCALE_ARTICLES = int(os.environ.get("BENCH_SCALE_ARTICLES", "10000"))
SCALE_HISTORY = int(os.environ.get("BENCH_SCALE_HISTORY", "100000"))
CONNECTIONS = 16

ARTICLE = "/articles/what-does-leukopenia-with-neutropenia-indicate/"
SEARCH = "/search/?q=neutrophil"
QUEUE = "/admin/reviews/reviewqueue/"
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
FORM_FIELDS = {
    "wbc_value": "3.4",
    "wbc_unit": "10*9/L",
    "anc_value": "1.207",
    "anc_unit": "10*9/L",
    "age": "45",
    "sex": "female",
}
READER_PAGES = {
    "article": ARTICLE,
    "home": "/",
    "search": SEARCH,
    "search_uncached": SEARCH,
    "review_queue": QUEUE,
    "review_queue_uncached": QUEUE,
}
# How a page is asked for anew on each request: the reader cache keys pages by their
# address; the queue keys its list by the filter, search and page asked for (a page
# number past the end shows the last page, here the only one).
FRESH = {"search_uncached": "fresh", "review_queue_uncached": "p"}


def api_run(name, port, *, seconds, connections=CONNECTIONS):
    return wrk(
        name,
        port,
        "/api/v1/interpret",
        seconds=seconds,
        connections=connections,
        method="POST",
        body=API_BODY,
        headers={"Content-Type": "application/json"},
    )


def form_run(name, port):
    token, cookies = csrf_for(port, "/interpret/")
    return wrk(
        name,
        port,
        "/interpret/",
        seconds=SECONDS,
        connections=CONNECTIONS,
        method="POST",
        body=urllib.parse.urlencode({"csrfmiddlewaretoken": token, **FORM_FIELDS}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
    )


def reader_runs(port, board, size, pages=tuple(READER_PAGES)):
    """The pages compared at small and large scale (same paths, bigger database)."""
    status = request(port, "GET", QUEUE, headers={"Cookie": cookie_header(board)})[0]
    if status != 200:  # a redirect to the log-in page would be measured as a fast queue
        raise RuntimeError(f"the review queue answered {status} to the board ({size})")
    suffix = "" if size == "small" else "@large"
    return [
        wrk(
            page + suffix,
            port,
            READER_PAGES[page],
            seconds=SECONDS,
            connections=CONNECTIONS,
            headers={"Cookie": cookie_header(board)} if page.startswith("review_queue") else None,
            fresh=FRESH.get(page, False),
        )
        for page in pages
    ]


def measure(layout) -> dict:
    env = layout.env()
    fresh_database(layout)
    manage(env, "migrate", "--noinput", "-v0")
    manage({**env, "DEBUG": "true"}, "seed_demo", "-v0")  # demo content is development only
    manage(env, "collectstatic", "--noinput", "-v0")
    runs, load, proxied = [], [], []
    with gunicorn(env) as port:
        board = log_in(port, env, "reviewer1", "reviewer1-demo-2026")
        # The machine's speed drifts between minutes: each round measures /healthz
        # beside the target endpoints, and each ratio is taken within its round.
        for number in range(1, RATIO_ROUNDS + 1):
            for run in (
                wrk("healthz", port, "/healthz", seconds=SECONDS, connections=CONNECTIONS),
                wrk("article", port, ARTICLE, seconds=SECONDS, connections=CONNECTIONS),
                form_run("result_form", port),
                api_run("api", port, seconds=SECONDS),
            ):
                runs.append({**run, "round": number})
        others = ("home", "search", "search_uncached", "review_queue", "review_queue_uncached")
        runs += [
            {**run, "round": RATIO_ROUNDS} for run in reader_runs(port, board, "small", others)
        ]
        if LOAD_SECONDS:
            load = [
                wrk("load_article", port, ARTICLE, seconds=LOAD_SECONDS, connections=32),
                api_run("load_api", port, seconds=LOAD_SECONDS, connections=32),
            ]
        if layout.redis_url and shutil.which("varnishd"):
            with varnish(port) as front:
                for number in range(1, RATIO_ROUNDS + 1):
                    for name, path in (("healthz", "/healthz"), ("article", ARTICLE)):
                        run = wrk(f"varnish_{name}", front, path, seconds=SECONDS, connections=32)
                        proxied.append({**run, "round": number})
    scale = []
    if SCALE_ARTICLES:
        large_env = layout.env(large_database(layout))
        manage(
            large_env, "seed_scale", f"--articles={SCALE_ARTICLES}", f"--history={SCALE_HISTORY}"
        )
        # Small and large in turn: p95 under saturation drifts with whatever else the
        # machine does, so each large run is compared with the small run before it.
        for number in range(1, SCALE_ROUNDS + 1):
            for size_env, size in ((env, "small"), (large_env, "large")):
                with gunicorn(size_env) as port:
                    scale += [{**run, "round": number} for run in reader_runs(port, board, size)]
    return {
        "layout": layout.name,
        "label": layout.label,
        "runs": runs,
        "load": load,
        "varnish": proxied,
        "scale": scale,
    }


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    measured = [measure(layout) for layout in layouts()]
    engine = OUT / "engine.json"
    result = report.summarise(
        measured,
        engine=json.loads(engine.read_text()) if engine.exists() else None,
        ratio_rounds=RATIO_ROUNDS,
        scale_size={"articles": SCALE_ARTICLES, "history_rows": SCALE_HISTORY},
    )
    (OUT / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    table = "\n".join(report.markdown(result))
    (OUT / "results.md").write_text(table + "\n")
    print(table)
    everything = [
        run for m in measured for key in ("runs", "load", "varnish", "scale") for run in m[key]
    ]
    return 0 if all(run["errors"] == 0 for run in everything) else 1


if __name__ == "__main__":
    sys.exit(main())
