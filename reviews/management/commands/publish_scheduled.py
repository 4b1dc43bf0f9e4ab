from django.core.management.base import BaseCommand

from reviews import services as review


class Command(BaseCommand):
    help = (
        "Put live every approved revision whose go-live time has come "
        "(run every minute from cron; safe to run at any time)."
    )

    def handle(self, *args, **options):
        published = review.publish_due()
        self.stdout.write(
            f"Published {len(published)} scheduled revision{'s' if len(published) != 1 else ''}."
        )
