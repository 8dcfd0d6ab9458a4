"""
Feed items in their article's language, whatever the feed's: ``xml:lang`` on
each Atom entry, ``dc:language`` in each RSS item (RSS 2.0 itself only has a
channel language). The feed passes it as ``language`` in ``item_extra_kwargs``.
"""

from __future__ import annotations

from .xmlsafe import XmlSafeAtomFeed, XmlSafeRssFeed

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class LanguageRssFeed(XmlSafeRssFeed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class LanguageAtomFeed(XmlSafeAtomFeed):
    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class StoredItemsMixin:
    """
    A feed whose items were written once and stored (articles.site.feed_items):
    ``raw_items`` are written as they are, after any item added the usual way.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_items: list[str] = []
        self.raw_latest = None

    def write_items(self, handler):
        super().write_items(handler)
        for xml in self.raw_items:
            handler.ignorableWhitespace(xml)  # written as is: already XML

    def latest_post_date(self):
        if self.raw_latest is not None and not self.items:
            return self.raw_latest
        return super().latest_post_date()


class StoredRssFeed(StoredItemsMixin, LanguageRssFeed):
    pass


class StoredAtomFeed(StoredItemsMixin, LanguageAtomFeed):
    pass
