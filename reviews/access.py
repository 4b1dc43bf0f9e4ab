"""Who may do what in the review workflow. One helper per question, used everywhere."""

from __future__ import annotations

from .models import BoardMember

SUBMIT_PERMISSION = "reviews.submit_for_review"


def active_board_membership(user) -> BoardMember | None:
    """The person's active board membership, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return BoardMember.objects.filter(user_id=user.pk, is_active=True).first()


def can_submit(user) -> bool:
    """Editors (and administrators) may submit content for review."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(SUBMIT_PERMISSION)
    )


def can_release_claims(user) -> bool:
    """Administrators may release a claim someone else holds (a stale claim)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm("reviews.release_any_claim")
    )


def can_view_queue(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm("reviews.view_reviewitem")
    )
