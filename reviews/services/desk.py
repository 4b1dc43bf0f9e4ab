"""Deciding from the review desk: claiming and deciding in one step.

A board member who opens a free item and decides on it should not have to claim it
first: :func:`decide` claims the item for them (starting the review of a submitted
revision) and records the decision in one transaction, so a refused decision leaves
the item as it was, claim included.
"""

from __future__ import annotations

from django.db import transaction

from ..models import PENDING_STATES, ReviewDecision, ReviewItem
from ..selectors import is_rereview_due
from . import steps
from .workflow import approve, claim, reconfirm, request_changes

DECISIONS = {"approve", "request_changes", "reconfirm"}


def decide(item: ReviewItem, *, by, action: str, **fields) -> ReviewDecision:
    """Claim ``item`` for ``by`` unless they hold it, then approve its latest revision,
    request changes to it, or re-confirm its live revision.

    An item held by someone else is not taken over: the decision is refused with
    their name. Guarded by the transitions it calls (``claim``, then ``approve``,
    ``request_changes`` or ``reconfirm``); a refusal of either changes nothing.
    """
    if action not in DECISIONS:
        raise steps.TransitionRefused("Choose to approve, request changes or re-confirm.")
    with transaction.atomic():
        locked = steps.lock(item)
        latest = locked.latest_revision
        waiting = latest is not None and (
            latest.status in PENDING_STATES or is_rereview_due(locked)
        )
        if locked.claimed_by_id is None and waiting:
            claim(locked, by=by)
            locked = steps.lock(item)
        if action == "reconfirm":
            return reconfirm(locked, by=by, **fields)
        revision = locked.latest_revision
        if action == "approve":
            return approve(revision, by=by, **fields)
        return request_changes(revision, by=by, **fields)
