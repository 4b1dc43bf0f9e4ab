"""The review workflow's transitions: the only code that changes workflow state.

Every transition checks its guards and then acts inside one transaction that
holds a lock on the item's row, so two reviewers acting at once are serialised.
A refused transition raises :class:`TransitionRefused` with a sentence for the
person and changes nothing. Every write records its user and reason in the
history.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .access import active_board_membership, can_submit
from .history import save_recorded
from .models import (
    PENDING_STATES,
    DecisionKind,
    EditorialPolicyVersion,
    PolicyTerms,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)


class TransitionRefused(Exception):
    """A workflow step was refused. ``str(exc)`` is a sentence for the person."""


def content_hash(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON: the same content, the same hash."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def current_policy() -> EditorialPolicyVersion | None:
    return EditorialPolicyVersion.objects.current()


def current_terms() -> PolicyTerms:
    policy = current_policy()
    return policy.terms if policy else PolicyTerms()


# Reads -------------------------------------------------------------------------------


def review_item_of(obj) -> ReviewItem | None:
    """The object's review record, read fresh from the database (never a stale cache)."""
    return (
        ReviewItem.objects.select_related("latest_revision", "live_revision")
        .filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .first()
    )


def latest_revision(obj) -> Revision | None:
    item = review_item_of(obj)
    return item.latest_revision if item else None


def live_revision(obj) -> Revision | None:
    """The last approved revision: what readers see."""
    item = review_item_of(obj)
    return item.live_revision if item else None


def status_of(obj) -> str:
    """The state of the object's newest revision, or ``draft`` before its first submit."""
    revision = latest_revision(obj)
    return revision.status if revision else ReviewState.DRAFT


# Guards ------------------------------------------------------------------------------


def _require_board_member(user, action: str):
    membership = active_board_membership(user)
    if membership is None:
        raise TransitionRefused(f"Only active members of the medical board can {action}.")
    return membership


def _require_not_contributor(revision: Revision, user) -> None:
    if user.pk in set(revision.contributor_ids) or user.pk == revision.submitted_by_id:
        raise TransitionRefused(
            "You wrote or submitted this content, so another board member must review it."
        )


def _require_latest(item: ReviewItem, revision: Revision, action: str) -> None:
    if item.latest_revision_id != revision.pk:
        raise TransitionRefused(
            f"Revision {revision.number} is no longer the latest (revision "
            f"{item.latest_revision.number} replaced it), so it cannot be {action}."
        )


def _lock_item(revision: Revision) -> tuple[ReviewItem, Revision]:
    """Lock the item's row, then re-read the revision inside the lock."""
    item = (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("latest_revision")
        .get(pk=revision.item_id)
    )
    return item, Revision.objects.get(pk=revision.pk)


def _lock_or_create_item(obj) -> ReviewItem:
    model = type(obj)
    locked = model._base_manager.select_for_update().get(pk=obj.pk)
    if locked.review_item_id:
        obj.review_item_id = locked.review_item_id
        return (
            ReviewItem.objects.select_for_update(of=("self",))
            .select_related("latest_revision")
            .get(pk=locked.review_item_id)
        )
    item = ReviewItem(
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj.pk,
        title=obj.review_title()[:300],
    )
    return item


# Transitions -------------------------------------------------------------------------


def submit(obj, *, by, note: str = "") -> Revision:
    """Store an immutable revision of ``obj`` and put it in the board's queue.

    Guarded: only editors may submit; content identical to the latest pending
    or approved revision is refused (there is nothing new to review).
    """
    if not can_submit(by):
        raise TransitionRefused("Only editors can submit content for review.")
    with transaction.atomic():
        item = _lock_or_create_item(obj)
        obj.refresh_from_db()
        snapshot = obj.review_snapshot()
        digest = content_hash(snapshot)
        previous = item.latest_revision if item.pk else None
        if previous is not None and previous.content_hash == digest:
            if previous.status in PENDING_STATES:
                raise TransitionRefused(
                    f"This content is already waiting for review as revision {previous.number}."
                )
            if previous.status == ReviewState.APPROVED:
                raise TransitionRefused(
                    "Nothing has changed since the approved revision; edit the content first."
                )
        if item.pk is None:
            save_recorded(item, by=by, reason="Entered the review workflow")
            obj.review_item = item
            save_recorded(obj, by=by, reason="Linked to its review record")
        revision = Revision(
            item=item,
            number=(previous.number + 1) if previous else 1,
            snapshot=snapshot,
            content_hash=digest,
            status=ReviewState.SUBMITTED,
            submitted_by=by,
            note=note.strip(),
            contributor_ids=sorted(obj.review_contributor_ids() | {by.pk}),
        )
        save_recorded(revision, by=by, reason=f"Submitted for review: {note.strip()}".strip(": "))
        item.latest_revision = revision
        item.title = obj.review_title()[:300]
        save_recorded(item, by=by, reason=f"Revision {revision.number} submitted")
        return revision


