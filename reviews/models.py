"""The one review workflow for every kind of medical content.

A reviewable object (any model an app declares reviewable: see ``reviews.registry``)
owns one :class:`ReviewItem`. Each submission stores an immutable
:class:`Revision`: a JSON snapshot of what was submitted and its content hash.
Board members judge revisions with :class:`ReviewDecision` rows. Readers see the
item's live revision (the last approved one). Only ``reviews.services`` changes
these rows; nothing here is ever deleted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .history import DeletionRefused, HistoriedQuerySet, ImmutableRecord


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


# States a stored revision can be in: a draft is the editable working copy, never a revision.
REVISION_STATES = [c for c in ReviewState.choices if c[0] != ReviewState.DRAFT]
PENDING_STATES = (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW)
# A revision never approved that readers may still see (with the caution banner),
# when its kind allows it: waiting for the board, or sent back and not yet resubmitted.
NEVER_APPROVED_SHOWN = (*PENDING_STATES, ReviewState.CHANGES_REQUESTED)


class Undeletable(models.Model):
    """Rows the audit trail depends on: deleting one is refused."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused(f"{type(self).__name__} records are kept for the audit trail.")


class BoardMember(Undeletable):
    """A member of the medical advisory board, with the credentials shown on sign-offs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_membership"
    )
    credentials = models.CharField(
        max_length=200, help_text='Shown beside the name on sign-offs, e.g. "MD, Hematology".'
    )
    is_active = models.BooleanField(
        default=True, help_text="Only active members may review and approve."
    )
    joined_on = models.DateField(default=datetime.date.today)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__username"]

    def __str__(self) -> str:
        return f"{display_name(self.user)}, {self.credentials}"


def display_name(user) -> str:
    """The name shown for a person on public pages."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class PolicyTerms:
    """The workflow numbers the editorial policy sets."""

    approvals_required: int = 1
    rereview_interval_days: int = 365
    review_turnaround_days: int = 7


class EditorialPolicyQuerySet(HistoriedQuerySet):
    def in_force(self, on: datetime.date | None = None) -> EditorialPolicyQuerySet:
        on = on or timezone.localdate()
        return self.filter(effective_date__lte=on).order_by("-effective_date", "-number")

    def current(self, on: datetime.date | None = None) -> EditorialPolicyVersion | None:
        return self.in_force(on).first()


