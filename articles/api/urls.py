"""
/api/v1/: every address django-ninja makes, wrapped in the HTTP layer
(``http.api_endpoint``), and a problem+json 404 for any other address below.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import URLPattern, re_path, reverse

from .app import api
from .http import api_endpoint
from .problems import not_found, response_for

app_name = "api"


@api_endpoint
def unknown_address(request, *args, **kwargs):
    return response_for(request, not_found())


def index(request, *args, **kwargs):
    """/api/v1/ itself: where everything is."""
    names = ("articles", "sections", "tags", "authors", "openapi-json", "openapi-view")
    return JsonResponse(
        {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names}
    )


def wrapped(pattern: URLPattern) -> URLPattern:
    # Ninja's root view only names the prefix (it answers 404): ours lists the API.
    view = index if pattern.name == "api-root" else pattern.callback
    return URLPattern(pattern.pattern, api_endpoint(view), pattern.default_args, pattern.name)


ninja_patterns, _app, _namespace = api.urls
urlpatterns = [
    *(wrapped(pattern) for pattern in ninja_patterns),
    # Only addresses ending in "/": "/api/v1/articles" still gets the
    # trailing-slash redirect (APPEND_SLASH) instead of a 404.
    re_path(r"^(?:.*/)?$", unknown_address, name="unknown"),
]
