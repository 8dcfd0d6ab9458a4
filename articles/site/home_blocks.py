"""
The home page's section rows: the newest stories of each top-level section.

One query, made of one small indexed subquery per section, so its cost does
not grow with the archive (a window over every published article did). The
ORM compiles it once per set of sections (compiling nine nested queries
was a third of a home page miss); each request only puts the current time in.
"""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article
from articles.site.article_page import PAGE_FIELDS, with_sections
from articles.site.cards import Listed
from articles.site.compiled import Compiled
from articles.site.navigation import all_sections, navigation_sections
from articles.site.pagination import ARTICLES_PER_PAGE

# The home page's top: one lead story and the latest ones beside it.
HOME_TOP_COUNT = 7
# Articles shown in each section block of the home page.
HOME_BLOCK_SIZE = 4
# Read deeper than a row: the stories that lead or make the rail leave it.
BLOCK_DEPTH = HOME_BLOCK_SIZE + HOME_TOP_COUNT
# Lists page through the newest articles only, so that counting and skipping
# rows stays cheap however large the archive; older ones are in the date archives.
LISTING_PAGES = 50
LISTING_DEPTH = LISTING_PAGES * ARTICLES_PER_PAGE
# (database vendor, sections) -> their query, compiled once (articles.site.compiled).
_compiled: dict[tuple, Compiled] = {}


def blocks_query(sections, at: datetime):
    """The ids and sections of each section's newest stories, published at ``at``."""
    children: dict[int, list[int]] = {}
    for section in all_sections():
        if section.parent_id:
            children.setdefault(section.parent_id, []).append(section.pk)
    # "id IN (top 11 of A UNION ALL top 11 of B ...)": each part reads a few rows
    # of an index; OR-ing the parts instead makes PostgreSQL scan the whole table.
    parts, params = [], []
    for n, section in enumerate(sections):
        newest = (
            Article.objects.published(now=at)
            .filter(section_id__in=[section.pk, *children.get(section.pk, [])])
            .newest_first()
            .values_list("pk", flat=True)[:BLOCK_DEPTH]
        )
        sql, part_params = newest.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS block_{n}")
        params.extend(part_params)
    newest_ids = RawSQL(" UNION ALL ".join(parts), params)
    return Article.objects.filter(pk__in=newest_ids).newest_first().values_list("pk", "section_id")


def section_blocks(now: datetime | None = None) -> list[dict]:
    """Each top-level section with its newest stories (as ``Listed``: cards are stored)."""
    sections = navigation_sections()
    if not sections:
        return []
    # The sections and their sub-sections are what the query is made of.
    key = (connection.vendor, tuple((s.pk, s.parent_id) for s in all_sections()))
    if key not in _compiled:
        _compiled.clear()
        _compiled[key] = Compiled(lambda at, _text: blocks_query(sections, at))
    sql, params = _compiled[key].sql(at=now or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    block_of = {section.pk: section.parent_id or section.pk for section in all_sections()}
    by_section: dict[int, list[Listed]] = {}
    for pk, section_id in rows:
        by_section.setdefault(block_of.get(section_id, section_id), []).append(Listed(pk))
    return [
        {"section": section, "articles": by_section[section.pk]}
        for section in sections
        if section.pk in by_section
    ]


# --- The first page of the home page --------------------------------------------

TOP_AND_FIRST_PAGE = Compiled(
    lambda at, text: (
        Article.objects.published(now=at)
        .newest_first()
        .only(*PAGE_FIELDS)[: HOME_TOP_COUNT + ARTICLES_PER_PAGE]
    )
)
LISTED = Compiled(
    lambda at, text: Article.objects.published(now=at).values("pk")[
        : HOME_TOP_COUNT + LISTING_DEPTH
    ]
)


def first_page(now: datetime | None = None) -> tuple[list[Article], Page]:
    """
    The home's newest stories read whole (lead and rail show their headline
    and time) and the page of older ones after them (as ``Listed``), with two
    queries compiled once.
    """
    now = now or timezone.now()
    sql, params = TOP_AND_FIRST_PAGE.sql(at=now)
    newest = with_sections(list(Article.objects.raw(sql, params)))
    sql, params = LISTED.sql(at=now)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS listed", params)  # noqa: S608
        (count,) = cursor.fetchone()
    more = Paginator(range(max(0, count - HOME_TOP_COUNT)), ARTICLES_PER_PAGE)
    page = Page([article.pk for article in newest[HOME_TOP_COUNT:]], 1, more)
    return newest[:HOME_TOP_COUNT], page
