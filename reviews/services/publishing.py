"""Scheduled publishing: an approved revision that goes live at a chosen time.

The board approves with a go-live time (``workflow.approve(go_live_at=...)``);
until then readers keep the live revision. The approval enqueues a task due at
that time (``reviews.tasks.publish_when_due``, in the same transaction), and the
worker runs ``publish_if_due``, which makes the scheduled revision the live one
for the record. A reader who arrives in between, once the time has come, is
shown the scheduled revision at once (``ReviewItem.shown_revision``); readers
never publish. ``publish_due`` publishes everything that is due: the periodic
trigger's catch-up, in case a task was lost. Publishing records an audit event,
which moves the reader stamp every reader cache is keyed by, tells the search
index and queues an email to the submitter.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..access import active_board_membership, can_submit
from ..audit import record_event
from ..history import save_recorded
from ..models import AuditEventKind, ReviewItem, display_name
from . import steps
from .steps import TransitionRefused


def _publish(item: ReviewItem, *, by, reason: str) -> None:
    revision = item.scheduled_revision
    planned = item.go_live_at
    steps.put_live(item, revision, reviewed_at=revision.approved_at)
    save_recorded(item, by=by, reason=reason)
    record_event(
        AuditEventKind.PUBLISH,
        actor=by,
        item=item,
        revision=revision,
        summary=f"Revision {revision.number} published ({reason.lower()})",
        data={"planned_for": planned.isoformat(), "content_hash": revision.content_hash},
    )
    steps.announce(item, "publish")
    notifications.revision_published(item, revision, how=reason)


def publish_if_due(*, item_id: int, now: datetime.datetime | None = None) -> bool:
    """Publish the item's scheduled revision if its time has come; whether it did.

    Guarded: under the item's row lock, the schedule is read again, so a schedule
    that was moved later, published early or replaced leaves nothing to do, and
    two runs at once publish once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = steps.lock(ReviewItem(pk=item_id))
        if locked.go_live_at is None or locked.go_live_at > now:
            return False
        _publish(locked, by=None, reason="Published at the scheduled time")
    return True


def publish_due(now: datetime.datetime | None = None) -> list[int]:
    """Put live every scheduled revision whose time has come; the items' ids."""
    now = now or timezone.now()
    due = ReviewItem.objects.filter(go_live_at__lte=now).order_by("go_live_at")
    return [pk for pk in due.values_list("pk", flat=True) if publish_if_due(item_id=pk, now=now)]


def reschedule(item: ReviewItem, *, by, go_live_at: datetime.datetime | None) -> ReviewItem:
    """Move a waiting revision's go-live time, or publish it now (``go_live_at=None``).

    Editors and board members may; the content itself was approved already.
    """
    with transaction.atomic():
        item = steps.lock(item)
        if not (can_submit(by) or active_board_membership(by)):
            raise TransitionRefused(
                "Only editors and board members can change when content goes live."
            )
        if item.scheduled_revision_id is None:
            raise TransitionRefused("No approved revision of this item is waiting to go live.")
        if go_live_at is None:
            _publish(item, by=by, reason=f"Published early by {display_name(by)}")
            return item
        steps.require_future(go_live_at)
        previous = item.go_live_at
        item.go_live_at = go_live_at
        save_recorded(item, by=by, reason=f"Go-live time moved to {steps.format_when(go_live_at)}")
        record_event(
            AuditEventKind.SCHEDULE,
            actor=by,
            item=item,
            revision=item.scheduled_revision,
            summary=(
                f"Revision {item.scheduled_revision.number} now goes live at "
                f"{steps.format_when(go_live_at)} (was {steps.format_when(previous)}), "
                f"set by {display_name(by)}"
            ),
            data={"go_live_at": go_live_at.isoformat(), "previous": previous.isoformat()},
        )
        steps.announce(item, "schedule")
        steps.plan_publication(item)
        return item
