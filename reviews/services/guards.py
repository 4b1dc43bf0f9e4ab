"""Guards the workflow's transitions share: each raises TransitionRefused with a
sentence for the person, and is called under the item's lock."""

from __future__ import annotations

from ..access import active_board_membership
from ..models import ReviewItem, Revision, display_name
from .steps import TransitionRefused, format_day


def require_board_member(user, action: str):
    membership = active_board_membership(user)
    if membership is None:
        raise TransitionRefused(f"Only active members of the medical board can {action}.")
    return membership


def require_not_contributor(revision: Revision, user, action: str = "review") -> None:
    if user.pk in set(revision.contributor_ids) or user.pk == revision.submitted_by_id:
        raise TransitionRefused(
            f"You wrote or submitted this content, so another board member must {action} it."
        )


def require_latest(item: ReviewItem, revision: Revision, action: str) -> None:
    if item.latest_revision_id != revision.pk:
        raise TransitionRefused(
            f"Revision {revision.number} is no longer the latest (revision "
            f"{item.latest_revision.number} replaced it), so it cannot be {action}."
        )


def require_not_withdrawn(item: ReviewItem) -> None:
    """Nothing of withdrawn content is reviewed, approved or re-confirmed again."""
    if item.withdrawn_at is not None:
        raise TransitionRefused(
            f"The medical board withdrew this content on {format_day(item.withdrawn_at)}: "
            "its revisions can no longer be reviewed or approved."
        )


def require_claim_holder_or_free(item: ReviewItem, user) -> None:
    if item.claimed_by_id and item.claimed_by_id != user.pk:
        raise TransitionRefused(
            f"{display_name(item.claimed_by)} has claimed this item; only they can decide "
            "while they hold it."
        )


def declaration(conflict_of_interest: str) -> str:
    declaration = (conflict_of_interest or "").strip()
    if not declaration:
        raise TransitionRefused('Declare any conflict of interest, or write "none".')
    return declaration
