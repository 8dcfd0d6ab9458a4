"""
Live edits are reviewed: changes to a published article wait as a revision.

A writer's save of a published (or scheduled) article, and an editor's "save
without publishing", store the edited fields in the article's pending
``ArticleRevision``; readers keep the published text. An editor publishes the
changes (a new version, an audit entry; the page cache follows the article's
save signal) or rejects them (the writer is told through the audit trail and
the change page).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime

import reversion
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleRevision, AuditEntry, Author, Photo, Section

from .actions import (
    PublishingRefused,
    _refuse,
    _require_publisher,
    check_publishable,
    override_details,
    record_refusal,
)
from .permissions import can_edit_article

# When the next scheduled revision is due (a POSIX timestamp; infinity: none is).
NEXT_DUE_CACHE_KEY = "articles:revisions:next-due"
# Scheduled revisions read per check: more than this due at once are applied over several checks.
DUE_BATCH = 50
# The fields a revision holds: the text and its filing, never the publishing state.
REVISION_FIELDS = (
    "headline", "slug", "standfirst", "body", "lead_photo", "section", "authors", "tags",
    "language",
)  # fmt: skip


def live_values(article: Article) -> dict:
    """The article's revisable fields as stored, in a revision's JSON form."""
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "lead_photo": article.lead_photo_id,
        "section": article.section_id,
        "authors": sorted(article.authors.values_list("pk", flat=True)),
        "tags": sorted(article.tags.names()),
        "language": article.language,
    }


def _as_json(field: str, value):
    if field in ("lead_photo", "section"):
        return getattr(value, "pk", value)
    if field == "authors":
        return sorted(getattr(author, "pk", author) for author in value or [])
    if field == "tags":
        return sorted({str(tag).strip() for tag in value or [] if str(tag).strip()})
    return value if value is not None else ""


def pending_revision(article: Article) -> ArticleRevision | None:
    if article.pk is None:
        return None
    return article.revisions.pending().select_related("created_by").first()


def stage_changes(article: Article, user, values: Mapping) -> ArticleRevision:
    """
    Keep ``values`` (a form's cleaned data: models or ids) as the article's
    pending revision, over what is live; later saves update the same revision.
    """
    if not can_edit_article(user, article):
        _refuse(article, user, _("You can only change your own articles."), {"act": "stage"})
    if article.status != Article.Status.PUBLISHED:
        _refuse(article, user, _("Only a published article keeps changes for review."), {})
    acting = user if getattr(user, "pk", None) else None
    with transaction.atomic():
        revision = (
            ArticleRevision.objects.select_for_update().filter(article=article).pending().first()
        )
        data = dict(revision.data) if revision else live_values(article)
        data.update({f: _as_json(f, values[f]) for f in REVISION_FIELDS if f in values})
        if revision is None:
            revision = ArticleRevision(article=article)
        revision.data = data
        revision.created_by = acting
        revision.updated_at = timezone.now()
        revision.save()
        AuditEntry.record(
            article, AuditEntry.Action.CHANGES_STAGED, user, {"revision": revision.pk}
        )
    return revision


def _apply(revision: ArticleRevision, article: Article, user, override_reason: str = "") -> None:
    data = revision.data
    for field in ("headline", "slug", "standfirst", "body", "language"):
        if field in data:
            setattr(article, field, data[field] or "")
    if Section.objects.filter(pk=data.get("section")).exists():
        article.section_id = data["section"]
    photo = data.get("lead_photo")
    article.lead_photo_id = photo if photo and Photo.objects.filter(pk=photo).exists() else None
    overridden = check_publishable(
        article, user, override_reason=override_reason, tags=data.get("tags", [])
    )
    acting = user if getattr(user, "pk", None) else None
    with reversion.create_revision():
        reversion.set_user(acting)
        reversion.set_comment(_("Published the changes awaiting review."))
        article.save()
        article.authors.set(Author.objects.filter(pk__in=data.get("authors") or []))
        article.tags.set(data.get("tags") or [])
    details = {"revision": revision.pk}
    if overridden:
        details.update(override_details(override_reason, overridden))
    AuditEntry.record(article, AuditEntry.Action.CHANGES_PUBLISHED, user, details)


def _close(revision: ArticleRevision, user, status: str) -> None:
    revision.status = status
    revision.reviewed_by = user if getattr(user, "pk", None) else None
    revision.reviewed_at = timezone.now()
    revision.save()


def publish_changes(revision: ArticleRevision, user, *, override_reason: str = "") -> Article:
    """
    Make the revision live (editors only): the article gets its fields, a new
    version and an audit entry. Refused, listing every reason, when the
    result would not pass the pre-publish checks.
    """
    article = revision.article
    _require_publisher(article, user, "publish_changes")
    if revision.status != ArticleRevision.Status.PENDING:
        raise_closed(article)
    with transaction.atomic():
        _apply(revision, article, user, override_reason)
        _close(revision, user, ArticleRevision.Status.PUBLISHED)
    return article


def reject_changes(revision: ArticleRevision, user, note: str = "") -> None:
    """Drop the revision (editors only); readers never saw it. The audit entry keeps the note."""
    article = revision.article
    _require_publisher(article, user, "reject_changes")
    if revision.status != ArticleRevision.Status.PENDING:
        raise_closed(article)
    with transaction.atomic():
        _close(revision, user, ArticleRevision.Status.REJECTED)
        details = {"revision": revision.pk}
        if revision.created_by_id:
            details["edited_by"] = revision.created_by.get_username()
        if note.strip():
            details["note"] = note.strip()
        AuditEntry.record(article, AuditEntry.Action.CHANGES_REJECTED, user, details)


def schedule_changes(revision: ArticleRevision, user, at: datetime) -> None:
    """The changes go live by themselves at ``at`` (applied by ``publish_due_changes``)."""
    article = revision.article
    _require_publisher(article, user, "schedule_changes", {"publish_at": at.isoformat()})
    if at <= timezone.now():
        raise PublishingRefused([_("Choose a time in the future.")], article=article)
    check_publishable(article, user, tags=revision.data.get("tags", []))
    with transaction.atomic():
        revision.publish_at = at
        revision.reviewed_by = user if getattr(user, "pk", None) else None
        revision.save()
        transaction.on_commit(lambda: cache.delete(NEXT_DUE_CACHE_KEY))
        AuditEntry.record(
            article,
            AuditEntry.Action.CHANGES_SCHEDULED,
            user,
            {"revision": revision.pk, "publish_at": at.isoformat()},
        )


def publish_due_changes(now: datetime | None = None) -> int:
    """
    Apply the scheduled revisions whose time has come. Called on the way
    (opening an article in the admin) and by ``manage.py publish_due_changes``;
    the time of the next one is cached, so the check costs no SQL until then
    (one query on a cold cache). Returns how many were applied.
    """
    now = now or timezone.now()
    next_due = cache.get(NEXT_DUE_CACHE_KEY)
    if next_due is not None and next_due > now.timestamp():
        return 0
    scheduled = list(
        ArticleRevision.objects.pending()
        .filter(publish_at__isnull=False)
        .select_related("article", "reviewed_by")
        .order_by("publish_at")[:DUE_BATCH]
    )
    due = [revision for revision in scheduled if revision.publish_at <= now]
    for revision in due:
        _apply_scheduled(revision)
    upcoming = [r.publish_at for r in scheduled if r.publish_at > now]
    if len(due) < DUE_BATCH:
        cache.set(NEXT_DUE_CACHE_KEY, upcoming[0].timestamp() if upcoming else math.inf, None)
    return len(due)


def _apply_scheduled(revision: ArticleRevision) -> None:
    try:
        with transaction.atomic():
            _apply(revision, revision.article, None)
            _close(revision, revision.reviewed_by, ArticleRevision.Status.PUBLISHED)
    except PublishingRefused as refusal:
        # The article changed meanwhile and the changes no longer pass the
        # checks: they wait for an editor again, who sees why.
        ArticleRevision.objects.filter(pk=revision.pk).update(publish_at=None)
        record_refusal(revision.article, None, refusal.reasons, {"act": "publish_changes"})


def raise_closed(article: Article) -> None:
    raise PublishingRefused([_("These changes were already reviewed.")], article=article)


def close_as_published(revision: ArticleRevision, user) -> None:
    """
    An editor saved the live article from a form showing these changes: they
    went live with that save (its own version); the revision is closed and audited.
    """
    article = revision.article
    _require_publisher(article, user, "publish_changes")
    if revision.status != ArticleRevision.Status.PENDING:
        return
    with transaction.atomic():
        _close(revision, user, ArticleRevision.Status.PUBLISHED)
        AuditEntry.record(
            article, AuditEntry.Action.CHANGES_PUBLISHED, user, {"revision": revision.pk}
        )


def rejected_for(article: Article, user) -> ArticleRevision | None:
    """The user's latest rejected changes to the article, if nothing was staged since."""
    latest = article.revisions.select_related("reviewed_by").first()
    if (
        latest is None
        or latest.status != ArticleRevision.Status.REJECTED
        or latest.created_by_id != getattr(user, "pk", None)
    ):
        return None
    entry = (
        AuditEntry.objects.filter(
            article=article, action=AuditEntry.Action.CHANGES_REJECTED, details__revision=latest.pk
        )
        .only("details")
        .first()
    )
    latest.note = entry.details.get("note", "") if entry else ""
    return latest
