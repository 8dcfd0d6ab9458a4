"""
The site's URLs plus the benchmark's yardstick: a Django view that returns a
constant HTML page, as big as the article page (bench/run.py writes the
article's HTML to the file named by ``BENCH_REFERENCE_HTML``).
"""

from __future__ import annotations

import os

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

# Used until run.py has written the article's HTML: about an article's size.
FALLBACK_BYTES = 30_000
_page: bytes | None = None


def reference_page() -> bytes:
    global _page
    if _page is None:
        try:
            with open(os.environ["BENCH_REFERENCE_HTML"], "rb") as file:
                _page = file.read()
        except (KeyError, OSError):
            _page = (
                b"<!DOCTYPE html><html><body><p>" + b"x" * FALLBACK_BYTES + b"</p></body></html>"
            )
    return _page


@require_GET
def constant_html(request):
    return HttpResponse(reference_page(), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("__bench__/constant/", constant_html, name="bench-constant"),
    path("", include("newsroom.urls")),
]
