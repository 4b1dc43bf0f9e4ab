"""Workflow mail through the outbox, to a real SMTP server.

Each email is written with the decision that causes it and delivered by its
task (called here as the worker calls it): once, however often the task runs;
held and retried with growing delays while the server is down; undeliverable,
with the server's reason, when it cannot succeed; and sent again from the admin
by an administrator.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.models import DBTaskResult

from outbox import rules
from outbox import services as outbox
from outbox.models import EmailStatus, OutgoingEmail
from outbox.tasks import deliver_email
from reviews import notifications
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import ReviewItem
from reviews.services.steps import format_when
from reviews.tasks import publish_when_due
from tests.factories import ArticleFactory, UserFactory, approved_policy

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def emails(**filters) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(**filters).order_by("pk"))


def the_email(**filters) -> OutgoingEmail:
    [email] = emails(**filters)
    return email


@pytest.fixture
def submitted(draft_article, alice_editor, bob_reviewer):
    """Alice's article waits for the board, and Bob (the only member) has an email."""
    return review.submit(draft_article, by=alice_editor)


# Written with the decision -----------------------------------------------------------


def test_emails_and_their_tasks_exist_exactly_when_the_decision_does(
    draft_article, alice_editor, bob_reviewer, carol_reviewer
):
    with pytest.raises(RuntimeError), transaction.atomic():
        review.submit(draft_article, by=alice_editor)
        rolled_back = [email.delivery_task_id for email in emails()]
        assert len(rolled_back) == 2
        raise RuntimeError("the request fails after the submission")
    assert emails() == []
    for task_id in rolled_back:
        with pytest.raises(TaskResultDoesNotExist):
            deliver_email.get_result(task_id)

    review.submit(draft_article, by=alice_editor)
    queued = emails()
    assert sorted(email.recipient for email in queued) == [
        "bob_reviewer@example.org",
        "carol_reviewer@example.org",
    ]
    for email in queued:
        task = deliver_email.get_result(email.delivery_task_id)
        assert task.status == TaskResultStatus.READY
        assert task.kwargs == {"email_id": email.pk}


def test_one_event_queues_one_email_per_person():
    first = outbox.queue_email(
        key="event:1:a@example.org",
        event="event:1",
        to="a@example.org",
        subject="Hello",
        body="Once.",
    )
    again = outbox.queue_email(
        key="event:1:a@example.org",
        event="event:1",
        to="a@example.org",
        subject="Hello",
        body="Once.",
    )
    assert again.pk == first.pk and again.delivery_task_id == first.delivery_task_id
    assert len(emails()) == 1


# Delivered once ----------------------------------------------------------------------


