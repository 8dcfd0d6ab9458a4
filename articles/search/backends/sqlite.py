"""
SQLite: an FTS5 index of stems, with the original texts as its external content.

``articles_search_text`` holds, per article, the plain texts (what ``snippet()``
shows) and the stems we indexed (needed to delete an entry from an external
content index). ``articles_search`` is the FTS5 index itself: every word of the
original text is replaced by its stem, word for word, so the positions FTS5
records point at the right original words.
"""

from __future__ import annotations

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from articles.languages import site_languages

from ..analysis import MARK_END, MARK_START, ParsedQuery, Term, stems_of, words_of
from ..documents import Document

CONTENT_TABLE = "articles_search_text"
INDEX_TABLE = "articles_search"
COLUMNS = ("headline", "standfirst", "tags", "body", "lang")
SEARCHED_COLUMNS = "{headline standfirst tags body}"
# bm25() weights, in COLUMNS order: the headline counts most, the language tag not at all.
WEIGHTS = (10.0, 4.0, 3.0, 1.0, 0.0)
SNIPPET_COLUMN = COLUMNS.index("body")
SNIPPET_WORDS = 30

INSTALL_SQL = [
    f"""
    CREATE TABLE {CONTENT_TABLE} (
        article_id INTEGER PRIMARY KEY,
        headline TEXT NOT NULL, standfirst TEXT NOT NULL, tags TEXT NOT NULL,
        body TEXT NOT NULL, lang TEXT NOT NULL,
        headline_stems TEXT NOT NULL, standfirst_stems TEXT NOT NULL,
        tags_stems TEXT NOT NULL, body_stems TEXT NOT NULL
    )
    """,
    f"""
    CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5(
        headline, standfirst, tags, body, lang,
        content='{CONTENT_TABLE}', content_rowid='article_id',
        tokenize="unicode61 remove_diacritics 2"
    )
    """,
]
UNINSTALL_SQL = [f"DROP TABLE IF EXISTS {INDEX_TABLE}", f"DROP TABLE IF EXISTS {CONTENT_TABLE}"]

_STEM_COLUMNS = "headline_stems, standfirst_stems, tags_stems, body_stems, lang"
_DELETE_ENTRY = (
    f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rowid, {', '.join(COLUMNS)}) "
    f"SELECT 'delete', article_id, {_STEM_COLUMNS} FROM {CONTENT_TABLE} WHERE article_id = %s"
)


def store(documents: list[Document], using: str = "default") -> None:
    rows = []
    for doc in documents:
        words = words_of(doc.headline, doc.standfirst, doc.tags, doc.body)
        stems = [stems_of(w, doc.language) for w in words]
        rows.append((doc, stems))
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for doc, _stems in rows:
            cursor.execute(_DELETE_ENTRY, [doc.article_id])
        cursor.executemany(
            f"INSERT OR REPLACE INTO {CONTENT_TABLE} (article_id, headline, standfirst, tags, "
            f"body, lang, headline_stems, standfirst_stems, tags_stems, body_stems) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (d.article_id, d.headline, d.standfirst, d.tags, d.body, d.language, *stems)
                for d, stems in rows
            ],
        )
        cursor.executemany(
            f"INSERT INTO {INDEX_TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (%s, %s, %s, %s, %s, %s)",
            [(d.article_id, *stems, d.language) for d, stems in rows],
        )


def delete(ids: list[int], using: str = "default") -> None:
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for article_id in ids:
            cursor.execute(_DELETE_ENTRY, [article_id])
        cursor.executemany(
            f"DELETE FROM {CONTENT_TABLE} WHERE article_id = %s", [(i,) for i in ids]
        )


def clear(using: str = "default") -> None:
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}) VALUES ('delete-all')")
        cursor.execute(f"DELETE FROM {CONTENT_TABLE}")


def prune(using: str = "default") -> None:
    """Remove entries whose article no longer exists."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT article_id FROM {CONTENT_TABLE} WHERE article_id NOT IN "
            f"(SELECT id FROM articles_article)"
        )
        orphans = [row[0] for row in cursor.fetchall()]
    if orphans:
        delete(orphans, using=using)


# --- Querying ----------------------------------------------------------------


def _phrase(term: Term, language: str) -> str:
    # Stems are made of word characters only, so quoting them can never
    # produce an FTS5 syntax error.
    return '"' + " ".join(term.stems(language)) + '"'


def match_expression(parsed: ParsedQuery) -> str:
    """
    The FTS5 MATCH expression: each language's articles are matched with that
    language's stems, so French words are never looked up as English ones.
    """
    alternatives = []
    for language in site_languages():
        required = " AND ".join(_phrase(t, language) for t in parsed.required)
        expression = f'lang : "{language}" AND {SEARCHED_COLUMNS} : ({required})'
        for term in parsed.excluded:
            expression = f"({expression}) NOT {SEARCHED_COLUMNS} : ({_phrase(term, language)})"
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)


def matching(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    return queryset.filter(
        pk__in=RawSQL(
            f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH %s",
            [match_expression(parsed)],
        )
    )


def page(
    queryset: QuerySet, parsed: ParsedQuery, sort: str, offset: int, limit: int, listing: QuerySet
) -> list:
    """[(article, snippet with markers)] for one page of results, best first."""
    candidates, params = queryset.values("pk").query.sql_with_params()
    rank = f"bm25({INDEX_TABLE}, {', '.join(str(w) for w in WEIGHTS)})"
    order = (
        "a.published_at DESC, a.id DESC"
        if sort == "date"
        else f"{rank}, a.published_at DESC, a.id DESC"
    )
    sql = (
        f"SELECT {INDEX_TABLE}.rowid, snippet({INDEX_TABLE}, {SNIPPET_COLUMN}, %s, %s, %s, {SNIPPET_WORDS}) "
        f"FROM {INDEX_TABLE} JOIN articles_article a ON a.id = {INDEX_TABLE}.rowid "
        f"WHERE {INDEX_TABLE} MATCH %s AND a.id IN ({candidates}) "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            sql,
            [MARK_START, MARK_END, "…", match_expression(parsed), *params, limit, offset],
        )
        rows = cursor.fetchall()
    articles = listing.in_bulk([pk for pk, _snippet in rows])
    return [(articles[pk], snippet) for pk, snippet in rows if pk in articles]
