"""
sitemap.xml (an index of paginated sitemaps) and the Google News sitemap.

Every sitemap lists only what readers can see: published articles, and the
sections, tags and authors that have at least one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from articles.models import Article, Author, Section, Tag, TaggedArticle
from articles.site.seo import strip_control_characters

# URLs per sitemap file (Google accepts 50,000); the index pages the rest.
SITEMAP_LIMIT = 5000
# Google News takes articles of the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class KeyRangePaginator:
    """
    Pages of consecutive primary keys: page n holds the rows whose id is in
    [first + (n - 1) * per_page, first + n * per_page). Any page costs one
    range scan of the primary key, however deep, where Django's Paginator
    would COUNT(*) the table and skip the earlier rows with OFFSET. Ids of
    drafts leave gaps, so a page may hold fewer rows (or none); and a page
    keeps its articles as new ones are published, which crawlers like.
    """

    def __init__(self, queryset, per_page: int):
        self.queryset = queryset.order_by("pk")
        self.per_page = per_page

    @cached_property
    def first_and_last(self) -> tuple[int | None, int | None]:
        ids = self.queryset.values_list("pk", flat=True)
        return ids.first(), ids.last()

    @cached_property
    def num_pages(self) -> int:
        first, last = self.first_and_last
        if first is None:
            return 1
        return (last - first) // self.per_page + 1

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        start = (self.first_and_last[0] or 0) + (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page)
        return Page(rows, number, self)


class ArticleSitemap(Sitemap):
    limit = SITEMAP_LIMIT
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("slug", "published_at", "updated_at", "created_at", "section__slug")
        )

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every article: a full scan for
        # the index. The index can do without it; each sitemap page has it.
        return None


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        published = Article.objects.published()
        return (
            Section.objects.select_related("parent")
            .filter(
                Exists(published.filter(section=OuterRef("pk")))
                | Exists(published.filter(section__parent=OuterRef("pk")))
            )
            .order_by("pk")
        )


class TagSitemap(Sitemap):
    limit = SITEMAP_LIMIT
    changefreq = "daily"

    def items(self):
        tagged = TaggedArticle.objects.filter(
            tag=OuterRef("pk"), content_object__in=Article.objects.published()
        )
        return Tag.objects.filter(Exists(tagged)).order_by("pk")


class AuthorSitemap(Sitemap):
    limit = SITEMAP_LIMIT
    changefreq = "daily"

    def items(self):
        return Author.objects.filter(
            Exists(Article.objects.published().filter(authors=OuterRef("pk")))
        ).order_by("pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


@require_GET
def news_sitemap(request):
    now = timezone.now()
    articles = (
        Article.objects.published(now)
        .filter(published_at__gte=now - NEWS_WINDOW)
        .select_related("section")
        .only("slug", "headline", "language", "published_at", "created_at", "section__slug")
        .newest_first()[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": request.build_absolute_uri(article.get_absolute_url()),
            "language": article.language,
            "published_at": timezone.localtime(article.published_at).isoformat(timespec="seconds"),
            "title": strip_control_characters(article.headline),
        }
        for article in articles
    ]
    return render(
        request,
        "articles/news_sitemap.xml",
        {"entries": entries, "publication": strip_control_characters(settings.NEWSROOM_SITE_NAME)},
        content_type="application/xml; charset=utf-8",
    )
