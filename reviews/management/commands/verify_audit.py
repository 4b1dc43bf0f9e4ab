"""`manage.py verify_audit [--checkpoint FILE]`: check the whole record (reviews.audit)."""

import json

from django.core.management.base import BaseCommand, CommandError

from reviews.audit import verify_chain
from reviews.integrity import Checkpoint


class Command(BaseCommand):
    help = (
        "Check the audit chain: every event's keyed hash and link, every revision's content "
        "hash against its snapshot, every decision's digest, the head and the stored "
        "checkpoints. With --checkpoint, also check that the chain still holds a "
        "checkpoint someone kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="A checkpoint saved from the transparency page or its feed (JSON).",
        )

    def handle(self, *args, checkpoint=None, **options):
        held = self._read(checkpoint) if checkpoint else None
        report = verify_chain(held=held)
        for note in report.notes:
            self.stdout.write(note)
        if not report.ok:
            raise CommandError(report.problem)
        message = f"The audit chain verifies: {report.checked} events."
        if held is not None:
            message += f" It still holds the checkpoint at #{held.sequence}."
        self.stdout.write(self.style.SUCCESS(message))

    def _read(self, path: str) -> Checkpoint:
        try:
            with open(path, encoding="utf-8") as stream:
                return Checkpoint.from_published(json.load(stream))
        except OSError as exc:
            raise CommandError(f"Could not read {path}: {exc}") from exc
        except ValueError as exc:  # includes json.JSONDecodeError
            raise CommandError(f"{path} is not a saved audit checkpoint: {exc}") from exc
