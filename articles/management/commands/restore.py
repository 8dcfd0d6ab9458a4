"""``manage.py restore newsroom.tar.gz``: load a backup into an empty install."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty, migrated install: "
        "the database in one transaction, then the media files; then rebuild the search "
        "index and any missing photo renditions."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already has users or content.",
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.objects} objects and {result.media_files} media files "
                f"from a backup of {result.manifest['created_at']}; "
                f"search index rebuilt ({result.indexed_articles} articles), "
                f"renditions made for {result.renditions_made} photo(s)."
            )
        )
