"""Steps the transitions share: locking an item's row, putting a revision live,
releasing a claim, telling listeners. Used only inside a service's transaction."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .. import tasks
from ..history import save_recorded
from ..models import DecisionKind, ReviewDecision, ReviewItem, ReviewState, Revision
from ..signals import reader_content_changing


class TransitionRefused(Exception):
    """A workflow step was refused. ``str(exc)`` is a sentence for the person."""


def lock(item: ReviewItem) -> ReviewItem:
    """The item re-read under a lock on its row, with its revisions and holder."""
    return (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("latest_revision", "live_revision", "claimed_by")
        .get(pk=item.pk)
    )


def lock_item_of(revision: Revision) -> tuple[ReviewItem, Revision]:
    """Lock the revision's item, then re-read the revision inside the lock."""
    return lock(ReviewItem(pk=revision.item_id)), Revision.objects.get(pk=revision.pk)


def lock_or_create_item(obj) -> ReviewItem:
    """The object's review record under a row lock, or a new unsaved one."""
    model = type(obj)
    locked = model._base_manager.select_for_update().get(pk=obj.pk)
    if locked.review_item_id:
        obj.review_item_id = locked.review_item_id
        return (
            ReviewItem.objects.select_for_update(of=("self",))
            .select_related("latest_revision")
            .get(pk=locked.review_item_id)
        )
    return ReviewItem(
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj.pk,
        title=obj.review_title()[:300],
    )


def begin_review(revision: Revision, *, by, reason: str) -> None:
    revision.status = ReviewState.UNDER_REVIEW
    save_recorded(revision, by=by, reason=reason)
    announce(revision.item, "start_review")  # the public stepper moves on


def record_decision(
    revision: Revision,
    *,
    by,
    kind: DecisionKind,
    credentials: str,
    declaration: str,
    comment: str,
    reason: str,
    **details,
) -> ReviewDecision:
    """Store a board member's decision on ``revision``, with its history row.

    The sign-off record keeps what held when it was made: the reviewer's
    credentials, their declaration of interests and the hash of the content
    judged. ``details`` are the fields only some kinds fill (the policy version,
    the literature date, what an approval confirmed).
    """
    decision = ReviewDecision(
        revision=revision,
        reviewer=by,
        kind=kind,
        comment=comment,
        reviewer_credentials=credentials,
        conflict_of_interest=declaration,
        content_hash=revision.content_hash,
        **details,
    )
    save_recorded(decision, by=by, reason=reason)
    return decision


def announce(item: ReviewItem, event: str) -> None:
    """Tell derived data kept with the content (the search index) inside this transaction.

    Caches of reader pages need no message: they are keyed by the reader stamp,
    which the audit event of every such change moves once committed.
    """
    model = ContentType.objects.get_for_id(item.content_type_id).model_class()
    reader_content_changing.send(sender=model, item_id=item.pk, event=event)


def require_future(go_live_at: datetime.datetime | None) -> None:
    if go_live_at is not None and go_live_at <= timezone.now():
        raise TransitionRefused(
            "The go-live time has already passed: choose a later time, "
            "or leave it empty to publish at once."
        )


def format_day(day: datetime.date | datetime.datetime) -> str:
    """A day as people read it everywhere: "5 December 2026" (a moment by its local date)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return f"{day.day} {day:%B %Y}"


def format_when(moment: datetime.datetime) -> str:
    """A moment as people read it everywhere: "5 December 2026, 14:00 UTC"."""
    local = timezone.localtime(moment)
    return f"{format_day(local)}, {local:%H:%M %Z}"


def put_live(item: ReviewItem, revision: Revision, *, reviewed_at) -> None:
    """Make ``revision`` what readers see (the caller saves the item).

    A schedule waiting for an older revision ends here: it would otherwise replace
    newer approved content when its time came. "Last reviewed" moves only on a full
    review: a revision approved as a minor edit leaves it where it was.
    """
    item.live_revision = revision
    if not revision.minor_edit or item.last_reviewed_at is None:
        item.last_reviewed_at = reviewed_at
    item.scheduled_revision = None
    item.go_live_at = None


def release_claim(item: ReviewItem, *, by, reason: str) -> None:
    item.claimed_by = None
    item.claimed_at = None
    save_recorded(item, by=by, reason=reason)


def plan_publication(item: ReviewItem) -> None:
    """Enqueue the task that publishes the item's scheduled revision at its go-live time,
    in the transaction that set the time. A task whose time was moved finds nothing due
    and does nothing; the task enqueued with the new time publishes."""
    tasks.publish_when_due.using(run_after=item.go_live_at).enqueue(item_id=item.pk)
