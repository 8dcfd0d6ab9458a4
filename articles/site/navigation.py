"""The sections shown in the site's navigation, cached between requests."""

from __future__ import annotations

from django.core.cache import cache

from articles.models import Section

NAVIGATION_CACHE_KEY = "articles:navigation:v1"
# Seconds; a section edit also clears it at once (articles.signals).
NAVIGATION_CACHE_SECONDS = 300


def all_sections() -> list[Section]:
    """Every section in editorial order, from the cache when possible (one query at most)."""
    sections = cache.get(NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.select_related("parent").order_by("position", "name"))
        cache.set(NAVIGATION_CACHE_KEY, sections, NAVIGATION_CACHE_SECONDS)
    return sections


def navigation_sections() -> list[Section]:
    """Top-level sections in their editorial order."""
    return [section for section in all_sections() if section.parent_id is None]


def subsections(section: Section) -> list[Section]:
    return [child for child in all_sections() if child.parent_id == section.pk]


def forget_navigation() -> None:
    cache.delete(NAVIGATION_CACHE_KEY)
