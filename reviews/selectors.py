"""Reads for the review queue and the re-review schedule."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import PENDING_STATES, PolicyTerms, ReviewItem, Revision


def rereview_cutoff(terms: PolicyTerms) -> datetime.datetime:
    """Content last reviewed at or before this moment is due for review again."""
    return timezone.now() - datetime.timedelta(days=terms.rereview_interval_days)


def pending_q() -> Q:
    # The inner "some revision of the item is pending" narrows the search to the few
    # pending revisions through revision_status_idx, however many items exist; the
    # outer condition keeps the meaning exact (the latest revision is the pending one).
    pending_items = Revision.objects.filter(status__in=PENDING_STATES).values("item_id")
    return Q(pk__in=pending_items, latest_revision__status__in=PENDING_STATES)


def rereview_due_q(terms: PolicyTerms) -> Q:
    return Q(live_revision__isnull=False, last_reviewed_at__lte=rereview_cutoff(terms))


def overdue_q(terms: PolicyTerms) -> Q:
    cutoff = timezone.now() - datetime.timedelta(days=terms.review_turnaround_days)
    return pending_q() & Q(latest_revision__submitted_at__lt=cutoff)


def queue(terms: PolicyTerms) -> QuerySet[ReviewItem]:
    """Every item waiting for the board: a pending revision, or a re-review due; oldest first."""
    return (
        ReviewItem.objects.filter(pending_q() | rereview_due_q(terms))
        .select_related(
            "content_type",
            "latest_revision__submitted_by",
            "live_revision",
            "claimed_by",
        )
        .order_by("latest_revision__submitted_at", "pk")
    )


def rereview_due_items(terms: PolicyTerms) -> QuerySet[ReviewItem]:
    return ReviewItem.objects.filter(rereview_due_q(terms)).order_by("last_reviewed_at", "pk")


def waiting_for(user, terms: PolicyTerms) -> int:
    """How many queue items a board member could pick up now (free or held by them)."""
    return queue(terms).filter(Q(claimed_by__isnull=True) | Q(claimed_by=user)).count()
