"""The review workflow's transitions: the only code that changes workflow state.

Every transition checks its guards and then acts inside one transaction that
holds a lock on the item's row, so two reviewers acting at once are serialised.
A refused transition raises :class:`TransitionRefused` with a sentence for the
person and changes nothing. Every write records its user and reason in the
history, and every event is appended to the hash-chained audit log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .. import notifications, registry
from ..access import can_release_claims, can_submit
from ..audit import record_event
from ..history import save_recorded
from ..integrity import content_hash
from ..models import (
    PENDING_STATES,
    AuditEventKind,
    CitationCheck,
    DecisionKind,
    PolicyTerms,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
    display_name,
)
from ..selectors import current_policy, is_rereview_due
from . import comments, guards, specialties, steps
from .steps import TransitionRefused

# Transitions -------------------------------------------------------------------------


def submit(obj, *, by, note: str = "") -> Revision:
    """Store an immutable revision of ``obj`` and put it in the board's queue.

    Guarded: only editors may submit; the content's own conditions
    (``Reviewable.review_submit_refusal``); content identical to the latest pending
    or approved revision is refused (there is nothing new to review). A claim on
    the previous revision is released: the new revision needs a fresh look.
    """
    if not can_submit(by):
        raise TransitionRefused("Only editors can submit content for review.")
    note = (note or "").strip()
    with transaction.atomic():
        item = steps.lock_or_create_item(obj)
        obj.refresh_from_db()
        snapshot = obj.review_snapshot()
        digest = content_hash(snapshot)
        previous = item.latest_revision if item.pk else None
        refusal = obj.review_submit_refusal(previous)
        if refusal:
            raise TransitionRefused(refusal)
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
            note=note,
            contributor_ids=sorted(obj.review_contributor_ids() | {by.pk}),
        )
        save_recorded(revision, by=by, reason=f"Submitted for review: {note}".strip(": "))
        item.latest_revision = revision
        item.title = obj.review_title()[:300]
        item.claimed_by = None
        item.claimed_at = None
        save_recorded(item, by=by, reason=f"Revision {revision.number} submitted")
        record_event(
            AuditEventKind.SUBMIT,
            actor=by,
            item=item,
            revision=revision,
            summary=f"Revision {revision.number} of “{item.title}” submitted",
            data={"content_hash": digest, "note": note},
        )
        notifications.revision_submitted(revision)
        steps.announce(item, "submit")
        return revision


def start_review(revision: Revision, *, by) -> Revision:
    """A board member takes a submitted revision under review.

    Guarded: active board member; not a contributor; the latest revision; in
    state submitted; not claimed by someone else.
    """
    with transaction.atomic():
        item, revision = steps.lock_item_of(revision)
        guards.require_board_member(by, "start a review")
        guards.require_not_withdrawn(item)
        guards.require_not_contributor(revision, by)
        guards.require_latest(item, revision, "reviewed")
        guards.require_claim_holder_or_free(item, by)
        if revision.status != ReviewState.SUBMITTED:
            raise TransitionRefused(
                f"Revision {revision.number} is {revision.get_status_display().lower()}, "
                "not waiting to be reviewed."
            )
        steps.begin_review(revision, by=by, reason="Review started")
        record_event(
            AuditEventKind.START_REVIEW,
            actor=by,
            item=item,
            revision=revision,
            summary=f"Review of revision {revision.number} started",
        )
        return revision


def claim(item: ReviewItem, *, by) -> ReviewItem:
    """A board member claims an item: others see who holds it, and only the holder
    decides while it is held. Claiming a submitted revision starts its review.

    Guarded: active board member; not a contributor to the latest revision; the
    item is waiting (a pending revision, or approved content due for re-review);
    not already held by someone else.
    """
    with transaction.atomic():
        item = steps.lock(item)
        guards.require_board_member(by, "claim items in the review queue")
        guards.require_not_withdrawn(item)
        revision = item.latest_revision
        if revision is None:
            raise TransitionRefused("This content has not been submitted for review.")
        waiting = revision.status in PENDING_STATES or is_rereview_due(item)
        if not waiting:
            raise TransitionRefused("This item is not waiting for a review.")
        if item.claimed_by_id == by.pk:
            raise TransitionRefused("You already hold this item.")
        guards.require_claim_holder_or_free(item, by)
        guards.require_not_contributor(revision, by)
        item.claimed_by = by
        item.claimed_at = timezone.now()
        save_recorded(item, by=by, reason="Claimed for review")
        if revision.status == ReviewState.SUBMITTED:
            steps.begin_review(revision, by=by, reason="Review started (claimed)")
        record_event(
            AuditEventKind.CLAIM,
            actor=by,
            item=item,
            revision=revision,
            summary=f"“{item.title}” claimed by {display_name(by)}",
        )
        return item


def release(item: ReviewItem, *, by) -> ReviewItem:
    """Give up a claim. The holder may release it; an administrator may release a
    stale claim held by someone else."""
    with transaction.atomic():
        item = steps.lock(item)
        if item.claimed_by_id is None:
            raise TransitionRefused("Nobody holds this item.")
        holder = item.claimed_by
        if holder.pk != by.pk and not can_release_claims(by):
            raise TransitionRefused(
                f"{display_name(holder)} holds this item; only they or an administrator "
                "can release it."
            )
        steps.release_claim(item, by=by, reason=f"Claim of {display_name(holder)} released")
        record_event(
            AuditEventKind.RELEASE,
            actor=by,
            item=item,
            revision=item.latest_revision,
            summary=f"Claim of {display_name(holder)} on “{item.title}” released",
            data={"holder_id": holder.pk},
        )
        return item


def _decide_guards(item: ReviewItem, revision: Revision, by, action: str):
    membership = guards.require_board_member(by, action)
    guards.require_not_withdrawn(item)
    guards.require_not_contributor(revision, by)
    guards.require_latest(item, revision, "approved" if action == "approve content" else "judged")
    guards.require_claim_holder_or_free(item, by)
    if revision.status != ReviewState.UNDER_REVIEW:
        if revision.status == ReviewState.SUBMITTED:
            raise TransitionRefused("Start the review of this revision before deciding on it.")
        raise TransitionRefused(
            f"Revision {revision.number} is already {revision.get_status_display().lower()}."
        )
    return membership


def approve(
    revision: Revision,
    *,
    by,
    comment: str = "",
    conflict_of_interest: str = "none",
    literature_current_through: datetime.date | None = None,
    go_live_at: datetime.datetime | None = None,
    confirmed: Iterable[str] = (),
    minor_edit: bool = False,
) -> ReviewDecision:
    """Record a board member's approval; the revision goes live when enough have approved.

    With ``go_live_at`` (a future time) the approved revision waits for that time
    instead: readers keep the live revision until ``publish_due`` puts it live.

    Guarded: active board member; not a contributor; the latest revision; under
    review; not claimed by someone else; one approval per reviewer; a conflict
    of interest declaration; every approval requirement the content's app sets
    (``reviews.registry.approval_requirements``) named in ``confirmed``; no comment
    on the item still open (``reviews.services.comments``); the final approval
    includes one from the specialty the policy requires for the content's topic
    (``reviews.services.specialties``). The
    number of distinct approvals needed comes from the editorial policy in
    force. The decision is a sign-off record: it keeps the reviewer's
    credentials, the policy version, the content hash and what was confirmed.

    ``minor_edit``: the reviewer approves a minor edit of live content (wording,
    links, typos), not a full review; only content with a live revision can have
    one. The revision counts as a minor edit when every approval says so, and then
    "last reviewed" stays where the last full review put it (``steps.put_live``).
    """
    confirmed = set(confirmed)
    with transaction.atomic():
        item, revision = steps.lock_item_of(revision)
        membership = _decide_guards(item, revision, by, "approve content")
        comments.require_settled(item)
        declaration = guards.declaration(conflict_of_interest)
        steps.require_future(go_live_at)
        if revision.decisions.filter(kind=DecisionKind.APPROVE, reviewer=by).exists():
            raise TransitionRefused("You have already approved this revision.")
        if minor_edit and item.live_revision_id is None:
            raise TransitionRefused(
                "A first version needs a full review: approve it without marking it a minor edit."
            )
        requirements = registry.approval_requirements(item, revision)
        unconfirmed = [r.label for r in requirements if r.key not in confirmed]
        if unconfirmed:
            raise TransitionRefused(
                f"Confirm each of these before approving ({len(unconfirmed)} left): "
                + " ".join(unconfirmed)
            )
        confirmations = [{"key": r.key, "label": r.label} for r in requirements]
        policy = current_policy()
        terms = policy.terms if policy else PolicyTerms()
        specialties.require_specialty(revision, by=by, terms=terms)
        decision = steps.record_decision(
            revision,
            by=by,
            kind=DecisionKind.APPROVE,
            credentials=membership.credentials,
            declaration=declaration,
            comment=(comment or "").strip(),
            reason="Approved as a minor edit" if minor_edit else "Approved",
            literature_current_through=literature_current_through,
            policy_version=policy,
            confirmations=confirmations,
            minor_edit=bool(minor_edit),
        )
        approvals = revision.decisions.filter(kind=DecisionKind.APPROVE).count()
        went_live = approvals >= terms.approvals_required
        if went_live:
            now = timezone.now()
            revision.status = ReviewState.APPROVED
            revision.approved_at = now
            revision.minor_edit = not revision.decisions.filter(
                kind=DecisionKind.APPROVE, minor_edit=False
            ).exists()
            save_recorded(
                revision,
                by=by,
                reason=f"Approved ({approvals} of {terms.approvals_required} approvals)",
            )
            if go_live_at is None:
                steps.put_live(item, revision, reviewed_at=now)
                reason = f"Revision {revision.number} is now live"
            else:
                item.scheduled_revision = revision
                item.go_live_at = go_live_at
                when = steps.format_when(go_live_at)
                reason = f"Revision {revision.number} approved; goes live at {when}"
            item.claimed_by = None
            item.claimed_at = None
            save_recorded(item, by=by, reason=reason)
            if go_live_at is not None:
                steps.plan_publication(item)
            steps.announce(item, "approve")
        elif item.claimed_by_id == by.pk:
            # The next board member needs the item free to add their approval.
            steps.release_claim(
                item, by=by, reason="Released after approving: more approvals needed"
            )
        record_event(
            AuditEventKind.APPROVE,
            actor=by,
            item=item,
            revision=revision,
            decision=decision,
            summary=(
                f"Revision {revision.number} approved by {display_name(by)} "
                f"({approvals} of {terms.approvals_required})"
            ),
            data={
                "policy_version": policy.number if policy else None,
                "credentials": membership.credentials,
                "went_live": went_live and go_live_at is None,
                "go_live_at": go_live_at.isoformat() if went_live and go_live_at else None,
                "confirmed": confirmations,
                "minor_edit": bool(minor_edit),
            },
        )
        notifications.decision_made(decision)
        return decision


def request_changes(
    revision: Revision, *, by, comment: str, conflict_of_interest: str = "none"
) -> ReviewDecision:
    """Send a revision back to its editors with a comment saying what to change.

    Guarded: active board member; not a contributor; the latest revision; under
    review; not claimed by someone else; a non-empty comment.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        item, revision = steps.lock_item_of(revision)
        membership = _decide_guards(item, revision, by, "request changes")
        if not comment:
            raise TransitionRefused("Say what needs to change: a comment is required.")
        declaration = guards.declaration(conflict_of_interest)
        decision = steps.record_decision(
            revision,
            by=by,
            kind=DecisionKind.REQUEST_CHANGES,
            credentials=membership.credentials,
            declaration=declaration,
            comment=comment,
            reason="Changes requested",
            policy_version=current_policy(),
        )
        revision.status = ReviewState.CHANGES_REQUESTED
        save_recorded(revision, by=by, reason="Changes requested")
        steps.announce(item, "request_changes")
        if item.claimed_by_id:
            steps.release_claim(item, by=by, reason="Released: changes requested")
        record_event(
            AuditEventKind.REQUEST_CHANGES,
            actor=by,
            item=item,
            revision=revision,
            decision=decision,
            summary=f"Changes requested on revision {revision.number} by {display_name(by)}",
            data={"comment": comment},
        )
        notifications.decision_made(decision)
        return decision


