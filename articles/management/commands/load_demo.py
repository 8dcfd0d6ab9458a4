"""``manage.py load_demo``: demo content for a fresh install (safe to run again)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.demo.content import load_demo


class Command(BaseCommand):
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
        # Commands run untranslated by default; this one speaks to the person who
        # set the site up, in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
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


def counted(kind: str, count: int) -> str:
    """“3 articles”, “1 rubrique”: what the demo created, in words."""
    phrases = {
        "accounts": ngettext("%(count)d account", "%(count)d accounts", count),
        "articles": ngettext("%(count)d article", "%(count)d articles", count),
        "authors": ngettext("%(count)d author", "%(count)d authors", count),
        "corrections": ngettext("%(count)d correction", "%(count)d corrections", count),
        "photos": ngettext("%(count)d photo", "%(count)d photos", count),
        "sections": ngettext("%(count)d section", "%(count)d sections", count),
    }
    return phrases.get(kind, f"%(count)d {kind}") % {"count": count}
