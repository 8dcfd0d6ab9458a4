"""
Import agency copy and text exports:
``manage.py import_article exports/ --section international``, or, unattended,
``manage.py import_article --watch /srv/drop --section international``.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from articles.imports.delivery import collect_paths, read_delivery
from articles.imports.dropfolder import DEFAULT_INTERVAL_SECONDS, watch
from articles.imports.items import ExportError
from articles.imports.options import ImportOptions
from articles.imports.service import (
    Action,
    ImportCache,
    import_delivery,
    resolve_section,
    split_tags,
)
from articles.management.base import SiteLanguageCommand
from articles.photos.intake import OnDuplicate

# --photo-credit: what a picture already in the library under another credit does.
PHOTO_CREDIT_CHOICES = {"refuse": OnDuplicate.REUSE, "new": OnDuplicate.NEW_CREDIT}


class Command(SiteLanguageCommand):
    help = (
        "Import ninjs (1.x, 2.x, 3.x), NewsML-G2, NITF or plain-text exports; the format is "
        "recognised from the content. PATH may be files or directories (their .txt, .json, "
        ".xml and .nitf files); pictures are taken from beside each file."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH")
        parser.add_argument("--section", required=True, help="Slug of the section.")
        parser.add_argument("--headline", default="", help="Headline (one file only).")
        parser.add_argument("--standfirst", default="", help="Standfirst (one file only).")
        parser.add_argument(
            "--alt-text", default="", help="Alternative text of the lead picture (one file only)."
        )
        parser.add_argument(
            "--caption", default="", help="Caption of the lead picture (one file only)."
        )
        parser.add_argument("--tags", default="", help='Comma-separated: "Ukraine, Russie".')
        parser.add_argument("--author", default="", help="Byline; created if unknown.")
        parser.add_argument("--image", default="", help="Lead picture (one file only).")
        parser.add_argument(
            "--language",
            default="",
            help="Language of files that do not state theirs (default: the site's first).",
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
            "--update", action="store_true", help="Refresh articles imported before."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--photo-credit",
            default="refuse",
            choices=list(PHOTO_CREDIT_CHOICES),
            help="A picture already in the library under another credit: refuse the file, "
            "naming both credits (refuse, the default), or print this delivery's own credit (new).",
        )
        parser.add_argument(
            "--watch",
            default="",
            metavar="DIR",
            help="Poll a drop folder: a directory, or storage://ALIAS/prefix (a STORAGES entry).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=DEFAULT_INTERVAL_SECONDS,
            help="With --watch: seconds between two looks at the folder.",
        )
        parser.add_argument(
            "--once", action="store_true", help="With --watch: look once, then stop."
        )

    def handle(self, *args, **options):
        try:
            section = resolve_section(options["section"], "")
        except ExportError:
            raise CommandError(
                _("Unknown section “%(slug)s”: nothing imported.") % {"slug": options["section"]}
            ) from None
        settings = ImportOptions(
            section=section,
            language=options["language"],
            headline=options["headline"],
            standfirst=options["standfirst"],
            alt_text=options["alt_text"],
            caption=options["caption"],
            image=options["image"] or None,
            tags=tuple(split_tags(options["tags"])),
            author=" ".join(options["author"].split()),
            publish=options["publish"],
            override_reason=options["publish_despite_checks"],
            update=options["update"],
            dry_run=options["dry_run"],
            on_duplicate_photo=PHOTO_CREDIT_CHOICES[options["photo_credit"]],
        )
        if options["watch"]:
            if settings.single_file_options:
                raise CommandError(_("A drop folder takes no single-file option."))
            try:
                watch(options["watch"], settings, options["interval"], options["once"], self.report)
            except ExportError as error:
                raise CommandError(str(error)) from None
            return
        if not options["paths"]:
            raise CommandError(_("Give the files to import, or --watch DIR."))
        self.import_paths(options["paths"], settings)

    def import_paths(self, arguments: list[str], options: ImportOptions) -> None:
        paths, failures = collect_paths(arguments)
        total = len(paths) + len(failures)
        if options.single_file_options and total > 1:
            raise CommandError(
                _("%(options)s apply to a single file.")
                % {"options": ", ".join(options.single_file_options)}
            )
        for number, failure in enumerate(failures, start=1):
            self.stderr.write(f"[{number}/{total}] {failure}")
        failed = len(failures)
        cache = ImportCache()
        for number, path in enumerate(paths, start=len(failures) + 1):
            try:
                outcomes = import_delivery(read_delivery(path), options, cache)
            except ExportError as error:
                outcomes = [error]
            if not self.report(f"[{number}/{total}]", str(path), outcomes, options.dry_run):
                failed += 1
        if failed:
            raise CommandError(
                _("%(failed)d of %(total)d files could not be imported.")
                % {"failed": failed, "total": total}
            )

    def report(self, prefix: str, name: str, outcomes: list, dry_run: bool) -> bool:
        """One line per item; True when every item of the file went through."""
        ok = True
        for outcome in outcomes:
            if isinstance(outcome, ExportError):
                ok = False
                self.stderr.write(f"{prefix} {outcome}")
                continue
            label = outcome.parsed.name if len(outcomes) > 1 else name
            self.stdout.write(f"{prefix} {label}: {describe(outcome, dry_run)}")
            for warning in outcome.warnings:
                self.stdout.write(self.style.WARNING(f"    {warning}"))
        return ok


def describe(result, dry_run: bool) -> str:
    parsed = result.parsed
    if dry_run:
        details = _(
            "%(action)s “%(headline)s”: %(date)s, %(headings)d sub-headings, "
            "%(paragraphs)d paragraphs, credit: %(credit)s"
        ) % {
            "action": result.action_label,
            "headline": result.headline,
            "date": parsed.published_at.isoformat() if parsed.published_at else "—",
            "headings": len(parsed.headings),
            "paragraphs": len(parsed.paragraphs),
            "credit": parsed.credit or "—",
        }
        return details + (f" ({result.url})" if result.article else "")
    if result.action == Action.EXISTING:
        return _("already imported, %(url)s (use --update to refresh it)") % {"url": result.url}
    return f"{result.url} ({result.action_label})".strip()
