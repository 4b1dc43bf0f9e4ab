from django.core.management.base import BaseCommand, CommandError

from bench.scale import AlreadyLoaded, gather_planner_statistics, seed_scale


class Command(BaseCommand):
    help = (
        "Load synthetic published articles and history rows for scale benchmarks "
        "(10,000 articles and 100,000 history rows by default; after seed_demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--history", type=int, default=100_000)

    def handle(self, *args, articles, history, **options):
        if articles < 1 or history < 0:
            raise CommandError("--articles must be at least 1 and --history at least 0.")
        try:
            counts = seed_scale(
                articles=articles, history=history, log=lambda m: self.stdout.write(f"  {m}")
            )
        except AlreadyLoaded as exc:
            raise CommandError(str(exc)) from exc
        gather_planner_statistics()
        self.stdout.write("  Gathered the planner's statistics")
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts['articles']} articles; "
                f"{counts['history_rows']} history rows in all."
            )
        )
