"""The feeds a page links to (<link rel="alternate"> and "Follow with RSS")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Section


def site_feed() -> dict:
    return {
        "title": _("All the news"),
        "rss": reverse("articles:feed"),
        "atom": reverse("articles:feed-atom"),
    }


def section_feed(section: Section) -> dict:
    """Feeds exist for top-level sections; a sub-section's articles are in its parent's."""
    return {
        "title": _("%(section)s: latest articles") % {"section": section.name},
        "rss": reverse("articles:section-feed", kwargs={"slug": section.slug}),
        "atom": reverse("articles:section-feed-atom", kwargs={"slug": section.slug}),
    }
