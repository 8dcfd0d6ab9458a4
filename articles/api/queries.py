"""
What the API lists, and how: visibility, filters and cursor pagination.

Visibility comes from the article's own queryset (``published()``); a key
with the embargo right adds the embargoed articles, and nothing else that
is unpublished (no draft, no plain scheduled article, nothing in the bin).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Author, Tag

from .problems import bad_request

# Largest value of a BigAutoField: a larger id can name nothing (and would overflow the query).
MAX_ID = 2**63 - 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Latest instant a cursor may name, in microseconds since the epoch (end of year 9999).
MAX_CURSOR_MICROSECONDS = 253_402_300_799_999_999
# A cursor longer than this was not made by us.
MAX_CURSOR_LENGTH = 200


def visible_articles(api_key=None):
    articles = Article.objects.published()
    if api_key is not None and api_key.can_read_embargoed:
        articles = articles | Article.objects.scheduled().filter(is_embargoed=True)
    return articles


def for_api(articles):
    return articles.for_listing().prefetch_related("tags").newest_first()


@dataclass(frozen=True)
class ArticleFilters:
    section: str | None = None
    tag: str | None = None
    author: str | None = None
    language: str | None = None
    updated_since: datetime | None = None


def to_utc(value: datetime) -> datetime:
    """A client's date as an aware UTC datetime (naive ones are the site's local time)."""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise bad_request(_("The date is out of range.")) from None


def primary_language(tag: str) -> str:
    """``nb-NO`` -> ``nb``: a region subtag maps to the language the site stores."""
    return tag.split("-", 1)[0].split("_", 1)[0].lower()


def apply_filters(articles, filters: ArticleFilters):
    if filters.section:
        articles = articles.filter(
            Q(section__slug=filters.section) | Q(section__parent__slug=filters.section)
        )
    if filters.tag:
        articles = articles.filter(tagged_items__tag__slug=filters.tag)
    if filters.author:
        articles = articles.filter(authors__slug=filters.author)
    if filters.language:
        articles = articles.filter(language=primary_language(filters.language))
    if filters.updated_since:
        articles = articles.filter(updated_at__gte=to_utc(filters.updated_since))
    return articles


# --- Cursors ------------------------------------------------------------------
# Opaque to clients: base64url of "<text>". For articles the text is
# "<published_at in microseconds>:<id>", the position of the last item shown.


def encode_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise bad_request(_("The cursor is not valid."))
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, ValueError):
        raise bad_request(_("The cursor is not valid.")) from None
    if "\x00" in text:
        raise bad_request(_("The cursor is not valid."))
    return text


def article_cursor(article: Article) -> str:
    microseconds = (article.published_at - EPOCH) // timedelta(microseconds=1)
    return encode_cursor(f"{microseconds}:{article.pk}")


def after_article_cursor(articles, cursor: str):
    """The articles older than the cursor's position (newest first, ties broken by id)."""
    stamp, _colon, pk = decode_cursor(cursor).partition(":")
    if not (stamp.isascii() and stamp.isdigit() and pk.isascii() and pk.isdigit()):
        raise bad_request(_("The cursor is not valid."))
    microseconds, pk = int(stamp[:20]), int(pk[:20])
    if microseconds > MAX_CURSOR_MICROSECONDS or not 1 <= pk <= MAX_ID:
        raise bad_request(_("The cursor is not valid."))
    at = EPOCH + timedelta(microseconds=microseconds)
    return articles.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))


def page_of(items_query, limit: int) -> tuple[list, bool]:
    """One page and whether there is another: a single query for limit + 1 rows."""
    items = list(items_query[: limit + 1])
    return items[:limit], len(items) > limit


# --- Tags and authors -----------------------------------------------------------


def public_tags():
    readable = Article.objects.published().filter(tagged_items__tag=OuterRef("pk"))
    return Tag.objects.filter(Exists(readable)).order_by("slug")


def public_authors():
    readable = Article.objects.published().filter(authors=OuterRef("pk"))
    return Author.objects.filter(Exists(readable)).order_by("slug")


def after_slug_cursor(items, cursor: str):
    return items.filter(slug__gt=decode_cursor(cursor))
