"""The editorial policy: versions the board approves, and the terms in force."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import policy_text
from ..history import HistoriedQuerySet, ImmutableRecord
from .base import PENDING_STATES, Reviewable, ReviewState, Undeletable
from .board import BoardMember, Specialty, parse_specialty_rules

if TYPE_CHECKING:
    from .items import ReviewItem, Revision


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
        from ..selectors import approved_q

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

    A version also holds the About page's words (``about_markdown``), approved with
    it: the About page shows those of the version in force, and nothing before one
    has them.
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
        "about_markdown",
        "about_html",
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
    about_markdown = models.TextField(
        "About page text (Markdown)",
        blank=True,
        default="",
        help_text=(
            "The words of the public About page, approved with this version: what the site "
            "is, how its answers are written and checked, and what it cannot do. Who owns and "
            "funds the site comes from the site's settings. Left empty, the About page says "
            "its words are not yet approved. The same rule as the policy text: no numbers."
        ),
    )
    about_html = models.TextField(editable=False, default="")
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
        for field in ("body_markdown", "about_markdown"):
            text_problems = policy_text.problems(getattr(self, field) or "")
            if text_problems:
                errors[field] = text_problems
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
