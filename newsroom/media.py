"""
Uploaded media, when the app serves them itself (``DEBUG``, ``make run``).

Media are files people uploaded: a picture that is really an SVG or an HTML
page must never run as a page of our origin. Each answer therefore carries a
Content-Security-Policy that allows nothing (``default-src 'none'``, and
``sandbox``: no script, no form, no same-origin access even when opened
directly) and ``nosniff``, so the browser keeps to the declared type. In
production a web server or an object store serves media; its configuration
should send the same headers (README, "Security and operations").
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

MEDIA_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def serve_media(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response


def media_urlpatterns() -> list:
    """The media URL, when the app serves media (DEBUG and a local MEDIA_URL)."""
    prefix = settings.MEDIA_URL
    if not settings.DEBUG or not prefix.startswith("/") or prefix.startswith("//"):
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)$", serve_media, name="media")]
