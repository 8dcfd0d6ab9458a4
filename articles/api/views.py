"""The API's operations: each fetches through ``queries``, fills a shape from ``schemas``."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from articles.models import Section

from . import queries
from .ninjs import article_ninjs
from .problems import not_found
from .schemas import (
    ArticleOut,
    ArticlePage,
    AuthorPage,
    LinkPage,
    ProblemOut,
    SectionOut,
    article_full,
    article_summary,
    author_out,
    link,
    section_out,
)

router = Router(tags=["content"])

# Slugs as the site writes them (Unicode letters for tags and authors).
SLUG_PATTERN = r"^[-\w]+$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"
SLUG_MAX_LENGTH = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
ERRORS = {400: ProblemOut, 404: ProblemOut}


def slug_query(description: str):
    return Query(
        None,
        min_length=1,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description=description,
    )


# Parameters, built once: ninja reads them when the operations are declared.
SECTION = slug_query("Only this section (and its sub-sections), by slug.")
TAG = slug_query("Only articles with this tag, by slug.")
AUTHOR = slug_query("Only articles by this author, by slug.")
LANGUAGE = Query(
    None,
    max_length=35,
    pattern=LANGUAGE_PATTERN,
    description="A language tag: `fr`, `en`; `fr-CA` means `fr`.",
)
UPDATED_SINCE = Query(
    None,
    max_length=40,
    description="Only articles changed at or after this time (RFC 3339, or a date).",
    example="2026-12-01T08:00:00Z",
)
CURSOR = Query(
    None,
    pattern=queries.ARTICLE_CURSOR_PATTERN,
    description="Where the previous page ended: its `next` link holds it.",
)
SLUG_CURSOR = slug_query("Where the previous page ended: its `next` link holds it.")
LIMIT = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")
ARTICLE_ID = Path(..., ge=1, le=queries.MAX_ID, description="The article's id.")


def next_url(request, cursor: str) -> str:
    params = QueryDict(mutable=True)
    params.update(request.GET)
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def visible_article(request, article_id: int):
    articles = queries.for_api(queries.visible_articles(getattr(request, "api_key", None)))
    article = articles.filter(pk=article_id).first()
    if article is None:
        raise not_found(_("No article readers may see has this id."))
    return article


@router.get(
    "/articles/",
    response={200: ArticlePage, **ERRORS},
    url_name="articles",
    summary="Articles, newest first",
)
def list_articles(
    request,
    section: str | None = SECTION,
    tag: str | None = TAG,
    author: str | None = AUTHOR,
    language: str | None = LANGUAGE,
    updated_since: str | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    since = queries.parse_datetime(updated_since) if updated_since is not None else None
    filters = queries.ArticleFilters(section, tag, author, language, since)
    articles = queries.apply_filters(
        queries.visible_articles(getattr(request, "api_key", None)), filters
    )
    if cursor:
        articles = queries.after_article_cursor(articles, cursor)
    page, more = queries.page_of(queries.for_api(articles), limit)
    return {
        "results": [article_summary(request, article) for article in page],
        "next": next_url(request, queries.article_cursor(page[-1])) if more else None,
    }


@router.get(
    "/articles/{article_id}/",
    response={200: ArticleOut, **ERRORS},
    url_name="article",
    summary="One article, with its body",
)
def get_article(request, article_id: int = ARTICLE_ID):
    return article_full(request, visible_article(request, article_id))


@router.get(
    "/articles/{article_id}/ninjs/",
    response={200: dict, **ERRORS},
    url_name="article-ninjs",
    summary="One article as IPTC ninjs 3.1",
    description=(
        "Valid against IPTC's JSON Schema "
        "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json (News in JSON)."
    ),
)
def get_article_ninjs(request, article_id: int = ARTICLE_ID):
    return article_ninjs(request, visible_article(request, article_id))


@router.get(
    "/sections/",
    response={200: list[SectionOut], **ERRORS},
    url_name="sections",
    summary="Sections, in the site's order",
)
def list_sections(request):
    sections = Section.objects.select_related("parent").order_by("position", "name")
    return [section_out(request, section) for section in sections]


@router.get(
    "/tags/",
    response={200: LinkPage, **ERRORS},
    url_name="tags",
    summary="Tags of published articles, by slug",
)
def list_tags(request, cursor: str | None = SLUG_CURSOR, limit: int = LIMIT):
    return slug_page(request, queries.public_tags(), cursor, limit, link)


@router.get(
    "/authors/",
    response={200: AuthorPage, **ERRORS},
    url_name="authors",
    summary="Authors of published articles, by slug",
)
def list_authors(request, cursor: str | None = SLUG_CURSOR, limit: int = LIMIT):
    return slug_page(request, queries.public_authors(), cursor, limit, author_out)


def slug_page(request, queryset, cursor: str | None, limit: int, serialize) -> dict:
    """One page of a list ordered by slug, and the address of the next one."""
    if cursor:
        queryset = queries.after_slug_cursor(queryset, cursor)
    page, more = queries.page_of(queryset, limit)
    return {
        "results": [serialize(request, item) for item in page],
        "next": next_url(request, page[-1].slug) if more else None,
    }
