"""
Site-wide middleware: a clean 503 page while the database is unreachable, and
the Content-Security-Policy additions the admin's rich-text editor needs.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import cache

from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers

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
