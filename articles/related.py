"""Related articles: those sharing the most tags first, then the same section."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Article, TaggedArticle

RELATED_LIMIT = 5


def related_articles(
    article: Article, tag_ids: list[int], limit: int = RELATED_LIMIT
) -> list[Article]:
    """Up to ``limit`` published articles, never ``article`` itself: one query."""
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("section", "section__parent")
    )
    if not tag_ids:
        return list(candidates.filter(section_id=article.section_id).newest_first()[:limit])
    shared = (
        TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("content_object")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        candidates.annotate(
            shared_tags=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0))
        )
        .filter(Q(shared_tags__gt=0) | Q(section_id=article.section_id))
        .order_by("-shared_tags", "-published_at", "-pk")[:limit]
    )