class EditorialPolicyVersion(Undeletable):
    """One version of the editorial policy. Versions are added, never edited away."""

    number = models.PositiveIntegerField(unique=True)
    effective_date = models.DateField()
    body_markdown = models.TextField("policy text (Markdown)")
    body_html = models.TextField(editable=False, default="")
    change_note = models.CharField(max_length=300, help_text="What changed in this version.")
    approvals_required = models.PositiveSmallIntegerField(
        default=1, help_text="Distinct board approvals a revision needs before it goes live."
    )
    rereview_interval_days = models.PositiveIntegerField(
        default=365, help_text="Approved content is due for review again after this many days."
    )
    review_turnaround_days = models.PositiveIntegerField(
        default=7, help_text="A submitted revision should be decided within this many days."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EditorialPolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = "editorial policy version"
        constraints = [
            models.CheckConstraint(
                condition=Q(approvals_required__gte=1), name="policy_needs_one_approval_or_more"
            ),
            models.CheckConstraint(
                condition=Q(rereview_interval_days__gte=1), name="policy_rereview_interval_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Editorial policy v{self.number} (effective {self.effective_date:%Y-%m-%d})"

    @property
    def terms(self) -> PolicyTerms:
        return PolicyTerms(
            approvals_required=self.approvals_required,
            rereview_interval_days=self.rereview_interval_days,
            review_turnaround_days=self.review_turnaround_days,
        )


class ReviewItem(Undeletable):
    """The workflow record of one reviewable object: its revisions and what is live."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    title = models.CharField(max_length=300, help_text="The content's title when last submitted.")
    latest_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    live_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_review_items",
        help_text="The board member who holds this item; only they can decide while it is held.",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    scheduled_revision = models.ForeignKey(
        "Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="An approved revision waiting for its go-live time.",
    )
    go_live_at = models.DateTimeField(
        null=True, blank=True, help_text="When the scheduled revision replaces the live one."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_review_item_per_object"
            ),
            models.CheckConstraint(
                condition=Q(claimed_by__isnull=True) | Q(claimed_at__isnull=False),
                name="claim_has_a_time",
            ),
            models.CheckConstraint(
                condition=Q(scheduled_revision__isnull=True, go_live_at__isnull=True)
                | Q(scheduled_revision__isnull=False, go_live_at__isnull=False),
                name="schedule_has_a_time",
            ),
        ]
        indexes = [
            models.Index(fields=["last_reviewed_at"], name="reviewitem_last_reviewed_idx"),
            # publish_scheduled looks for the schedules that are due.
            models.Index(fields=["go_live_at"], name="reviewitem_go_live_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def shown_revision(self, now: datetime.datetime | None = None) -> Revision | None:
        """The revision readers see of this item now, or None when they see nothing.

        An approved revision scheduled for a time that has come; else the live one;
        else, for a kind readers may read before approval, the latest revision while
        it was never approved (shown with the caution banner). The same rule, for a
        query, is ``reviews.selectors.shown_to_readers_q``.
        """
        from .registry import readable_before_approval

        now = now or timezone.now()
        if self.scheduled_revision_id and self.go_live_at <= now:
            return self.scheduled_revision
        if self.live_revision_id:
            return self.live_revision
        latest = self.latest_revision
        if (
            latest is not None
            and latest.status in NEVER_APPROVED_SHOWN
            and self.content_type.model_class() in readable_before_approval()
        ):
            return latest
        return None


class ReviewQueue(ReviewItem):
    """The board's review queue in the admin (a view of review items)."""

    class Meta:
        proxy = True
        verbose_name = "review queue entry"
        verbose_name_plural = "review queue"


class Revision(Undeletable):
    """An immutable snapshot of submitted content. Only its workflow state changes."""

    IMMUTABLE_FIELDS = ("item_id", "number", "snapshot", "content_hash", "submitted_by_id")

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=REVISION_STATES, default=ReviewState.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_revisions"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, help_text="The submitter's note to the board.")
    contributor_ids = models.JSONField(
        default=list, help_text="People who wrote this content: they may not review it."
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "-number"]
        permissions = [
            ("submit_for_review", "Can submit content for medical review"),
            ("review_content", "Can review medical content (board)"),
            ("release_any_claim", "Can release a claim held by someone else"),
        ]
        indexes = [
            # The review queue finds the few pending revisions among many approved ones.
            models.Index(fields=["status"], name="revision_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=[s for s, _ in REVISION_STATES]),
                name="revision_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.title} — revision {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list(*(f.removesuffix("_id") for f in self.IMMUTABLE_FIELDS))
                .first()
            )
            if stored is not None and tuple(stored) != tuple(
                getattr(self, f) for f in self.IMMUTABLE_FIELDS
            ):
                raise ImmutableRecord(
                    "A revision's content is immutable; submit a new revision instead."
                )
        super().save(*args, **kwargs)


class DecisionKind(models.TextChoices):
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    RECONFIRM = "reconfirm", "Re-confirmed"
    SCHEDULE = "schedule", "Publication scheduled"
    PUBLISH = "publish", "Published at the scheduled time"
    BULK_LOAD = "bulk_load", "Bulk load (test data)"


# Decisions that vouch for a revision on the public page.
SIGN_OFF_KINDS = (DecisionKind.APPROVE, DecisionKind.RECONFIRM)


class ReviewDecision(Undeletable):
    """A board member's judgement of one revision: a sign-off record."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="decisions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_decisions"
    )
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    comment = models.TextField(blank=True)
    reviewer_credentials = models.CharField(
        max_length=200, help_text="The reviewer's credentials when deciding."
    )
    content_hash = models.CharField(max_length=64, help_text="Hash of the revision judged.")
    conflict_of_interest = models.TextField(
        default="none",
        help_text='The reviewer\'s declaration of conflicts of interest: "none" or what they are.',
    )
    literature_current_through = models.DateField(
        null=True, blank=True, help_text="The reviewer checked the literature up to this date."
    )
    policy_version = models.ForeignKey(
        EditorialPolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmations = models.JSONField(
        default=list,
        blank=True,
        help_text="What the reviewer confirmed to approve ({key, label} each), as the "
        "content's app requires (see reviews.registry.approval_requirements).",
    )
    decided_at = models.DateTimeField(default=timezone.now)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "reviewer"],
                condition=Q(kind="approve"),
                name="one_approval_per_reviewer_and_revision",
            ),
            models.CheckConstraint(
                condition=~Q(kind="request_changes") | ~Q(comment=""),
                name="request_changes_needs_comment",
            ),
            models.CheckConstraint(
                condition=~Q(conflict_of_interest=""), name="decision_declares_conflicts"
            ),
        ]
        indexes = [
            models.Index(fields=["revision", "kind"], name="decision_revision_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {display_name(self.reviewer)}"


class CitationCheck(models.Model):
    """A reviewer's tick: they confirmed this source supports what the revision says."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="citation_checks")
    source_key = models.CharField(max_length=80)
    checked = models.BooleanField(default=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    checked_at = models.DateTimeField(default=timezone.now)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "source_key"], name="one_check_per_citation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_key} checked by {display_name(self.checked_by)}"

    def delete(self, *args, **kwargs):
        raise DeletionRefused("Citation checks are kept; untick instead.")


class ReminderSent(models.Model):
    """One re-review reminder per item and due date, so reminders are sent once."""

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="reminders")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "due_on"], name="one_reminder_per_due_date")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.item} due {self.due_on}"


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
    BULK_LOAD = "bulk_load", "Bulk load (test data)"
    POLICY_CHANGE = "policy_change", "Editorial policy changed"


# Events that change nothing a reader sees: a claim given up, a citation ticked on
# the review desk. Every other kind changes what a page shows (the review stepper,
# the caution banner, the sign-off, the text, the policy in force).
UNSEEN_BY_READERS = frozenset({AuditEventKind.RELEASE, AuditEventKind.CITATION_CHECK})


class AuditChainHead(models.Model):
    """The single row that serialises appends to the audit chain (locked while appending)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"Audit chain at #{self.last_sequence}"


class AuditEvent(Undeletable):
    """An append-only, hash-chained record of one workflow event.

    Each entry's hash covers its own fields and the previous entry's hash, so a
    row changed or removed later is found by ``manage.py verify_audit``.
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


class Reviewable(models.Model):
    """Mixin for content that goes through the review workflow.

    A subclass returns the JSON snapshot that the board judges, its title, and
    the people who wrote it (who may therefore not review it).
    """

    review_item = models.OneToOneField(
        ReviewItem,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    def review_snapshot(self) -> dict:
        raise NotImplementedError

    def review_title(self) -> str:
        return str(self)

    def review_contributor_ids(self) -> set[int]:
        raise NotImplementedError
