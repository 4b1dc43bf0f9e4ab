"""The task worker as it runs in production: real `manage.py db_worker` processes, a
database of their own and a real SMTP server.

Mail held while the server is down arrives once it is back, once; a worker killed
(SIGKILL) in the middle of a delivery loses nothing, and the email still arrives
once; on PostgreSQL, two workers never run one task twice.
"""

from __future__ import annotations

import time
import uuid

import pytest

from tests.mail_server import MailServer
from tests.processes import Site, on_postgres

pytestmark = pytest.mark.slow

# Short delays so the test sees several retries and a lease run out in seconds.
QUICK = {
    "DEBUG": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_TIMEOUT": "5",
    "OUTBOX_RETRY_BASE_SECONDS": "0.3",
    "OUTBOX_RETRY_MAX_SECONDS": "0.6",
    "OUTBOX_LEASE_SECONDS": "2",
}

# An editor submits an article to a new board of N members: one email to each.
SUBMIT = """
import json
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import BoardMember
from tests.factories import ArticleFactory, make_board_member, make_editor

for earlier in BoardMember.objects.filter(is_active=True):
    earlier.is_active = False
    save_recorded(earlier, by=None, reason="Left the board")
editor = make_editor("editor-{tag}")
board = [make_board_member(f"member{{n}}-{tag}") for n in range({members})]
article = ArticleFactory(by=editor, title="Question {tag}", slug="question-{tag}")
revision = review.submit(article, by=editor)
print(json.dumps({{"event": f"revision-submitted:{{revision.pk}}"}}))
"""

EMAILS = """
import json
from outbox.models import OutgoingEmail

print(json.dumps([
    {{"recipient": e.recipient, "status": e.status, "attempts": e.attempts,
      "last_error": e.last_error, "task": e.delivery_task_id}}
    for e in OutgoingEmail.objects.filter(event="{event}").order_by("recipient")
]))
"""

# Which workers ran each delivery task of the event (django-tasks-db records them).
RUNS = """
import json
from django_tasks_db.models import DBTaskResult
from outbox.models import OutgoingEmail

emails = set(OutgoingEmail.objects.filter(event="{event}").values_list("pk", flat=True))
print(json.dumps([
    result.worker_ids
    for result in DBTaskResult.objects.filter(task_path="outbox.tasks.deliver_email")
    if result.task_result.kwargs["email_id"] in emails
]))
"""


@pytest.fixture(scope="module")
def mail_server():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, mail_server):
    site = Site(
        tmp_path_factory.mktemp("workers"),
        postgres=on_postgres(),
        EMAIL_PORT=str(mail_server.port),
        **QUICK,
    )
    try:
        site.manage("migrate", "-v0")
        yield site
    finally:
        site.close()


@pytest.fixture
def server(mail_server, site):
    mail_server.reset()
    yield mail_server
    for name in list(site.processes):
        site.stop(name)


def submit(site: Site, members: int = 1) -> str:
    tag = uuid.uuid4().hex[:8]
    return site.script(SUBMIT.format(tag=tag, members=members))["event"]


def emails(site: Site, event: str) -> list[dict]:
    return site.script(EMAILS.format(event=event))


def wait_until(condition, timeout: float = 30, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def test_mail_held_while_the_server_is_down_is_delivered_once_it_returns(site, server):
    server.stop()
    site.start_worker()
    event = submit(site)
    failing = wait_until(lambda: (e := emails(site, event)) and e[0]["attempts"] >= 2 and e)
    assert failing, "the worker tried and failed twice while the server was down"
    [email] = failing
    assert email["status"] == "waiting" and "Connection refused" in email["last_error"]

    server.start()
    [received] = server.wait_for(1)
    assert received.subject.startswith("[Review] New revision waiting: Question")
    time.sleep(2)  # several retry delays: nothing more arrives
    assert len(server.messages()) == 1
    [email] = emails(site, event)
    assert email["status"] == "sent" and email["attempts"] >= 3


def test_a_worker_killed_mid_delivery_loses_nothing_and_the_email_goes_once(site, server):
    server.hold()
    site.start_worker("doomed")
    event = submit(site)
    server.wait_until_held()  # the worker is talking to the mail server
    site.kill("doomed")
    server.release()
    [email] = emails(site, event)
    assert (email["status"], email["attempts"]) == ("waiting", 0), "the attempt rolled back"

    site.start_worker("successor")
    time.sleep(2.5)  # the killed worker's lease (OUTBOX_LEASE_SECONDS) runs out
    site.manage("enqueue_periodic_tasks")  # the periodic trigger, as the timer runs it
    [received] = server.wait_for(1)
    assert received.recipients[0].startswith("member0-")
    time.sleep(1)
    assert len(server.messages()) == 1
    [email] = emails(site, event)
    assert (email["status"], email["attempts"]) == ("sent", 1)
    assert email["task"] == ""


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not on_postgres(),
    reason="SKIP LOCKED needs PostgreSQL; make test runs this file again on PostgreSQL",
)
def test_two_workers_never_run_one_task_twice(site, server):
    server.delay = 0.05  # each delivery takes a moment, so the workers overlap
    for name in ("first", "second"):
        site.start_worker(name)
    for name in ("first", "second"):
        site.wait_for_log(name, f"Starting worker worker_id={name}")
    members = 40
    event = submit(site, members=members)

    received = server.wait_for(members, timeout=60)
    time.sleep(1)
    assert len(server.messages()) == members
    assert len({r.recipients for r in received}) == members, "each board member once"
    assert all(e["status"] == "sent" and e["attempts"] == 1 for e in emails(site, event))
    runs = site.script(RUNS.format(event=event))
    assert len(runs) == members
    assert all(len(workers) == 1 for workers in runs), "no task was taken by two workers"
    assert {workers[0] for workers in runs} == {"first", "second"}, "both workers took tasks"
