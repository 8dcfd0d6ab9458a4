"""``manage.py load_demo``: demo content for a fresh install (safe to run again)."""

from django.conf import settings
from django.utils.translation import gettext as _

from articles.demo.content import load_demo
from articles.management.base import SiteLanguageCommand, counted


class Command(SiteLanguageCommand):
    help = _(
        "Create the demo sections, authors, photos and articles that are missing, and "
        "(with DEBUG on) an editor and a writer account. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help=_("Do not create or reset the demo accounts, even with DEBUG on."),
        )

    def handle(self, *args, **options):
        self.report(load_demo(accounts=settings.DEBUG and not options["no_accounts"]))

    def report(self, report):
        if report.created:
            summary = ", ".join(
                counted(kind, count) for kind, count in sorted(report.created.items())
            )
            self.stdout.write(self.style.SUCCESS(_("Demo content created: %s.") % summary))
        else:
            self.stdout.write(_("Demo content already present: nothing to create."))
        self.stdout.write(_("Admin: %(url)s") % {"url": report.admin_url})
        for username, password, role in report.accounts:
            self.stdout.write(
                _("  %(role)s login: %(username)s / password: %(password)s")
                % {"role": role, "username": username, "password": password}
            )
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "DEBUG is off: no demo account was created. "
                        "Create one with “manage.py createsuperuser”."
                    )
                )
            )
