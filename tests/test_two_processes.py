"""Two server processes sharing one Redis and one database: a change is seen at once on both.

Production runs several gunicorn processes. Each keeps things of its own (the
interpretation engine's reference data, built once per version stamp) and they
share the rest through Redis (rendered article pages, the stamp). Here two real
gunicorn processes serve one SQLite file with production settings; a third
process changes content through the services, as the admin or the cron job
would (an approval, a scheduled update published, a new editorial policy
version); the very next request to either server must show the change.

Redis is required: the module is skipped when nothing answers at 127.0.0.1:6379,
and fails instead with CI=true. It uses Redis database 13 and a key prefix of
its own, and deletes only the keys under that prefix.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.servers import (
    APPROVE_LATEST,
    approve_article_script,
    gunicorn,
    manage,
    production_env,
    request,
)

ROOT = Path(__file__).resolve().parents[1]
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"

# The demo article that seed_demo leaves submitted, not approved (demo/content/articles.yaml).
SEED_SLUG = "what-does-leukopenia-with-neutropenia-indicate"
ARTICLE = f"/articles/{SEED_SLUG}/"
# reviewer1 in demo/seed_articles.py: the sign-off line names them with their credentials.
REVIEWER1_SIGN_OFF = "Reviewed by Samuel Okafor, MD, Hematology"

# The one guidance block the demo leaves pending (demo/content/guidance.yaml):
# mild neutropenia, "monitoring" section, default wording. An ANC of 1.207 ×10⁹/L
# is mild neutropenia, so the API's answer includes it.
PENDING_BLOCK = {"finding": "neutropenia", "severity": "mild", "section": "monitoring"}
PENDING_TITLE = "Keeping track over time"
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

# Runs once, in the SQLite pass of `make test`: it serves its own SQLite file, so
# the PostgreSQL pass would only repeat it.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SECOND_PASS") == "postgresql", reason="runs in the SQLite pass only"
    ),
]

APPROVE_ARTICLE = approve_article_script(SEED_SLUG)
APPROVE_PENDING_BLOCK = (
    APPROVE_LATEST
    + f"""
from interpretation.models import GuidanceBlock
approve_latest(GuidanceBlock.objects.get(audience="", **{PENDING_BLOCK!r}))
"""
)


@dataclass(frozen=True)
class Shared:
    """What the processes share: one database file and one Redis, under one key prefix."""

    database_url: str
    key_prefix: str
    redis: redis.Redis

    def env(self, **overrides: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest-django's; manage.py picks its own
        return {
            **env,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": self.key_prefix,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            **overrides,
        }

    def manage(self, *args: str) -> str:
        """Run manage.py as a developer would (DEBUG on), against the shared database."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(DEBUG="true"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def approve_in_third_process(self, script: str) -> dict:
        return json.loads(self.manage("shell", "--no-imports", "-c", script).splitlines()[-1])

    def our_keys(self, pattern: str = "*") -> list[bytes]:
        return list(self.redis.scan_iter(match=f"{self.key_prefix}:{pattern}"))


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        missing = f"Redis does not answer at {REDIS_HOST}:{REDIS_PORT}"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    database = tmp_path_factory.mktemp("two-processes") / "shared.sqlite3"
    state = Shared(f"sqlite:///{database}", f"two-processes-{uuid.uuid4().hex}", client)
    try:
        state.manage("migrate", "-v0")
        state.manage("seed_demo", "-v0")
        yield state
    finally:
        for key in state.our_keys():
            client.delete(key)
        client.close()


def get(port: int, path: str) -> tuple[int, str]:
    return request(port, "GET", path)


@pytest.fixture(scope="module")
def servers(shared, tmp_path_factory):
    """Two gunicorn processes (one worker each) with production settings, always stopped."""
    folder = tmp_path_factory.mktemp("servers")
    env = production_env(
        folder,
        DATABASE_URL=shared.database_url,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=shared.key_prefix,
    )
    manage("collectstatic", "--noinput", "-v0", env=env)
    with (
        gunicorn(env, folder / "first.log") as first,
        gunicorn(env, folder / "second.log") as second,
    ):
        yield [first, second]


CURRENT_STEP = re.compile(
    r'aria-current="step">\s*<span class="step-marker"[^>]*>[^<]*</span>\s*'
    r'<span class="step-label">([^<]+)</span>'
)


def review_state_on(port: int) -> dict:
    """What a reader of the seed article sees of its review, on one server."""
    status, html = get(port, ARTICLE)
    assert status == 200, html[-2000:]
    step = CURRENT_STEP.search(html)
    return {
        "caution_banner": 'class="caution-banner"' in html,
        "current_step": step.group(1) if step else None,
        "signed_off_by_reviewer1": REVIEWER1_SIGN_OFF in html,
    }


NOT_YET_APPROVED = {
    "caution_banner": True,
    "current_step": "Submitted",
    "signed_off_by_reviewer1": False,
}
APPROVED = {"caution_banner": False, "current_step": "Approved", "signed_off_by_reviewer1": True}


