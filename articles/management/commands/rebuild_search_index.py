from django.core.management.base import BaseCommand

from articles import search_index


class Command(BaseCommand):
    help = "Rebuild the search index from every published article's shown revision."

    def handle(self, *args, **options):
        count = search_index.rebuild()
        self.stdout.write(f"Indexed {count} article{'s' if count != 1 else ''}.")
