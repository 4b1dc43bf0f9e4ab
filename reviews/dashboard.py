"""What the admin index shows each person: their part of the workflow at a glance.

Editors see what they sent back from the board (with the board's comments), what
they submitted that still waits, and what is approved and scheduled. Board members
see what waits for them, what they hold, and what is due for re-review. Reads only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse

from . import selectors
from .access import active_board_membership, can_submit
from .models import DecisionKind, ReviewDecision, ReviewItem, ReviewState

SHOWN = 20  # each list shows the oldest this many; the queue has the rest
RECENT = 5  # the editor's most recently approved content


@dataclass
class Entry:
    item: ReviewItem
    desk_url: str
    edit_url: str | None
    note: str = ""
    due: datetime.date | None = None
    comments: list[ReviewDecision] = field(default_factory=list)


def _edit_url(item: ReviewItem) -> str | None:
    content_type = item.content_type
    try:
        return reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change", args=[item.object_id]
        )
    except NoReverseMatch:
        return None


def _entry(item: ReviewItem, note: str = "", comments=(), due=None) -> Entry:
    return Entry(
        item=item,
        desk_url=reverse("admin:reviews_reviewqueue_review", args=[item.pk]),
        edit_url=_edit_url(item),
        note=note,
        due=due,
        comments=list(comments),
    )


def _items():
    return ReviewItem.objects.select_related(
        "content_type", "latest_revision", "scheduled_revision", "claimed_by"
    ).defer("latest_revision__snapshot", "scheduled_revision__snapshot")


def for_editor(user) -> dict[str, list[Entry]] | None:
    """The editor's submissions: sent back (with the comments), waiting, scheduled, and
    the latest approved and live."""
    if not can_submit(user):
        return None
    terms = selectors.current_terms()
    mine = Q(latest_revision__submitted_by=user)
    requests = Prefetch(
        "latest_revision__decisions",
        queryset=ReviewDecision.objects.filter(kind=DecisionKind.REQUEST_CHANGES).select_related(
            "reviewer"
        ),
        to_attr="change_requests",
    )
    sent_back = (
        _items()
        .filter(mine, latest_revision__status=ReviewState.CHANGES_REQUESTED)
        .prefetch_related(requests)
        .order_by("-latest_revision__submitted_at")[:SHOWN]
    )
    waiting = selectors.with_approvals(
        _items().filter(mine, latest_revision__status__in=[*selectors.PENDING_STATES]), user
    ).order_by("latest_revision__submitted_at")[:SHOWN]
    scheduled = (
        _items().filter(scheduled_revision__submitted_by=user).order_by("go_live_at")[:SHOWN]
    )
    approved = (
        _items()
        .select_related("live_revision")
        .defer("live_revision__snapshot")
        .filter(live_revision__submitted_by=user)
        .order_by("-live_revision__approved_at", "-pk")[:RECENT]
    )
    return {
        "sent_back": [
            _entry(item, comments=item.latest_revision.change_requests) for item in sent_back
        ],
        "waiting": [
            _entry(
                item,
                note=f"{item.approval_count} of {terms.approvals_required} approvals recorded",
            )
            for item in waiting
        ],
        "scheduled": [_entry(item) for item in scheduled],
        "approved": [
            _entry(item, note=f"revision {item.live_revision.number} live") for item in approved
        ],
    }


def for_board_member(user) -> dict[str, list[Entry]] | None:
    """What waits for the board member, what they hold, what is due for re-review."""
    if active_board_membership(user) is None:
        return None
    terms = selectors.current_terms()
    waiting_ids = selectors.waiting_item_ids(terms)
    base = selectors.with_approvals(_items().filter(pk__in=waiting_ids), user).order_by(
        "latest_revision__submitted_at", "pk"
    )
    pending = Q(latest_revision__status__in=[*selectors.PENDING_STATES])
    for_you = [
        item
        for item in base.filter(pending, claimed_by__isnull=True).exclude(
            latest_revision__submitted_by=user
        )
        if user.pk not in item.latest_revision.contributor_ids and not item.you_approved
    ][:SHOWN]
    claimed = base.filter(claimed_by=user)[:SHOWN]
    rereview = (
        _items()
        .filter(selectors.rereview_due_q(terms))
        .exclude(selectors.pending_q())
        .order_by("last_reviewed_at", "pk")[:SHOWN]
    )

    def approvals(item) -> str:
        return f"{item.approval_count} of {terms.approvals_required} approvals recorded"

    return {
        "waiting": [_entry(item, note=approvals(item)) for item in for_you],
        "claimed": [_entry(item, note=approvals(item)) for item in claimed],
        "rereview": [_entry(item, due=selectors.next_review_due(item, terms)) for item in rereview],
    }
