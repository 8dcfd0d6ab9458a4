"""
Dates as the fronts show them: a story dated by day alone shows no time, and
the latest-news rail gives today's stories their time.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import dateformat, timezone, translation

from articles.templatetags.newsroom import article_date, article_datetime, iso_datetime

register = template.Library()

# "14 h 30" in French, "14:30" in English; older stories: "3 déc." / "3 Dec.".
RAIL_TIME_FORMATS = {"fr": r"G \h i", "en": "H:i"}
RAIL_DAY_FORMAT = "j N"


def is_dated_by_day(value: datetime | None) -> bool:
    """
    True for a story dated by its day alone: exports give a date without a
    time, which the importer stores as local midnight. Nobody else publishes
    at 00:00:00 to the second.
    """
    if not value:
        return False
    local = timezone.localtime(value)
    return (local.hour, local.minute, local.second) == (0, 0, 0)


@register.filter
def publication_datetime(value, language=None):
    """ "7 août 2025 à 14 h 30", or "7 août 2025" for a story dated by day."""
    if is_dated_by_day(value):
        return article_date(value, language)
    return article_datetime(value, language)


@register.filter
def publication_iso(value):
    """The ``datetime`` attribute of <time>: the day alone when that is all we know."""
    if is_dated_by_day(value):
        return timezone.localtime(value).date().isoformat()
    return iso_datetime(value)


@register.filter
def rail_time(value, language=None):
    """
    Today's stories by their time, older ones (and those dated by day) by their
    day, in the page's language: the rail reads as one list whatever each story's.
    """
    if not value:
        return ""
    language = (language or translation.get_language() or "fr")[:2]
    local = timezone.localtime(value)
    with translation.override(language):
        if local.date() == timezone.localdate() and not is_dated_by_day(value):
            return dateformat.format(local, RAIL_TIME_FORMATS.get(language, "H:i"))
        return dateformat.format(local, RAIL_DAY_FORMAT)


@register.simple_tag(takes_context=True)
def card(
    context,
    article,
    variant="",
    level=3,
    show_photo=False,
    show_standfirst=False,
    show_authors=False,
):
    """A listing card, from the page's stored cards when the view read them (``cards``)."""
    from articles.site.cards import card_html

    return card_html(
        context.get("cards"),
        article,
        variant=variant,
        level=level,
        show_photo=show_photo,
        show_standfirst=show_standfirst,
        show_authors=show_authors,
    )
