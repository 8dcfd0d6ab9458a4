"""What surrounds an article: its audit trail, old slugs, notes and autosaves."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class ArticleNoteQuerySet(models.QuerySet):
    def visible(self, now: datetime | None = None):
        """Notes readers see: dated now or before, on articles readers see."""
        now = now or timezone.now()
        return self.filter(
            Article.objects.published_q(now, prefix="article__"), published_at__lte=now
        )


class ArticleNote(models.Model):
    """A dated correction, clarification or update, shown at the end of the article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"), help_text=_("Shown to readers at the end of the article, with its date.")
    )
    published_at = models.DateTimeField(
        _("date"),
        default=timezone.now,
        help_text=_("The article’s “updated on” date moves to the latest note."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ArticleNoteQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "clarification", "update"]),
                name="articlenote_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-published_at"], name="articlenote_kind_date_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#note-{self.pk}"


class ArticleAutosave(models.Model):
    """
    The last autosaved copy of an article form, per user: not a version, not a
    save. A new article's form (no article yet) is kept under the key of that
    form (``draft_key``), until the article is saved or the draft discarded.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="autosaves",
        null=True,
        blank=True,
    )
    draft_key = models.UUIDField(_("new article form"), null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    data = models.JSONField(_("form data"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="articleautosave_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["user", "draft_key"], name="articleautosave_one_per_new_form"
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) | models.Q(draft_key__isnull=False),
                name="articleautosave_article_or_new_form",
            ),
        ]

    def __str__(self):
        what = self.article or self.headline() or _("new article")
        return f"{what} ({self.saved_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        if self.article_id is None:
            return reverse("admin:articles_article_add") + f"?restore_draft={self.draft_key}"
        return reverse("admin:articles_article_change", args=[self.article_id])

    def headline(self) -> str:
        """The headline as typed in the kept form."""
        return " ".join(str((self.data.get("headline") or [""])[0]).split())
