"""The outbox's tasks, run by the worker (``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def deliver_email(email_id: int) -> str:
    """Send one email from the outbox (at most once, however often this runs)."""
    return services.deliver(email_id=email_id)


@task()
def redeliver_stalled_email() -> int:
    """Enqueue again the emails whose delivery task was lost (run by the periodic trigger)."""
    return services.redeliver_stalled()