def reconfirm(
    item: ReviewItem,
    *,
    by,
    comment: str = "",
    conflict_of_interest: str = "none",
    literature_current_through: datetime.date | None = None,
) -> ReviewDecision:
    """Re-confirm the live revision without a content change: a new sign-off and a
    new "last reviewed" date.

    Guarded: active board member; not a contributor to the live revision; the
    item has a live revision; not claimed by someone else.
    """
    with transaction.atomic():
        item = steps.lock(item)
        membership = guards.require_board_member(by, "re-confirm content")
        guards.require_not_withdrawn(item)
        revision = item.live_revision
        if revision is None:
            raise TransitionRefused("Only approved content can be re-confirmed.")
        guards.require_not_contributor(revision, by)
        guards.require_claim_holder_or_free(item, by)
        declaration = guards.declaration(conflict_of_interest)
        policy = current_policy()
        decision = steps.record_decision(
            revision,
            by=by,
            kind=DecisionKind.RECONFIRM,
            credentials=membership.credentials,
            declaration=declaration,
            comment=(comment or "").strip(),
            reason="Re-confirmed without changes",
            literature_current_through=literature_current_through,
            policy_version=policy,
        )
        item.last_reviewed_at = timezone.now()
        item.claimed_by = None
        item.claimed_at = None
        save_recorded(item, by=by, reason=f"Revision {revision.number} re-confirmed")
        steps.announce(item, "reconfirm")
        record_event(
            AuditEventKind.RECONFIRM,
            actor=by,
            item=item,
            revision=revision,
            decision=decision,
            summary=f"Revision {revision.number} re-confirmed by {display_name(by)}",
            data={"policy_version": policy.number if policy else None},
        )
        notifications.decision_made(decision)
        return decision


