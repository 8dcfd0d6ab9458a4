"""Related articles: those sharing the most tags first, then the same section."""

from __future__ import annotations

from django.db.models import Count

from articles.cache import article_key, depends_on
from articles.models import Article, TaggedArticle

RELATED_LIMIT = 5
# Related stories are looked for among the most recent taggings of the
# article's tags: a bounded read, whatever the size of the archive.
RECENT_TAGGINGS = 1000


def related_articles(
    article: Article, tag_ids: list[int], limit: int = RELATED_LIMIT
) -> list[Article]:
    """
    Up to ``limit`` published articles, never ``article`` itself, in at most two
    queries. The tag query only reads the most recent taggings of the article's
    own tags, never every published article, so its cost does not grow with
    the archive.
    """
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("section", "section__parent")
        # Cards need no body: grouping and sorting narrow rows is much cheaper.
        .defer("body", "correction")
    )
    related: list[Article] = []
    if tag_ids:
        recent = (
            TaggedArticle.objects.filter(tag_id__in=tag_ids)
            .order_by("-content_object_id")
            .values("content_object_id")[:RECENT_TAGGINGS]
        )
        related = list(
            candidates.filter(pk__in=recent, tagged_items__tag_id__in=tag_ids)
            .annotate(shared_tags=Count("tagged_items"))
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )
    if len(related) < limit:
        related += list(
            candidates.filter(section_id=article.section_id)
            .exclude(pk__in=[other.pk for other in related])
            .newest_first()[: limit - len(related)]
        )
    # The page shows the article and these: any of them edited or withdrawn refreshes it.
    depends_on(article_key(article.pk), *(article_key(other.pk) for other in related))
    return related
