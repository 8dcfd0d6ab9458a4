"""
Full-text search over articles, on PostgreSQL and SQLite alike.

    results = search("négociations", section=section, sort="date", page=2)
    results.count, results.page.object_list  # [SearchHit(article, snippet)]

Both backends index every article (drafts too: the admin searches them); the
public search keeps only ``Article.objects.published()``. The index is updated
on save (see ``signals``) and rebuilt by ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import MARK_END, MARK_START, MAX_QUERY_LENGTH, ParsedQuery, parse_query
from .backends import backend_for

__all__ = [
    "MAX_COUNT",
    "MAX_QUERY_LENGTH",
    "PER_PAGE",
    "SORTS",
    "SearchHit",
    "SearchResults",
    "filter_articles",
    "index_articles",
    "rebuild_index",
    "remove_articles",
    "search",
]

SORTS = ("relevance", "date")
PER_PAGE = 20
# Counting stops here ("more than 500 results"), and so do the pages:
# relevance ranks the MAX_COUNT most recent matches. A common word matches a
# third of the archive; counting or ranking all of it reads every match's
# (large) index entry: ~0.5 s at 100,000 articles on PostgreSQL, against a walk
# down the date index that stops at MAX_COUNT. Readers of news want the recent
# articles first anyway; rarer queries are counted and ranked whole.
MAX_COUNT = 500
INDEX_BATCH_SIZE = 500


@dataclass(frozen=True)
class SearchHit:
    article: object
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    sort: str
    page: Page
    parsed: ParsedQuery = field(repr=False)

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def is_capped(self) -> bool:
        """More than ``count`` articles match; counting stopped there."""
        return self.page.paginator.object_list.is_capped

    @property
    def hits(self) -> list[SearchHit]:
        return list(self.page.object_list)

    @property
    def is_blank(self) -> bool:
        """The query had nothing to look for (empty, stop words, punctuation)."""
        return self.parsed.is_blank


_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)


def highlight(snippet: str) -> SafeString:
    """Escape a snippet, then turn the backend's markers into <mark> elements."""
    text = _MARKED.sub(r"<mark>\1</mark>", escape(snippet or ""))
    return mark_safe(text.replace(MARK_START, "").replace(MARK_END, ""))


class _Hits:
    """
    The matches as a lazy sequence for Django's Paginator. The first query
    lists the ids of the MAX_COUNT (+1) most recent matches: that gives the
    count, and bounds what the page query ranks, whatever the query's size.
    """

    def __init__(self, queryset: QuerySet, parsed: ParsedQuery, sort: str):
        self.queryset = queryset
        self.parsed = parsed
        self.sort = sort
        self._ids: list[int] | None = None

    @property
    def ids(self) -> list[int]:
        """Ids of the most recent matches, newest first: MAX_COUNT of them at most."""
        if self._ids is None:
            self._ids = []
            if not self.parsed.is_blank:
                backend = backend_for(self.queryset.db)
                matches = backend.matching(self.queryset, self.parsed)
                recent = matches.order_by("-published_at", "-pk").values_list("pk", flat=True)
                self._ids = list(recent[: MAX_COUNT + 1])
        return self._ids[:MAX_COUNT]

    @property
    def is_capped(self) -> bool:
        return self.count() > 0 and len(self._ids) > MAX_COUNT

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[SearchHit]:
        start, stop = index.start or 0, index.stop
        if not self.ids or stop <= start:
            return []
        backend = backend_for(self.queryset.db)
        from articles.models import Article

        listing = Article.objects.using(self.queryset.db).for_listing()
        if self.sort == "date":
            # The ids are already in date order: the page is a slice of them.
            chosen = self.queryset.filter(pk__in=self.ids[start:stop])
            start, stop = 0, stop - start
        else:
            chosen = self.queryset.filter(pk__in=self.ids)
        rows = backend.page(chosen, self.parsed, self.sort, start, stop - start, listing)
        return [SearchHit(article=article, snippet=highlight(snippet)) for article, snippet in rows]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search(
    query: str,
    *,
    section=None,
    date_from: date | None = None,
    date_to: date | None = None,
    sort: str = "relevance",
    page: int | str = 1,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> SearchResults:
    """
    Published articles matching ``query``, one page of them. ``section``
    includes its sub-sections; dates are inclusive, in the site's time zone.
    Raises django.core.paginator.InvalidPage for a page that does not exist.
    """
    from articles.models import Article

    parsed = parse_query(query)
    queryset = Article.objects.published(now)
    if section is not None:
        queryset = queryset.filter(Q(section=section) | Q(section__parent=section))
    if date_from is not None:
        queryset = queryset.filter(published_at__gte=_start_of(date_from))
    if date_to is not None:
        queryset = queryset.filter(published_at__lt=_start_of(date_to + timedelta(days=1)))
    sort = sort if sort in SORTS else SORTS[0]
    paginator = Paginator(_Hits(queryset, parsed, sort), per_page)
    return SearchResults(query=parsed.text, sort=sort, page=paginator.page(page), parsed=parsed)


def filter_articles(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the articles matching ``query``, whatever their status."""
    parsed = parse_query(query)
    if parsed.is_blank:
        return queryset.none()
    return backend_for(queryset.db).matching(queryset, parsed)


# --- Indexing ----------------------------------------------------------------


def index_articles(ids, using: str = "default") -> None:
    """(Re)index the articles ``ids``; ids of deleted articles leave the index."""
    from articles.models import Article, TaggedArticle

    from .documents import documents

    ids = list(ids)
    docs = documents(Article, TaggedArticle, ids, using=using)
    backend = backend_for(using)
    backend.store(docs, using=using)
    missing = set(ids) - {d.article_id for d in docs}
    if missing:
        backend.delete(sorted(missing), using=using)


def remove_articles(ids, using: str = "default") -> None:
    backend_for(using).delete(list(ids), using=using)


def rebuild_index(
    batch_size: int = INDEX_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    using: str = "default",
) -> int:
    """Index every article afresh; ``progress(done, total)`` after each batch. Returns the total."""
    from articles.models import Article, TaggedArticle

    from .documents import batches_of_ids, documents

    # Entries are replaced one batch at a time rather than cleared first, so
    # searches keep working during a rebuild.
    backend = backend_for(using)
    total = Article.objects.using(using).count()
    done = 0
    for ids in batches_of_ids(Article, batch_size, using=using):
        backend.store(documents(Article, TaggedArticle, ids, using=using), using=using)
        done += len(ids)
        if progress:
            progress(done, total)
    backend.prune(using=using)
    return done
