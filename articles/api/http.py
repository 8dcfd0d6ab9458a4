"""
The HTTP layer every API address goes through, outside the framework:
CORS, the partner key, rate limits, caching and conditional requests.

Public answers (no key, or a key without the embargo right) are cached and
invalidated exactly like the reader pages (``articles.cache``): same content
generation, same ETag and ``Cache-Control``, so a published or edited
article shows in the API as soon as on the site. Answers for a key with the
embargo right hold unpublished articles: they are never stored in a shared
cache (``private, no-cache``) but still carry an ETag for 304s.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from articles.cache import cache_public_page
from articles.models import ApiKey
from newsroom.security import client_ip

from .limits import add_rate_headers, count_request
from .problems import problem_response

KEY_HEADER = "HTTP_X_API_KEY"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Request headers a browser may send cross-origin (answered in the preflight).
ALLOWED_HEADERS = "Authorization, X-Api-Key, If-None-Match"
# Response headers a browser script may read cross-origin.
EXPOSED_HEADERS = "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
# How long a browser may reuse a preflight answer, in seconds.
PREFLIGHT_MAX_AGE_SECONDS = 86400


class InvalidKey(Exception):
    """A key was sent but is unknown or revoked."""


def raw_key_of(request) -> str:
    """The key sent with ``X-Api-Key: <key>`` or ``Authorization: Bearer <key>``, or ''."""
    key = request.META.get(KEY_HEADER, "").strip()
    if key:
        return key
    scheme, _space, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip()
    return ""


def authenticate(request) -> ApiKey | None:
    raw_key = raw_key_of(request)
    if not raw_key:
        return None
    key = ApiKey.find_active(raw_key)
    if key is None:
        raise InvalidKey
    return key


def has_nul(request) -> bool:
    # PostgreSQL refuses NUL in text: such a request is the client's error, not a 500.
    return "\x00" in request.path or any(
        "\x00" in name or "\x00" in value
        for name, values in request.GET.lists()
        for value in values
    )


def add_cors_headers(response) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    patch_vary_headers(response, ["Authorization", "X-Api-Key"])


def preflight_response():
    from django.http import HttpResponse

    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
    response["Allow"] = ALLOWED_METHODS
    return response


def private_conditional(view, request, *args, **kwargs):
    """An answer only this key may see: revalidated every time, 304 when unchanged."""
    head = request.method == "HEAD"
    # The operations only know GET; HEAD is the same answer without its body.
    request.method = "GET"
    try:
        response = view(request, *args, **kwargs)
    finally:
        request.method = "HEAD" if head else "GET"
    patch_cache_control(response, private=True, no_cache=True)
    if response.status_code == 200:
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    if head:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def refusal(request):
    """The answer to a request the API will not serve at all, or None."""
    if request.method == "OPTIONS":
        return preflight_response()
    if request.method not in {"GET", "HEAD"}:
        response = problem_response(
            request, 405, _("Method not allowed"), _("The content API is read-only.")
        )
        response["Allow"] = ALLOWED_METHODS
        return response
    if has_nul(request):
        return problem_response(
            request, 400, _("Bad request"), _("The address holds a NUL character.")
        )
    return None


def api_endpoint(view):
    """Wrap one API view in the HTTP layer (see the module docstring)."""
    public_view = cache_public_page(view)

    @wraps(view)
    def endpoint(request, *args, **kwargs):
        response = refusal(request)
        if response is None:
            response = serve(request, view, public_view, *args, **kwargs)
        add_cors_headers(response)
        return response

    return endpoint


def serve(request, view, public_view, *args, **kwargs):
    try:
        key = authenticate(request)
    except InvalidKey:
        key = None
        invalid = True
    else:
        invalid = False
    scope, client = ("key", str(key.pk)) if key else ("address", client_ip(request) or "unknown")
    verdict = count_request(scope, client, timezone.now().timestamp())
    if not verdict.allowed:
        response = problem_response(
            request,
            429,
            _("Too many requests"),
            _("Try again in %(seconds)d seconds.") % {"seconds": verdict.retry_after},
        )
    elif invalid:
        response = problem_response(
            request, 401, _("Unknown or revoked API key"), _("Ask the newsroom for a valid key.")
        )
        response["WWW-Authenticate"] = 'Bearer realm="newsroom-api"'
    else:
        request.api_key = key
        if key is not None and key.can_read_embargoed:
            response = private_conditional(view, request, *args, **kwargs)
        else:
            response = public_view(request, *args, **kwargs)
    add_rate_headers(response, verdict)
    return response