def set_citation_checked(
    revision: Revision, *, source_key: str, by, checked: bool = True
) -> CitationCheck:
    """Tick (or untick) a citation after confirming that the source supports the text.

    Guarded:

    - only active board members tick, and never on content they wrote or submitted;
    - only on the latest revision while it waits for the board (submitted or under
      review): a decided or replaced revision's ticks are part of its record;
    - not while another board member holds the item's claim;
    - a tick belongs to the one who made it: only they may undo it (or tick it again);
    - only a source the revision cites.
    """
    with transaction.atomic():
        item, revision = steps.lock_item_of(revision)
        guards.require_board_member(by, "check citations")
        guards.require_not_contributor(revision, by)
        guards.require_latest(item, revision, "checked")
        if revision.status not in PENDING_STATES:
            raise TransitionRefused(
                f"Revision {revision.number} is {revision.get_status_display().lower()}, "
                "not waiting for review: its citation checks are part of its record."
            )
        guards.require_claim_holder_or_free(item, by)
        if source_key not in revision.snapshot.get("sources", {}):
            raise TransitionRefused(f"Revision {revision.number} does not cite “{source_key}”.")
        check = (
            CitationCheck.objects.select_related("checked_by")
            .filter(revision=revision, source_key=source_key)
            .first()
        )
        if check is not None and check.checked and check.checked_by_id != by.pk:
            raise TransitionRefused(
                f"{display_name(check.checked_by)} checked “{source_key}”; only they can "
                "undo their check."
            )
        check = check or CitationCheck(revision=revision, source_key=source_key)
        check.checked = checked
        check.checked_by = by
        check.checked_at = timezone.now()
        save_recorded(
            check, by=by, reason=f"Citation {source_key} {'checked' if checked else 'unchecked'}"
        )
        record_event(
            AuditEventKind.CITATION_CHECK,
            actor=by,
            item=item,
            revision=revision,
            summary=f"Citation “{source_key}” {'checked' if checked else 'unchecked'}",
            data={"source_key": source_key, "checked": checked},
        )
        return check
