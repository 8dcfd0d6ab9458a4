"""
Dependency keys: what a page depends on, and what a change touches.

A key names one thing readers can see change: an article ("article-12"), the
lists of a section, tag or author ("section-3", "tag-7", "author-5"), and the
site-wide lists (home, feeds, sitemaps, archives, search, corrections). Pages
declare their keys (``depends_on``); a change bumps the keys of what it
changed (``keys_for_articles``); both travel to a CDN in ``Surrogate-Key`` and
``Cache-Tag`` headers, so it can purge by key too.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from django.db.models import Q

from articles.models import Article, Author, Section, Tag, TaggedArticle

from .versions import ALL_KEY, NAVIGATION_KEY, SCHEDULE_KEY

HOME_KEY = "home"
FEED_KEY = "feed"
SITEMAP_KEY = "sitemap"
ARCHIVE_KEY = "archive"
SEARCH_KEY = "search"
CORRECTIONS_KEY = "corrections"
# Every list a published article appears in, whatever its section, tags or authors.
SITE_LIST_KEYS = (HOME_KEY, FEED_KEY, SITEMAP_KEY, ARCHIVE_KEY, SEARCH_KEY, CORRECTIONS_KEY)

# What pages without keys of their own depend on, by URL name. A page not
# named here and declaring nothing depends on ALL_KEY: any change refreshes it.
URL_KEYS = {
    "home": (HOME_KEY,),
    "feed": (FEED_KEY,),
    "feed-atom": (FEED_KEY,),
    "search": (SEARCH_KEY,),
    "search-alias": (SEARCH_KEY,),
    "corrections": (CORRECTIONS_KEY,),
    "corrections-feed": (CORRECTIONS_KEY,),
    "corrections-feed-atom": (CORRECTIONS_KEY,),
    "archives": (ARCHIVE_KEY,),
    "archive-year": (ARCHIVE_KEY,),
    "archive-month": (ARCHIVE_KEY,),
    "archive-day": (ARCHIVE_KEY,),
    "sitemap-index": (SITEMAP_KEY,),
    "sitemap-section": (SITEMAP_KEY,),
    "news-sitemap": (SITEMAP_KEY,),
    "robots": (NAVIGATION_KEY,),
}

# The keys declared by the page being built (articles.cache.pages sets it).
collecting: ContextVar[set[str] | None] = ContextVar("collecting", default=None)
# Set while a logged-in user's page is built (articles.cache.pages): they read
# the database as it is, so no stored fragment is used or kept.
rendered_afresh: ContextVar[bool] = ContextVar("rendered_afresh", default=False)


def article_key(pk: int) -> str:
    return f"article-{pk}"


def key_for(obj) -> str:
    """The key of an article, or of the lists of a section, tag or author (None: the site's)."""
    if obj is None:
        return FEED_KEY
    prefix = {Section: "section", Tag: "tag", Author: "author", Article: "article"}[type(obj)]
    return f"{prefix}-{obj.pk}"


def depends_on(*keys: str) -> None:
    """Declare that the page being built shows what ``keys`` name (no-op outside the cache)."""
    collected = collecting.get()
    if collected is not None:
        collected.update(keys)


def page_keys(request, collected: set[str]) -> set[str]:
    """Every page shows the navigation; the rest is what it declared, or its URL's keys."""
    match = getattr(request, "resolver_match", None)
    static = URL_KEYS.get(match.url_name if match else "", ())
    keys = {*collected, *static}
    return {NAVIGATION_KEY, *(keys or {ALL_KEY})}


# --- What a change touches ------------------------------------------------------


def public_q(prefix: str = "") -> Q:
    """Articles readers see now or will see without another save (scheduled)."""
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}deleted_at__isnull": True})


def keys_for_articles(ids: Iterable[int]) -> set[str]:
    """
    The pages that show these articles: their own, and, for those readers can
    see (or will, once scheduled), every list they are in. Three queries.
    """
    ids = set(ids)
    keys = {article_key(pk) for pk in ids}
    rows = list(
        Article.objects.filter(public_q(), pk__in=ids).values_list(
            "pk", "section_id", "section__parent_id"
        )
    )
    if not rows:
        return keys
    public = [pk for pk, _section, _parent in rows]
    keys.update(SITE_LIST_KEYS)
    keys.add(SCHEDULE_KEY)
    for _pk, section, parent in rows:
        keys.add(f"section-{section}")
        if parent:
            keys.add(f"section-{parent}")
    tags = TaggedArticle.objects.filter(content_object_id__in=public).values_list("tag_id")
    keys.update(f"tag-{tag}" for (tag,) in tags.distinct())
    authors = Article.authors.through.objects.filter(article_id__in=public).values_list("author_id")
    keys.update(f"author-{author}" for (author,) in authors.distinct())
    return keys


def section_keys(section_id: int | None) -> set[str]:
    """A section's lists and its parent's (which list its articles too)."""
    if section_id is None:
        return set()
    parent = Section.objects.filter(pk=section_id).values_list("parent_id", flat=True).first()
    return {f"section-{section_id}", *([f"section-{parent}"] if parent else [])}


def articles_of(**lookup) -> set[int]:
    return set(Article.objects.filter(public_q(), **lookup).values_list("pk", flat=True))
