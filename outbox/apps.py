from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing mail"

    # Administrators watch deliveries and send undeliverable mail again (reviews.registry).
    role_permissions = {
        "Administrators": {"outbox.outgoingemail": ("view", "retry_delivery")},
    }
    # Work the periodic trigger (`manage.py enqueue_periodic_tasks`) hands to the worker.
    periodic_tasks = ("outbox.tasks.redeliver_stalled_email",)
