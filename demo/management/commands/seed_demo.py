from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed_articles import seed_demo
from demo.seed_interpretation import demo_people, seed_interpretation
from reviews import notifications


class Command(BaseCommand):
    help = (
        "Load the demo users, sources, editorial policy, articles and interpretation content "
        "(development only: DEBUG must be on); run again, it brings an earlier demo database "
        "up to date through the review workflow."
    )
    # It brings content up to date, so it must run while the content check
    # (interpretation.checks) still finds the content incomplete.
    requires_system_checks = []

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo accounts' passwords and authenticator keys are published.
            raise CommandError(
                "seed_demo only runs on a development installation (DEBUG on): the demo "
                "accounts have published passwords and authenticator keys. Nothing was written."
            )
        quiet = options["verbosity"] == 0

        def log(message):
            if not quiet:
                self.stdout.write(f"  {message}")

        with notifications.muted():  # the demo's own workflow needs no mail
            seed_demo(log=log)
            editor, reviewer = demo_people()
            seed_interpretation(editor=editor, reviewer=reviewer, log=log)
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Demo content is in place."))
