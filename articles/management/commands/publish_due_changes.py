"""Publish the scheduled changes to live articles whose time has come."""

from __future__ import annotations

from django.utils.translation import gettext as _

from articles.management.base import SiteLanguageCommand
from articles.publishing.revisions import publish_due_changes


class Command(SiteLanguageCommand):
    help = _(
        "Publish the scheduled changes to live articles whose time has come (opening an "
        "article in the admin does it too; a cron job is optional)."
    )

    def handle(self, *args, **options):
        count = publish_due_changes()
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d change(s) published.") % {"count": count})
        )
