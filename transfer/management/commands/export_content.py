"""`manage.py export_content`: write all content as one JSON document (transfer.export)."""

import json

from django.core.management.base import BaseCommand, CommandError

from transfer import document, export


class Command(BaseCommand):
    help = (
        "Write all content (articles, reviews, audit chain, interpretation data, their "
        "history and the users they name) as one JSON document for import_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="Include password hashes (without it, imported users must reset theirs).",
        )
        parser.add_argument(
            "--summary",
            action="store_true",
            help="Write a JSON summary instead (row counts and digests per model, revision "
            "hashes, the audit chain) to compare two databases after a transfer.",
        )

    def handle(self, *args, output=None, with_passwords=False, summary=False, **options):
        try:
            if output:
                with open(output, "w", encoding="utf-8") as stream:
                    counts = self._write(stream, with_passwords=with_passwords, summary=summary)
            else:
                counts = self._write(self.stdout, with_passwords=with_passwords, summary=summary)
        except document.TransferRefused as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Could not write {output}: {exc}") from exc
        if output and counts is not None:
            self.stderr.write(f"Exported {sum(counts.values())} rows to {output}.")

    def _write(self, stream, *, with_passwords: bool, summary: bool) -> dict[str, int] | None:
        if summary:
            stream.write(json.dumps(export.content_summary(), indent=1) + "\n")
            return None
        return export.export_content(stream, with_passwords=with_passwords)
