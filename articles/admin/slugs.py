"""
The article slug field filled from the headline by the server's own slug
function (``articles.text.slugify``), not by Django's URLify script: one slug,
whatever the headline holds (accents, ligatures, apostrophes, Greek, Cyrillic,
emoji).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.editing.slugs import suggested_slug


class SlugFromHeadlineInput(forms.TextInput):
    """The slug input; its script asks ``slug_view`` while the headline is typed."""

    class Media:
        js = ["articles/admin/slug-from-headline.js"]


def use_server_slug(form_class, obj=None) -> None:
    """Give the form's slug field the input that asks the server (an ArticleAdmin.get_form hook)."""
    field = form_class.base_fields.get("slug")
    if field is None:
        return
    url = reverse("admin:articles_article_slug")
    if obj is not None and obj.pk:
        url += f"?article={obj.pk}"
    field.widget = SlugFromHeadlineInput(
        attrs={**field.widget.attrs, "data-slug-url": url, "class": "vTextField"}
    )


@require_GET
def slug_view(request, model_admin):
    """GET ?headline=…[&article=pk]: the slug a save would make, as JSON."""
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    article = request.GET.get("article", "")
    pk = int(article) if article.isdigit() else None
    return JsonResponse({"slug": suggested_slug(request.GET.get("headline", ""), pk)})
