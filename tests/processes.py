"""A site of real processes on this machine, for the slow tests: a database of its
own, and manage.py, workers and gunicorn started against it as a deployment would.

The database is a new PostgreSQL database on the server the suite runs on (named
here, dropped afterwards) or, in the SQLite pass, a new SQLite file. Every
process gets the same environment; what each wrote to stdout and stderr is kept
in a log file of its own and shown when something fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _server_connection(dbname: str = "postgres") -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname=dbname,
        autocommit=True,
        connect_timeout=5,
    )


class Site:
    def __init__(self, folder: Path, *, postgres: bool, **environment: str):
        self.folder = folder
        self.postgres = postgres
        self.processes: dict[str, subprocess.Popen] = {}
        if postgres:
            self.database_name = f"site_{uuid.uuid4().hex[:12]}"
            with _server_connection() as connection:
                connection.execute(f'CREATE DATABASE "{self.database_name}"')
            db = settings.DATABASES["default"]
            auth = db.get("USER") or "postgres"
            if db.get("PASSWORD"):
                auth += f":{db['PASSWORD']}"
            host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
            self.database_url = f"postgres://{auth}@{host}/{self.database_name}"
        else:
            self.database_name = ""
            self.database_url = f"sqlite:///{folder / 'site.sqlite3'}"
        base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        self.env = {
            **base,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **environment,
        }

    # Commands ----------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 180, check: bool = True, **env: str):
        """Run manage.py in a process of its own; its stdout (failing the test on error)."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result.stdout if check else result

    def script(self, code: str) -> dict | list:
        """Run Python in the site's Django (manage.py shell); the JSON it prints last."""
        output = self.manage("shell", "--no-imports", "-c", code)
        return json.loads(output.strip().splitlines()[-1])

    # Long-running processes -------------------------------------------------------------------

    def start(self, name: str, argv: list[str], **env: str) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(
            argv, cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.processes[name] = process
        return process

    def start_worker(self, name: str = "worker", **env: str) -> subprocess.Popen:
        """The task worker, as the deployment runs it (`manage.py db_worker`)."""
        return self.start(
            name,
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name=*",
                "--interval=0.1",
                "--no-startup-delay",
                "--no-reload",
                f"--worker-id={name}",
                "-v2",
            ],
            **env,
        )

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text() if path.exists() else ""

    def wait_for_log(self, name: str, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log(name):
            process = self.processes[name]
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} did not log {text!r}:\n{self.log(name)[-4000:]}")
            time.sleep(0.05)

    def kill(self, name: str) -> None:
        """SIGKILL: the process ends at once, in the middle of whatever it was doing."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        if self.postgres:
            with _server_connection() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
