"""``manage.py restore newsroom.tar.gz``: load a backup into an empty install."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.backup import BackupError, restore_backup
from articles.management.base import SiteLanguageCommand, counted


class Command(SiteLanguageCommand):
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
                _(
                    "Restored %(objects)s and %(media)s from a backup of %(date)s; "
                    "search index rebuilt (%(articles)s), renditions made for %(photos)s."
                )
                % {
                    "objects": counted("objects", result.objects),
                    "media": counted("media files", result.media_files),
                    "date": backup_date(result.manifest["created_at"]),
                    "articles": counted("articles", result.indexed_articles),
                    "photos": counted("photos", result.renditions_made),
                }
            )
        )


def backup_date(created_at: str) -> str:
    """“4 décembre 2026 22:22” in the site's time zone; the stored text if unreadable."""
    try:
        moment = datetime.datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        return str(created_at)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")
