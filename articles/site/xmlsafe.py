"""
Feed generators that never write a character XML 1.0 refuses, whatever the
database holds. Saved text is cleaned already (articles.models.cleaning); this
is the second guard, at the output: Django's generator raises (a 500) on
control characters and lets non-characters such as U+FFFE through, which no
XML parser accepts.
"""

from __future__ import annotations

from django.utils import feedgenerator

from articles.text import strip_xml_invalid


def xml_safe(value):
    """``value`` with XML-invalid characters removed from every string in it."""
    if isinstance(value, str):
        return strip_xml_invalid(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeFeedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(
            *(xml_safe(arg) for arg in args), **{k: xml_safe(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(xml_safe(arg) for arg in args), **{k: xml_safe(v) for k, v in kwargs.items()}
        )


class XmlSafeRssFeed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass
