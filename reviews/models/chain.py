"""The audit chain's rows: events, the chain's head and signed checkpoints."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..history import DeletionRefused, ImmutableRecord
from .base import Undeletable
from .items import ReviewDecision, ReviewItem, Revision


class AuditEventKind(models.TextChoices):
    SUBMIT = "submit", "Submitted"
    CLAIM = "claim", "Claimed"
    RELEASE = "release", "Claim released"
    START_REVIEW = "start_review", "Review started"
    CITATION_CHECK = "citation_check", "Citation checked"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    RECONFIRM = "reconfirm", "Re-confirmed"
    SCHEDULE = "schedule", "Publication scheduled"
    PUBLISH = "publish", "Published at the scheduled time"
    # Rows written through reviews.history's bulk path instead of one workflow
    # step each (bench/scale.py, the load scale benchmarks run); the event's data
    # covers them so the chain still vouches for every revision and sign-off.
    BULK_LOAD = "bulk_load", "Loaded in bulk outside the workflow"
    POLICY_CHANGE = "policy_change", "Editorial policy changed"
    REKEY = "rekey", "Audit chain keyed"
    BOARD_CHANGE = "board_change", "Board membership changed"
    WITHDRAW = "withdraw", "Withdrawn"


# Events that change nothing a reader sees: a claim given up, a citation ticked on
# the review desk. Every other kind changes what a page shows (the review stepper,
# the caution banner, the sign-off, the text, the policy in force).
UNSEEN_BY_READERS = frozenset(
    {AuditEventKind.RELEASE, AuditEventKind.CITATION_CHECK, AuditEventKind.REKEY}
)


class AuditChainHead(models.Model):
    """The single row that serialises appends to the audit chain (locked while appending)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"Audit chain at #{self.last_sequence}"


class AuditEvent(Undeletable):
    """An append-only, hash-chained record of one workflow event.

    Each entry's hash is keyed (HMAC with ``AUDIT_HMAC_KEY``) and covers its own
    fields and the previous entry's hash, so a row changed, re-hashed or removed
    later is found by ``manage.py verify_audit`` (see ``reviews.integrity``). A
    decision's event carries the decision's digest, so the sign-off is covered too.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=20, choices=AuditEventKind.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=300, blank=True)
    item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    decision = models.OneToOneField(
        ReviewDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_event",
        help_text="The decision this event recorded: its receipt on the public page.",
    )
    summary = models.CharField(max_length=500)
    data = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_kind_display()}: {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("Audit events are append-only.")
        super().save(*args, **kwargs)


class AuditCheckpoint(models.Model):
    """A signed statement of the audit chain's length and head at one moment.

    Written after every event readers can see the effect of and by
    ``manage.py write_audit_checkpoint``; published on the transparency page and
    its feed. ``statement`` is the exact text signed (see ``reviews.integrity``).
    """

    sequence = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    statement = models.TextField()
    signature = models.CharField(max_length=100)

    class Meta:
        ordering = ["-sequence", "-signed_at", "-pk"]
        indexes = [models.Index(fields=["sequence"], name="auditcheckpoint_sequence_idx")]

    def __str__(self) -> str:
        return f"Checkpoint at #{self.sequence} ({self.signed_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("Audit checkpoints are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DeletionRefused("Audit checkpoints are kept for anyone who holds an older one.")
