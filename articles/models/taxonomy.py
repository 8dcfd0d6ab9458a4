"""Where articles are filed and who signs them: sections, authors, topic tags."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import ItemBase, TagBase

from ..text import clean_text, slugify
from .slugs import unique_slug

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


def clean_name(text: str) -> str:
    """A name as saved: clean text (NFC, no invalid character), spaces collapsed."""
    return " ".join(clean_text(text or "").split())


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
        _("description"),
        blank=True,
        help_text=_("Shown on the section page and to search engines."),
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

    def get_absolute_url(self):
        if self.parent_id:
            return reverse(
                "articles:subsection", kwargs={"parent": self.parent.slug, "slug": self.slug}
            )
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        self.name = clean_name(self.name)
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
        self.name = clean_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Author, self.name, fallback="auteur")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # Before the uniqueness check, as saved (NFC).
        self.name = clean_name(self.name)
        self.slug = clean_text(self.slug)


# --- Tags -------------------------------------------------------------------


class Tag(TagBase):
    """A topic readers follow: Ukraine, diplomatie, Vladimir Poutine."""

    name = models.CharField(_("name"), unique=True, max_length=100)
    slug = models.SlugField(_("slug"), unique=True, max_length=100, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    def clean(self):
        # Before the uniqueness check: "Égypte" typed with a combining accent
        # is the tag that already exists, not a second one.
        super().clean()
        self.name = clean_name(self.name)
        self.slug = clean_text(self.slug)

    def slugify(self, tag, i=None):
        slug = slugify(tag) or "tag"
        if i is not None:
            slug = f"{slug}-{i}"
        return slug


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique"),
        ]


class TagNamesManager(_TaggableManager):
    """
    An article's tags: names given as text are cleaned (``clean_name``) before
    taggit looks them up, so one word typed in NFC or NFD is one tag, and a
    name longer than the column is refused (``ValidationError``), never a
    database error.
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        names = [clean_name(tag) if isinstance(tag, str) else tag for tag in tags]
        check_tag_names([name for name in names if isinstance(name, str)])
        return super()._to_tag_model_instances([n for n in names if n != ""], tag_kwargs)


def check_tag_names(names) -> None:
    limit = Tag._meta.get_field("name").max_length
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        raise ValidationError(
            _("A tag has at most %(limit)d characters; “%(tag)s…” has %(length)d."),
            code="tag_too_long",
            params={"limit": limit, "tag": too_long[0][:30], "length": len(too_long[0])},
        )


class TagNamesField(TagField):
    """The form field of an article's tags: cleaned names, too long ones refused."""

    def clean(self, value):
        names = [clean_name(name) for name in super().clean(value)]
        check_tag_names(names)
        return [name for name in names if name]


class ArticleTags(TaggableManager):
    """``TaggableManager`` with ``TagNamesManager`` and ``TagNamesField``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("manager", TagNamesManager)
        super().__init__(*args, **kwargs)

    def formfield(self, form_class=TagNamesField, **kwargs):
        return super().formfield(form_class=form_class, **kwargs)

    def deconstruct(self):
        # Migrations see taggit's field: the subclass changes no column.
        name, _path, args, kwargs = super().deconstruct()
        return name, "taggit.managers.TaggableManager", args, kwargs


# --- Articles ---------------------------------------------------------------
