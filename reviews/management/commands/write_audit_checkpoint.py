"""`manage.py write_audit_checkpoint`: sign and publish where the chain stands (run from cron)."""

from django.core.management.base import BaseCommand

from reviews.audit import write_checkpoint


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of the audit chain as it stands now and publish it on the "
        "transparency page and feed. Safe to run from cron (e.g. hourly)."
    )

    def handle(self, *args, **options):
        checkpoint = write_checkpoint()
        self.stdout.write(
            self.style.SUCCESS(
                f"Signed a checkpoint at #{checkpoint.sequence} "
                f"(head {checkpoint.head_hash[:16]}…)."
            )
        )
