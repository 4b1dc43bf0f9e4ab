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
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from . import policy_text
from .history import DeletionRefused, HistoriedQuerySet, ImmutableRecord
from .validators import SingleLine


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


# States a stored revision can be in: a draft is the editable working copy, never a revision.
REVISION_STATES = [c for c in ReviewState.choices if c[0] != ReviewState.DRAFT]
PENDING_STATES = (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW)


class Undeletable(models.Model):
    """Rows the audit trail depends on: deleting one is refused."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused(f"{type(self).__name__} records are kept for the audit trail.")


class Specialty(Undeletable):
    """A medical specialty board members hold (a managed list), which the editorial
    policy can require among the approvals of a topic's content."""

    name = models.CharField(max_length=100, unique=True, validators=[SingleLine("name")])

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


def parse_specialty_rules(text: str) -> tuple[tuple[str, str], ...]:
    """``(topic, specialty)`` pairs from lines "Topic: Specialty" (blank lines skipped).
    Raises ValueError naming a line that is not of that form."""
    rules = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        topic, colon, specialty = line.partition(":")
        if not colon or not topic.strip() or not specialty.strip():
            raise ValueError(
                f'Line {number} ("{line.strip()}") is not "Topic: Specialty", '
                'e.g. "Blood counts: Hematology".'
            )
        rules.append((" ".join(topic.split()), " ".join(specialty.split())))
    return tuple(rules)


