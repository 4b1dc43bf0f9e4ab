"""Review items, their immutable revisions, the board's decisions, citation checks,
reminders and comments on a passage."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..history import DeletionRefused, HistoriedQuerySet, ImmutableRecord
from .base import REVISION_STATES, ReviewState, Undeletable
from .board import display_name
from .policy import EditorialPolicyVersion, PolicyTerms


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
    # Withdrawn by a board decision (reviews.services.withdraw): readers see nothing of
    # it any more; its address says why.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
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

    def reader_revision(self, now: datetime.datetime | None = None) -> Revision | None:
        """The revision readers see of this item whenever they may see it at all.

        Nothing once the board has withdrawn the item. An approved revision scheduled
        for a time that has come; else the live one;
        else, for a kind readers may read before approval, the latest revision of
        content never approved. Whether readers see it now is :meth:`shown_revision`:
        the editorial policy decides that for never-approved content only, so
        data derived for readers (the article search entries) is kept from this
        revision and filtered by the policy when read.
        """
        from ..registry import readable_before_approval

        now = now or timezone.now()
        if self.withdrawn_at is not None:
            return None
        if self.scheduled_revision_id and self.go_live_at <= now:
            return self.scheduled_revision
        if self.live_revision_id:
            return self.live_revision
        latest = self.latest_revision
        if (
            latest is not None
            and latest.status != ReviewState.APPROVED
            and self.content_type.model_class() in readable_before_approval()
        ):
            return latest
        return None

    def shown_revision(
        self, now: datetime.datetime | None = None, *, terms: PolicyTerms | None = None
    ) -> Revision | None:
        """The revision readers see of this item now, or None when they see nothing.

        :meth:`reader_revision` when it is approved; a never-approved revision only
        in a state the policy in force shows (``terms``, read when not given and
        needed: pass them in to keep one policy query per page). The same rule, for
        a query, is ``reviews.selectors.shown_to_readers_q``.
        """
        revision = self.reader_revision(now)
        if revision is None or revision.status == ReviewState.APPROVED:
            return revision
        if terms is None:
            terms = EditorialPolicyVersion.objects.terms_in_force()
        return revision if revision.status in terms.never_approved_states_shown() else None


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
    minor_edit = models.BooleanField(
        default=False,
        help_text="Approved as a minor edit (every approving member said so): the content's "
        "“last reviewed” date stayed where the last full review put it.",
    )

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
    WITHDRAW = "withdraw", "Withdrawn"


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
    minor_edit = models.BooleanField(
        default=False,
        help_text="An approval of a minor edit (wording, links, typos): not a full review.",
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

    @property
    def audit_sequence(self) -> int | None:
        """The audit event that recorded this decision: its public receipt.

        Select ``audit_event`` with the decision to read it without a query.
        """
        event = getattr(self, "audit_event", None)  # None: recorded before receipts
        return event.sequence if event is not None else None


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


class CommentStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved by the editors"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewComment(Undeletable):
    """A board member's comment on one passage of a revision.

    It stays with the item, open across later revisions, until the editors resolve it
    or its author withdraws it; no revision is approved while one is open.
    """

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="comments")
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text="The revision the comment was written on.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    quote = models.TextField(help_text="The passage the comment is about, as written then.")
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=CommentStatus.choices, default=CommentStatus.OPEN
    )
    reply = models.TextField(blank=True, help_text="The editor's answer when resolving it.")
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quote="") & ~Q(body=""), name="comment_has_passage_and_text"
            ),
            models.CheckConstraint(
                condition=Q(status="open", settled_at__isnull=True)
                | (~Q(status="open") & Q(settled_at__isnull=False)),
                name="settled_comment_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["item", "status"], name="comment_item_status_idx")]

    def __str__(self) -> str:
        return f"Comment by {display_name(self.author)} on “{self.quote[:40]}”"
