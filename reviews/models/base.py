"""States of review, and the bases every reviewed or undeletable model shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from ..history import DeletionRefused

if TYPE_CHECKING:
    from .items import ReviewItem, Revision


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    # A revision still waiting when the board withdrew its content: closed undecided.
    WITHDRAWN = "withdrawn", "Closed: content withdrawn"


# States a stored revision can be in: a draft is the editable working copy, never a revision.
REVISION_STATES = [c for c in ReviewState.choices if c[0] != ReviewState.DRAFT]
PENDING_STATES = (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW)


class Undeletable(models.Model):
    """Rows the audit trail depends on: deleting one is refused."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused(f"{type(self).__name__} records are kept for the audit trail.")


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
