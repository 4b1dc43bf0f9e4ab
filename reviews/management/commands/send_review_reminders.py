from django.core.management.base import BaseCommand

from reviews import services as review


class Command(BaseCommand):
    help = "Email the board about content due for re-review (once per due date; safe from cron)."

    def handle(self, *args, **options):
        sent = review.send_review_reminders()
        self.stdout.write(f"Sent {sent} re-review reminder{'s' if sent != 1 else ''}.")