def test_an_email_is_sent_once_however_often_its_delivery_runs(mail_server, submitted):
    email = the_email()
    assert deliver_email.call(email.pk) == f"Email {email.pk} sent to bob_reviewer@example.org."
    assert deliver_email.call(email.pk) == f"Email {email.pk} is sent: nothing to do."
    [received] = mail_server.messages()
    assert received.recipients == ("bob_reviewer@example.org",)
    assert received.subject == f"[Review] New revision waiting: {submitted.item.title}"
    assert received.message["Message-ID"] == rules.message_id(email.key, "medreview.localhost")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_mail_held_while_the_server_is_down_goes_out_once_it_returns(
    mail_server, settings, submitted
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    mail_server.stop()
    email = the_email()
    first_task = email.delivery_task_id
    before = timezone.now()
    deliver_email.call(email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.WAITING, 1)
    assert "Connection refused" in email.last_error
    assert 59 < (email.next_attempt_at - before).total_seconds() < 62
    retry = deliver_email.get_result(email.delivery_task_id)
    assert retry.id != first_task and retry.status == TaskResultStatus.READY
    assert retry.task.run_after == email.next_attempt_at, "the retry waits for its time"

    mail_server.start()
    deliver_email.call(email.pk)  # the retry, when its time comes
    deliver_email.call(email.pk)  # and the first task, should it ever run again
    assert len(mail_server.messages()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)


def test_delays_grow_until_the_email_is_undeliverable(mail_server, settings, submitted):
    settings.OUTBOX_RETRY_BASE_SECONDS = 10
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail_server.stop()
    email = the_email()
    delays = []
    for _ in range(3):
        before = timezone.now()
        deliver_email.call(email.pk)
        email.refresh_from_db()
        delays.append(round((email.next_attempt_at - before).total_seconds()))
    assert delays[:2] == [10, 20]
    assert (email.status, email.attempts) == (EmailStatus.UNDELIVERABLE, 3)
    assert email.delivery_task_id == "", "nothing more is tried until an administrator says so"
    assert "Connection refused" in email.last_error
    assert deliver_email.call(email.pk) == f"Email {email.pk} is undeliverable: nothing to do."


def test_a_refused_mailbox_is_undeliverable_at_once_with_the_servers_reason(mail_server, submitted):
    mail_server.refused.add("bob_reviewer@example.org")
    email = the_email()
    deliver_email.call(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.UNDELIVERABLE, 1)
    assert email.last_error == (
        "The mail server refused the recipient "
        "(bob_reviewer@example.org: 550 5.1.1 No such mailbox here)"
    )
    assert mail_server.messages() == []


def test_a_title_with_a_line_break_is_mailed_with_a_one_line_subject(
    mail_server, alice_editor, bob_reviewer
):
    # Titles are one line since they are validated; one stored before (or imported)
    # must still give a one-line subject, never a header of its own.
    article = ArticleFactory(by=alice_editor)
    article.title = "Fever with neutropenia\r\nBcc: everyone@example.org"
    save_recorded(article, by=alice_editor, reason="Stored before titles were one line")
    review.submit(article, by=alice_editor)
    deliver_email.call(the_email().pk)
    [received] = mail_server.messages()
    assert received.subject == (
        "[Review] New revision waiting: Fever with neutropenia Bcc: everyone@example.org"
    )
    assert received.message["Bcc"] is None
    assert received.recipients == ("bob_reviewer@example.org",)


# Lost deliveries and the periodic trigger --------------------------------------------


def test_a_delivery_whose_worker_died_is_enqueued_again_after_its_lease(settings, submitted):
    email = the_email()
    assert outbox.redeliver_stalled() == 0, "a task waiting in the queue is left to run"
    # A worker takes the task (as db_worker does) and dies before finishing it.
    DBTaskResult.objects.get(id=email.delivery_task_id).claim("a-worker-that-dies")
    assert outbox.redeliver_stalled() == 0, "it may still be sending: its lease runs"
    later = timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    assert outbox.redeliver_stalled(now=later) == 1
    requeued = OutgoingEmail.objects.get(pk=email.pk)
    assert requeued.delivery_task_id != email.delivery_task_id
    assert deliver_email.get_result(requeued.delivery_task_id).status == TaskResultStatus.READY
    assert outbox.redeliver_stalled(now=later) == 0


def test_the_periodic_trigger_adds_each_task_once_while_it_waits(capsys):
    call_command("enqueue_periodic_tasks")
    assert capsys.readouterr().out == (
        "Enqueued: redeliver_stalled_email, publish_due_items, send_review_reminders.\n"
    )
    call_command("enqueue_periodic_tasks")
    assert capsys.readouterr().out == "Nothing to enqueue: the last round waits.\n"
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(waiting.values_list("task_path", flat=True)) == [
        "outbox.tasks.redeliver_stalled_email",
        "reviews.tasks.publish_due_items",
        "reviews.tasks.send_review_reminders",
    ]


# What the mail says --------------------------------------------------------------------


@pytest.fixture
def two_approvals(alice_editor, bob_reviewer, carol_reviewer):
    with notifications.muted():  # setting up the policy mails nobody
        approved_policy(
            editor=alice_editor,
            approvers=[bob_reviewer],
            body_markdown="Board members approve every answer.",
            change_note="Approvals by the board",
            approvals_required=2,
        )


def test_the_author_hears_approved_only_once_the_revision_is_live(
    settings, two_approvals, submitted, alice_editor, bob_reviewer, carol_reviewer
):
    settings.SITE_URL = "https://answers.example.org/"
    title = submitted.item.title
    review.start_review(submitted, by=bob_reviewer)
    review.approve(submitted, by=bob_reviewer)
    first = the_email(recipient=alice_editor.email)
    assert first.subject == f"[Review] {title}: approval 1 of 2 recorded"
    assert first.body.startswith(
        f"Bob Reviewer, MD, Hematology approved revision 1 of “{title}”: approval 1 of 2 "
        "recorded. It goes live once 2 board members have approved it."
    )
    link = f"https://answers.example.org/admin/reviews/reviewqueue/{submitted.item_id}/review/"
    assert link in first.body

    review.approve(submitted, by=carol_reviewer)
    second = emails(recipient=alice_editor.email)[1]
    assert second.subject == f"[Review] {title}: approved"
    assert "It is now live." in second.body and link in second.body


def test_a_scheduled_approval_is_published_by_its_task_and_the_author_hears_each_step(
    submitted, alice_editor, bob_reviewer
):
    item = ReviewItem.objects.get(pk=submitted.item_id)
    title = item.title
    when = timezone.now() + HOUR
    review.start_review(submitted, by=bob_reviewer)
    review.approve(submitted, by=bob_reviewer, go_live_at=when)
    approval = the_email(recipient=alice_editor.email)
    assert approval.subject == (
        f"[Review] {title}: approval 1 of 1 recorded, goes live {format_when(when)}"
    )

    [task] = DBTaskResult.objects.filter(task_path="reviews.tasks.publish_when_due")
    assert task.task_result.task.run_after == when, "the worker takes it at the go-live time"
    assert task.task_result.kwargs == {"item_id": item.pk}
    assert publish_when_due.call(item.pk) is False, "before its time it publishes nothing"

    later = when + HOUR
    review.reschedule(item, by=bob_reviewer, go_live_at=later)
    moved = DBTaskResult.objects.filter(task_path="reviews.tasks.publish_when_due")
    assert sorted(t.task_result.task.run_after for t in moved) == [when, later]
    assert review.publish_if_due(item_id=item.pk, now=when) is False, "the old time is void"
    assert review.publish_if_due(item_id=item.pk, now=later) is True
    assert review.publish_if_due(item_id=item.pk, now=later) is False, "published once"

    published = emails(recipient=alice_editor.email)[1]
    assert published.subject == f"[Review] {title}: approved and now live"
    assert "now live (published at the scheduled time)" in published.body


# Undeliverable email in the admin --------------------------------------------------------


@pytest.fixture
def undeliverable(mail_server, submitted):
    mail_server.refused.add("bob_reviewer@example.org")
    email = the_email()
    deliver_email.call(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.UNDELIVERABLE
    return email


@pytest.fixture
def administrator(db):
    return UserFactory(username="ops_admin", is_staff=True, groups=["Administrators"])


def test_an_administrator_sees_why_and_sends_it_again(
    client, mail_server, undeliverable, administrator
):
    client.force_login(administrator)
    listing = client.get("/admin/outbox/outgoingemail/?status__exact=undeliverable")
    assert listing.status_code == 200
    assert "550 5.1.1 No such mailbox here" in listing.content.decode()
    tasks = client.get("/admin/django_tasks_database/dbtaskresult/")
    assert tasks.status_code == 200, "administrators see the task results too"

    mail_server.refused.clear()  # the mailbox was fixed
    response = client.post(
        "/admin/outbox/outgoingemail/",
        {"action": "send_again", "_selected_action": [undeliverable.pk]},
        follow=True,
    )
    assert "1 email queued to be sent again." in response.content.decode()
    email = OutgoingEmail.objects.get(pk=undeliverable.pk)
    assert (email.status, email.attempts, email.retried_by) == (
        EmailStatus.WAITING,
        0,
        administrator,
    )
    deliver_email.call(email.pk)
    assert [m.recipients for m in mail_server.messages()] == [("bob_reviewer@example.org",)]


def test_only_administrators_send_undeliverable_email_again(
    client, undeliverable, bob_reviewer, alice_editor
):
    for person in (bob_reviewer, alice_editor):
        client.force_login(person)
        assert client.get("/admin/outbox/outgoingemail/").status_code == 403
        assert (
            client.post(
                "/admin/outbox/outgoingemail/",
                {"action": "send_again", "_selected_action": [undeliverable.pk]},
            ).status_code
            == 403
        )
        with pytest.raises(PermissionDenied):
            outbox.retry_undeliverable(emails=[undeliverable], by=person)
    assert OutgoingEmail.objects.get(pk=undeliverable.pk).status == EmailStatus.UNDELIVERABLE


def test_a_sent_email_is_never_sent_again_from_the_admin(mail_server, submitted, administrator):
    email = the_email()
    deliver_email.call(email.pk)
    assert outbox.retry_undeliverable(emails=[email], by=administrator) == 0
    deliver_email.call(email.pk)
    assert len(mail_server.messages()) == 1
