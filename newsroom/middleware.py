"""
Site-wide middleware: a clean 503 page while the database is unreachable,
refusal of hostile requests before any view or database sees them (NUL bytes
in the address, request bodies larger than the URL can use), and the
Content-Security-Policy additions the admin's rich-text editor needs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import unicodedata
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

from articles.text import strip_xml_invalid

logger = logging.getLogger(__name__)

# How long clients and crawlers should wait before retrying, in seconds.
DATABASE_RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """
    Turn a lost database connection into a short "come back soon" page (503
    with ``Retry-After``) instead of a server error. Django closes the broken
    connection at the end of the request, and ``CONN_HEALTH_CHECKS`` makes
    the next request open a fresh one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        return database_unavailable_response()


def database_unavailable_response() -> HttpResponse:
    # Rendered without the request: context processors may query the database.
    html = render_to_string("503.html", {"retry_after": DATABASE_RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    # A proxy or the browser must not keep the outage page once it is over.
    add_never_cache_headers(response)
    return response


# --- Hostile requests -------------------------------------------------------


class CleanAddressMiddleware:
    """
    Answer 400 to a request whose path or query string holds a NUL byte
    (``/tag/%00/``, ``?q=%00``): PostgreSQL refuses NUL in any text, so such a
    value reaching a query would be a server error; no page has a use for it.
    A path not in Unicode NFC (an accent typed as a combining character) is
    redirected to its NFC form, the one slugs are saved in. A cookie holding
    NUL (``sessionid="…\\000"`` is one once unquoted) is ignored, as if absent:
    the session lookup would otherwise fail on every page for that browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return refusal(request, 400, _("Bad request: the address holds a NUL character."))
        if request.method in ("GET", "HEAD") and not unicodedata.is_normalized("NFC", request.path):
            location = iri_to_uri(unicodedata.normalize("NFC", request.path))
            return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)
        for name, value in list(request.COOKIES.items()):
            if "\x00" in name or "\x00" in value:
                del request.COOKIES[name]
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """
    Refuse (413) a request body larger than its URL can use, before anything
    reads it: CSRF checks parse POST data, and a multipart body is spooled to
    a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE. Reader pages take at
    most ``NEWSROOM_MAX_PUBLIC_BODY_BYTES``; the admin, for signed-in staff,
    ``NEWSROOM_MAX_ADMIN_BODY_BYTES`` (an upload at the upload limit plus the
    form). A chunked body, whose size is unknown until it has been read, is
    refused too: browsers always send a Content-Length.

    Placed after AuthenticationMiddleware: it runs before any middleware's
    ``process_view`` (CSRF) and any view touches the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not length and not chunked:
            return self.get_response(request)
        try:
            size = int(length) if length else None
        except ValueError:
            size = -1
        if size is not None and size < 0:
            return refusal(request, 400, _("Bad request: invalid Content-Length."))
        limit = self.limit_for(request)
        if size is None or size > limit:
            return request_too_large_response(limit, request)
        return self.get_response(request)

    @staticmethod
    def limit_for(request) -> int:
        user = getattr(request, "user", None)
        if request.path_info.startswith(admin_path_prefix()) and getattr(user, "is_staff", False):
            return settings.NEWSROOM_MAX_ADMIN_BODY_BYTES
        return settings.NEWSROOM_MAX_PUBLIC_BODY_BYTES


def request_too_large_response(limit: int, request=None) -> HttpResponse:
    detail = _("Request too large: this address accepts at most %(limit)s.") % {
        "limit": filesizeformat(limit)
    }
    return refusal(request, 413, detail)


# The content API answers every error as application/problem+json (RFC 9457),
# these refusals made before any view included.
API_PREFIX = "/api/"


def refusal(request, status: int, detail: str) -> HttpResponse:
    """A refusal made before any view: plain text, or a problem document under /api/."""
    if request is not None and request.path_info.startswith(API_PREFIX):
        title = "Bad Request" if status == 400 else "Content Too Large"
        body = json.dumps(
            {"type": "about:blank", "title": title, "status": status, "detail": detail}
        )
        return HttpResponse(body, status=status, content_type="application/problem+json")
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


class XmlResponseMiddleware:
    """
    Last guard for every XML document served (feeds, sitemaps, the news
    sitemap, anything the admin exports): characters XML 1.0 refuses are
    removed, so a value that escaped cleaning on save cannot make the document
    unreadable for every parser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if "xml" not in content_type or response.streaming:
            return response
        charset = response.charset or "utf-8"
        text = response.content.decode(charset, errors="replace")
        cleaned = strip_xml_invalid(text)
        if cleaned != text:
            response.content = cleaned.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


# --- Content-Security-Policy for the admin ---------------------------------
#
# The policy forbids inline scripts and styles. django-prose-editor needs two
# inline blocks in the admin, both fixed by the installed version rather than
# by anything a user writes, so they are allowed by their SHA-256 hash (not
# with 'unsafe-inline', which would allow any injected code):
# - the <script type="importmap"> mapping its module names to static URLs
#   (browsers apply script-src to import maps);
# - the <style> element Tiptap injects with its base editor rules.


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def editor_importmap_hash() -> str:
    from django_prose_editor.widgets import prose_editor_media

    tag = "".join(prose_editor_media().render_importmap())
    content = re.fullmatch(r"<script[^>]*>(.*)</script>", tag, re.DOTALL).group(1)
    return csp_hash(content)


# Tiptap's stylesheet is a template literal in the bundled editor.js.
_TIPTAP_CSS = re.compile(r"`(\.ProseMirror \{\n  position: relative;\n\}.*?)`", re.DOTALL)


@cache
def editor_injected_style_hashes() -> tuple[str, ...]:
    path = finders.find("django_prose_editor/editor.js")
    if not path:
        return ()
    with open(path, encoding="utf-8") as script:
        source = script.read()
    return tuple(csp_hash(css) for css in _TIPTAP_CSS.findall(source))


def admin_path_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "/admin/"


class AdminEditorCSPMiddleware:
    """Allow the rich-text editor's two inline blocks on admin pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(admin_path_prefix()):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["script-src"] = [*update.get("script-src", []), editor_importmap_hash()]
            update["style-src"] = [
                *update.get("style-src", []),
                *editor_injected_style_hashes(),
            ]
            response._csp_update = update
        return response