def start_review(revision: Revision, *, by) -> Revision:
    """A board member takes a submitted revision under review.

    Guarded: active board member; not a contributor; the latest revision; in state submitted.
    """
    with transaction.atomic():
        item, revision = _lock_item(revision)
        _require_board_member(by, "start a review")
        _require_not_contributor(revision, by)
        _require_latest(item, revision, "reviewed")
        if revision.status != ReviewState.SUBMITTED:
            raise TransitionRefused(
                f"Revision {revision.number} is {revision.get_status_display().lower()}, "
                "not waiting to be reviewed."
            )
        revision.status = ReviewState.UNDER_REVIEW
        save_recorded(revision, by=by, reason="Review started")
        return revision


def _decide_guards(item: ReviewItem, revision: Revision, by, action: str):
    membership = _require_board_member(by, action)
    _require_not_contributor(revision, by)
    _require_latest(item, revision, "approved" if action == "approve content" else "judged")
    if revision.status != ReviewState.UNDER_REVIEW:
        if revision.status == ReviewState.SUBMITTED:
            raise TransitionRefused("Start the review of this revision before deciding on it.")
        raise TransitionRefused(
            f"Revision {revision.number} is already {revision.get_status_display().lower()}."
        )
    return membership


def approve(revision: Revision, *, by, comment: str = "") -> ReviewDecision:
    """Record a board member's approval; the revision goes live when enough have approved.

    Guarded: active board member; not a contributor; the latest revision; under
    review; one approval per reviewer. The number of distinct approvals needed
    comes from the editorial policy in force.
    """
    with transaction.atomic():
        item, revision = _lock_item(revision)
        membership = _decide_guards(item, revision, by, "approve content")
        if revision.decisions.filter(kind=DecisionKind.APPROVE, reviewer=by).exists():
            raise TransitionRefused("You have already approved this revision.")
        policy = current_policy()
        terms = policy.terms if policy else PolicyTerms()
        decision = ReviewDecision(
            revision=revision,
            reviewer=by,
            kind=DecisionKind.APPROVE,
            comment=comment.strip(),
            reviewer_credentials=membership.credentials,
            content_hash=revision.content_hash,
            policy_version=policy,
        )
        save_recorded(decision, by=by, reason="Approved")
        approvals = revision.decisions.filter(kind=DecisionKind.APPROVE).count()
        if approvals >= terms.approvals_required:
            now = timezone.now()
            revision.status = ReviewState.APPROVED
            revision.approved_at = now
            save_recorded(
                revision,
                by=by,
                reason=f"Approved ({approvals} of {terms.approvals_required} approvals)",
            )
            item.live_revision = revision
            item.last_reviewed_at = now
            save_recorded(item, by=by, reason=f"Revision {revision.number} is now live")
        return decision


def request_changes(revision: Revision, *, by, comment: str) -> ReviewDecision:
    """Send a revision back to its editors with a comment saying what to change.

    Guarded: active board member; not a contributor; the latest revision; under
    review; a non-empty comment.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        item, revision = _lock_item(revision)
        membership = _decide_guards(item, revision, by, "request changes")
        if not comment:
            raise TransitionRefused("Say what needs to change: a comment is required.")
        decision = ReviewDecision(
            revision=revision,
            reviewer=by,
            kind=DecisionKind.REQUEST_CHANGES,
            comment=comment,
            reviewer_credentials=membership.credentials,
            content_hash=revision.content_hash,
            policy_version=current_policy(),
        )
        save_recorded(decision, by=by, reason="Changes requested")
        revision.status = ReviewState.CHANGES_REQUESTED
        save_recorded(revision, by=by, reason="Changes requested")
        return decision


# Editorial policy ---------------------------------------------------------------------


def add_policy_version(
    *,
    by,
    effective_date,
    body_markdown: str,
    change_note: str,
    approvals_required: int = 1,
    rereview_interval_days: int = 365,
    review_turnaround_days: int = 7,
) -> EditorialPolicyVersion:
    """Add the next version of the editorial policy. Earlier versions are kept as they are."""
    from articles.rendering import render_markdown

    with transaction.atomic():
        last = EditorialPolicyVersion.objects.select_for_update().order_by("-number").first()
        version = EditorialPolicyVersion(
            number=(last.number + 1) if last else 1,
            effective_date=effective_date,
            body_markdown=body_markdown,
            body_html=render_markdown(body_markdown),
            change_note=(change_note or "").strip(),
            approvals_required=approvals_required,
            rereview_interval_days=rereview_interval_days,
            review_turnaround_days=review_turnaround_days,
            created_by=by,
        )
        version.full_clean()
        save_recorded(version, by=by, reason=f"Policy version {version.number}: {change_note}")
        return version
