from django.core.management.base import BaseCommand

from articles.search import INDEX_BATCH_SIZE, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every article (PostgreSQL or SQLite)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=INDEX_BATCH_SIZE,
            help=f"Articles indexed per transaction (default {INDEX_BATCH_SIZE}).",
        )

    def handle(self, *args, batch_size, **options):
        def progress(done, total):
            self.stdout.write(f"Indexed {done}/{total} articles")

        total = rebuild_index(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} articles."))
