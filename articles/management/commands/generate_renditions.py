from django.utils.translation import ngettext

from articles.management.base import SiteLanguageCommand
from articles.models import Photo
from articles.photos.metadata import backfill_perceptual_hashes
from articles.photos.renditions import generate_renditions, renditions_are_current


class Command(SiteLanguageCommand):
    help = "Make the WebP and JPEG renditions of photos that do not have current ones."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake every photo's renditions.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the photos to process."
        )

    def handle(self, *args, force=False, dry_run=False, **options):
        made = 0
        hashed = 0 if dry_run else backfill_perceptual_hashes()
        if hashed:
            self.stdout.write(
                ngettext(
                    "Computed the perceptual hash of %(count)d photo.",
                    "Computed the perceptual hash of %(count)d photos.",
                    hashed,
                )
                % {"count": hashed}
            )
        for photo in Photo.objects.exclude(image="").order_by("pk").iterator(chunk_size=200):
            if not force and renditions_are_current(photo):
                continue
            if not dry_run:
                generate_renditions(photo, force=force)
            made += 1
        if dry_run:
            line = ngettext(
                "Would process %(count)d photo.", "Would process %(count)d photos.", made
            )
        else:
            line = ngettext(
                "Made renditions for %(count)d photo.",
                "Made renditions for %(count)d photos.",
                made,
            )
        self.stdout.write(self.style.SUCCESS(line % {"count": made}))