def test_an_approval_shows_at_once_on_both_servers(shared, servers):
    first, second = servers
    for port in (first, second, first, second):  # each process renders or reads the page
        assert review_state_on(port) == NOT_YET_APPROVED
    assert shared.our_keys("*:reader-page:*"), "the rendered page is kept in the shared Redis"

    approval = shared.approve_in_third_process(APPROVE_ARTICLE)
    assert approval["status"] == "approved", approval

    assert review_state_on(first) == APPROVED
    assert review_state_on(second) == APPROVED


def pending_block_shown_on(port: int) -> bool:
    """Whether the API shows the demo's pending guidance block, on one server."""
    status, body = request(port, "POST", "/api/v1/interpret", API_BODY)
    assert status == 200, body[-2000:]
    guidance = json.loads(body)["guidance"]
    return PENDING_TITLE in [g["title"] for g in guidance]


def test_approved_guidance_shows_at_once_on_both_servers(shared, servers):
    first, second = servers
    for port in (first, second, first, second):  # each process builds its reference data
        assert not pending_block_shown_on(port)
    stamp = shared.our_keys("*:reviews:reader-stamp")
    assert len(stamp) == 1, "the reader stamp is kept in the shared Redis"
    stamp_before = shared.redis.get(stamp[0])

    approval = shared.approve_in_third_process(APPROVE_PENDING_BLOCK)
    assert approval["status"] == "approved", approval
    assert shared.redis.get(stamp[0]) != stamp_before, "the approval moves the reader stamp"

    assert pending_block_shown_on(first)
    assert pending_block_shown_on(second)


# The demo article that seed_demo leaves approved with an update waiting for the
# board (demo/content/articles.yaml); only the update gives the advice during anticancer treatment.
UPDATED_ARTICLE = "/articles/when-is-fever-with-neutropenia-an-emergency/"
ONLY_IN_THE_UPDATE = "even when your last blood count was normal"
SCHEDULE_UPDATE = (
    APPROVE_LATEST
    + """
import datetime
from django.utils import timezone
from articles.models import Article

article = Article.objects.get(slug="when-is-fever-with-neutropenia-an-emergency")
revision = review_selectors.latest_revision(article)
board = [get_user_model().objects.get(username=name) for name in ("reviewer1", "reviewer2")]
review.start_review(revision, by=board[0])
go_live_at = timezone.now() + datetime.timedelta(seconds=2)
for reviewer in board[: review_selectors.current_terms().approvals_required]:
    review.approve(revision, by=reviewer, conflict_of_interest="none", go_live_at=go_live_at)
print(json.dumps({"go_live_at": go_live_at.timestamp()}))
"""
)
ADD_POLICY_VERSION = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from reviews import selectors as review_selectors
from reviews import services as review

User = get_user_model()
version = review.draft_policy_version(
    by=User.objects.get(username="editor"),
    effective_date=timezone.localdate(),
    body_markdown="Every answer needs {approvals_required} before it is published.",
    change_note="Two approvals for every answer.",
    approvals_required=2,
)
revision = review.submit(version, by=User.objects.get(username="editor"))
board = [User.objects.get(username=name) for name in ("reviewer1", "reviewer2")]
review.start_review(revision, by=board[0])
for reviewer in board[: review_selectors.current_terms().approvals_required]:
    review.approve(revision, by=reviewer, conflict_of_interest="none")
print(json.dumps({"number": version.number}))
"""
POLICY_LINK = re.compile(r"Read our editorial policy</a> \(version (\d+)\)")


def test_a_scheduled_update_shows_on_both_servers_once_it_is_published(shared, servers):
    first, second = servers
    for port in (first, second, first, second):  # the live text, rendered and kept
        status, html = get(port, UPDATED_ARTICLE)
        assert status == 200 and ONLY_IN_THE_UPDATE not in html

    scheduled = shared.approve_in_third_process(SCHEDULE_UPDATE)
    for port in (first, second):  # approved, but not live before its time
        assert ONLY_IN_THE_UPDATE not in get(port, UPDATED_ARTICLE)[1]

    time.sleep(max(0.0, scheduled["go_live_at"] - time.time()) + 0.2)
    shared.manage("publish_scheduled")  # the cron job, in a process of its own
    for port in (first, second):
        assert ONLY_IN_THE_UPDATE in get(port, UPDATED_ARTICLE)[1]


def test_a_new_policy_version_shows_at_once_on_both_servers(shared, servers):
    first, second = servers
    before = {int(POLICY_LINK.search(get(port, ARTICLE)[1]).group(1)) for port in servers}
    assert len(before) == 1

    added = shared.approve_in_third_process(ADD_POLICY_VERSION)
    assert added["number"] == before.pop() + 1

    for port in (first, second):
        assert int(POLICY_LINK.search(get(port, ARTICLE)[1]).group(1)) == added["number"]
