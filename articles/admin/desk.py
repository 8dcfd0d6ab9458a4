"""
The desk: the admin's start page shows each person what needs them now.

An editor sees articles to review, changes to live articles awaiting review,
what goes live today, embargoes lifting soon, planned drafts past their date
and photos whose rights end soon; a writer sees their drafts, what they sent
for review and what came back to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleRevision, AuditEntry, Photo
from articles.publishing.permissions import can_publish

DESK_ROWS = 8  # items shown per panel; the panel links to the full list
EMBARGO_HORIZON = timedelta(hours=48)  # embargoes lifting within this delay
RIGHTS_HORIZON_DAYS = 14  # photo rights ending within this many days


@dataclass
class Panel:
    """One box of the desk: a title, a few rows, a link to the complete list."""

    key: str
    title: str
    empty: str
    rows: list = field(default_factory=list)
    more_url: str = ""
    total: int = 0


def _changelist(query: str = "") -> str:
    return reverse("admin:articles_article_changelist") + (f"?{query}" if query else "")


def _panel(key, title, empty, queryset, more_url="") -> Panel:
    rows = list(queryset[:DESK_ROWS])
    total = len(rows) if len(rows) < DESK_ROWS else queryset.count()
    return Panel(key, str(title), str(empty), rows, more_url, total)


def _articles():
    return Article.objects.not_deleted().select_related("section").order_by("-updated_at")


def editor_panels(now) -> list[Panel]:
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    rights_limit = timezone.localdate(now) + timedelta(days=RIGHTS_HORIZON_DAYS)
    return [
        _panel(
            "review",
            _("To review"),
            _("Nothing waits for review."),
            _articles().filter(status=Article.Status.REVIEW),
            _changelist("status__exact=review"),
        ),
        _panel(
            "live-edits",
            _("Changes to live articles awaiting review"),
            _("No change to a live article waits for review."),
            ArticleRevision.objects.pending()
            .select_related("article", "created_by")
            .order_by("-updated_at"),
        ),
        _panel(
            "today",
            _("Going live today"),
            _("Nothing is scheduled for the rest of today."),
            _articles()
            .filter(status=Article.Status.PUBLISHED, published_at__gt=now)
            .filter(published_at__lte=end_of_day)
            .order_by("published_at"),
        ),
        _panel(
            "embargoes",
            _("Embargoes lifting within 48 hours"),
            _("No embargo lifts in the next 48 hours."),
            _articles()
            .filter(is_embargoed=True, status=Article.Status.PUBLISHED, published_at__gt=now)
            .filter(published_at__lte=now + EMBARGO_HORIZON)
            .order_by("published_at"),
        ),
        _panel(
            "overdue",
            _("Planned articles past their date"),
            _("No planned article is late."),
            _articles()
            .filter(planned_for__lt=now)
            .exclude(status=Article.Status.PUBLISHED)
            .order_by("planned_for"),
            reverse("admin:articles_article_calendar"),
        ),
        _panel(
            "rights",
            _("Photo rights ending within two weeks"),
            _("No photo’s rights end in the next two weeks."),
            Photo.objects.filter(rights_end_date__isnull=False, rights_end_date__lte=rights_limit)
            .select_related("credit")
            .order_by("rights_end_date"),
            reverse("admin:articles_photo_changelist"),
        ),
    ]


def writer_panels(user) -> list[Panel]:
    mine = _articles().filter(Q(created_by=user) | Q(authors__user=user)).distinct()
    returned_ids = AuditEntry.objects.filter(
        action__in=[AuditEntry.Action.RETURNED, AuditEntry.Action.UNPUBLISHED],
        article__in=mine.filter(status=Article.Status.DRAFT),
    ).values("article_id")
    # The editor's note of the latest return, shown with the article.
    return_note = Subquery(
        AuditEntry.objects.filter(article=OuterRef("pk"), action=AuditEntry.Action.RETURNED)
        .order_by("-at", "-pk")
        .values("details__note")[:1]
    )
    return [
        _panel(
            "returned",
            _("Returned to you"),
            _("Nothing came back to you."),
            mine.filter(pk__in=returned_ids, status=Article.Status.DRAFT).annotate(
                return_note=return_note
            ),
        ),
        _panel(
            "drafts",
            _("Your drafts"),
            _("You have no draft. Write one!"),
            mine.filter(status=Article.Status.DRAFT).exclude(pk__in=returned_ids),
            _changelist("status__exact=draft"),
        ),
        _panel(
            "submitted",
            _("Sent for review"),
            _("Nothing of yours waits for review."),
            mine.filter(status=Article.Status.REVIEW),
        ),
        _panel(
            "live-edits",
            _("Your changes awaiting review"),
            _("None of your changes to live articles waits for review."),
            ArticleRevision.objects.pending().filter(created_by=user).select_related("article"),
        ),
    ]


def desk_context(request) -> dict:
    """The template context of the desk for the signed-in user."""
    user = request.user
    if not user.has_perm("articles.view_article"):
        return {}
    editor = can_publish(user)
    panels = editor_panels(timezone.now()) if editor else writer_panels(user)
    return {"desk_panels": panels, "desk_is_editor": editor}
