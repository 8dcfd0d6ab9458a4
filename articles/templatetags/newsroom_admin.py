"""Template helpers of the admin's own templates."""

from __future__ import annotations

from django import template

from articles.admin.picker import describe_photo
from articles.publishing.gate import publication_checks

register = template.Library()


@register.simple_tag
def lead_photo_preview(article) -> dict:
    """The chosen lead photo as the picker describes it ({} for none)."""
    photo = getattr(article, "lead_photo", None) if article is not None else None
    return describe_photo(photo) if photo is not None else {}


@register.simple_tag
def publication_checklist(article) -> dict:
    """
    What the pre-publish checks say of the saved article (or of a new, empty
    one), for the form's sidebar; the page then refreshes them as the editor types.
    """
    if article is None or not getattr(article, "pk", None):
        from articles.models import Article

        checks = publication_checks(Article(), tags=[])
    else:
        checks = publication_checks(article)
    return {"checks": checks, "blocking": [check for check in checks if not check.overridable]}
