"""The layouts the benchmark measures, and the servers it starts for them.

``sqlite``: the embedded default (an SQLite file, each process its own local-memory
cache). ``postgres``: the production layout (PostgreSQL, Redis as the shared
cache), also measured through Varnish in front of gunicorn (deploy/varnish.vcl).
Every server runs production settings (DEBUG off) with rate limits off.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.load import request

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench"
PYTHON = sys.executable
SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
# Production settings need the audit chain's keys; a benchmark run has its own.
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY") or secrets.token_urlsafe(48)
AUDIT_SIGNING_KEY = (
    os.environ.get("AUDIT_SIGNING_KEY") or base64.b64encode(secrets.token_bytes(32)).decode()
)
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/medreview_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


@dataclass(frozen=True)
class Layout:
    name: str
    database_url: str
    redis_url: str = ""

    @property
    def label(self) -> str:
        cache = "Redis" if self.redis_url else "local-memory cache"
        return f"{self.database_url.split(':', 1)[0]} + {cache}"

    def env(self, database_url: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(
            DEBUG="false",
            SECRET_KEY=SECRET_KEY,  # one per run: the board's session serves both databases
            AUDIT_HMAC_KEY=AUDIT_HMAC_KEY,
            AUDIT_SIGNING_KEY=AUDIT_SIGNING_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=database_url or self.database_url,
            REDIS_URL=self.redis_url,
            # The large copy has its own keys: the two databases never share a page.
            CACHE_KEY_PREFIX=f"bench-{self.name}" + ("-large" if database_url else ""),
            RATELIMIT_ENABLE="false",  # a load run, not a visitor
            LOG_LEVEL="WARNING",
        )
        return env


def layouts() -> list[Layout]:
    """The layouts asked for (BENCH_LAYOUTS, default: both when PostgreSQL answers)."""
    wanted = os.environ.get("BENCH_LAYOUTS", "sqlite,postgres").split(",")
    found = []
    if "sqlite" in wanted:
        found.append(Layout("sqlite", f"sqlite:///{OUT / 'bench.sqlite3'}"))
    if "postgres" in wanted:
        found.append(Layout("postgres", PG_URL, REDIS_URL))
    return found


def manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(process, port, what) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer /healthz")


@contextmanager
def gunicorn(env, workers: int = 2):
    """gunicorn (sync workers) on a free port; its port."""
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
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
    )
    try:
        _wait(process, port, "gunicorn")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def varnish(backend_port: int):
    """Varnish with the platform's configuration in front of ``backend_port``; its port."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    folder = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
    folder.chmod(0o755)  # Varnish drops its privileges and must read its files
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    (folder / "site.vcl").write_text(vcl.replace('.port = "8000"', f'.port = "{backend_port}"'))
    port = free_port()
    process = subprocess.Popen(
        [
            varnishd,
            "-F",
            "-n",
            str(folder / "work"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(folder / "site.vcl"),
            "-s",
            "malloc,256m",
            "-T",
            "none",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait(process, port, "varnishd")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _maintenance(database_url: str) -> tuple[urllib.parse.ParseResult, str, str]:
    """(the URL's parts, its database name, the URL of the server's maintenance database)."""
    parts = urllib.parse.urlparse(database_url)
    return parts, parts.path.lstrip("/"), parts._replace(path="/postgres").geturl()


def fresh_database(layout: Layout) -> None:
    """An empty database for the layout: the SQLite file removed, or the PostgreSQL
    database dropped and created (it is the benchmark's own, named for it)."""
    if layout.database_url.startswith("sqlite"):
        path = Path(urllib.parse.urlparse(layout.database_url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    _, name, maintenance = _maintenance(layout.database_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_cache(layout: Layout) -> None:
    """Drop the layout's own keys from Redis (a copied database starts with a cold cache)."""
    if not layout.redis_url:
        return
    import redis

    client = redis.Redis.from_url(layout.redis_url)
    for key in client.scan_iter(match=f"bench-{layout.name}:*"):
        client.delete(key)
    client.close()


def large_database(layout: Layout) -> str:
    """A copy of the small database (seeded, board logged in) for seed_scale to grow."""
    database_url = layout.database_url
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
        connection.execute(f'DROP DATABASE IF EXISTS "{large_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{large_name}" TEMPLATE "{small_name}"')
    return parts._replace(path=f"/{large_name}").geturl()
