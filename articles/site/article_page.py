"""
The article page, assembled from stored fragments (articles.cache.fragments):
its head (metadata, JSON-LD), its text and its related stories are rendered
once and reused until what they show changes, so a page cache miss reads the
article's row and three stored pieces. Previews (staff, partners) are always
rendered afresh and never stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from articles.cache import article_key, depends_on, versions
from articles.cache.fragments import Built, Fragments, fragment_key
from articles.cache.pages import next_publication
from articles.models import Article
from articles.site.compiled import Compiled
from articles.site.feed_links import section_feed
from articles.site.navigation import all_sections
from articles.site.related import related_articles
from articles.site.seo import article_metadata

# An edit later than this after publication shows "updated on" to readers;
# the saves of the publishing step itself do not count.
UPDATE_NOTICE_AFTER = timedelta(minutes=5)
# Stored pieces name the site by this address; each response puts its own
# scheme and host in its place. The .invalid domain can never be a real one.
ORIGIN = "https://newsroom-origin.invalid"
PIECES = ("head", "main", "related")


class StoredOrigin:
    """Stands for the request while a piece is built: absolute URLs get ORIGIN."""

    def build_absolute_uri(self, location: str = "/") -> str:
        return location if "://" in location else f"{ORIGIN}{location}"


class ArticleParts:
    """What the pieces are made of, read only when one of them must be built."""

    def __init__(self, article_id: int, request, is_preview: bool):
        self.article_id = article_id
        self.request = request if is_preview else StoredOrigin()
        self.is_preview = is_preview
        self.now = timezone.now()

    @cached_property
    def article(self) -> Article:
        return (
            Article.objects.select_related(
                "section", "section__parent", "lead_photo", "lead_photo__credit__agency"
            )
            .prefetch_related("authors", "tags", "notes")
            .get(pk=self.article_id)
        )

    @cached_property
    def tags(self) -> list:
        return list(self.article.tags.all())

    @cached_property
    def authors(self) -> list:
        return list(self.article.authors.all())

    @cached_property
    def notes(self) -> list:
        return visible_notes(self.article, self.now)

    def next_note(self) -> float | None:
        """When a correction dated later appears (the text piece ends then)."""
        later = [n.published_at for n in self.article.notes.all() if n.published_at > self.now]
        return min(later).timestamp() if later else None

    def shows_the_article(self) -> None:
        # Whatever a piece shows of the article (its photo, credit, tags and
        # authors' names included) moves the article's key when it changes.
        depends_on(article_key(self.article_id))

    def head(self) -> Built:
        self.shows_the_article()
        meta = article_metadata(self.article, self.request, self.tags, self.authors, self.notes)
        context = {"meta": meta, "is_preview": self.is_preview}
        # Its JSON-LD lists the corrections: a later one ends it too.
        html = render_to_string("articles/includes/article_head.html", context)
        return Built(html, expires_at=self.next_note())

    def main(self) -> Built:
        self.shows_the_article()
        article = self.article
        context = {
            "article": article,
            "authors": self.authors,
            "tags": self.tags,
            "notes": self.notes,
            "updated_at": shown_update(article, self.notes),
            "is_preview": self.is_preview,
        }
        html = render_to_string("articles/includes/article_main.html", context)
        dates = [article.updated_at, article.published_at or article.updated_at]
        modified = max(*dates, *(note.published_at for note in self.notes))
        return Built(html, {"modified": modified.timestamp()}, self.next_note())

    def related(self) -> Built:
        related = related_articles(self.article, [tag.pk for tag in self.tags])
        html = render_to_string("articles/includes/related.html", {"related": related})
        # Related stories come from what is published: a scheduled one may join them.
        schedule = versions.current(versions.SCHEDULE_KEY)
        return Built(html, expires_at=next_publication(schedule, self.now.timestamp()))


# What the page needs of the article besides its stored pieces.
PAGE_FIELDS = (
    "headline",
    "slug",
    "language",
    "status",
    "published_at",
    "updated_at",
    "created_at",
    "is_embargoed",
    "deleted_at",
    "section_id",
)
BY_SLUG = Compiled(
    lambda at, text: Article.objects.published(now=at).filter(slug=text).only(*PAGE_FIELDS)[:1]
)


def published_article(slug: str, now: datetime | None = None) -> Article | None:
    """
    The published article at ``slug``, or None: one indexed read, compiled
    once, its section taken from the navigation each process remembers.
    """
    sql, params = BY_SLUG.sql(at=now or timezone.now(), text=slug)
    found = with_sections(list(Article.objects.raw(sql, params)))
    return found[0] if found else None


def with_sections(articles: list[Article]) -> list[Article]:
    """Each article with its section (and parent) from the navigation memo, no query."""
    sections = {section.pk: section for section in all_sections()}
    for article in articles:
        if article.section_id in sections:
            article.section = sections[article.section_id]
    return articles


def render_article(request, article: Article, partner_link=None):
    """The article page; ``partner_link``: opened through a partner preview link."""
    is_preview = not article.is_published()
    parts = ArticleParts(article.pk, request, is_preview)
    # The whole page speaks the article's language: <html lang>, dates, labels.
    with translation.override(article.language):
        if is_preview:
            pieces = {name: (mark_safe(getattr(parts, name)().html), {}) for name in PIECES}  # noqa: S308
        else:
            keys = {name: fragment_key(f"article-{name}", article.pk) for name in PIECES}
            stored = Fragments(keys.values())
            pieces = {
                name: stored.get(key, getattr(parts, name), article.pk)
                for name, key in keys.items()
            }
            stored.save()
        origin = escape(f"{request.scheme}://{request.get_host()}")
        context = {
            "article": article,
            "head_html": mark_safe(pieces["head"][0].replace(ORIGIN, origin)),  # noqa: S308
            "main_html": pieces["main"][0],
            "related_html": pieces["related"][0],
            "is_preview": is_preview,
            "nav_section": article.section.parent or article.section,
            "feeds": [section_feed_of(article)],
            "partner_link": partner_link,
        }
        response = render(request, "articles/article_detail.html", context)
    if is_preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        # With the ETag (articles.cache), lets browsers and CDNs revalidate for a 304.
        response["Last-Modified"] = http_date(pieces["main"][1]["modified"])
    return response


def section_feed_of(article: Article) -> dict:
    return section_feed(article.section.parent or article.section)


def visible_notes(article: Article, now: datetime | None = None) -> list:
    """The article's corrections and updates dated now or before (prefetched), oldest first."""
    now = now or timezone.now()
    return [note for note in article.notes.all() if note.published_at <= now]


def shown_update(article: Article, notes=()) -> datetime | None:
    """
    The "updated on" date readers see: only for a real edit after publication,
    or the latest correction or update note. An article entered after its
    publication date (imported, back-dated, demo content) was not updated by
    being created.
    """
    if not article.published_at:
        return None
    latest_note = max((note.published_at for note in notes), default=None)
    if article.updated_at - max(article.published_at, article.created_at) > UPDATE_NOTICE_AFTER:
        return max(article.updated_at, latest_note or article.updated_at)
    return latest_note
