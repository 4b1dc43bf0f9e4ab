"""`manage.py import_content FILE`: load an export into an empty database (transfer.restore)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from transfer import document, restore


class Command(BaseCommand):
    help = (
        "Load a document written by export_content into a freshly migrated, empty "
        "database, keeping every id, history row and the audit chain. The file must "
        "verify with this installation's audit keys first. Nobody becomes a superuser; "
        "authenticator devices are not carried (staff register an app at next log-in)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='The export to load ("-" for standard input).')

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                report = restore.import_content(sys.stdin)
            else:
                with open(file, encoding="utf-8") as stream:
                    report = restore.import_content(stream)
        except document.TransferRefused as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Could not read {file}: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.total} rows ({report.users} users, "
                f"{len(report.rows)} tables). The audit chain verifies."
            )
        )
        if report.html_cleaned:
            self.stdout.write(f"Sanitized {report.html_cleaned} stored HTML fields again.")
        self.stdout.write("Not carried from the file:")
        for sentence in report.not_carried:
            self.stdout.write(f"- {sentence}")
