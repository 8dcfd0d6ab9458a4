"""``manage.py seed_demo --articles N``: bulk demo content for benchmarks and demos."""

from django.core.management.base import BaseCommand, CommandError

from articles.demo.seeding import flush_seeded, seed_demo


class Command(BaseCommand):
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
            raise CommandError("--articles must be 0 or more and --batch at least 1.")
        if flush:
            deleted = flush_seeded()
            self.stdout.write(f"Deleted {deleted} seeded articles.")

        def progress(done, total, seconds):
            rate = done / seconds if seconds else 0
            self.stdout.write(f"  {done:>9,}/{total:,} articles  {seconds:7.1f} s  ({rate:,.0f}/s)")

        def index_progress(done, total):
            self.stdout.write(f"  search index {done:>9,}/{total:,}")

        report = seed_demo(
            articles,
            seed=seed,
            batch_size=batch,
            progress=progress,
            index=not no_index,
            index_progress=index_progress,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {report.articles:,} articles, {report.photos:,} photos, "
                f"{report.sections} sections, {report.authors} authors, {report.tags} tags "
                f"in {report.seconds:.1f} s"
                + ("" if report.indexed else " (search index not rebuilt)")
                + "."
            )
        )
