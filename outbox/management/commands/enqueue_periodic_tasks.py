from django.core.management.base import BaseCommand

from outbox.periodic import enqueue_periodic_tasks


class Command(BaseCommand):
    help = (
        "Hand the worker its periodic work: re-review reminders, catch-up publication, "
        "lost mail deliveries (run every minute from a systemd timer or cron; idempotent)."
    )

    def handle(self, *args, **options):
        names = enqueue_periodic_tasks()
        self.stdout.write(
            f"Enqueued: {', '.join(names)}."
            if names
            else "Nothing to enqueue: the last round waits."
        )
