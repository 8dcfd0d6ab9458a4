"""
The parts of every page that change only with the navigation: the masthead
and section menu, the footer. Each process renders each part once per
navigation version, language, current section and year, then reuses it
(a page miss used to spend a fifth of its time reversing the same URLs).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation

from articles.cache import versions

# (part, navigation version, language, current section, year) -> HTML.
_rendered: dict[tuple, str] = {}
MOST_KEPT = 512


def chrome_key(name: str, current_section) -> tuple:
    return (
        name,
        versions.current(versions.NAVIGATION_KEY),
        translation.get_language(),
        getattr(current_section, "pk", None),
        timezone.localdate().year,
        settings.NEWSROOM_SITE_NAME,
        settings.STATIC_URL,
        get_script_prefix(),
        get_urlconf(),
    )


def rendered(key: tuple, render) -> str:
    html = _rendered.get(key)
    if html is None:
        if len(_rendered) >= MOST_KEPT:
            _rendered.clear()
        html = _rendered[key] = render()
    return html


def forget() -> None:
    _rendered.clear()
