"""Newsroom's content model: sections, authors, credits, photos, articles, tags."""

from __future__ import annotations

import uuid
from datetime import datetime

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from .images import validate_image_file
from .sanitizer import sanitize_html
from .text import slugify

# First URL segments that belong to the site itself: a section cannot take them.
RESERVED_SLUGS = frozenset(
    {
        "admin", "tag", "tags", "auteur", "auteurs", "author", "archives", "recherche",
        "search", "flux", "feed", "feeds", "media", "static", "sitemap.xml",
        "news-sitemap.xml", "robots.txt", "sitemap", "corrections", "api", "login",
        "logout", "compte", "preview", "apercu", "favicon.ico", "en", "fr",
    }
)  # fmt: skip


def validate_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for the site’s own pages; choose another slug."),
            code="reserved_slug",
            params={"slug": value},
        )


# --- Sections and authors ---------------------------------------------------


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_("Used in addresses, e.g. /international/. Letters, digits and hyphens."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown on the section page and to search engines.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in increasing position.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level section. Only one level of sub-sections."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        if self.parent_id:
            return f"{self.parent} › {self.name}"
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A section cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("Sub-sections cannot have sub-sections of their own.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("This section has sub-sections, so it must stay top-level.")}
                )

    def get_absolute_url(self):
        if self.parent_id:
            return reverse(
                "articles:subsection", kwargs={"parent": self.parent.slug, "slug": self.slug}
            )
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text=_("Links the byline to a login, so the writer can edit their own articles."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, fallback="auteur")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


# --- Credits and photos -----------------------------------------------------


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. Reuters."))
    credit_name = models.CharField(
        _("credit form"),
        max_length=50,
        blank=True,
        help_text=_("How the agency is written in credit lines, e.g. REUTERS or AFP."),
    )
    licence_terms = models.TextField(_("licence terms"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="agency_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    @property
    def credit(self) -> str:
        return self.credit_name or self.name

    @classmethod
    def for_name(cls, name: str) -> Agency:
        """Return the agency written ``name`` in any case, creating it if needed."""
        name = " ".join(name.split())
        agency = cls.objects.filter(Q(name__iexact=name) | Q(credit_name__iexact=name)).first()
        if agency is None:
            agency = cls.objects.create(name=name, credit_name=name if name.isupper() else "")
        return agency


def normalize_credit(text: str) -> str:
    return " ".join(text.split()).casefold()


class PhotoCredit(models.Model):
    """Who made a picture and who distributes it: "Sputnik/Kremlin via REUTERS"."""

    source = models.CharField(
        _("photographer or source"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Jane Doe, or Sputnik/Kremlin."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credits",
    )
    via = models.BooleanField(
        _("distributed by the agency"),
        default=True,
        help_text=_(
            "Checked: “Source via AGENCY” (the agency distributes someone else’s picture). "
            "Unchecked: “Photographer/AGENCY” (the photographer works for the agency)."
        ),
    )
    normalized = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        ordering = ["normalized"]
        verbose_name = _("photo credit")
        verbose_name_plural = _("photo credits")

    def __str__(self):
        return self.line

    @property
    def line(self) -> str:
        source = " ".join(self.source.split())
        if not self.agency_id:
            return source
        agency = self.agency.credit
        if not source:
            return agency
        return f"{source} via {agency}" if self.via else f"{source}/{agency}"

    def line_for(self, language: str | None = None) -> str:
        """The printed credit in the house style of ``language``: "Photo : X" (fr), "Photo: X" (en)."""
        from django.utils import translation

        language = (language or translation.get_language() or "fr")[:2]
        with translation.override(language):
            label = str(_("Photo"))
        # French puts a non-breaking space before a colon.
        colon = "\u00a0:" if language == "fr" else ":"
        return f"{label}{colon} {self.line}"

    def clean(self):
        super().clean()
        if not self.source.strip() and not self.agency_id:
            raise ValidationError(_("A credit needs a photographer, a source or an agency."))
        self.normalized = normalize_credit(self.line)
        duplicate = PhotoCredit.objects.filter(normalized=self.normalized).exclude(pk=self.pk)
        if duplicate.exists():
            raise ValidationError(
                _("The credit “%(credit)s” already exists: choose it instead."),
                code="duplicate_credit",
                params={"credit": self.line},
            )

    def save(self, *args, **kwargs):
        self.source = " ".join(self.source.split())
        self.normalized = normalize_credit(self.line)
        super().save(*args, **kwargs)

    @classmethod
    def from_text(cls, text: str) -> PhotoCredit:
        """
        Return the credit written ``text`` ("Sputnik/Kremlin via REUTERS",
        "Ludovic Marin / AFP"), reusing an existing one whatever its spacing or case.
        """
        text = " ".join(text.split())
        if not text:
            raise ValueError("empty credit")
        existing = cls.objects.filter(normalized=normalize_credit(text)).first()
        if existing:
            return existing
        source, agency_name, via = split_credit(text)
        with transaction.atomic():
            agency = Agency.for_name(agency_name) if agency_name else None
            credit = cls(source=source, agency=agency, via=via)
            existing = cls.objects.filter(normalized=normalize_credit(credit.line)).first()
            if existing:
                return existing
            credit.save()
        return credit


def split_credit(text: str) -> tuple[str, str, bool]:
    """
    Split a credit line into (source, agency, via).

    "Sputnik/Kremlin via REUTERS" -> ("Sputnik/Kremlin", "REUTERS", True);
    "Ludovic Marin / AFP" -> ("Ludovic Marin", "AFP", False) when the last part
    looks like an agency (all capitals or a known agency); anything else is a
    plain source.
    """
    text = " ".join(text.split())
    lowered = text.lower()
    if " via " in lowered:
        index = lowered.rindex(" via ")
        return text[:index].strip(), text[index + 5 :].strip(), True
    if "/" in text:
        source, _sep, last = text.rpartition("/")
        last = last.strip()
        known = Agency.objects.filter(Q(name__iexact=last) | Q(credit_name__iexact=last)).exists()
        if source.strip() and last and (known or (last.isupper() and len(last) <= 20)):
            return source.strip(), last, False
    return text, "", True


def photo_upload_to(instance: Photo, filename: str) -> str:
    # Never trust the uploaded name: it may hold "..", a NUL byte or a path.
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}.get(
        getattr(instance, "_image_format", ""), "jpg"
    )
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Photo(models.Model):
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text=_("JPEG, PNG or WebP."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describes the picture for readers who cannot see it. "
            "Required before an article using the photo can be published."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.ForeignKey(
        PhotoCredit,
        verbose_name=_("credit"),
        on_delete=models.PROTECT,
        related_name="photos",
    )
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    rights_end_date = models.DateField(
        _("usage rights end"),
        null=True,
        blank=True,
        help_text=_("After this date, articles using the photo cannot be published."),
    )
    focal_x = models.FloatField(
        _("focal point (horizontal)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    focal_y = models.FloatField(
        _("focal point (vertical)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True, editable=False)
    perceptual_hash = models.CharField(_("perceptual hash"), max_length=16, blank=True, db_index=True, editable=False)
    # Stored renditions, e.g. {"800.webp": "renditions/ab/…-800.webp"}: page
    # views read this, they never run Pillow.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_in_image",
            ),
        ]

    def __str__(self):
        return self.caption or self.alt_text or _("Photo %(id)s") % {"id": self.pk}

    @property
    def credit_line(self) -> str:
        return self.credit.line

    def credit_line_for(self, language: str | None = None) -> str:
        return self.credit.line_for(language)

    @property
    def copyright_line(self) -> str:
        """The copyright notice, or "© AGENCY" (or "© source") when none was given."""
        if self.copyright_notice.strip():
            return self.copyright_notice.strip()
        credit = self.credit
        owner = credit.agency.credit if credit.agency_id else credit.source
        return f"© {owner}" if owner else ""

    # The admin form offers the metadata for the editor to check instead.
    fill_blanks_from_metadata = True

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            from .photo_metadata import perceptual_hash_of_file
            from .uploads import reencode

            # The hash is the original's: re-imports of the same file find it.
            self._image_format, self.content_hash = inspect_upload(self.image.file)
            clean, metadata = reencode(self.image.file, self._image_format)
            self.use_original_metadata(metadata)
            self.perceptual_hash = perceptual_hash_of_file(clean)
            clean.name = self.image.name
            self.image = clean
        super().save(*args, **kwargs)

    def use_original_metadata(self, metadata) -> None:
        """What the original file said (EXIF, XMP, IPTC) before it was stripped."""
        from .photo_metadata import rights_metadata

        if not self.fill_blanks_from_metadata:
            return
        rights = rights_metadata(metadata)
        if not self.caption.strip() and rights.caption:
            self.caption = rights.caption[:500]
        if not self.copyright_notice.strip() and rights.copyright:
            self.copyright_notice = rights.copyright[:300]


def inspect_upload(file) -> tuple[str, str]:
    """Return the image format and the SHA-256 of an uploaded file's bytes."""
    import hashlib

    from PIL import Image

    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
    file.seek(0)
    return image_format, digest.hexdigest()


# --- Tags -------------------------------------------------------------------


class Tag(TagBase):
    """A topic readers follow: Ukraine, diplomatie, Vladimir Poutine."""

    name = models.CharField(_("name"), unique=True, max_length=100)
    slug = models.SlugField(_("slug"), unique=True, max_length=100, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = slugify(tag) or "tag"
        if i is not None:
            slug = f"{slug}-{i}"
        return slug

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique"),
        ]


# --- Articles ---------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    """The single definition of what readers may see."""

    def published_q(self, now: datetime | None = None, prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}status": Article.Status.PUBLISHED,
                f"{prefix}published_at__lte": now or timezone.now(),
                f"{prefix}deleted_at__isnull": True,
            }
        )

    def published(self, now: datetime | None = None):
        return self.filter(self.published_q(now))

    def scheduled(self, now: datetime | None = None):
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=now or timezone.now(),
            deleted_at__isnull=True,
        )

    def not_deleted(self):
        return self.filter(deleted_at__isnull=True)

    def for_listing(self):
        return self.select_related("section", "section__parent", "lead_photo", "lead_photo__credit__agency").prefetch_related("authors")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    pass


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    class Language(models.TextChoices):
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
    tags = TaggableManager(
        verbose_name=_("tags"),
        through=TaggedArticle,
        blank=True,
        help_text=_("Topics, separated by commas: Ukraine, Russie, diplomatie."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FRENCH
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
            models.CheckConstraint(
                condition=Q(language__in=["fr", "en"]), name="article_language_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_pub_idx"),
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
        if self.pk:
            old_slug = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if old_slug and old_slug != self.slug:
                PreviousSlug.objects.update_or_create(slug=old_slug, defaults={"article": self})
        if reversion.is_active():
            super().save(*args, **kwargs)
            return
        # Saves outside the admin (importer, shell, commands) keep a version too.
        with reversion.create_revision():
            reversion.set_user(getattr(self, "_acting_user", None))
            super().save(*args, **kwargs)

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
        from .text import reading_minutes

        return reading_minutes(self.body)

    # --- Editorial workflow ----------------------------------------------

    def publication_checks(self, tags: list[str] | None = None) -> list[tuple[str, bool]]:
        """
        The pre-publish gate: (reason, overridable) for each rule the article
        breaks. An editor may publish despite the overridable ones by giving a
        reason; an empty headline, a missing section or expired photo rights
        can never be overridden. ``tags``: the names about to be saved (the
        form's), else the article's own.
        """
        from .gate import body_problems

        problems: list[tuple[str, bool]] = []
        headline = self.headline.strip()
        if not headline:
            problems.append((_("The headline is empty."), False))
        elif len(headline) > settings.NEWSROOM_HEADLINE_MAX_LENGTH:
            problems.append(
                (
                    _("The headline is %(length)d characters long (at most %(limit)d).")
                    % {"length": len(headline), "limit": settings.NEWSROOM_HEADLINE_MAX_LENGTH},
                    True,
                )
            )
        standfirst = self.standfirst.strip()
        if not standfirst:
            problems.append((_("The standfirst is empty."), True))
        elif len(standfirst) > settings.NEWSROOM_STANDFIRST_MAX_LENGTH:
            problems.append(
                (
                    _("The standfirst is %(length)d characters long (at most %(limit)d).")
                    % {
                        "length": len(standfirst),
                        "limit": settings.NEWSROOM_STANDFIRST_MAX_LENGTH,
                    },
                    True,
                )
            )
        if not self.section_id:
            problems.append((_("The article has no section."), False))
        if tags is None:
            has_tags = bool(self.pk) and self.tagged_items.exists()
        else:
            has_tags = any(str(tag).strip() for tag in tags)
        if not has_tags:
            problems.append((_("The article has no tag."), True))
        if self.lead_photo_id:
            photo = self.lead_photo
            if not photo.alt_text.strip():
                problems.append(
                    (
                        _("The lead photo “%(photo)s” has no alternative text.")
                        % {"photo": photo},
                        True,
                    )
                )
            if not photo.credit_id or not photo.credit.line.strip():
                problems.append(
                    (_("The lead photo “%(photo)s” has no credit.") % {"photo": photo}, True)
                )
            if photo.rights_end_date and photo.rights_end_date < timezone.localdate():
                problems.append(
                    (
                        _("The usage rights of the lead photo “%(photo)s” ended on %(date)s.")
                        % {"photo": photo, "date": photo.rights_end_date},
                        False,
                    )
                )
        problems.extend((problem, True) for problem in body_problems(self.body))
        return problems

    def publication_problems(self, tags: list[str] | None = None) -> list[str]:
        """Reasons this article cannot be published yet (empty: it can)."""
        return [problem for problem, _overridable in self.publication_checks(tags)]

    def check_publishable(self, override_reason: str = "", tags: list[str] | None = None) -> list[str]:
        """
        Refuse with every reason; with an override reason, refuse only for the
        rules that cannot be overridden. Returns the problems overridden.
        """
        checks = self.publication_checks(tags)
        override_reason = override_reason.strip()
        refused = [problem for problem, overridable in checks if not overridable or not override_reason]
        if refused:
            raise ValidationError(refused, code="not_publishable")
        return [str(problem) for problem, _overridable in checks]

    @staticmethod
    def check_can_publish(user) -> None:
        if user is not None and not user.has_perm("articles.publish_article"):
            raise PermissionDenied(_("Only editors can publish, schedule or unpublish articles."))

    def publish(self, user=None, at: datetime | None = None, override_reason: str = "") -> None:
        """
        Publish now, or schedule for ``at`` when it is in the future. With an
        ``override_reason``, publish despite the gate's overridable problems;
        the reason and the problems are kept in the audit entry.
        """
        self.check_can_publish(user)
        overridden = self.check_publishable(override_reason)
        now = timezone.now()
        self.status = self.Status.PUBLISHED
        if at is not None:
            self.published_at = at
        elif self.published_at is None or self.published_at > now:
            # "Publish now" on a scheduled article publishes it now; an article
            # that was published before keeps its original date.
            self.published_at = now
        scheduled = self.published_at > now
        action = AuditEntry.Action.SCHEDULED if scheduled else AuditEntry.Action.PUBLISHED
        details = {"published_at": self.published_at.isoformat()}
        if overridden:
            details.update(override_details(override_reason, overridden))
        self._save_with_audit(user, action, details)

    def unpublish(self, user=None) -> None:
        """Send the article back to draft."""
        self.check_can_publish(user)
        self.status = self.Status.DRAFT
        self._save_with_audit(user, AuditEntry.Action.UNPUBLISHED)

    def submit_for_review(self, user=None) -> None:
        if self.status == self.Status.DRAFT:
            self.status = self.Status.REVIEW
            self._save_with_audit(user, AuditEntry.Action.SUBMITTED)

    def _save_with_audit(self, user, action: str, details: dict | None = None) -> None:
        # The change, its version and its audit entry stand or fall together.
        with transaction.atomic():
            self._acting_user = user if getattr(user, "pk", None) else None
            if reversion.is_active():
                reversion.set_comment(str(AuditEntry.Action(action).label))
            self.save()
            AuditEntry.record(self, action, user, details)

    # --- Bin ---------------------------------------------------------------

    def move_to_bin(self, user=None) -> None:
        """Soft delete: readers lose the article, editors can restore it."""
        if self.deleted_at is None:
            self.deleted_at = timezone.now()
            self._save_with_audit(user, AuditEntry.Action.MOVED_TO_BIN)

    def restore_from_bin(self, user=None) -> None:
        if self.deleted_at is not None:
            self.deleted_at = None
            self._save_with_audit(user, AuditEntry.Action.RESTORED_FROM_BIN)

    def purge(self, user=None) -> None:
        """Delete for good; the audit trail keeps the headline."""
        with transaction.atomic():
            AuditEntry.record(self, AuditEntry.Action.PURGED, user)
            self.delete()


def override_details(reason: str, problems: list[str]) -> dict:
    """What an audit entry keeps of a publication despite the pre-publish gate."""
    return {"override_reason": reason.strip(), "overridden_problems": [str(p) for p in problems]}


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

    article = models.ForeignKey(
        Article,
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
                        "published", "scheduled", "unpublished", "submitted", "binned",
                        "unbinned", "purged", "reverted",
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
    """The last autosaved copy of an article form, per user: not a version, not a save."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="autosaves"
    )
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
            models.UniqueConstraint(fields=["user", "article"], name="articleautosave_one_per_user"),
        ]

    def __str__(self):
        return f"{self.article} ({self.saved_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])


def unique_slug(model, text: str, fallback: str = "article", exclude_pk=None) -> str:
    base = slugify(text) or fallback
    slug, n = base, 2
    queryset = model.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    if model is Article:
        taken |= set(
            PreviousSlug.objects.filter(slug__startswith=base)
            .exclude(article_id=exclude_pk)
            .values_list("slug", flat=True)
        )
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


# --- History ----------------------------------------------------------------

# Tags go through a custom "through" model that Django's serializer skips, so
# a version follows the article's tag links (authors are a plain m2m, kept in
# the article's own data).
reversion.register(TaggedArticle)
reversion.register(Article, follow=("tagged_items",))
reversion.register(DeletedArticle, follow=("tagged_items",))


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="articles_version_tags")
@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="articles_version_authors")
def keep_version_of_links(sender, instance, action, reverse, **kwargs):
    # In the admin the links change inside the save's revision; elsewhere
    # (importer, factories, shell) they get a version of their own.
    if action.startswith("post_") and not reverse and isinstance(instance, Article):
        if not reversion.is_active():
            with reversion.create_revision():
                reversion.set_user(getattr(instance, "_acting_user", None))
                reversion.add_to_revision(instance)
