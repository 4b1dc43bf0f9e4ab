"""Scheduled publishing: an approved revision that goes live at a chosen time.

The board approves with a go-live time (``workflow.approve(go_live_at=...)``);
until then readers keep the live revision. ``publish_due`` puts every schedule
whose time has come live; ``manage.py publish_scheduled`` runs it (every minute
from cron or a systemd timer) and the article page runs it for its own article
when a reader arrives after the time, so no reader sees the old text late.
Publishing records an audit event, which moves the stamp cached reader pages
are keyed by (``articles.page_cache``), and announces the change, which
refreshes the search index and the engine's reference data.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ..access import active_board_membership, can_submit
from ..audit import record_event
from ..history import save_recorded
from ..models import AuditEventKind, ReviewItem, display_name
from .workflow import TransitionRefused, _announce, _lock, _when, put_live, require_future


def _publish(item: ReviewItem, *, by, reason: str) -> None:
    revision = item.scheduled_revision
    planned = item.go_live_at
    put_live(item, revision, reviewed_at=revision.approved_at)
    save_recorded(item, by=by, reason=reason)
    record_event(
        AuditEventKind.PUBLISH,
        actor=by,
        item=item,
        revision=revision,
        summary=f"Revision {revision.number} published ({reason.lower()})",
        data={"planned_for": planned.isoformat(), "content_hash": revision.content_hash},
    )
    _announce(item, "publish")


def _publish_if_due(item: ReviewItem, now: datetime.datetime) -> bool:
    """Publish the item's scheduled revision under its row lock, if still due then."""
    with transaction.atomic():
        locked = _lock(item)
        if locked.go_live_at is None or locked.go_live_at > now:
            return False
        _publish(locked, by=None, reason="Published at the scheduled time")
    return True


def publish_due(now: datetime.datetime | None = None) -> list[int]:
    """Put live every scheduled revision whose time has come; the items' ids."""
    now = now or timezone.now()
    due = ReviewItem.objects.filter(go_live_at__lte=now).order_by("go_live_at")
    return [
        pk for pk in due.values_list("pk", flat=True) if _publish_if_due(ReviewItem(pk=pk), now)
    ]


def publish_due_item(item: ReviewItem) -> bool:
    """``publish_due`` for one item the caller holds; True when it went live."""
    now = timezone.now()
    if item.go_live_at is None or item.go_live_at > now:
        return False  # the common case, answered without a query
    return _publish_if_due(item, now)


def reschedule(item: ReviewItem, *, by, go_live_at: datetime.datetime | None) -> ReviewItem:
    """Move a waiting revision's go-live time, or publish it now (``go_live_at=None``).

    Editors and board members may; the content itself was approved already.
    """
    with transaction.atomic():
        item = _lock(item)
        if not (can_submit(by) or active_board_membership(by)):
            raise TransitionRefused(
                "Only editors and board members can change when content goes live."
            )
        if item.scheduled_revision_id is None:
            raise TransitionRefused("No approved revision of this item is waiting to go live.")
        if go_live_at is None:
            _publish(item, by=by, reason=f"Published early by {display_name(by)}")
            return item
        require_future(go_live_at)
        previous = item.go_live_at
        item.go_live_at = go_live_at
        save_recorded(item, by=by, reason=f"Go-live time moved to {_when(go_live_at)}")
        record_event(
            AuditEventKind.SCHEDULE,
            actor=by,
            item=item,
            revision=item.scheduled_revision,
            summary=(
                f"Revision {item.scheduled_revision.number} now goes live at {_when(go_live_at)} "
                f"(was {_when(previous)}), set by {display_name(by)}"
            ),
            data={"go_live_at": go_live_at.isoformat(), "previous": previous.isoformat()},
        )
        _announce(item, "schedule")
        return item
