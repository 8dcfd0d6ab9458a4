from django.core.management.base import BaseCommand

from articles.models import Photo
from articles.photos.metadata import backfill_perceptual_hashes
from articles.photos.renditions import generate_renditions, renditions_are_current


class Command(BaseCommand):
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
            self.stdout.write(f"Computed the perceptual hash of {hashed} photo(s).")
        for photo in Photo.objects.exclude(image="").order_by("pk").iterator(chunk_size=200):
            if not force and renditions_are_current(photo):
                continue
            if not dry_run:
                generate_renditions(photo, force=force)
            made += 1
        verb = "Would process" if dry_run else "Made renditions for"
        self.stdout.write(self.style.SUCCESS(f"{verb} {made} photo(s)."))
