from django.utils.translation import gettext as _

from articles.management.base import SiteLanguageCommand, counted
from articles.search import INDEX_BATCH_SIZE, rebuild_index


class Command(SiteLanguageCommand):
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
            self.stdout.write(
                _("Indexed %(done)d/%(total)d articles") % {"done": done, "total": total}
            )

        total = rebuild_index(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Search index rebuilt: %(articles)s.") % {"articles": counted("articles", total)}
            )
        )
