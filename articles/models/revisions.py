"""Changes to a live article waiting for an editor: readers keep the published text meanwhile."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class ArticleRevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ArticleRevision.Status.PENDING)

    def due(self, now: datetime | None = None):
        """Pending revisions an editor scheduled for a time now past."""
        return self.pending().filter(publish_at__lte=now or timezone.now())


class ArticleRevision(models.Model):
    """
    The edited fields of a published article (headline, text, filing, tags and
    authors as JSON), saved by a writer for review or staged by an editor.
    An article has at most one pending revision: later saves update it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    data = models.JSONField(
        _("changed fields"),
        default=dict,
        help_text=_("The article’s fields as edited: ids for the section, photo and authors."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last edited at"), default=timezone.now)
    publish_at = models.DateTimeField(
        _("publish the changes at"),
        null=True,
        blank=True,
        help_text=_("Set by an editor: the changes go live by themselves at that time."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("changes awaiting review")
        verbose_name_plural = _("changes awaiting review")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(status="pending"),
                name="articlerevision_one_pending_per_article",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "published", "rejected"]),
                name="articlerevision_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["publish_at"],
                name="articlerevision_due_idx",
                condition=Q(status="pending", publish_at__isnull=False),
            ),
        ]

    def __str__(self):
        return str(_("Changes to “%(article)s”") % {"article": self.article})

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])
