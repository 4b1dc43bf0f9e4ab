"""The outbox: every email the platform sends, written in the transaction that causes it.

One row is one email to one recipient. Its ``key`` (the event and the recipient)
is unique, so the same event never queues the same person twice, and a delivery
that runs again finds the row sent and sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EmailStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to be sent"
    SENT = "sent", "Sent"
    UNDELIVERABLE = "undeliverable", "Undeliverable"


class OutgoingEmail(models.Model):
    key = models.CharField(
        max_length=255,
        unique=True,
        help_text="The event and the recipient: one email per event and person.",
    )
    event = models.CharField(max_length=120, help_text="What caused the email.")
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=EmailStatus.choices, default=EmailStatus.WAITING
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Delivery attempts so far.")
    last_error = models.TextField(
        blank=True, help_text="Why the last attempt failed, as the mail server or network said."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When the waiting email is tried next."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    delivery_task_id = models.CharField(
        max_length=64, blank=True, help_text="The task that delivers it next."
    )
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The administrator who last sent it again after it was undeliverable.",
    )
    retried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outgoing email"
        ordering = ["-created_at", "-pk"]
        permissions = [("retry_delivery", "Can send undeliverable email again")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="sent_email_has_a_time",
            ),
        ]
        indexes = [
            # The periodic sweep looks for waiting email whose delivery is due.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"
