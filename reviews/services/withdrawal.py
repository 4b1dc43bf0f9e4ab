"""Withdrawing content: a board decision, with a reason readers are shown.

Readers see nothing of a withdrawn item any more (``ReviewItem.reader_revision`` and
``reviews.selectors.shown_to_readers_q``): it leaves lists, search, feeds and the
sitemap in the same transaction (the derived data is told through
``steps.announce``), and its address answers 410 Gone with the reason. Its
revisions, decisions and history stay, like everything in the record.

Guarded, under the item's row lock:

- only active board members withdraw, and never content they wrote or submitted;
- a reason is required: it is what readers are told;
- only content readers can read is withdrawn (articles: see the registry's
  ``readable_before_approval``; reference data and guidance change by revision,
  since the results tool depends on them);
- content already withdrawn is not withdrawn again;
- not while another board member holds the item's claim.

A revision still waiting for the board (submitted or under review) is closed in
the same transaction, undecided (``ReviewState.WITHDRAWN``, with the reason in its
history): it leaves the review queue and can no longer be approved.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import registry
from ..audit import record_event
from ..history import save_recorded
from ..models import (
    PENDING_STATES,
    AuditEventKind,
    DecisionKind,
    ReviewItem,
    ReviewState,
    Revision,
    display_name,
)
from . import guards, steps
from .steps import TransitionRefused

WITHDRAWAL_REASON_MAX_LENGTH = 1000


def withdraw(item: ReviewItem, *, by, reason: str, conflict_of_interest: str = "none"):
    """Take ``item`` off the site for good, saying why; the decision is the board's."""
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        item = steps.lock(item)
        membership = guards.require_board_member(by, "withdraw content")
        if not reason:
            raise TransitionRefused("Say why the board withdraws this content: readers are told.")
        if len(reason) > WITHDRAWAL_REASON_MAX_LENGTH:
            raise TransitionRefused(
                f"Keep the reason to {WITHDRAWAL_REASON_MAX_LENGTH} characters."
            )
        if item.content_type.model_class() not in registry.readable_before_approval():
            raise TransitionRefused(
                "Only articles are withdrawn; change this content with a new revision instead."
            )
        if item.withdrawn_at is not None:
            raise TransitionRefused("This content has been withdrawn already.")
        revision = item.live_revision or item.latest_revision
        if revision is None:
            raise TransitionRefused(
                "This content has never been submitted: there is nothing to withdraw."
            )
        guards.require_not_contributor(revision, by, action="withdraw")
        guards.require_claim_holder_or_free(item, by)
        declaration = guards.declaration(conflict_of_interest)
        decision = steps.record_decision(
            revision,
            by=by,
            kind=DecisionKind.WITHDRAW,
            credentials=membership.credentials,
            declaration=declaration,
            comment=reason,
            reason=f"Withdrawn: {reason}",
        )
        closed = _close_pending(item, by=by, reason=reason)
        item.withdrawn_at = timezone.now()
        item.withdrawal_reason = reason
        item.scheduled_revision = None
        item.go_live_at = None
        item.claimed_by = None
        item.claimed_at = None
        save_recorded(item, by=by, reason=f"Withdrawn by the board: {reason}")
        record_event(
            AuditEventKind.WITHDRAW,
            actor=by,
            item=item,
            revision=revision,
            decision=decision,
            summary=f"“{item.title}” withdrawn by {display_name(by)}",
            data={"reason": reason}
            | ({"closed_revision": closed.number} if closed is not None else {}),
        )
        steps.announce(item, "withdraw")
        return decision


def _close_pending(item: ReviewItem, *, by, reason: str) -> Revision | None:
    """Close the revision still waiting for the board, undecided: it leaves the queue,
    and its history says why. It stays in the record like every revision."""
    pending = item.latest_revision
    if pending is None or pending.status not in PENDING_STATES:
        return None
    pending.status = ReviewState.WITHDRAWN
    save_recorded(
        pending,
        by=by,
        reason=f"Closed without a decision: the board withdrew this content ({reason})",
    )
    return pending
