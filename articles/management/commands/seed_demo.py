"""``manage.py seed_demo --articles N``: bulk demo content for benchmarks and demos."""

from django.core.management.base import CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.demo.seeding import flush_seeded, seed_demo
from articles.management.base import SiteLanguageCommand, counted


def grouped(number: float, decimals: int = 0) -> str:
    """1,000 in English, 1 000 in French."""
    return number_format(number, decimal_pos=decimals, force_grouping=True)


class Command(SiteLanguageCommand):
    help = (
        "Add N generated articles (with sections, authors, tags and photos) to the "
        "database; the same --seed gives the same content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--batch", type=int, default=2000, help="Articles per transaction (default 2000)."
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete previously seeded content first (hand-written content is kept).",
        )
        parser.add_argument(
            "--no-index", action="store_true", help="Do not rebuild the search index."
        )

    def handle(self, *args, articles, seed, batch, flush, no_index, **options):
        if articles < 0 or batch < 1:
            raise CommandError(_("--articles must be 0 or more and --batch at least 1."))
        if flush:
            deleted = flush_seeded()
            self.stdout.write(
                ngettext(
                    "Deleted %(count)d seeded article.",
                    "Deleted %(count)d seeded articles.",
                    deleted,
                )
                % {"count": deleted}
            )

        def progress(done, total, seconds):
            rate = done / seconds if seconds else 0
            self.stdout.write(
                _("  %(done)s/%(total)s articles  %(seconds)s s  (%(rate)s/s)")
                % {
                    "done": grouped(done).rjust(9),
                    "total": grouped(total),
                    "seconds": grouped(seconds, 1).rjust(7),
                    "rate": grouped(rate),
                }
            )

        def index_progress(done, total):
            self.stdout.write(
                _("  search index %(done)s/%(total)s")
                % {"done": grouped(done).rjust(9), "total": grouped(total)}
            )

        report = seed_demo(
            articles,
            seed=seed,
            batch_size=batch,
            progress=progress,
            index=not no_index,
            index_progress=index_progress,
        )
        what = ", ".join(
            counted(kind, count)
            for kind, count in (
                ("articles", report.articles),
                ("photos", report.photos),
                ("sections", report.sections),
                ("authors", report.authors),
                ("tags", report.tags),
            )
        )
        seconds = grouped(report.seconds, 1)
        if report.indexed:
            line = _("Seeded %(what)s in %(seconds)s s.")
        else:
            line = _("Seeded %(what)s in %(seconds)s s (search index not rebuilt).")
        self.stdout.write(self.style.SUCCESS(line % {"what": what, "seconds": seconds}))
