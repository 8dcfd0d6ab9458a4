"""``manage.py backup --output newsroom.tar.gz``: database and media in one archive."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.backup import BackupError, create_backup
from articles.management.base import SiteLanguageCommand, counted


class Command(SiteLanguageCommand):
    help = (
        "Write the database (as JSON with natural keys) and every file under MEDIA_ROOT "
        "to one .tar.gz archive with a manifest. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: var/backups/newsroom-<date>.tar.gz).",
        )

    def handle(self, *args, **options):
        output = Path(
            options["output"]
            or settings.BASE_DIR
            / "var"
            / "backups"
            / f"newsroom-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = create_backup(output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        objects = sum(manifest["objects"].values())
        media = len(manifest["files"]) - 1
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s: %(objects)s, %(media)s.")
                % {
                    "path": output,
                    "objects": counted("objects", objects),
                    "media": counted("media files", media),
                }
            )
        )
