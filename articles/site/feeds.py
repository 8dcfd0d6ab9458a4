"""RSS 2.0 and Atom feeds: the whole site, a section, a tag, an author."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.cache import depends_on, key_for
from articles.models import Article, ArticleNote, Author, Section, Tag
from articles.site.cards import listed
from articles.site.feed_items import ORIGIN, stored_items
from articles.site.feed_language import StoredAtomFeed, StoredRssFeed
from articles.site.seo import strip_control_characters
from articles.site.xmlsafe import XmlSafeAtomFeed, XmlSafeRssFeed

FEED_ITEMS = 30


class ArticleFeed(Feed):
    """The latest published articles; subclasses narrow ``articles()``."""

    feed_type = StoredRssFeed
    language = settings.LANGUAGE_CODE

    def title(self, obj=None):
        return strip_control_characters(settings.NEWSROOM_SITE_NAME)

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return _("The latest articles of %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME}

    def subtitle(self, obj=None):
        return self.description(obj)

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        # The channel only: get_feed() adds the items from their stored entries.
        return []

    def item_updateddate(self, item):
        # Never called: its presence makes the framework send Last-Modified,
        # the newest item's date (StoredItemsMixin.latest_post_date).
        return None

    def get_feed(self, obj, request):
        # The page cache refreshes the feed when its section, tag or author lists change.
        depends_on(key_for(obj))
        feed = super().get_feed(obj, request)
        ids = self.articles(obj).newest_first().values_list("pk", flat=True)[:FEED_ITEMS]
        items, feed.raw_latest = stored_items(self.feed_type, listed(ids))
        origin = escape(f"{request.scheme}://{request.get_host()}")
        feed.raw_items = ["".join(items).replace(ORIGIN, origin)]
        return feed

    def __call__(self, request, *args, **kwargs):
        # Enclosure URLs must be absolute and only the request knows the host;
        # a copy per request keeps the shared feed instance free of state.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)


class ArticleAtomFeed(ArticleFeed):
    feed_type = StoredAtomFeed


class CorrectionsFeed(Feed):
    """Every correction on a published article, newest first."""

    feed_type = XmlSafeRssFeed
    language = settings.LANGUAGE_CODE

    def title(self):
        return _("Corrections – %(site)s") % {
            "site": strip_control_characters(settings.NEWSROOM_SITE_NAME)
        }

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return _("Every correction we have made to our articles, newest first.")

    def items(self):
        return list(
            ArticleNote.objects.visible()
            .filter(kind=ArticleNote.Kind.CORRECTION)
            .select_related("article__section")
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return strip_control_characters(
            _("Correction: %(headline)s") % {"headline": item.article.headline}
        )

    def item_description(self, item):
        return strip_control_characters(item.text)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = CorrectionsFeed.description


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug, parent=None)

    def title(self, obj=None):
        return f"{obj.name} – {settings.NEWSROOM_SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return _("The latest articles in %(section)s.") % {"section": obj.name}

    def articles(self, obj):
        return Article.objects.published().filter(Q(section=obj) | Q(section__parent=obj))


class SectionAtomFeed(SectionFeed):
    feed_type = StoredAtomFeed


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} – {settings.NEWSROOM_SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return _("All our articles about %(tag)s.") % {"tag": obj.name}

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = StoredAtomFeed


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} – {settings.NEWSROOM_SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return _("Articles by %(author)s.") % {"author": obj.name}

    def articles(self, obj):
        return Article.objects.published().filter(authors=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = StoredAtomFeed
