"""The periodic trigger: work that no request causes (reminders, catch-up publication,
lost deliveries), handed to the worker on a timer.

The worker runs what is queued but cannot schedule anything by itself, so a
systemd timer (or cron) runs ``manage.py enqueue_periodic_tasks`` every minute.
Each app names its periodic tasks on its ``AppConfig`` (``periodic_tasks``);
every one of them is safe to run at any time, and the trigger adds none that is
still waiting from the last round, so a stopped worker does not pile them up.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult


def periodic_tasks() -> list[Task]:
    """Every app's periodic tasks, in INSTALLED_APPS order."""
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "periodic_tasks", ())
    ]


def enqueue_periodic_tasks() -> list[str]:
    """Enqueue each periodic task unless a run of it is still waiting; the names enqueued."""
    enqueued = []
    with transaction.atomic():
        for task in periodic_tasks():
            waiting = DBTaskResult.objects.filter(
                status=TaskResultStatus.READY, task_path=task.module_path
            )
            if not waiting.exists():
                task.enqueue()
                enqueued.append(task.name)
    return enqueued
