"""
Writing one item: the article, its pictures (through photo intake), tags,
by-line, and the publishing act, in one transaction with one history
revision; on any failure the rows roll back and the files written go too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, AuditEntry, Author, Photo, PhotoCredit, normalize_credit
from articles.publishing import actions as publishing
from articles.publishing.permissions import can_publish
from articles.publishing.revisions import stage_changes

from .items import ExportError, ParsedItem
from .options import ImportOptions
from .pictures import PictureFile, take_in_picture
from .results import Action, ImportCache, ImportResult


@dataclass
class Plan:
    """Everything decided about one item before anything is written."""

    item: ParsedItem
    options: ImportOptions
    section: object
    language: str
    headline: str
    action: str
    existing: Article | None
    pictures: list[PictureFile]
    cache: ImportCache
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files stored, removed on rollback

    @property
    def user(self):
        return self.options.user if getattr(self.options.user, "pk", None) else None

    def result(self, action: str, article: Article | None) -> ImportResult:
        return ImportResult(
            parsed=self.item,
            action=action,
            article=article,
            headline=article.headline if article is not None and self.existing else self.headline,
            warnings=self.warnings,
            pictures=[picture.name for picture in self.pictures],
        )


def write(plan: Plan) -> ImportResult:
    try:
        # One revision for the whole import (article, tags, by-line), by its user.
        with transaction.atomic(), reversion.create_revision(atomic=False):
            reversion.set_user(plan.user)
            if plan.action == Action.WITHDRAWN:
                return withdraw(plan)
            return save_article(plan)
    except BaseException:
        storage = Photo._meta.get_field("image").storage
        for name in plan.written:
            storage.delete(name)
        raise


def withdraw(plan: Plan) -> ImportResult:
    """A canceled or withheld item: off every public surface, with an audit entry."""
    article = plan.existing
    article.external_version = plan.item.version or article.external_version
    details = {"agency_status": plan.item.status, "item": plan.item.uri}
    if article.status == Article.Status.PUBLISHED:
        try:
            publishing.unpublish(article, plan.options.user)
        except publishing.PublishingRefused as error:
            raise ExportError(plan.item.name, None, str(error)) from None
    else:
        article._acting_user = plan.user
        article.save()
        AuditEntry.record(article, AuditEntry.Action.UNPUBLISHED, plan.options.user, details)
    return plan.result(Action.WITHDRAWN, article)


def save_article(plan: Plan) -> ImportResult:
    item, options = plan.item, plan.options
    article = plan.existing or new_article(plan)
    if article.status == Article.Status.PUBLISHED and not can_publish(options.user):
        # A writer's import must not change what readers see unreviewed.
        return stage(plan, article)
    fill_fields(plan, article)
    take_in_pictures(plan, article)
    article._acting_user = plan.user
    article.save()
    tags = [*options.tags, *item.tags]
    if tags:
        article.tags.add(*tags)
    add_authors(article, [options.author, *item.authors])
    if options.publish and article.status != Article.Status.PUBLISHED:
        publish(plan, article)
    action = Action.CREATED if plan.existing is None else Action.UPDATED
    return plan.result(action, article)


def new_article(plan: Plan) -> Article:
    return Article(
        headline=plan.headline,
        section=plan.section,
        language=plan.language,
        status=Article.Status.DRAFT,
        created_by=plan.user,
        import_key=plan.item.story_key,
        external_uri=plan.item.uri or None,
    )


def fill_fields(plan: Plan, article: Article) -> None:
    item, options = plan.item, plan.options
    # An editor may have rewritten a plain-text export's provisional headline.
    if not item.headline_derived or options.headline:
        article.headline = plan.headline
    standfirst = options.standfirst or item.standfirst
    if standfirst:
        article.standfirst = standfirst
    article.body = item.body_html
    article.language = plan.language
    article.slugline = item.slugline or article.slugline
    article.urgency = item.urgency or article.urgency
    if item.version is not None:
        article.external_version = item.version
    fill_dates(item, article)


def fill_dates(item: ParsedItem, article: Article) -> None:
    """The item's embargo replaces the one of an earlier version, even when scheduled."""
    embargo = embargo_of(item)
    scheduled = article.status == Article.Status.PUBLISHED and article.is_scheduled()
    if embargo is not None and (article.status != Article.Status.PUBLISHED or scheduled):
        article.published_at, article.is_embargoed = embargo, True
    elif article.status != Article.Status.PUBLISHED:
        if not item.headline_derived and article.is_embargoed:
            # A later version without an embargo lifts it.
            article.published_at, article.is_embargoed = None, False
        elif item.headline_derived:
            article.published_at = item.published_at


