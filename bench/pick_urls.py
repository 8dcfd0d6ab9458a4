"""
Print, as JSON, one real URL per page type of the seeded database:
``python -m bench.pick_urls`` (with DJANGO_SETTINGS_MODULE=bench.settings).
"""

from __future__ import annotations

import contextlib
import json
import os

import django

# Common in the seeded text (articles/seeding.py), so search has work to do.
SEARCH_WORDS = "budget"


def pick_urls() -> dict[str, str]:
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse
    from django.utils.http import urlencode

    from articles.models import Article, Section, Tag

    published = Article.objects.published()
    urls = {"home": reverse("articles:home")}
    # A typical story: recent, illustrated, tagged, in a big section.
    article = (
        published.filter(lead_photo__isnull=False, section__parent__isnull=True)
        .select_related("section")
        .order_by("-published_at")[10:11]
        .first()
    )
    if article:
        urls["article"] = article.get_absolute_url()
    section = (
        Section.objects.filter(parent__isnull=True)
        .annotate(published=Count("articles", filter=Q(articles__in=published.values("pk"))))
        .order_by("-published", "pk")
        .first()
    )
    if section:
        urls["section"] = section.get_absolute_url()
    tag = Tag.objects.annotate(used=Count("tagged_articles")).order_by("-used", "pk").first()
    if tag:
        urls["tag"] = tag.get_absolute_url()
    urls["search"] = reverse("articles:search") + "?" + urlencode({"q": SEARCH_WORDS})
    with contextlib.suppress(NoReverseMatch):
        urls["feed"] = reverse("articles:feed")
    return urls


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(json.dumps(pick_urls()))
