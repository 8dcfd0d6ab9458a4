"""
PostgreSQL: a stored, GIN-indexed ``tsvector`` on the article table.

The column is not a model field (it would not exist on SQLite): the migration
adds it, this module fills it on every save and reads it as a bare column expression.
Weights: A headline, B standfirst, C tags, D body. Each article is analysed
with its own language's configuration, made accent-insensitive with unaccent.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections, transaction
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import Replace

from articles.languages import SNOWBALL_STEMMERS, UNSTEMMED, search_config_base, site_languages

from ..analysis import MARK_END, MARK_START, ParsedQuery
from ..documents import Document

INDEX_NAME = "article_search_vector_idx"
# to_tsvector() refuses texts whose vector passes 1 MB; no real article comes close.
MAX_INDEXED_CHARS = 300_000
# One accent-insensitive configuration per Snowball stemmer, and "simple_unaccent"
# (no stemming) for the other languages: whatever NEWSROOM_LANGUAGES lists later,
# its configuration already exists.
BASE_CONFIGS = (*sorted(set(SNOWBALL_STEMMERS.values())), UNSTEMMED)


def config_name(language: str) -> str:
    """The text-search configuration articles in ``language`` are analysed with."""
    return f"{search_config_base(language)}_unaccent"


def _create_config(base: str) -> str:
    dictionary = base if base == UNSTEMMED else f"{base}_stem"
    # Skipped where the server lacks the stemmer (PostgreSQL before 15 for some).
    return f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{base}_unaccent')
               AND EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = '{dictionary}') THEN
                CREATE TEXT SEARCH CONFIGURATION {base}_unaccent (COPY = {base});
                ALTER TEXT SEARCH CONFIGURATION {base}_unaccent
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};
            END IF;
        END $$
        """


CONFIG_SQL = [_create_config(base) for base in BASE_CONFIGS]
INSTALL_SQL = [
    *CONFIG_SQL,
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin (search_vector)",
]
UNINSTALL_SQL = [
    f"DROP INDEX IF EXISTS {INDEX_NAME}",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {base}_unaccent" for base in BASE_CONFIGS),
]

_UPDATE = """
    UPDATE articles_article SET search_vector =
        setweight(to_tsvector(%(config)s::regconfig, %(headline)s), 'A')
        || setweight(to_tsvector(%(config)s::regconfig, %(standfirst)s), 'B')
        || setweight(to_tsvector(%(config)s::regconfig, %(tags)s), 'C')
        || setweight(to_tsvector(%(config)s::regconfig, %(body)s), 'D')
    WHERE id = %(id)s
"""


def _body_text():
    """Plain text of the sanitized body, for the snippets of the few articles on a page."""
    text = Func(F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace")
    for entity, char in (
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ):
        text = Replace(text, Value(entity), Value(char))
    return text


def store(documents: list[Document], using: str = "default") -> None:
    rows = [
        {
            "id": d.article_id,
            "config": config_name(d.language),
            "headline": d.headline,
            "standfirst": d.standfirst,
            "tags": d.tags,
            "body": d.body[:MAX_INDEXED_CHARS],
        }
        for d in documents
    ]
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.executemany(_UPDATE, rows)


def delete(ids: list[int], using: str = "default") -> None:
    """Nothing to do: the vector is deleted with its article."""


def clear(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("UPDATE articles_article SET search_vector = NULL")


def prune(using: str = "default") -> None:
    """Nothing to do: vectors live on their articles' rows."""


# --- Querying ----------------------------------------------------------------


def _query(parsed: ParsedQuery, language: str) -> SearchQuery:
    return SearchQuery(parsed.websearch(), config=config_name(language), search_type="websearch")


def _vector(queryset: QuerySet) -> Col:
    """
    The search_vector column of the queryset's table. A Col, not RawSQL, so
    Django renames its table alias when the query becomes a subquery.
    """
    field = SearchVectorField()
    field.set_attributes_from_name("search_vector")
    field.model = queryset.model
    return Col(queryset.query.get_initial_alias(), field)


def matching(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    # One condition per language, so each can use the GIN index with a
    # constant query (PostgreSQL combines them with a BitmapOr).
    condition = Q()
    for language in site_languages():
        condition |= Q(language=language, search_vector=_query(parsed, language))
    return queryset.alias(search_vector=_vector(queryset)).filter(condition)


def _per_language(make, output_field):
    default, *others = site_languages()
    return Case(
        *(When(language=language, then=make(language)) for language in others),
        default=make(default),
        output_field=output_field,
    )


def _ordered(queryset: QuerySet, parsed: ParsedQuery, sort: str) -> QuerySet:
    if sort == "date":
        return queryset.order_by("-published_at", "-pk")
    rank = _per_language(
        lambda lang: SearchRank(F("search_vector"), _query(parsed, lang), cover_density=True),
        FloatField(),
    )
    return queryset.alias(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


def page(
    queryset: QuerySet, parsed: ParsedQuery, sort: str, offset: int, limit: int, listing: QuerySet
) -> list:
    """[(article, snippet with markers)] for one page of results, best first, in one query."""
    page_ids = _ordered(matching(queryset, parsed), parsed, sort).values("pk")[
        offset : offset + limit
    ]
    snippet = _per_language(
        lambda lang: SearchHeadline(
            _body_text(),
            _query(parsed, lang),
            config=config_name(lang),
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=30,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
        TextField(),
    )
    # The outer query only sees the page's rows, so ts_headline() (slow) runs
    # for them alone.
    articles = _ordered(
        listing.filter(pk__in=page_ids).alias(search_vector=_vector(listing)), parsed, sort
    ).annotate(search_snippet=snippet)
    return [(article, article.search_snippet) for article in articles]
