"""
The import pipeline: a delivered file -> its format's items -> articles.

Every entry point (the ``import_article`` command, its drop folder, the
admin's import page and its preview) calls ``import_delivery`` or
``import_item`` with one ``ImportOptions``; the preview is the same call with
``dry_run``. Each item is written in one transaction, or not at all; a
failure is an ``ExportError`` naming the file, one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from articles.languages import default_language, site_language_for, site_languages
from articles.models import Article, Section, Tag
from articles.publishing.permissions import can_publish

from .delivery import Delivery, NoSiblings, Siblings, read_delivery
from .formats import parse_file
from .formats.plaintext import item_from_export
from .items import ExportError, ParsedItem, Status
from .options import ImportOptions
from .pictures import check_credits, close_all, pair_pictures, take_in_picture
from .plaintext import ParsedArticle
from .results import (
    ACTION_LABELS,
    DRY_RUN_ACTIONS,
    Action,
    ImportCache,
    ImportResult,
    admin_change_url,
    article_url,
)
from .writing import Plan, write

__all__ = [
    "ACTION_LABELS",
    "Action",
    "ExportError",
    "ImportCache",
    "ImportOptions",
    "ImportResult",
    "admin_change_url",
    "article_url",
    "import_delivery",
    "import_export",
    "import_item",
]


# --- Entry points -------------------------------------------------------------------


def import_delivery(
    delivery: Delivery, options: ImportOptions, cache: ImportCache | None = None
) -> list[ImportResult | ExportError]:
    """Every item of one file, each imported (or refused) on its own."""
    try:
        items = parse_file(delivery.data, delivery.name)
    except ExportError as error:
        return [error]
    if len(items) > 1 and options.single_file_options:
        return [
            ExportError(
                delivery.name,
                None,
                _("%(options)s apply to a single story; this file holds %(count)d.")
                % {"options": ", ".join(options.single_file_options), "count": len(items)},
            )
        ]
    outcomes: list[ImportResult | ExportError] = []
    for item in items:
        try:
            outcomes.append(import_item(item, options, delivery.siblings, cache))
        except ExportError as error:
            outcomes.append(error)
    return outcomes


def import_export(
    source: Path | str | ParsedArticle,
    options: ImportOptions | None = None,
    *,
    credits: dict | None = None,
    **fields,
) -> ImportResult:
    """
    One file (or an already parsed export) -> its first item's result; raise
    ``ExportError`` otherwise. ``fields`` are ``ImportOptions`` fields, for
    callers with a single option or two (tests, the shell).
    """
    if "tags" in fields:
        fields["tags"] = tuple(split_tags(fields["tags"]))
    options = replace(options or ImportOptions(), **fields)
    cache = ImportCache(credits=credits if credits is not None else {})
    if isinstance(source, ParsedArticle):
        return import_item(item_from_export(source), options, NoSiblings(), cache)
    delivery = read_delivery(Path(source))
    outcome = import_delivery(delivery, options, cache)[0]
    if isinstance(outcome, ExportError):
        raise outcome
    return outcome


TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length  # characters


def split_tags(text: str | Iterable[str] | None) -> list[str]:
    """ "Ukraine, russie, ukraine" -> ["Ukraine", "russie"] (first spelling wins)."""
    if not text:
        return []
    parts = text.split(",") if isinstance(text, str) else text
    seen: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


# --- One item ---------------------------------------------------------------------


def import_item(
    item: ParsedItem,
    options: ImportOptions,
    siblings: Siblings | None = None,
    cache: ImportCache | None = None,
) -> ImportResult:
    """Create, update or withdraw the article of one item; nothing is written on a refusal."""
    if item.kind == "picture":
        return import_picture(item, options, siblings or NoSiblings())
    section = resolve_section(options.section, item.name)
    language = resolve_language(item, options)
    headline = resolve_headline(item, options)
    check_tags(item, options)
    if options.publish and not can_publish(options.user):
        raise ExportError(
            item.name, None, _("Only editors can publish, schedule or unpublish articles.")
        )
    existing = find_existing(item)
    action, warnings = decide(item, existing, options)
    if len(headline) > settings.NEWSROOM_HEADLINE_MAX_LENGTH:
        warnings.append(
            _("The headline is %(length)d characters long (at most %(limit)d to publish).")
            % {"length": len(headline), "limit": settings.NEWSROOM_HEADLINE_MAX_LENGTH}
        )
    pictures, missing = pair_pictures(item, options, siblings or NoSiblings())
    if (options.alt_text or options.caption) and not pictures:
        warnings.append(_("There is no picture for the alternative text or caption given."))
    plan = Plan(
        item=item,
        options=options,
        section=section,
        language=language,
        headline=headline,
        action=action,
        existing=existing,
        pictures=pictures,
        cache=cache or ImportCache(),
        warnings=[*item.warnings, *warnings, *missing],
    )
    try:
        check_credits(item, pictures)
        if options.dry_run:
            for number, picture in enumerate(pictures):
                take_in_picture(item, picture, options, lead=number == 0, dry_run=True)
            return plan.result(DRY_RUN_ACTIONS.get(action, action), existing)
        if action in {Action.UNCHANGED, Action.EXISTING}:
            return plan.result(action, existing)
        return write(plan)
    finally:
        close_all(pictures)


def import_picture(item: ParsedItem, options: ImportOptions, siblings: Siblings) -> ImportResult:
    """A picture item alone: into the photo library, with its caption, credit and rights."""
    pictures, missing = pair_pictures(item, options, siblings)
    try:
        if not pictures:
            raise ExportError(item.name, None, " ".join(missing))
        check_credits(item, pictures)
        (picture,) = pictures[:1]
        intake = take_in_picture(item, picture, options, lead=True, dry_run=options.dry_run)
    finally:
        close_all(pictures)
    if options.dry_run:
        action = Action.WOULD_CREATE if intake.created else Action.UNCHANGED
    else:
        action = Action.CREATED if intake.created else Action.UNCHANGED
    return ImportResult(
        parsed=item,
        action=action,
        headline=item.headline,
        pictures=[picture.name],
        photo=intake.photo,
    )


def resolve_section(section: Section | str | None, name: str) -> Section:
    if isinstance(section, Section):
        return section
    found = Section.objects.filter(slug=section).first() if section else None
    if found is None:
        raise ExportError(name, None, _("Unknown section “%(slug)s”.") % {"slug": section})
    return found


def resolve_language(item: ParsedItem, options: ImportOptions) -> str:
    """
    The item's own language (a region subtag maps to the site's language:
    nb-NO -> nb), else the one chosen for the run, else the site's first.
    """
    code = item.language or options.language or default_language()
    language = site_language_for(code)
    if language is None:
        raise ExportError(
            item.name,
            None,
            _("The item is in “%(language)s”, a language this site does not publish (%(site)s).")
            % {"language": code, "site": ", ".join(site_languages())},
        )
    return language


def check_tags(item: ParsedItem, options: ImportOptions) -> None:
    """A tag longer than the column is refused by name: never cut, never a server error."""
    for name in (*options.tags, *item.tags):
        if len(name) > TAG_MAX_LENGTH:
            raise ExportError(
                item.name,
                None,
                _("The tag “%(tag)s…” is %(length)d characters long (at most %(limit)d).")
                % {"tag": name[:40], "length": len(name), "limit": TAG_MAX_LENGTH},
            )


def resolve_headline(item: ParsedItem, options: ImportOptions) -> str:
    headline = " ".join(options.headline.split()) or item.headline
    if not headline:
        raise ExportError(item.name, None, _("The item has no headline."))
    limit = Article._meta.get_field("headline").max_length
    if len(headline) > limit:
        # Never cut silently: a headline is the article's most read words.
        raise ExportError(
            item.name,
            None,
            _("The headline is %(length)d characters long; at most %(max)d can be stored.")
            % {"length": len(headline), "max": limit},
        )
    return headline


def find_existing(item: ParsedItem) -> Article | None:
    articles = Article.objects.select_related("section")
    if item.uri:
        # The bin included: a story deleted here must not come back by itself.
        return articles.filter(external_uri=item.uri).first()
    return articles.not_deleted().filter(import_key=item.story_key).order_by("-pk").first()


def decide(
    item: ParsedItem, existing: Article | None, options: ImportOptions
) -> tuple[str, list[str]]:
    """What the item does to its story: (action, warnings)."""
    withdrawn = item.status in {Status.CANCELED, Status.WITHHELD}
    if existing is None:
        if withdrawn:
            return Action.UNCHANGED, [_("The agency withdrew a story that was never imported.")]
        return Action.CREATED, []
    if existing.deleted_at is not None:
        if withdrawn:
            return Action.UNCHANGED, []  # already off every public surface
        raise ExportError(
            item.name,
            None,
            _("The story is in the bin (article %(id)d): restore or purge it first.")
            % {"id": existing.pk},
        )
    newer = (
        item.version is None
        or existing.external_version is None
        or item.version > existing.external_version
    )
    if withdrawn:
        live = existing.status == Article.Status.PUBLISHED
        return (Action.WITHDRAWN if live or newer else Action.UNCHANGED), []
    if item.uri and item.version is not None and existing.external_version is not None:
        return (Action.UPDATED if newer else Action.UNCHANGED), []
    return (Action.UPDATED if options.update else Action.EXISTING), []
