#!/usr/bin/env python3
"""
Search latency: ``make bench-search`` (or ``.venv/bin/python bench/search_bench.py``).

Times the public search function, ``articles.search.search()``, in-process
against the database of DATABASE_URL (seeded and indexed beforehand: run
``manage.py rebuild_search_index`` if the index is empty). Each case runs
--repeat times after one warm-up run; prints p50/p95 in ms, the queries each
search sends, and the result count it reports.

    --queries Q [Q ...]  plain relevance searches instead of the built-in cases
    --repeat N           timed runs per case (default 30)

Example, at 100,000 articles on PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_cachebench \\
        .venv/bin/python bench/search_bench.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from articles.search import search  # noqa: E402

# (label, query, search() arguments); the words are common in the seeded text
# (articles/seeding.py) except the rare one.
CASES = [
    ("rare word", "corruption", {}),
    ("absent name", "Poutine", {}),
    ("common word", "gouvernement", {}),
    ("two words", "réforme retraites", {}),
    ("phrase", '"projet de loi"', {}),
    ("word, excluded word", "gouvernement -ministre", {}),
    ("section filter", "gouvernement", {"section": "culture"}),
    ("sort by date", "gouvernement", {"sort": "date"}),
    ("page 5", "gouvernement", {"page": 5}),
    ("page 5, by date", "gouvernement", {"sort": "date", "page": 5}),
]


def run_once(query: str, arguments: dict) -> tuple[float, int, int]:
    """(milliseconds, queries sent, count shown) for one search, page rendered data included."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        results = search(query, **arguments)
        count = results.count
        for hit in results.hits:
            # What the results template reads.
            _ = (hit.article.headline, hit.article.section.name, str(hit.snippet))
            _ = [a.name for a in hit.article.authors.all()]
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries), count


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", nargs="+", help="plain relevance searches to time instead")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per case")
    args = parser.parse_args()

    cases = [(q, q, {}) for q in args.queries] if args.queries else CASES
    sections = {s.slug: s for s in Section.objects.all()}
    published = Article.objects.published().count()
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: "
        f"{Article.objects.count():,} articles, {published:,} published; "
        f"{args.repeat} runs per case"
    )
    print(f"{'case':<22} {'query':<26} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'count':>8}")
    for label, query, arguments in cases:
        arguments = dict(arguments)
        if "section" in arguments:
            arguments["section"] = sections[arguments["section"]]
        run_once(query, arguments)  # warm-up: connection, caches, stemmer
        timings, sent, count = [], 0, 0
        for _ in range(args.repeat):
            elapsed, sent, count = run_once(query, arguments)
            timings.append(elapsed)
        extra = ", ".join(f"{k}={getattr(v, 'slug', v)}" for k, v in arguments.items())
        shown = f"{query} ({extra})" if extra else query
        print(
            f"{label:<22} {shown[:26]:<26} {statistics.median(timings):8.1f} "
            f"{percentile(timings, 0.95):8.1f} {sent:7d} {count:8,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