class BoardMember(Undeletable):
    """A member of the medical advisory board, with the credentials shown on sign-offs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_membership"
    )
    credentials = models.CharField(
        max_length=200,
        help_text='Shown beside the name on sign-offs, e.g. "MD, Hematology".',
        validators=[SingleLine("credentials")],
    )
    is_active = models.BooleanField(
        default=True, help_text="Only active members may review and approve."
    )
    joined_on = models.DateField(default=datetime.date.today)
    # The member's public page, /board/<slug>/: given when they join, never reused.
    slug = models.SlugField(max_length=120, unique=True, editable=False)
    declared_interests = models.TextField(
        blank=True,
        help_text="What the member declares that readers may weigh: employment, funding, "
        "shares, advisory roles. Shown on their public page.",
    )
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="members",
        help_text="What the policy may require among a topic's approvals.",
    )

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[specialties])

    class Meta:
        ordering = ["user__last_name", "user__username"]

    def __str__(self) -> str:
        return f"{display_name(self.user)}, {self.credentials}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug(display_name(self.user))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("board-member", kwargs={"slug": self.slug})

    @classmethod
    def _free_slug(cls, name: str) -> str:
        """An address for a new member's public page, from their name: never one that
        another member (present or former) has."""
        base = slugify(name)[:100] or "member"
        slug, number = base, 2
        while cls._base_manager.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug


def display_name(user) -> str:
    """The name shown for a person on public pages."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class Reviewable(models.Model):
    """Mixin for content that goes through the review workflow.

    A subclass returns the JSON snapshot that the board judges, its title, and
    the people who wrote it (who may therefore not review it).
    """

    review_item = models.OneToOneField(
        "reviews.ReviewItem",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Approved content falls due for review again after the policy's interval.
    periodic_rereview = True

    class Meta:
        abstract = True

    def review_snapshot(self) -> dict:
        raise NotImplementedError

    def review_title(self) -> str:
        return str(self)

    def review_contributor_ids(self) -> set[int]:
        raise NotImplementedError

    def review_submit_refusal(self, previous: Revision | None) -> str | None:
        """Why this content may not be submitted now (a sentence), or None.

        ``previous`` is the item's latest revision, if any. Checked by
        ``reviews.services.submit`` under the item's lock.
        """
        return None

    @classmethod
    def review_baseline(cls, item: ReviewItem) -> Revision | None:
        """What the board compares ``item``'s revision with when the item has nothing
        live of its own (None: the whole content is new)."""
        return None


@dataclass(frozen=True)
class PolicyTerms:
    """The workflow numbers and reader settings the editorial policy sets."""

    approvals_required: int = 1
    rereview_interval_days: int = 365
    review_turnaround_days: int = 7
    # Never-approved content of a kind readable before approval (see the registry):
    show_waiting_for_review: bool = True  # shown, with the caution banner, while pending
    show_sent_back: bool = False  # still shown, with the banner, once the board sent it back
    # (topic, specialty): content on the topic needs an approval from that specialty.
    specialty_rules: tuple[tuple[str, str], ...] = ()

    def specialty_for(self, topic: str) -> str | None:
        """The specialty the policy requires among the approvals of ``topic``'s content."""
        wanted = " ".join((topic or "").split()).casefold()
        for rule_topic, specialty in self.specialty_rules:
            if rule_topic.casefold() == wanted:
                return specialty
        return None

    def never_approved_states_shown(self) -> tuple[str, ...]:
        """The states of a never-approved revision readers are shown (with the banner)."""
        states: tuple[str, ...] = ()
        if self.show_waiting_for_review:
            states += PENDING_STATES
        if self.show_sent_back:
            states += (ReviewState.CHANGES_REQUESTED,)
        return states


class EditorialPolicyQuerySet(HistoriedQuerySet):
    def approved(self) -> EditorialPolicyQuerySet:
        """Versions the board has approved (live, or scheduled and due)."""
        from .selectors import approved_q

        return self.filter(approved_q("review_item__"))

    def in_force(self, on: datetime.date | None = None) -> EditorialPolicyQuerySet:
        """Approved versions whose effective date has come, the one in force first."""
        on = on or timezone.localdate()
        return self.approved().filter(effective_date__lte=on).order_by("-effective_date", "-number")

    def current(self, on: datetime.date | None = None) -> EditorialPolicyVersion | None:
        return self.in_force(on).first()

    def terms_in_force(self) -> PolicyTerms:
        current = self.current()
        return current.terms if current else PolicyTerms()


def _rules_or_none(text: str) -> tuple[tuple[str, str], ...]:
    try:
        return parse_specialty_rules(text)
    except ValueError:  # refused by clean(); a stored version always parses
        return ()


def _at_least_one(what: str):
    return MinValueValidator(1, message=f"{what} must be at least 1.")


class EditorialPolicyVersion(Reviewable, Undeletable):
    """One version of the editorial policy: reviewable content like any other.

    Editors draft a version and submit it; the board approves it under the policy
    in force; it takes effect once approved and its effective date has come. A
    submitted version never changes: a change is a new version. The text states no
    numbers of its own (see ``reviews.policy_text``): the settings are the numbers.
    """

    # A version is replaced by a new one, never re-reviewed.
    periodic_rereview = False

    # What the board judges; fixed once the version is submitted.
    CONTENT_FIELDS = (
        "number",
        "effective_date",
        "change_note",
        "body_markdown",
        "body_html",
        "approvals_required",
        "rereview_interval_days",
        "review_turnaround_days",
        "show_waiting_for_review",
        "show_sent_back",
        "required_specialties",
    )

    number = models.PositiveIntegerField(unique=True)
    effective_date = models.DateField(
        help_text="The day this version takes effect, once the board has approved it."
    )
    body_markdown = models.TextField(
        "policy text (Markdown)",
        help_text=(
            "Write no numbers in the text: the settings below are shown beside it. Where the "
            "text needs one, write {approvals_required}, {rereview_interval_days} or "
            "{review_turnaround_days}; they become e.g. “2 approvals” and “365 days”."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    change_note = models.CharField(max_length=300, help_text="What changed in this version.")
    approvals_required = models.PositiveSmallIntegerField(
        default=1,
        validators=[_at_least_one("The number of approvals")],
        help_text="Distinct board approvals a revision needs before it goes live.",
    )
    rereview_interval_days = models.PositiveIntegerField(
        "re-review interval (days)",
        default=365,
        validators=[_at_least_one("The re-review interval")],
        help_text="Approved content is due for review again after this many days.",
    )
    review_turnaround_days = models.PositiveIntegerField(
        "review turnaround (days)",
        default=7,
        validators=[_at_least_one("The review turnaround")],
        help_text="A submitted revision should be decided within this many days.",
    )
    show_waiting_for_review = models.BooleanField(
        "show content waiting for review",
        default=True,
        help_text=(
            "Readers see content never approved while it waits for the board, "
            "under the caution banner."
        ),
    )
    show_sent_back = models.BooleanField(
        "keep content sent back public",
        default=False,
        help_text=(
            "Content never approved stays public, under the caution banner, after the board "
            "asked for changes. Off: it leaves public view until the board approves it."
        ),
    )
    required_specialties = models.TextField(
        "specialty required per topic",
        blank=True,
        default="",
        help_text='One line per topic, "Topic: Specialty" (e.g. "Blood counts: Hematology"): '
        "that topic's content goes live only with an approval from a board member in the "
        "specialty.",
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
                condition=Q(approvals_required__gte=1),
                name="policy_needs_one_approval_or_more",
                violation_error_message="A revision needs at least 1 board approval.",
            ),
            models.CheckConstraint(
                condition=Q(rereview_interval_days__gte=1),
                name="policy_rereview_interval_positive",
                violation_error_message="The re-review interval must be at least 1 day.",
            ),
            models.CheckConstraint(
                condition=Q(review_turnaround_days__gte=1),
                name="policy_turnaround_positive",
                violation_error_message="The review turnaround must be at least 1 day.",
            ),
        ]

    def __str__(self) -> str:
        return f"Editorial policy v{self.number} (effective {self.effective_date:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values("review_item_id", *self.CONTENT_FIELDS)
            )
            stored = stored.first()
            submitted = stored is not None and stored["review_item_id"] is not None
            if submitted and any(stored[n] != getattr(self, n) for n in self.CONTENT_FIELDS):
                raise ImmutableRecord(
                    f"Editorial policy version {stored['number']} was submitted for review; "
                    "it cannot change. Add a new version instead."
                )
        super().save(*args, **kwargs)

    @property
    def terms(self) -> PolicyTerms:
        return PolicyTerms(
            approvals_required=self.approvals_required,
            rereview_interval_days=self.rereview_interval_days,
            review_turnaround_days=self.review_turnaround_days,
            show_waiting_for_review=self.show_waiting_for_review,
            show_sent_back=self.show_sent_back,
            specialty_rules=_rules_or_none(self.required_specialties),
        )

    def settings_values(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in policy_text.PLACEHOLDERS}

    def clean(self) -> None:
        """The text follows the rule of ``reviews.policy_text``; the board can meet the
        number of approvals (else nothing, not even a new policy, could be approved)."""
        super().clean()
        errors: dict[str, list[str]] = {}
        text_problems = policy_text.problems(self.body_markdown or "")
        if text_problems:
            errors["body_markdown"] = text_problems
        members = BoardMember.objects.filter(is_active=True, user__is_active=True).count()
        if isinstance(self.approvals_required, int) and self.approvals_required > max(members, 1):
            errors["approvals_required"] = [
                f"The board has {members} active member{'s' if members != 1 else ''}, so "
                f"{self.approvals_required} approvals could never be given. Choose at most "
                f"{max(members, 1)}."
            ]
        try:
            rules = parse_specialty_rules(self.required_specialties)
        except ValueError as bad:
            errors["required_specialties"] = [str(bad)]
        else:
            known = {n.casefold() for n in Specialty.objects.values_list("name", flat=True)}
            unknown = sorted({s for _, s in rules if s.casefold() not in known})
            if unknown:
                errors["required_specialties"] = [
                    f"No specialty is called {', '.join(unknown)}: add it under Specialties "
                    "first, or choose one of the list."
                ]
        if errors:
            raise ValidationError(errors)

    # Reviewable ------------------------------------------------------------------
    def review_title(self) -> str:
        return f"Editorial policy version {self.number}"

    def review_snapshot(self) -> dict:
        snapshot = {name: getattr(self, name) for name in self.CONTENT_FIELDS}
        snapshot["effective_date"] = self.effective_date.isoformat()
        return {"kind": "editorial_policy", **snapshot}

    def review_contributor_ids(self) -> set[int]:
        ids = set(self.history.exclude(history_user=None).values_list("history_user_id", flat=True))
        return ids | ({self.created_by_id} if self.created_by_id else set())

    def review_submit_refusal(self, previous: Revision | None) -> str | None:
        if previous is not None:
            return (
                f"Version {self.number} was submitted already, so it cannot change. "
                "Add a new version with the changes instead."
            )
        if self.effective_date < timezone.localdate():
            return (
                f"The effective date of version {self.number} ({self.effective_date:%Y-%m-%d}) "
                "has passed: choose today or a later day before submitting it."
            )
        try:
            self.full_clean(exclude=["review_item"])
        except ValidationError as invalid:
            return " ".join(invalid.messages)
        return None

    @classmethod
    def review_baseline(cls, item: ReviewItem) -> Revision | None:
        """The policy in force now: what a new version changes."""
        current = cls.objects.select_related("review_item__live_revision__item")
        current = current.in_force().exclude(pk=item.object_id).first()
        return current.review_item.live_revision if current else None


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
        from .registry import readable_before_approval

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
    BULK_LOAD = "bulk_load", "Bulk load (test data)"
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
