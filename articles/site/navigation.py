"""The sections shown in the site's navigation, remembered by each process."""

from __future__ import annotations

from articles.cache import versions
from articles.models import Section

# Navigation version -> sections: a section edit bumps the version (every page
# shows the navigation), so each process reads the sections once per edit.
_memo: dict[int, list[Section]] = {}


def all_sections() -> list[Section]:
    """Every section in editorial order; no query while the navigation has not changed."""
    version = versions.current(versions.NAVIGATION_KEY)
    sections = _memo.get(version)
    if sections is None:
        sections = list(Section.objects.select_related("parent").order_by("position", "name"))
        _memo.clear()
        _memo[version] = sections
    return sections


def navigation_sections() -> list[Section]:
    """Top-level sections in their editorial order."""
    return [section for section in all_sections() if section.parent_id is None]


def subsections(section: Section) -> list[Section]:
    return [child for child in all_sections() if child.parent_id == section.pk]


def forget_navigation() -> None:
    _memo.clear()
