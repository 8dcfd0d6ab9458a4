#!/usr/bin/env python3
"""
Content API latency: ``.venv/bin/python bench/api_bench.py`` (in-process, no server).

Against the database of DATABASE_URL (seed it first: ``manage.py seed_demo
--articles 1000``), times GET /api/v1/articles/ (20 articles a page) through
Django's whole stack: with the page cache emptied before each request
(``uncached``) and from a warm page cache (``cached``). Then splits out what
the framework (django-ninja: validating the answer against its schema,
rendering JSON) adds to the same 20 articles, against ``json.dumps`` of the
same dicts. Prints p50/p95 in ms.

    --repeat N   timed runs per case (default 100)
"""

from __future__ import annotations

import argparse
import json
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

from django.core.cache import cache  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402

from articles.api import queries  # noqa: E402
from articles.api.app import api  # noqa: E402
from articles.api.schemas import ArticlePage, article_summary  # noqa: E402

URL = "/api/v1/articles/"


def timed(function, repeat: int) -> tuple[float, float]:
    function()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=100)
    repeat = parser.parse_args().repeat
    client = Client()
    request = RequestFactory().get(URL)
    page, _more = queries.page_of(queries.for_api(queries.visible_articles()), 20)
    data = {"results": [article_summary(request, article) for article in page], "next": None}

    def uncached():
        cache.clear()
        assert client.get(URL).status_code == 200

    def cached():
        assert client.get(URL).status_code == 200

    def framework():
        validated = ArticlePage.model_validate(data)
        api.renderer.render(request, validated.model_dump(), response_status=200)

    def plain_json():
        json.dumps(data, cls=DjangoJSONEncoder)

    cases = [
        ("GET /api/v1/articles/, uncached", uncached),
        ("GET /api/v1/articles/, cached", cached),
        ("django-ninja: validate + render 20 articles", framework),
        ("json.dumps of the same 20 articles", plain_json),
    ]
    with override_settings(NEWSROOM_API_RATE_LIMIT_PER_ADDRESS=10**9):
        for name, function in cases:
            p50, p95 = timed(function, repeat)
            print(f"{name:48} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")


if __name__ == "__main__":
    main()
