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
