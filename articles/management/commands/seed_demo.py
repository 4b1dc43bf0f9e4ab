from django.core.management.base import BaseCommand

from articles.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo users, sources, editorial policy and articles (safe to run again)."

    def handle(self, *args, **options):
        seed_demo(log=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
