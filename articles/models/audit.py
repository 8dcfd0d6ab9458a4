"""The audit trail: who did what to which article, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the article module imports this one
    from .article import Article


class AuditEntry(models.Model):
    """Who published, scheduled, unpublished, binned or restored which article, when."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Sent back to draft")
        SUBMITTED = "submitted", _("Submitted for review")
        MOVED_TO_BIN = "binned", _("Moved to the bin")
        RESTORED_FROM_BIN = "unbinned", _("Restored from the bin")
        PURGED = "purged", _("Deleted for good")
        REVERTED = "reverted", _("Earlier version restored")
        WITHDRAWN = "withdrawn", _("Withdrawn from review")
        RETURNED = "returned", _("Returned to the writer")
        REFUSED = "refused", _("Refused")
        CHANGES_STAGED = "changes_staged", _("Changes saved for review")
        CHANGES_SCHEDULED = "changes_scheduled", _("Changes scheduled")
        CHANGES_PUBLISHED = "changes_published", _("Changes published")
        CHANGES_REJECTED = "changes_rejected", _("Changes rejected")

    article = models.ForeignKey(
        "Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    headline = models.CharField(
        _("headline"), max_length=255, help_text=_("The headline at the time of the action.")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["article", "-at"], name="auditentry_article_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=[
                        "published",
                        "scheduled",
                        "unpublished",
                        "submitted",
                        "binned",
                        "unbinned",
                        "purged",
                        "reverted",
                        "withdrawn",
                        "returned",
                        "refused",
                        "changes_staged",
                        "changes_scheduled",
                        "changes_published",
                        "changes_rejected",
                    ]
                ),  # fmt: skip
                name="auditentry_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"

    def get_absolute_url(self):
        return reverse("admin:articles_auditentry_change", args=[self.pk])

    @classmethod
    def record(cls, article: Article, action: str, user=None, details: dict | None = None):
        return cls.objects.create(
            article=article if article.pk else None,
            headline=article.headline[:255],
            action=action,
            user=user if getattr(user, "pk", None) else None,
            details=details or {},
        )
