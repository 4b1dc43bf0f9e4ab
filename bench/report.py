"""The benchmark's record: targets judged, and the tables written to bench/results.md."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import UTC, datetime

# Ratios to /healthz on the same server, judged by the median of the rounds.
TARGETS = {"article": 0.50, "api": 0.40, "result_form": 0.12}
SCALE_TARGET = 1.2  # large-database p95 within 1.2x of the small one
QUEUE_P95_MS = 100.0  # the review queue at 16 connections, on the production layout


def _ratios(runs: list[dict]) -> None:
    healthz = {r["round"]: r["requests_per_second"] for r in runs if r["name"] == "healthz"}
    last = max(healthz)
    for run in runs:
        base = healthz.get(run.get("round"), healthz[last])
        run["ratio_to_healthz"] = round(run["requests_per_second"] / base, 3)


def _scaling(scale: list[dict]) -> dict:
    paired = {}
    for run in scale:
        name = run["name"].removesuffix("@large")
        entry = paired.setdefault(name, {"small": {}, "large": {}})
        entry["large" if run["name"].endswith("@large") else "small"][run["round"]] = run["p95_ms"]
    scaling = {}
    for name, entry in paired.items():
        rounds = sorted(entry["small"].keys() & entry["large"].keys())
        ratios = [entry["large"][r] / entry["small"][r] for r in rounds]
        scaling[name] = {
            "small_p95_ms": [entry["small"][r] for r in rounds],
            "large_p95_ms": [entry["large"][r] for r in rounds],
            "round_ratios": [round(ratio, 2) for ratio in ratios],
            "ratio": round(statistics.median(ratios), 2),
            "target_ratio": SCALE_TARGET,
        }
        scaling[name]["met"] = scaling[name]["ratio"] <= SCALE_TARGET
    return scaling


def _targets(runs: list[dict]) -> dict:
    targets = {}
    for name, goal in TARGETS.items():
        ratios = [r["ratio_to_healthz"] for r in runs if r["name"] == name]
        median = round(statistics.median(ratios), 3)
        targets[name] = {
            "target_ratio": goal,
            "round_ratios": ratios,
            "ratio": median,
            "met": median >= goal,
        }
    return targets


def summarise(measured: list[dict], *, engine, ratio_rounds: int, scale_size: dict) -> dict:
    for layout in measured:
        _ratios(layout["runs"])
        _ratios(layout["load"] + [r for r in layout["runs"] if r["name"] == "healthz"])
        if layout["varnish"]:
            proxied = [{**r, "name": r["name"].removeprefix("varnish_")} for r in layout["varnish"]]
            _ratios(proxied)
            for run, ratio in zip(layout["varnish"], proxied, strict=True):
                run["ratio_to_healthz"] = ratio["ratio_to_healthz"]
        layout["targets"] = _targets(layout["runs"])
        layout["scaling"] = _scaling(layout["scale"])
        queue = [r["p95_ms"] for r in layout["runs"] if r["name"] == "review_queue"]
        layout["queue_p95_ms"] = queue[0] if queue else None
    return {
        "machine": {
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "server": "gunicorn, 2 sync workers",
            "client": "wrk, 2 threads",
        },
        "ratio_rounds": ratio_rounds,
        "scale_size": scale_size,
        "layouts": measured,
        "engine": engine,
    }


def _joined(values) -> str:
    return " / ".join(map(str, values))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _endpoint_rows(runs: list[dict]) -> list[str]:
    lines = [
        "| endpoint | runs | req/s | p50 ms | p95 ms | errors | ratio to /healthz |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in dict.fromkeys(run["name"] for run in runs):
        same = [run for run in runs if run["name"] == name]

        def median(key, same=same):
            return round(statistics.median(run[key] for run in same), 2)

        lines.append(
            f"| {name} ({same[0]['method']} {same[0]['path']}) | {len(same)} | "
            f"{median('requests_per_second')} | {median('p50_ms')} | {median('p95_ms')} | "
            f"{sum(run['errors'] for run in same)} | {median('ratio_to_healthz')} |"
        )
    return lines


def _layout_lines(layout: dict, result: dict) -> list[str]:
    lines = [
        f"### {layout['label']}",
        "",
        f"Targets: ratios to /healthz in the same round ({result['ratio_rounds']} rounds), "
        "judged by their median:",
        "",
        "| target | goal | ratio per round | median | met |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, entry in layout["targets"].items():
        lines.append(
            f"| {name} / healthz | ≥ {entry['target_ratio']} | {_joined(entry['round_ratios'])} "
            f"| {entry['ratio']} | {_yes(entry['met'])} |"
        )
    if layout["queue_p95_ms"] is not None:
        lines.append(
            f"| review queue p95 at 16 connections | < {QUEUE_P95_MS:g} ms | | "
            f"{layout['queue_p95_ms']} ms | {_yes(layout['queue_p95_ms'] < QUEUE_P95_MS)} |"
        )
    lines += ["", "Each endpoint (medians over its runs; 16 connections, 32 for load runs):", ""]
    lines += _endpoint_rows(layout["runs"] + layout["load"])
    if layout["varnish"]:
        lines += ["", "Through Varnish (deploy/varnish.vcl, 32 connections):", ""]
        lines += _endpoint_rows(layout["varnish"])
    if layout["scaling"]:
        size = result["scale_size"]
        lines += [
            "",
            f"At {size['articles']:,} articles and {size['history_rows']:,} history rows, p95 "
            "against the small database, small then large in each round:",
            "",
            "| page | small p95 ms | large p95 ms | ratio per round | ratio | goal | met |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, entry in layout["scaling"].items():
            lines.append(
                f"| {name} | {_joined(entry['small_p95_ms'])} | {_joined(entry['large_p95_ms'])} "
                f"| {_joined(entry['round_ratios'])} | {entry['ratio']} | ≤ {SCALE_TARGET} | "
                f"{_yes(entry['met'])} |"
            )
    return lines


def markdown(result: dict) -> list[str]:
    """The summary per layout (targets, endpoints, Varnish, scale), the engine, every run."""
    machine = result["machine"]
    lines = [
        f"Taken {machine['taken_at']} on {machine['cpus']} CPUs, {machine['platform']}, "
        f"Python {machine['python']}, {machine['server']}, {machine['client']}.",
        "",
    ]
    for layout in result["layouts"]:
        lines += _layout_lines(layout, result) + [""]
    engine = result["engine"]
    if engine:
        lines += [
            f"Engine, in process: median {engine['median_us']:.1f} µs per full CBC "
            f"(p95 {engine['p95_us']:.1f} µs, best {engine['min_us']:.1f} µs; "
            f"goal ≤ {engine.get('target_median_us', 100):g} µs): "
            f"{'met' if engine['meets_target'] else 'not met'}.",
            "",
        ]
    lines += [
        "Every run:",
        "",
        "| layout | endpoint | round | connections | req/s | p50 ms | p95 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for layout in result["layouts"]:
        for run in layout["runs"] + layout["load"] + layout["varnish"] + layout["scale"]:
            lines.append(
                f"| {layout['layout']} | {run['name']} ({run['method']} {run['path']}) | "
                f"{run.get('round', '')} | {run['connections']} | {run['requests_per_second']} | "
                f"{run['p50_ms']} | {run['p95_ms']} | {run['errors']} |"
            )
    return lines
