from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing mail"

    # Administrators watch deliveries and tasks, and send undeliverable mail again
    # (see reviews.registry).
    role_permissions = {
        "Administrators": {
            "outbox.outgoingemail": ("view", "retry_delivery"),
            "django_tasks_database.dbtaskresult": ("view",),
        },
    }
    # Work the periodic trigger (`manage.py enqueue_periodic_tasks`) hands to the worker.
    periodic_tasks = ("outbox.tasks.redeliver_stalled_email",)
