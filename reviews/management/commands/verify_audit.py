from django.core.management.base import BaseCommand, CommandError

from reviews.audit import verify_chain


class Command(BaseCommand):
    help = "Walk the audit chain and name the first entry that does not match its hash."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(report.problem)
        self.stdout.write(self.style.SUCCESS(f"The audit chain verifies: {report.checked} events."))
