"""The outbox's services: queue an email with its cause, deliver it once, send it again.

Delivery is at least once: an email is written to the outbox in the transaction
of the decision that causes it, together with the task that delivers it (the
task row of django-tasks' database backend), so both exist exactly when the
decision does. The delivery locks the email's row while it talks to the mail
server and marks it sent in the same transaction, so a task that runs twice, or
two workers holding the same email, send it once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from . import rules, tasks
from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)


def queue_email(*, key: str, event: str, to: str, subject: str, body: str) -> OutgoingEmail:
    """Write one email to the outbox and enqueue its delivery, in the caller's transaction.

    Guarded: the subject is made one safe line (a title with a line break cannot
    inject a header or make the message fail); a key that is queued already is left
    as it is (the same event never mails the same person twice).
    """
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            key=key[:255],
            defaults={
                "event": event[:120],
                "recipient": to,
                "subject": rules.one_line(subject),
                "body": body,
            },
        )
        if created:
            _enqueue_delivery(email, at=None)
        return email


def deliver(*, email_id: int) -> str:
    """Send one waiting email; what happened, in a sentence.

    Guarded: the row is locked while the mail server is asked, so two deliveries
    of one email never both send; an email that is sent or undeliverable is left
    alone. A failure counts an attempt: a passing one (server down, timeout, a 4xx
    reply) enqueues the next attempt after a growing delay; a lasting one (a 5xx
    reply, a message that cannot be built) or the last allowed attempt makes the
    email undeliverable, with the reason, for an administrator to see and retry.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None:
            return f"Email {email_id} is being delivered by another worker (or does not exist)."
        if email.status != EmailStatus.WAITING:
            return f"Email {email_id} is {email.get_status_display().lower()}: nothing to do."
        email.attempts += 1
        try:
            _message(email).send()
        except Exception as error:  # every failure is recorded; none is lost silently
            return _record_failure(email, error)
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.delivery_task_id = ""
        email.save()
        return f"Email {email_id} sent to {email.recipient}."


def retry_undeliverable(*, emails: Iterable[OutgoingEmail], by) -> int:
    """Give undeliverable emails a fresh round of attempts; how many were queued again.

    Guarded: only people allowed to retry deliveries (administrators); only
    undeliverable emails (an email that was sent is never sent again).
    """
    if not by.has_perm("outbox.retry_delivery"):
        raise PermissionDenied("Only administrators can send undeliverable email again.")
    queued = 0
    with transaction.atomic():
        ids = [email.pk for email in emails]
        for email in OutgoingEmail.objects.select_for_update().filter(
            pk__in=ids, status=EmailStatus.UNDELIVERABLE
        ):
            email.status = EmailStatus.WAITING
            email.attempts = 0
            email.retried_by = by
            email.retried_at = timezone.now()
            _enqueue_delivery(email, at=None)
            queued += 1
    return queued


def redeliver_stalled(*, now: datetime.datetime | None = None) -> int:
    """Enqueue again every waiting email whose delivery task was lost; how many.

    A task is lost when its worker was killed while running it (it shows as running
    for longer than ``OUTBOX_LEASE_SECONDS``), when it ended without settling the
    email, or when its row is gone. A task still waiting in the queue is left to
    run. Safe to run at any time: an email held by a worker right now is skipped.
    """
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    requeued = 0
    due = OutgoingEmail.objects.filter(status=EmailStatus.WAITING, next_attempt_at__lte=now)
    for email_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            email = (
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=email_id, status=EmailStatus.WAITING)
                .first()
            )
            if email is None or _delivery_in_hand(email, now=now, lease=lease):
                continue
            logger.warning("Email %s lost its delivery task; enqueuing it again.", email.pk)
            _enqueue_delivery(email, at=None)
            requeued += 1
    return requeued


# Steps ---------------------------------------------------------------------------------


def _message(email: OutgoingEmail) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"Message-ID": rules.message_id(email.key, domain)},
    )


def _record_failure(email: OutgoingEmail, error: Exception) -> str:
    email.last_error = rules.describe(error)
    if rules.is_permanent(error) or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        email.status = EmailStatus.UNDELIVERABLE
        email.delivery_task_id = ""
        email.save()
        logger.error(
            "Email %s to %s is undeliverable after %s attempts: %s",
            email.pk,
            email.recipient,
            email.attempts,
            email.last_error,
        )
        return f"Email {email.pk} is undeliverable: {email.last_error}"
    delay = rules.retry_delay(
        email.attempts,
        base=settings.OUTBOX_RETRY_BASE_SECONDS,
        cap=settings.OUTBOX_RETRY_MAX_SECONDS,
    )
    _enqueue_delivery(email, at=timezone.now() + datetime.timedelta(seconds=delay))
    logger.warning(
        "Attempt %s at email %s failed (%s); next attempt in %.0f s.",
        email.attempts,
        email.pk,
        email.last_error,
        delay,
    )
    return f"Attempt {email.attempts} at email {email.pk} failed: {email.last_error}"


def _enqueue_delivery(email: OutgoingEmail, *, at: datetime.datetime | None) -> None:
    """Enqueue the task that delivers ``email`` (at once, or at ``at``) and save the email."""
    task = tasks.deliver_email.using(run_after=at) if at else tasks.deliver_email
    result = task.enqueue(email_id=email.pk)
    email.next_attempt_at = at or timezone.now()
    email.delivery_task_id = str(result.id)
    email.save()


def _delivery_in_hand(email: OutgoingEmail, *, now, lease) -> bool:
    if not email.delivery_task_id:
        return False
    try:
        result = tasks.deliver_email.get_result(email.delivery_task_id)
    except TaskResultDoesNotExist:
        return False
    if result.status == TaskResultStatus.READY:
        return True
    return result.status == TaskResultStatus.RUNNING and result.started_at > now - lease
