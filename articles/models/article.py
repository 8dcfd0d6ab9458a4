"""The article, the one definition of what readers may see, its slugs and versions."""

from __future__ import annotations

from datetime import datetime

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from ..languages import default_language, language_choices
from ..sanitizer import sanitize_html
from .audit import AuditEntry
from .photos import Photo
from .queries import ArticleManager
from .slugs import unique_slug
from .taxonomy import ArticleTags, Author, Section, TaggedArticle


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    class Language(models.TextChoices):
        """The two languages the site ships with; the choices come from NEWSROOM_LANGUAGES."""

        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("The end of the article’s address. Changing it keeps old links working."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("The summary under the headline; also used by search engines and feeds."),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        config={
            "extensions": {
                "Bold": True,
                "Italic": True,
                "Heading": {"levels": [2, 3]},
                "BulletList": True,
                "OrderedList": True,
                "ListItem": True,
                "Blockquote": True,
                "Link": {"enableTarget": False},
                "HardBreak": True,
                "History": True,
            }
        },
        sanitize=sanitize_html,
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="articles"
    )
    lead_photo = models.ForeignKey(
        Photo,
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = ArticleTags(
        verbose_name=_("tags"),
        through=TaggedArticle,
        blank=True,
        help_text=_("Topics, separated by commas: Ukraine, Russie, diplomatie."),
    )
    language = models.CharField(
        _("language"),
        max_length=3,
        choices=language_choices,
        default=default_language,
        help_text=_(
            "Language of the article: its page shows dates and labels in this language, "
            "and search recognises its words in it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article: it appears by itself then."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Replaced by ArticleNote (dated, typed notes); kept so old backups still load.
    correction = models.TextField(
        _("correction or update note (old)"),
        blank=True,
        editable=False,
    )
    is_embargoed = models.BooleanField(
        _("under embargo"),
        default=False,
        help_text=_(
            "With a publication date in the future: the article is embargoed until then. "
            "Partners can read it before through a preview link; it appears by itself at "
            "that time."
        ),
    )
    planned_for = models.DateTimeField(
        _("planned for"),
        null=True,
        blank=True,
        help_text=_("Target publication date of a draft, shown in the editorial calendar."),
    )
    # Optimistic locking: every save increments it, a stale form is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Soft delete: a deleted article goes to the bin, from which editors restore or purge.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    # Set by the importer so that re-importing the same file finds the article.
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # Agency copy (ninjs, NewsML-G2, NITF): the item's identity and version.
    # NULL rather than "": the column is unique, and most articles have no agency URI.
    external_uri = models.CharField(  # noqa: DJ001
        _("agency item URI"),
        max_length=500,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The URI or GUID of the agency item this article was imported from."),
    )
    external_version = models.PositiveIntegerField(
        _("agency item version"), null=True, blank=True, editable=False
    )
    slugline = models.CharField(
        _("slugline"),
        max_length=200,
        blank=True,
        help_text=_("The agency’s short working name of the story."),
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"),
        null=True,
        blank=True,
        help_text=_("The agency’s urgency, from 1 (most urgent) to 9."),
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published"]),
                name="article_status_valid",
            ),
            # Which languages is a setting (NEWSROOM_LANGUAGES, checked by the
            # field's choices); the database keeps the shape of a primary subtag.
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2,3}$"), name="article_language_subtag"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.UniqueConstraint(fields=["external_uri"], name="article_unique_external_uri"),
            models.CheckConstraint(
                condition=Q(urgency__isnull=True) | Q(urgency__gte=1, urgency__lte=9),
                name="article_urgency_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_pub_idx"
            ),
            # Partial twins for the reader site: every public query says
            # "deleted_at IS NULL", so page counts become index-only scans
            # whose cost does not depend on the rows' width.
            models.Index(
                fields=["status", "-published_at"],
                name="article_live_pub_idx",
                condition=Q(deleted_at__isnull=True),
            ),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_live_section_idx",
                condition=Q(deleted_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if self.published_at is not None:
            # Forms show whole seconds: keeping microseconds would make every
            # re-save look like a change of publication date.
            self.published_at = self.published_at.replace(microsecond=0)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        self._keep_old_addresses()
        if reversion.is_active():
            super().save(*args, **kwargs)
            return
        # Saves outside the admin (importer, shell, commands) keep a version too.
        with reversion.create_revision():
            reversion.set_user(getattr(self, "_acting_user", None))
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={
                "section": self.section.slug,
                "year": f"{local.year:04d}",
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        """
        Optimistic locking: the row is updated only if it still holds the
        version this instance was loaded with, and the version is incremented
        in the same UPDATE, so two saves of one loaded version cannot both win.
        """
        if self._state.adding or not values:
            # A new instance with an explicit pk (fixtures, backups, reversion)
            # replaces the row, as Django always did.
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        loaded = self.version
        field = self._meta.get_field("version")
        values = [value for value in values if value[0] is not field]
        values.append((field, None, F("version") + 1))
        if base_qs.filter(pk=pk_val, version=loaded)._update(values) > 0:
            self.version = loaded + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise EditConflict(self, loaded)
        return False

    def _keep_old_addresses(self) -> None:
        """
        A changed slug leaves the old one redirecting here. Old addresses keep
        pointing where they pointed: an article never takes, nor re-points,
        another article's old slug.
        """
        old_slug = None
        if self.pk:
            old_slug = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if old_slug == self.slug:
            return
        if self.slug_leads_elsewhere(self.slug, self.pk):
            raise ValidationError(
                {"slug": _("This address used to be another article’s and still leads to it.")},
                code="slug_leads_elsewhere",
            )
        if old_slug:
            PreviousSlug.objects.get_or_create(slug=old_slug, defaults={"article": self})
        if self.pk:
            # Back to one of its own old slugs: that address is live again.
            PreviousSlug.objects.filter(slug=self.slug, article_id=self.pk).delete()

    @staticmethod
    def slug_leads_elsewhere(slug: str, pk=None) -> bool:
        """``slug`` is an old address of another article (it redirects there)."""
        return PreviousSlug.objects.filter(slug=slug).exclude(article_id=pk).exists()

    @classmethod
    def slugs_taken_elsewhere(cls, base: str, exclude_pk=None):
        """Old slugs keep redirecting to their article, so no other article may take them."""
        return (
            PreviousSlug.objects.filter(slug__startswith=base)
            .exclude(article_id=exclude_pk)
            .values_list("slug", flat=True)
        )

    # --- State -----------------------------------------------------------

    def is_published(self, now: datetime | None = None) -> bool:
        """Agrees with ``Article.objects.published()``."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
            and self.deleted_at is None
        )

    def is_scheduled(self, now: datetime | None = None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > (now or timezone.now())
        )

    @property
    def reading_minutes(self) -> int:
        from ..text import reading_minutes

        return reading_minutes(self.body)

    # --- Bin ---------------------------------------------------------------

    def move_to_bin(self, user=None) -> None:
        """Soft delete: readers lose the article, editors can restore it."""
        if self.deleted_at is None:
            self.deleted_at = timezone.now()
            self._save_and_record(user, AuditEntry.Action.MOVED_TO_BIN)

    def restore_from_bin(self, user=None) -> None:
        if self.deleted_at is not None:
            self.deleted_at = None
            self._save_and_record(user, AuditEntry.Action.RESTORED_FROM_BIN)

    def _save_and_record(self, user, action: str) -> None:
        # Binning is not a publishing act (articles.publishing.actions has
        # those); the change and its audit entry still stand or fall together.
        with transaction.atomic():
            self._acting_user = user if getattr(user, "pk", None) else None
            if reversion.is_active():
                reversion.set_comment(str(AuditEntry.Action(action).label))
            self.save()
            AuditEntry.record(self, action, user)

    def purge(self, user=None) -> None:
        """Delete for good; the audit trail keeps the headline."""
        with transaction.atomic():
            AuditEntry.record(self, AuditEntry.Action.PURGED, user)
            self.delete()


class EditConflict(Exception):
    """Someone saved the article after this copy of it was loaded."""

    def __init__(self, article: Article, loaded_version: int):
        super().__init__(
            f"Article {article.pk} was saved by someone else since version {loaded_version}."
        )
        self.article = article
        self.loaded_version = loaded_version


class DeletedArticle(Article):
    """The bin: articles moved there, which editors restore or purge."""

    class Meta:
        proxy = True
        verbose_name = _("article in the bin")
        verbose_name_plural = _("bin")


class PreviousSlug(models.Model):
    """A slug an article used to have: its old address redirects (301) to the new one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="previous_slugs")
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("previous slug")
        verbose_name_plural = _("previous slugs")

    def __str__(self):
        return self.slug
