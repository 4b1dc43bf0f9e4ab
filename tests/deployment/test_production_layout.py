"""The README's deployment section, followed on this machine from a clean database
to a published article.

The layout is the one the README describes: PostgreSQL (a new database of this
test's own), Redis as the shared cache (a key prefix of its own), gunicorn with
production settings (DEBUG off), the task worker (`manage.py db_worker`), the
periodic trigger (`manage.py enqueue_periodic_tasks`) and a real SMTP server as
the mail relay. The walk: the web process refuses to start before `collectstatic`;
an editor submits an article; the board is mailed; under a policy that needs two
approvals the first is recorded, the second schedules the article a few seconds
ahead; the worker publishes it at that time (no reader's request does); readers
see it through gunicorn; each email arrives once.

`make prod-check` runs this file on its own; `make test` runs it in its
PostgreSQL pass. Redis is required: skipped when it does not answer, failed
instead with CI=true.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import secrets
import sys
import time
import uuid

import pytest
import redis

from tests.mail_server import MailServer, free_port
from tests.processes import Site, on_postgres

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not on_postgres(),
        reason="the production layout runs on PostgreSQL: make test runs it in its "
        "PostgreSQL pass, make prod-check on its own",
    ),
]

REDIS_URL = "redis://127.0.0.1:6379/12"
SLUG = "what-does-a-low-neutrophil-count-mean"
TITLE = "What does a low neutrophil count mean?"

# A new installation: its people (as an administrator adds them) and an editorial
# policy like the demo's, but needing two board members' approval.
SET_UP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from reviews import notifications, services as review
from reviews.history import save_recorded
from reviews.models import BoardMember

def person(username, first_name, last_name, role):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", first_name=first_name, last_name=last_name,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=role))
    return user

editor = person("editor", "Elena", "Marsh", "Editors")
for username, first, last, credentials in (
    ("reviewer1", "Samuel", "Okafor", "MD, Hematology"),
    ("reviewer2", "Priya", "Raman", "MD, PhD, Infectious Diseases"),
):
    member = person(username, first, last, "Board")
    save_recorded(BoardMember(user=member, credentials=credentials), by=None, reason="Joined")
# The board approves its policy through the workflow; setting up mails nobody.
with notifications.muted():
    policy = review.draft_policy_version(
        by=editor,
        reason="The first policy",
        effective_date=timezone.localdate(),
        body_markdown="Members of the medical board approve every answer before it is published.",
        change_note="Approvals by the board for every answer.",
        approvals_required=2,
    )
    revision = review.submit(policy, by=editor)
    first_reviewer = get_user_model().objects.get(username="reviewer1")
    review.claim(revision.item, by=first_reviewer)
    review.approve(revision, by=first_reviewer)
policy.refresh_from_db()
print(json.dumps({"approvals_required": policy.approvals_required}))
"""

SUBMIT = f"""
import json
from django.contrib.auth import get_user_model
from articles import services as articles
from reviews import services as review

editor = get_user_model().objects.get(username="editor")
article = articles.create_article(
    by=editor,
    title={TITLE!r},
    slug={SLUG!r},
    topic="Blood counts",
    short_answer="A neutrophil count under 1500 per microlitre is called neutropenia.",
    body_markdown=(
        "## What it means\\n\\n"
        "Neutrophils are the white blood cells that fight bacteria first. A count under "
        "1500 per microlitre is called neutropenia. Ask your care team what your own "
        "result means for you."
    ),
    reason="First draft",
)
revision = review.submit(article, by=editor, note="Ready for the board.")
print(json.dumps({{"revision": revision.number}}))
"""

FIRST_APPROVAL = (
    f"SLUG = {SLUG!r}\n"
    + """
import json
from django.contrib.auth import get_user_model
from articles.models import Article
from reviews import selectors, services as review

reviewer = get_user_model().objects.get(username="reviewer1")
revision = selectors.latest_revision(Article.objects.get(slug=SLUG))
review.start_review(revision, by=reviewer)
review.approve(revision, by=reviewer, conflict_of_interest="none")
print(json.dumps({"status": selectors.status_of(revision.item.content_object)}))
"""
)

# The second approval schedules the article a few seconds ahead.
SECOND_APPROVAL = (
    f"SLUG = {SLUG!r}\n"
    + """
import datetime
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article
from reviews import selectors, services as review

reviewer = get_user_model().objects.get(username="reviewer2")
revision = selectors.latest_revision(Article.objects.get(slug=SLUG))
go_live_at = timezone.now() + datetime.timedelta(seconds=10)
review.approve(revision, by=reviewer, conflict_of_interest="none", go_live_at=go_live_at)
item = revision.item
item.refresh_from_db()
print(json.dumps({
    "go_live_at": go_live_at.timestamp(),
    "live": item.live_revision_id,
    "scheduled": item.scheduled_revision_id == revision.pk,
}))
"""
)

# What the record says of the article: which revision is live, and who published it.
RECORD = (
    f"SLUG = {SLUG!r}\n"
    + """
import json
from articles.models import Article
from django_tasks_db.models import DBTaskResult
from reviews.models import AuditEvent, AuditEventKind

item = Article.objects.get(slug=SLUG).review_item
published = AuditEvent.objects.filter(item=item, kind=AuditEventKind.PUBLISH)
tasks = DBTaskResult.objects.filter(task_path="reviews.tasks.publish_when_due")
print(json.dumps({
    "live": item.live_revision.number if item.live_revision else None,
    "scheduled": item.scheduled_revision_id is not None,
    "published": [{"actor": e.actor_id, "summary": e.summary} for e in published],
    "publication_tasks": [[t.status, t.return_value] for t in tasks],
}))
"""
)


def redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        missing = "Redis does not answer at 127.0.0.1:6379"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    return client


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    cache = redis_or_skip()
    relay = MailServer().start()
    port = free_port()
    prefix = f"prod-check-{uuid.uuid4().hex}"
    folder = tmp_path_factory.mktemp("deployment")
    # The environment of every process, as the README's table gives it.
    site = Site(
        folder,
        postgres=True,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        STATIC_ROOT=str(folder / "static"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(relay.port),
        DEFAULT_FROM_EMAIL="board@answers.example.org",
        AUDIT_HMAC_KEY=secrets.token_urlsafe(32),
        AUDIT_SIGNING_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        # Plain HTTP on this machine; behind the real proxy these stay at their defaults.
        SECURE_SSL_REDIRECT="false",
    )
    site.port = port
    try:
        yield site, relay
    finally:
        site.close()
        relay.stop()
        for key in cache.scan_iter(match=f"{prefix}:*"):
            cache.delete(key)
        cache.close()


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def start_web(site: Site) -> None:
    """gunicorn as the README runs it (here on a free port, with no proxy in front)."""
    site.start(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{site.port}",
            "--log-level=warning",
        ],
    )


def wait_for_web(site: Site) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if site.processes["web"].poll() is not None:
            pytest.fail(f"gunicorn exited:\n{site.log('web')[-4000:]}")
        try:
            if get(site.port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /healthz:\n{site.log('web')[-4000:]}")


def mails(relay: MailServer, count: int) -> list:
    """The relay's messages once there are ``count``, checking none more follows."""
    received = relay.wait_for(count, timeout=60)
    time.sleep(1)
    assert len(relay.messages()) == count, [m.subject for m in relay.messages()]
    return received


def reader_sees(site: Site) -> dict:
    status, html = get(site.port, f"/articles/{SLUG}/")
    assert status == 200, html[-2000:]
    return {
        "caution_banner": 'class="caution-banner"' in html,
        "reviewed_by": sorted(re.findall(r"Reviewed by ([^,<]+),", html)),
    }


def test_from_a_clean_database_to_a_published_article(deployment):
    site, relay = deployment

    # 1. migrate. The web process refuses to start before collectstatic, saying why.
    site.manage("migrate", "--noinput", "-v0")
    start_web(site)
    site.processes["web"].wait(timeout=60)
    site.processes.pop("web")
    assert "Static files are not collected" in site.log("web")
    assert "manage.py collectstatic" in site.log("web")

    # 2. collectstatic, the deployment checks, then the processes: web, worker, timer.
    site.manage("collectstatic", "--noinput", "-v0")
    checked = site.manage("check", "--deploy", "--fail-level=ERROR", check=False)
    assert checked.returncode == 0, checked.stderr[-3000:]
    start_web(site)
    site.start_worker()
    wait_for_web(site)
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', get(site.port, "/")[1]).group(1)
    assert get(site.port, stylesheet)[0] == 200, "gunicorn serves the collected files"
    assert site.manage("enqueue_periodic_tasks").startswith("Enqueued:")

    # 3. The people and a policy needing two approvals; the editor submits.
    assert site.script(SET_UP) == {"approvals_required": 2}
    assert site.script(SUBMIT) == {"revision": 1}
    board_mail = mails(relay, 2)
    assert sorted(m.recipients for m in board_mail) == [
        ("reviewer1@example.org",),
        ("reviewer2@example.org",),
    ]
    link = f"http://127.0.0.1:{site.port}/admin/reviews/reviewqueue/"
    for message in board_mail:
        assert message.subject == f"[Review] New revision waiting: {TITLE}"
        assert link in message.body
    assert reader_sees(site) == {"caution_banner": True, "reviewed_by": []}

    # 4. The first approval is recorded; the article is not approved yet.
    assert site.script(FIRST_APPROVAL) == {"status": "under_review"}
    first = mails(relay, 3)[2]
    assert first.recipients == ("editor@example.org",)
    assert first.subject == f"[Review] {TITLE}: approval 1 of 2 recorded"
    assert reader_sees(site)["caution_banner"]

    # 5. The second approval schedules it a few seconds ahead.
    approved = site.script(SECOND_APPROVAL)
    assert (approved["live"], approved["scheduled"]) == (None, True)
    second = mails(relay, 4)[3]
    assert second.subject.startswith(f"[Review] {TITLE}: approval 2 of 2 recorded, goes live")

    # 6. At that time the worker publishes it: no reader asks for the page meanwhile.
    time.sleep(max(0.0, approved["go_live_at"] - time.time()))
    deadline = time.monotonic() + 30
    while (record := site.script(RECORD))["live"] is None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert record["live"] == 1 and not record["scheduled"]
    [event] = record["published"]
    assert event["actor"] is None, "published by the worker, not by a person"
    assert "published at the scheduled time" in event["summary"]
    assert record["publication_tasks"] == [["SUCCESSFUL", True]], "the task due at go-live did"
    published = mails(relay, 5)[4]
    assert published.subject == f"[Review] {TITLE}: approved and now live"

    # 7. Readers see the approved article, signed off by both board members.
    assert reader_sees(site) == {
        "caution_banner": False,
        "reviewed_by": ["Priya Raman", "Samuel Okafor"],
    }

    # 8. The periodic trigger again: idempotent, and nothing more is mailed.
    site.manage("enqueue_periodic_tasks")
    mails(relay, 5)
    assert get(site.port, "/healthz")[0] == 200
