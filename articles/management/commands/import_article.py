"""Import plain-text exports: ``manage.py import_article exports/ --section international``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.imports.plaintext import ExportError
from articles.imports.service import Action, collect_paths, image_beside, import_export
from articles.models import Article, Section


class Command(BaseCommand):
    help = (
        "Import plain-text exports (“date YYYY-MM-DD Photo : credit”, then paragraphs) as "
        "draft articles. PATH may be files or directories (every *.txt in them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--section", required=True, help="Slug of the section.")
        parser.add_argument("--headline", default="", help="Headline (one file only).")
        parser.add_argument("--tags", default="", help='Comma-separated: "Ukraine, Russie".')
        parser.add_argument("--author", default="", help="Byline; created if unknown.")
        parser.add_argument("--image", default="", help="Lead picture (one file only).")
        parser.add_argument(
            "--language", default=Article.Language.FRENCH, choices=Article.Language.values
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish (or schedule) at the file's date."
        )
        parser.add_argument(
            "--publish-despite-checks",
            default="",
            metavar="REASON",
            help="With --publish: publish even if the pre-publish checks fail (kept in the audit trail).",
        )
        parser.add_argument(
            "--photo-credit",
            choices=("refuse", "new", "keep"),
            default="refuse",
            help=(
                "When the picture is already in the library under another credit: refuse "
                "(stop that file, the default), new (print this export's credit), keep "
                "(print the library's credit)."
            ),
        )
        parser.add_argument(
            "--update", action="store_true", help="Refresh articles imported before."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )

    def handle(self, *args, **options):
        paths, failures = collect_paths(options["paths"])
        if (options["headline"] or options["image"]) and len(paths) + len(failures) > 1:
            raise CommandError(_("--headline and --image apply to a single text file."))
        section = Section.objects.filter(slug=options["section"]).first()
        if section is None:
            raise CommandError(
                _("Unknown section “%(slug)s”: nothing imported.") % {"slug": options["section"]}
            )
        total = len(paths) + len(failures)
        for number, failure in enumerate(failures, start=1):
            self.stderr.write(f"[{number}/{total}] {failure}")
        failed = len(failures)
        credits = {}
        for number, path in enumerate(paths, start=len(failures) + 1):
            image = options["image"] or image_beside(path)
            try:
                result = import_export(
                    path,
                    section=section,
                    headline=options["headline"],
                    tags=options["tags"],
                    author=options["author"],
                    image=image,
                    language=options["language"],
                    publish=options["publish"],
                    override_reason=options["publish_despite_checks"],
                    update=options["update"],
                    dry_run=options["dry_run"],
                    credits=credits,
                    on_duplicate_photo=options["photo_credit"],
                )
            except ExportError as error:
                failed += 1
                self.stderr.write(f"[{number}/{total}] {error}")
                continue
            self.stdout.write(f"[{number}/{total}] {path}: {describe(result, options['dry_run'])}")
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(f"    {warning}"))

        if failed:
            raise CommandError(
                _("%(failed)d of %(total)d files could not be imported.")
                % {"failed": failed, "total": total}
            )


def describe(result, dry_run: bool) -> str:
    parsed = result.parsed
    if dry_run:
        details = _(
            "%(action)s “%(headline)s”: %(date)s, %(headings)d sub-headings, "
            "%(paragraphs)d paragraphs, credit: %(credit)s"
        ) % {
            "action": result.action_label,
            "headline": result.headline,
            "date": parsed.published_at.isoformat(),
            "headings": len(parsed.headings),
            "paragraphs": len(parsed.paragraphs),
            "credit": parsed.credit or "—",
        }
        return details + (f" ({result.url})" if result.article else "")
    if result.action == Action.EXISTING:
        return _("already imported, %(url)s (use --update to refresh it)") % {"url": result.url}
    return f"{result.url} ({result.action_label})"
