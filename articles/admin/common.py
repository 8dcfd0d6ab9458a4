"""Small pieces the admin modules share: thumbnails, list filters, who may bin an article."""

from __future__ import annotations

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.html import format_html

from articles.models import (
    Article,
    Photo,
    Section,
)
from articles.publishing.permissions import (
    can_edit_article,
    owns_article,
)


def can_bin_article(user, article: Article) -> bool:
    """Editors bin any article; writers their own articles that are not published."""
    if user.has_perm("articles.delete_article"):
        return can_edit_article(user, article)
    return (
        user.has_perm("articles.change_article")
        and article.status != Article.Status.PUBLISHED
        and owns_article(user, article)
    )


def thumbnail(photo: Photo | None, width: int = 80) -> str:
    """
    An <img> for admin lists, every value escaped. Its alternative text is the
    photo's, else its caption: in a list it is also the name of a link.
    """
    if photo is None or not photo.image:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy">',
        photo.image.url,
        photo.alt_text or str(photo),
        width,
    )


class SectionListFilter(admin.RelatedFieldListFilter):
    """Section choices in one query (a sub-section's name includes its parent's)."""

    def field_choices(self, field, request, model_admin):
        sections = Section.objects.select_related("parent")
        return [(section.pk, str(section)) for section in sections]


def local_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