def embargo_of(item: ParsedItem):
    """The embargo time when still to come: honoured like an editor's embargo."""
    if item.embargoed_until is not None and item.embargoed_until > timezone.now():
        return item.embargoed_until
    return None


def take_in_pictures(plan: Plan, article: Article) -> None:
    for number, picture in enumerate(plan.pictures):
        intake = take_in_picture(plan.item, picture, plan.options, lead=number == 0, dry_run=False)
        plan.written.extend(intake.written)
        if number == 0:
            article.lead_photo = intake.photo
            if not intake.photo.alt_text.strip():
                plan.warnings.append(
                    _("The lead photo has no alternative text yet: write it before publishing.")
                )
    if not plan.pictures and plan.item.format == "text" and plan.item.credit:
        credit = remembered_credit(plan.item.credit, plan.cache)
        plan.warnings.append(
            _(
                "The credit “%(credit)s” has no picture yet: add a lead photo and choose "
                "this credit."
            )
            % {"credit": credit.line}
        )


def remembered_credit(text: str, cache: ImportCache) -> PhotoCredit:
    key = normalize_credit(text)
    credit = cache.credits.get(key)
    if credit is None:
        credit = PhotoCredit.from_text(text)
        # Remember it only once committed: a rolled-back file must not hand a
        # phantom credit to the next one.
        transaction.on_commit(lambda: cache.credits.setdefault(key, credit))
    return credit


def add_authors(article: Article, names: list[str]) -> None:
    authors = authors_named(names)
    if authors:
        article.authors.add(*authors)


def authors_named(names: list[str]) -> list[Author]:
    """The by-line's authors, created when new."""
    authors = []
    for name in dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()):
        found = Author.objects.filter(name__iexact=name).first()
        authors.append(found or Author.objects.create(name=name))
    return authors


def stage(plan: Plan, article: Article) -> ImportResult:
    """A new version of a live article, imported by a writer: it waits for review."""
    item, options = plan.item, plan.options
    take_in_pictures(plan, article)
    standfirst = options.standfirst or item.standfirst
    values = {
        "headline": plan.headline if not item.headline_derived or options.headline else None,
        "standfirst": standfirst or None,
        "body": item.body_html,
        "lead_photo": article.lead_photo if plan.pictures else None,
        "tags": [*article.tags.names(), *options.tags, *item.tags],
        "authors": [*article.authors.all(), *authors_named([options.author, *item.authors])],
    }
    try:
        stage_changes(article, options.user, {k: v for k, v in values.items() if v is not None})
    except publishing.PublishingRefused as error:
        raise ExportError(item.name, None, str(error)) from None
    if item.version is not None:
        # Which version was delivered is bookkeeping, not something readers see.
        Article.objects.filter(pk=article.pk).update(external_version=item.version)
    plan.warnings.append(_("The article is live: this version waits for an editor’s review."))
    return plan.result(Action.UPDATED, article)


def publish(plan: Plan, article: Article) -> None:
    """The publishing step: the editors' own act, its checks and its audit entry."""
    item, options = plan.item, plan.options
    embargo = embargo_of(item)
    try:
        if embargo is not None:
            publishing.embargo_until(
                article, options.user, embargo, override_reason=options.override_reason
            )
        else:
            # A plain-text export is dated by the desk; agency copy goes live now.
            at = item.published_at if item.headline_derived else None
            publishing.publish(
                article, options.user, at=at, override_reason=options.override_reason
            )
    except publishing.PublishingRefused as error:
        raise ExportError(
            item.name, None, _("Cannot be published: %(reasons)s") % {"reasons": str(error)}
        ) from None
