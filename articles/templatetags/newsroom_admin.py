"""Template helpers of the admin's own templates."""

from __future__ import annotations

from django import template

from articles.admin.picker import describe_photo

register = template.Library()


@register.simple_tag
def lead_photo_preview(article) -> dict:
    """The chosen lead photo as the picker describes it ({} for none)."""
    photo = getattr(article, "lead_photo", None) if article is not None else None
    return describe_photo(photo) if photo is not None else {}
