"""The workflow's background tasks, run by the worker (``manage.py db_worker``).

Each is safe to run twice or late: it re-reads the state it acts on under a lock.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def publish_when_due(item_id: int) -> bool:
    """Publish the item's scheduled revision; enqueued for its go-live time."""
    return services.publish_if_due(item_id=item_id)


@task()
def publish_due_items() -> list[int]:
    """Catch up: publish every scheduled revision whose time has come (periodic)."""
    return services.publish_due()


@task()
def send_review_reminders() -> int:
    """Queue the board's emails about content due for re-review (periodic)."""
    return services.send_review_reminders()
