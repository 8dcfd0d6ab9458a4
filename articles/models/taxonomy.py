"""Where articles are filed and who signs them: sections, authors, topic tags."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from ..text import slugify
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
        if not self.slug:
            self.slug = unique_slug(Author, self.name, fallback="auteur")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


# --- Tags -------------------------------------------------------------------


class Tag(TagBase):
    """A topic readers follow: Ukraine, diplomatie, Vladimir Poutine."""

    name = models.CharField(_("name"), unique=True, max_length=100)
    slug = models.SlugField(_("slug"), unique=True, max_length=100, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

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


# --- Articles ---------------------------------------------------------------
