"""`make lighthouse`: Lighthouse scores of the reader pages, on the production settings.

Seeds an SQLite database, starts gunicorn (DEBUG off, compressed static files) and
runs bench/lighthouse/audit.mjs (npm `lighthouse@12.2.3` driving Debian's Chromium
through CHROME_PATH, mobile preset, no network) over the home page, an article, the
results form and a result page. Writes bench/lighthouse.json and a table in
bench/lighthouse.md. Numbers for the record, never a pass/fail test.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.layouts import OUT, ROOT, Layout, fresh_database, gunicorn, manage

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def main() -> int:
    layout = Layout("lighthouse", f"sqlite:///{OUT / 'lighthouse.sqlite3'}")
    env = layout.env()
    fresh_database(layout)
    manage(env, "migrate", "--noinput", "-v0")
    manage({**env, "DEBUG": "true"}, "seed_demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    output = OUT / "lighthouse.json"
    with gunicorn(env) as port:
        subprocess.run(
            [
                "node",
                str(ROOT / "bench" / "lighthouse" / "audit.mjs"),
                f"http://127.0.0.1:{port}",
                str(output),
            ],
            cwd=ROOT / "bench" / "lighthouse",
            check=True,
        )
    scores = json.loads(output.read_text())
    lines = [
        "Lighthouse 12.2.3, mobile preset, Debian's Chromium, production settings:",
        "",
        "| page | " + " | ".join(CATEGORIES) + " |",
        "| --- | " + " | ".join("---:" for _ in CATEGORIES) + " |",
    ]
    for name, entry in scores.items():
        lines.append(f"| {name} | " + " | ".join(str(entry[c]) for c in CATEGORIES) + " |")
    (OUT / "lighthouse.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
