"""
Fragments of public pages rendered once, stored in the database, and reused
until what they show changes.

A page cache miss is the normal case in a newsroom (every publication moves
the home page and the lists), so a miss must be cheap. Most of a miss is
work that does not change between requests: an article's text, its head
(metadata, JSON-LD), its related stories, each listing card. Each is stored
here with the versions of the dependency keys it declared while it was built
(articles.cache.keys), exactly like a cached page, and with the build that
rendered it (templates, code, settings): a miss then reads a few rows and
fills a small template.

A fragment is rebuilt when one of its keys moves (a publication, an edit, a
rename), when its time comes (``expires_at``: a correction note dated later,
the next scheduled publication for related stories), or when the code or
settings that render it change. Rebuilding stores it again; a failing write
(a locked SQLite file) only costs the next reader a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from articles.models import StoredFragment

from . import versions
from .keys import collecting, depends_on, rendered_afresh
from .pages import now_timestamp
from .versions import ALL_KEY, NAVIGATION_KEY

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
# What renders fragments: a change to any of these files makes every stored
# fragment stale (the build id changes).
SOURCES = (
    "templates/articles",
    "articles/site",
    "articles/templatetags",
    "articles/cache/fragments.py",
    "articles/models/article.py",
    "articles/models/photos.py",
)
# Settings a fragment's HTML depends on.
SETTINGS = ("MEDIA_URL", "STATIC_URL", "LANGUAGE_CODE", "TIME_ZONE", "NEWSROOM_SITE_NAME")


@cache
def source_digest() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".py", ".html", ".xml", ".txt"}:
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def build_id() -> str:
    values = [source_digest(), *(str(getattr(settings, name, "")) for name in SETTINGS)]
    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:32]


@dataclass
class Built:
    html: str
    data: dict = field(default_factory=dict)
    expires_at: float | None = None


def build(builder: Callable[[], Built]) -> tuple[Built, set[str]]:
    """Run ``builder``, collecting the keys of what it shows."""
    collected: set[str] = set()
    token = collecting.set(collected)
    try:
        built = builder()
    finally:
        collecting.reset(token)
    return built, {NAVIGATION_KEY, *collected}


def store(rows: list[StoredFragment]) -> None:
    """Keep built fragments (one statement); a failure only costs a rebuild later."""
    if not rows:
        return
    try:
        with transaction.atomic():
            StoredFragment.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["article_id", "html", "data", "dependencies", "build", "expires_at"],
            )
    except DatabaseError as error:
        logger.warning("%d page fragments not stored: %s", len(rows), error)


def decoded(value):
    # JSON columns come back as text from SQLite, decoded from PostgreSQL.
    return json.loads(value) if isinstance(value, str | bytes) else value


def read_rows(keys: list[str], articles: list[int], kind: str) -> list[tuple]:
    """
    The rows named by ``keys``, and every row of one kind of ``articles``
    ("card": each card's key also names how it is shown, which only the
    template knows). Plain SQL: this runs on every page miss, and compiling it
    through the ORM cost more than running it.
    """
    connection = connections[router.db_for_read(StoredFragment)]
    name = connection.ops.quote_name
    table, key = name(StoredFragment._meta.db_table), name("key")
    columns = ", ".join(
        name(column) for column in ("key", "html", "data", "dependencies", "build", "expires_at")
    )
    where, params = [], []
    if keys:
        where.append(f"{key} IN ({', '.join(['%s'] * len(keys))})")
        params.extend(keys)
    if articles:
        prefix = f"{kind}:"
        where.append(
            f"({name('article_id')} IN ({', '.join(['%s'] * len(articles))})"
            f" AND SUBSTR({key}, 1, {len(prefix)}) = %s)"
        )
        params.extend([*articles, prefix])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {' OR '.join(where)}", params)  # noqa: S608
        rows = cursor.fetchall()
    return [
        (row_key, html, decoded(data), decoded(dependencies), build, expires_at)
        for row_key, html, data, dependencies, build, expires_at in rows
    ]


class Fragments:
    """
    The stored fragments one page needs, read with one query (by key, or
    every fragment of some articles), checked with one read of key versions.
    """

    def __init__(self, keys: Iterable[str] = (), articles: Iterable[int] = (), kind: str = ""):
        keys, articles = list(keys), list(articles)
        self.articles = articles
        self.pending: list[tuple[str, int | None, Built, set[str]]] = []
        self.afresh = rendered_afresh.get()
        if self.afresh:
            keys, articles = [], []
        found = read_rows(keys, articles, kind) if keys or articles else []
        build, now = build_id(), now_timestamp()
        needed = {name for row in found for name in row[3]}
        current = versions.read([*needed, ALL_KEY])
        # A fragment built while anything changed is not kept (see save()).
        self.all_version = current[ALL_KEY]
        self.rows = {
            key: (html, data, dependencies)
            for key, html, data, dependencies, row_build, expires_at in found
            if row_build == build
            and (expires_at is None or now < expires_at)
            and all(current.get(name) == version for name, version in dependencies.items())
        }

    def get(
        self, key: str, builder: Callable[[], Built], article_id: int | None = None
    ) -> tuple[SafeString, dict]:
        """The fragment's HTML and data: stored, or built now and stored for the next reader."""
        row = self.rows.get(key)
        if row is None:
            built, dependencies = build(builder)
            self.pending.append((key, article_id, built, dependencies))
            row = (built.html, built.data, dependencies)
            self.rows[key] = row
        html, data, dependencies = row
        depends_on(*dependencies)
        return mark_safe(html), data  # noqa: S308 (rendered by our own templates)

    def save(self) -> None:
        """
        Store what was built for this page, with one read of the versions of
        the keys it showed and one statement (call once the page is rendered).
        Versions read now are those of what was built unless anything changed
        since the page began; then nothing is kept.
        """
        pending, self.pending = self.pending, []
        if not pending or self.afresh:
            return
        current = versions.read({ALL_KEY}.union(*(names for *_, names in pending)))
        if current[ALL_KEY] != self.all_version:
            return
        build = build_id()
        store(
            [
                StoredFragment(
                    key=key,
                    article_id=article_id,
                    html=built.html,
                    data=built.data,
                    dependencies={name: current[name] for name in names},
                    build=build,
                    expires_at=built.expires_at,
                )
                for key, article_id, built, names in pending
            ]
        )


def fragment_key(kind: str, pk: int, *parts: str) -> str:
    return ":".join([kind, str(pk), translation.get_language() or "", *parts])


def forget(article_ids: Iterable[int] | None = None) -> None:
    """Drop stored fragments (all of them, or some articles'): they are rebuilt when read."""
    rows = StoredFragment.objects.all()
    if article_ids is not None:
        rows = rows.filter(article_id__in=list(article_ids))
    rows.delete()
