"""The corrections page: every correction and update, newest first, with its feed."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles.cache import cache_public_page
from articles.models import ArticleNote
from articles.site.pagination import paginate
from articles.site.views import canonical, page_title


def corrections_feed() -> dict:
    return {
        "title": _("Corrections"),
        "rss": reverse("articles:corrections-feed"),
        "atom": reverse("articles:corrections-feed-atom"),
    }


@cache_public_page
@require_GET
def corrections(request):
    """Every correction on a published article, newest first."""
    notes = (
        ArticleNote.objects.visible()
        .filter(kind=ArticleNote.Kind.CORRECTION)
        .select_related("article__section")
        .order_by("-published_at", "-pk")
    )
    page = paginate(request, notes)
    context = {
        "page": page,
        "notes": page.object_list,
        "title": page_title(_("Corrections"), page),
        "description": _("Every correction we have made to our articles, newest first."),
        "canonical": canonical(request, page),
        "feeds": [corrections_feed()],
    }
    return render(request, "articles/corrections.html", context)
